"""The controller: the only object that changes the run or advances time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal, Slot

from gdsim.model.analysis import critical_points_of
from gdsim.model.balls import GradientSource, checked_noise
from gdsim.model.explain import StepExplanation, explain
from gdsim.model.history import window_capacity
from gdsim.model.landscapes import CriticalPoint
from gdsim.model.next_step import NextStep
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import Preset, PresetName, preset, typed_preset
from gdsim.model.schedules import ILLUSTRATIVE_PARAMS, Schedule
from gdsim.model.setup import LessonPlace, RunInfo, Setup, SetupHistory
from gdsim.model.simulation import BallStatus, Simulation, Snapshot
from gdsim.model.timeline import Timeline, checkpoint_capacity
from gdsim.qt import names
from gdsim.qt.bound_keeping import BoundKeeping
from gdsim.qt.branching import Branching
from gdsim.qt.curvature_following import CurvatureFollowing
from gdsim.qt.event_seeking import EventSeeking
from gdsim.qt.pacing import FRAME_INTERVAL_MS
from gdsim.qt.playback import Playback, refused_while_recording
from gdsim.qt.prediction import Predicting
from gdsim.qt.quadratic_choice import QuadraticChoice

UNDO_LIMIT = 200  # setups kept for Edit ▸ Undo: each shares its landscape, so a few kB apiece


class Controller(BoundKeeping, QuadraticChoice, Branching, Playback, Predicting, EventSeeking, CurvatureFollowing,
                 QObject):
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

    # --- changing the setup (each restarts the run, and Undo takes it back) ---------------------
    def set_preset(self, name: str) -> None:
        """A preset with its own start and suggested balls, as the user's own setup (a lesson is left)."""
        name = PresetName(name)
        if name != self._setup.preset_name or self._setup.lesson is not None:
            shown = preset(name)
            self._apply(self._setup.with_preset(shown))
            self.sigNotice.emit(self.tr("Balls set to {landscape}'s suggestions; Ctrl+Z to undo.").format(
                landscape=names.landscape_title(shown.landscape)))

    def set_expression(self, text: str) -> None:
        """A landscape typed by the user (see Setup.with_typed_landscape). Raises ExpressionError, changing nothing."""
        from gdsim.model.expressions import landscape_from_expression

        self._apply(self._setup.with_typed_landscape(typed_preset(landscape_from_expression(text))))

    def set_user_gradient(self, components: tuple[str, ...]) -> None:
        """The gradient the user derived, one text per variable. Raises ExpressionError, changing nothing."""
        from gdsim.model.expressions import gradient_from_components

        gradient_from_components(components, self._setup.landscape.dim)  # check before changing anything
        self._apply(replace(self._setup, user_gradient=tuple(components)))

    def set_view_box(self, box) -> None:
        """Show the landscape over another box; raises ValueError for an empty or non-finite box."""
        self._apply(self._setup.with_view_box(box))

    def set_random_starts(self, count: int, seed: int) -> None:
        """Every ball from `count` starts drawn uniformly over the view box (lesson L1's random restarts)."""
        from gdsim.model.analysis import random_starts

        starts = random_starts(self._setup.landscape.view_box, max(1, int(count)), int(seed))
        self._apply(replace(self._setup, starts=starts))

    def set_start(self, point) -> None:
        self._apply(self._setup.with_start(point))

    def set_ball_enabled(self, index: int, enabled: bool) -> None:
        self._apply(self._setup.with_ball(index, enabled=bool(enabled)))

    def set_ball_param(self, index: int, name: str, value: float) -> None:
        """Set one hyperparameter; raises ValueError (and changes nothing) when it is not allowed."""
        self._edit_ball(self._setup.with_ball(index, params={**self._setup.balls[index].params, name: value}), index)

    def set_ball_noise(self, index: int, sigma: float) -> None:
        """Set σ of a ball's gradient noise (0: none); ValueError, changing nothing, outside [0, 1e6]."""
        self._edit_ball(self._setup.with_ball(index, noise=checked_noise(sigma)), index)

    def set_seed(self, seed: int) -> None:
        """The seed of the run's noise (ValueError outside 0 … 2³² − 1). The run restarts, never branches: a
        seed names a whole run, the one `gdsim run --seed` gives, and a path of two seeds is no seed's run."""
        self._apply(self._setup.with_seed(seed))

    def set_ball_optimizer(self, index: int, kind: str) -> None:
        """Switch a ball to another optimizer, keeping its learning rate."""
        self._edit_ball(self._setup.with_optimizer(index, OptimizerKind(kind)), index)

    def set_ball_gradient(self, index: int, source: str) -> None:
        """Make a ball follow the exact gradient or the user's. ValueError, with a message for the user and
        changing nothing, when there is no gradient of the user's to follow yet."""
        source = GradientSource(source)
        if source == GradientSource.USER and self.user_gradient_function is None:
            raise ValueError(self.tr("Type your gradient under “Check my gradient” first; then a ball can follow it."))
        self._apply(self._setup.with_ball(index, gradient=source))

    def set_ball_batch(self, index: int, batch: int | None) -> None:
        """A ball's minibatch size on a data fit (None: every point); the run starts again, as for a gradient."""
        self._apply(self._setup.with_ball(index, batch=batch))

    def set_ball_schedule(self, index: int, name: str) -> None:
        """Give a ball a learning-rate schedule with illustrative settings ('constant': none)."""
        schedule = None if name == "constant" else Schedule(name, ILLUSTRATIVE_PARAMS[name])
        self._edit_ball(self._setup.with_ball(index, schedule=schedule), index)

    def add_ball(self, kind: str) -> int:
        """A new ball with the landscape's suggested settings for `kind`; returns its index."""
        self._apply(self._setup.with_new_ball(OptimizerKind(kind)))
        return len(self._setup.balls) - 1

    def duplicate_ball(self, index: int, **changes) -> int:
        """A copy of a ball in a new colour, right after it; returns the copy's index."""
        self._apply(self._setup.with_copy_of(index, **changes))
        return index + 1

    def remove_ball(self, index: int) -> None:
        """Remove a ball; the last one stays (a run needs a ball)."""
        self._apply(self._setup.without_ball(index))

    def set_setup(self, setup: Setup) -> None:
        """Show `setup` (an opened file, say); Undo returns to the one before."""
        self._apply(setup)

    @refused_while_recording
    def start_over(self, setup: Setup) -> None:
        """Show `setup` with no history to undo: the window's first setup, restored from last time."""
        self._apply(setup, record=False)
        self._history.clear()
        self._free_setup = self._setup
        self.sigHistoryChanged.emit(False, False)

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
