"""The controller: the only object that changes the run or advances time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal, Slot

from gdsim.model.analysis import critical_points_of
from gdsim.model.explain import StepExplanation, explain
from gdsim.model.history import window_capacity
from gdsim.model.landscapes import CriticalPoint
from gdsim.model.next_step import NextStep
from gdsim.model.presets import Preset, PresetName
from gdsim.model.setup import LessonPlace, RunInfo, Setup, SetupHistory
from gdsim.model.simulation import BallStatus, Simulation, Snapshot
from gdsim.model.timeline import Timeline, checkpoint_capacity
from gdsim.qt.bound_keeping import BoundKeeping
from gdsim.qt.branching import Branching
from gdsim.qt.curvature_following import CurvatureFollowing
from gdsim.qt.event_seeking import EventSeeking
from gdsim.qt.pacing import FRAME_INTERVAL_MS
from gdsim.qt.playback import Playback, refused_while_recording
from gdsim.qt.prediction import Predicting
from gdsim.qt.quadratic_choice import QuadraticChoice
from gdsim.qt.setup_editing import SetupEditing

UNDO_LIMIT = 200  # setups kept for Edit ▸ Undo: each shares its landscape, so a few kB apiece


class Controller(SetupEditing, BoundKeeping, QuadraticChoice, Branching, Playback, Predicting, EventSeeking,
                 CurvatureFollowing, QObject):
    """Owns the setup, its undo history and the simulation, and drives time with one QTimer.

    Views subscribe to its signals and read its read-only properties; widgets call its `set_*`
    methods. The number of steps per second does not depend on how fast frames paint: each timer
    tick takes the steps that are due since play was pressed.
    """

    sigLandscapeChanged = Signal(object)  # Preset
    sigRunStarted = Signal(object)  # RunInfo
    sigStepped = Signal(object)  # Snapshot
    sigSetupChanged = Signal(object)  # Setup
    sigPlayingChanged = Signal(bool)
    sigStepsPerSecondChanged = Signal(int)
    sigSelectionChanged = Signal(int)  # the index of the selected ball
    sigHistoryChanged = Signal(bool, bool)  # whether there is something to undo, and to redo
    sigNotice = Signal(str)  # what an edit did beyond what was asked, for the status bar
    sigPredictionChanged = Signal(object)  # the open PredictionRound, or None (see gdsim.qt.prediction)
    sigEventsChanged = Signal()  # more of the run's events are known (see EventSeeking)
    sigGhostsChanged = Signal(object)  # tuple of gdsim.model.branching.Ghost
    sigBranchPolicyChanged = Signal(str)  # a BranchPolicy
    sigBoundChanged = Signal(object)  # the selected ball's BallBound (see BoundKeeping)
    sigCurvatureChanged = Signal(object)  # CurvatureAt: where the curvature is shown (see CurvatureFollowing)

    def __init__(self, setup: Setup | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)
        self._clock = QElapsedTimer()
        self._steps_since_play = 0
        self._ms_per_step = 0.0  # what a step of this run has cost while playing (0: not measured yet)
        self._step_clock = QElapsedTimer()
        self._steps_per_second = 30
        self._rush_pace = 0  # Run to End of Stage's steps per second while it plays (0: the set speed)
        self._lesson_order: tuple = ()  # the bundled lessons in order, for what comes after a lesson
        self._selected_index = 0
        self._preview: tuple[tuple[int, int], NextStep] | None = None
        self._history = SetupHistory(UNDO_LIMIT)
        self._setup = setup or Setup.from_preset(PresetName.MOMENTUM_DEMO)
        self._free_setup = self._setup  # the user's own setup from before a lesson, for Leave Lesson
        self._timeline = self._new_timeline()
        self._start_branching()
        self._start_bound_keeping()
        self._follow_curvature_point()
        self._replaying = False  # a recording shows its own copy of the run (see `replaying`)

    # --- reading -------------------------------------------------------------------------------
    @property
    def _simulation(self) -> Simulation:
        """The run at the step shown (the timeline's, which owns the steps reached)."""
        return self._timeline.simulation

    @property
    def setup(self) -> Setup:
        return self._setup

    @property
    def preset(self) -> Preset:
        """The landscape on screen with its description and suggestions (a typed one too)."""
        return self._setup.preset

    @property
    def lesson(self) -> LessonPlace | None:
        """The lesson stage on screen, or None for a setup of the user's own."""
        return self._setup.lesson

    @property
    def stage_steps(self) -> int | None:
        """Where a lesson stage ends and Play stops: its step count (None outside a lesson and for a still
        stage, one of no steps, which does not play)."""
        if self._setup.lesson is None:
            return None
        return self._setup.lesson.stage_steps

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def every_ball_stopped(self) -> bool:
        """Whether no ball of the run moves any more (converged, diverged or left the domain): Play has
        nothing to play."""
        return self._simulation.finished

    @property
    def steps_per_second(self) -> int:
        return self._steps_per_second

    @property
    def step_count(self) -> int:
        return self._simulation.step_count

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history.can_redo

    @property
    def user_gradient_function(self):
        """What balls that follow the user's gradient follow in this run (None when there is none)."""
        return self._simulation.user_gradient

    def run_info(self) -> RunInfo:
        return RunInfo(self._simulation.landscape, self._simulation.balls, self._setup.placed_from,
                       tuple(b.color for b in self._setup.balls), self._setup.start,
                       self.critical_points(self._setup.preset), self._setup.seed)

    def snapshot(self) -> Snapshot:
        return self._simulation.snapshot()

    def replayed_run(self) -> Simulation:
        """The run so far again, headless, keeping every step: a copy for exports and recordings,
        which never touches the run on screen."""
        from gdsim.formats.trajectories import replayed

        return replayed(self._simulation)

    @contextmanager
    def replaying(self) -> Iterator[Callable[[int], int]]:
        """The run from step 0 again on its own copy, shown by the views, for a recording to draw: yields
        `advance(steps)`, which steps the copy and publishes it (returning the steps taken).

        Until the recording ends, the setup and the clock stand still (an edit is refused with a notice),
        so every frame is of this run; then the run on screen is back as it was, at its step.
        """
        self.pause()
        kept = self._timeline
        self._timeline = self._new_timeline()  # a fresh Simulation of the same setup: the same run
        self._replaying = True

        def advance(steps: int) -> int:
            taken = self._simulation.advance(steps)
            if taken:
                self.sigStepped.emit(self.snapshot())
            return taken

        try:
            self.sigRunStarted.emit(self.run_info())
            self.sigStepped.emit(self.snapshot())
            yield advance
        finally:
            self._replaying = False
            self._timeline = kept
            self.sigSetupChanged.emit(self._setup)  # widgets edited meanwhile show the setup again
            self.sigRunStarted.emit(self.run_info())
            self.sigStepped.emit(self.snapshot())

    def render_caption(self, template: str, language: str) -> str:
        """A lesson caption with this run's numbers, and the landscape's own minima, filled in."""
        from gdsim.model.lessons import render_caption

        return render_caption(template, self._simulation, language, self._setup.preset.known_points)

    @property
    def selected_index(self) -> int:
        """The ball the editor, the step explanation and the η sweep are about (an index into setup.balls)."""
        return min(self._selected_index, len(self._setup.balls) - 1)

    def next_step(self) -> NextStep:
        """The coming step of every ball, worked out once per step however many views ask."""
        key = (self._simulation.run_id, self._simulation.step_count)
        if self._preview is None or self._preview[0] != key:  # a new simulation has a new run_id
            self._preview = (key, self._simulation.preview())
        return self._preview[1]

    def explain_ball(self, ball: int) -> StepExplanation:
        """Ball number `ball` of the run (not an index into setup.balls): its coming step, told with the engine's numbers."""
        return explain(self.next_step(), ball, self._simulation.balls[ball], BallStatus(self._simulation.status[ball]))

    def first_ball_of(self, index: int) -> int | None:
        """The run's first ball placed from setup ball `index` (at the first start), or None when it is off."""
        return next((ball for ball, s in enumerate(self._setup.placed_from) if s == index), None)

    def select_ball(self, index: int) -> None:
        """Make `index` the selected ball; selection is not a setup change, so the run goes on."""
        index = max(0, min(int(index), len(self._setup.balls) - 1))
        if index != self._selected_index:
            self._selected_index = index
            self.sigSelectionChanged.emit(index)

    @staticmethod
    def critical_points(preset: Preset) -> tuple[CriticalPoint, ...]:
        return critical_points_of(preset.landscape, preset.known_points)

    def publish(self) -> None:
        """Tell every view the whole state: used once after the views are connected."""
        self.sigLandscapeChanged.emit(self.preset)
        self.sigSetupChanged.emit(self._setup)
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())
        self.sigStepsPerSecondChanged.emit(self._steps_per_second)
        self.sigPlayingChanged.emit(self.playing)
        self.sigHistoryChanged.emit(self.can_undo, self.can_redo)

    def republish_run(self) -> None:
        """Tell the views the run again, unchanged: after a change of how it is drawn (the theme)."""
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())

    # --- undo, redo and lessons ----------------------------------------------------------------
    @Slot()
    @refused_while_recording
    def undo(self) -> None:
        earlier = self._history.undo(self._setup)
        if earlier is not None:
            self._apply(earlier, record=False)
            self.sigHistoryChanged.emit(self.can_undo, self.can_redo)

    @Slot()
    @refused_while_recording
    def redo(self) -> None:
        later = self._history.redo(self._setup)
        if later is not None:
            self._apply(later, record=False)
            self.sigHistoryChanged.emit(self.can_undo, self.can_redo)

    def load_stage(self, lesson, index: int) -> None:
        """Show stage `index` (0-based) of a lesson (a gdsim.model.lessons.Lesson): its landscape,
        balls and starts; Play then stops at the stage's step count, its end (Step still goes on).
        LessonError, naming the stage and the field, when the stage cannot be set up; nothing changes then."""
        index = max(0, min(int(index), len(lesson.stages) - 1))
        self._apply(Setup.from_stage(lesson.stages[index], LessonPlace(lesson, index)))

    def set_lesson_order(self, lessons) -> None:
        """The lessons in the order they are taught: a lesson's last stage leads on to the next one."""
        self._lesson_order = tuple(lessons)

    def lesson_after(self, lesson):
        """The lesson taught after `lesson`, or None after the last one and after a lesson of a file (one read
        again from the same file, as `gdsim --lesson` does, is the same lesson)."""
        index = next((i for i, known in enumerate(self._lesson_order) if known == lesson), None)
        if index is None or index + 1 == len(self._lesson_order):
            return None
        return self._lesson_order[index + 1]

    @Slot()
    def leave_lesson(self) -> None:
        """Back to the user's own setup from before the lesson."""
        if self._setup.lesson is not None:
            self._apply(self._free_setup)

    @refused_while_recording
    def _apply(self, setup: Setup, record: bool = True, run=None) -> None:
        """Show `setup`: its branch `run` (a Timeline and its ghosts), the run kept for it, or a new run."""
        if setup is self._setup:
            return  # an edit that changes nothing leaves the run going
        was_playing = self.playing
        self._stop_timer()
        previous = self._setup
        if record and setup != previous:
            self._history.record(previous)
        if setup.lesson is not None and previous.lesson is None:
            self._free_setup = previous
        self._setup = setup
        self._timeline, ghosts = self._run_for(setup, previous, run)
        self._ms_per_step = 0.0
        if setup.preset is not previous.preset:
            self.sigLandscapeChanged.emit(self.preset)
        self.sigSetupChanged.emit(self._setup)
        if ghosts or self._ghosts:
            self._ghosts = ghosts
            self.sigGhostsChanged.emit(ghosts)
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())
        self._follow_setup(previous.lesson)
        if record:
            self.sigHistoryChanged.emit(self.can_undo, self.can_redo)
        if was_playing and not self._at_stage_end():  # a still stage, say, when PageDown is pressed in play
            self.play()
        else:
            self.sigPlayingChanged.emit(False)

    def _new_timeline(self, setup: Setup | None = None) -> Timeline:
        simulation = self._new_simulation(setup)
        return Timeline(simulation, checkpoint_capacity(len(simulation.balls)))

    def _new_simulation(self, setup: Setup | None = None) -> Simulation:
        """A run of `setup` (the one on screen by default) from step 0."""
        setup = setup or self._setup
        user_gradient = setup.preset.user_gradient  # e.g. a data fit's notebook gradient
        if setup.user_gradient:
            from gdsim.model.expressions import gradient_from_components

            user_gradient = gradient_from_components(setup.user_gradient, setup.landscape.dim)
        balls = setup.placed_balls()
        return Simulation(setup.landscape, balls, history_capacity=window_capacity(len(balls)),
                          user_gradient=user_gradient, measure_paths=True, seed=setup.seed)
