"""The controller: the only object that changes the run or advances time."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal, Slot

from gdsim.model.analysis import find_critical_points
from gdsim.model.explain import StepExplanation, explain
from gdsim.model.landscapes import CriticalPoint, Landscape, Preset, PresetName, preset, typed_preset
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.schedules import Schedule
from gdsim.model.simulation import BallRecipe, BallSpec, BallStatus, GradientSource, NextStep, Simulation, Snapshot
from gdsim.qt import style

FRAME_INTERVAL_MS = 16
# At most this many steps are taken per frame, so a huge speed never freezes the window.
MAX_STEPS_PER_FRAME = 2000


# What a schedule chosen in the panel starts with (lesson files and the CLI set their own).
DEFAULT_SCHEDULE_PARAMS = {"step": {"step_size": 50, "gamma": 0.5}, "exponential": {"gamma": 0.99},
                           "cosine": {"T_max": 200}, "cosine-restarts": {"T_0": 50, "eta_min": 0.0}}
HISTORY_BUDGET = 2_000_000  # history rows × balls kept for the views: ~48 MB for 2-D positions and losses


def history_capacity(balls: int) -> int:
    """Rows of history per run: full detail for a few balls over long runs, flat memory for crowds."""
    return int(min(max(HISTORY_BUDGET // max(balls, 1), 512), 16384))


@dataclass(frozen=True)
class BallSetting:
    """One ball of the panel's list: its optimizer and settings, whether it takes part, which
    gradient it follows, and its colour (an index into the palette, kept when others are removed)."""

    optimizer: OptimizerKind
    params: dict[str, float]
    enabled: bool = True
    gradient: GradientSource = GradientSource.EXACT
    color: int = 0
    schedule: Schedule | None = None  # of the learning rate; None keeps η constant

    @classmethod
    def suggested(cls, kind: OptimizerKind, scene: Preset, color: int) -> BallSetting:
        """A new ball of `kind` with the settings the landscape suggests for it, or the defaults."""
        return cls(kind, checked_params(kind, scene.suggested_params(str(kind))), color=color)

    @property
    def label(self) -> str:
        return BallSpec(self.optimizer, self.params, (), self.gradient, self.schedule).label


@dataclass(frozen=True)
class Setup:
    """Everything that defines a run. Any change to it restarts the run from the start."""

    scene: Preset  # the landscape, with its description and suggested settings
    starts: tuple[tuple[float, ...], ...]  # every enabled ball runs from every start
    balls: tuple[BallSetting, ...]
    user_gradient: tuple[str, ...] = ()  # the gradient components the user typed, if any

    @classmethod
    def from_preset(cls, name: PresetName) -> Setup:
        chosen = preset(name)
        balls = tuple(BallSetting.suggested(OptimizerKind(k), chosen, color)
                      for color, k in enumerate(chosen.ball_params))
        return cls(chosen, (chosen.start,), balls)

    @property
    def landscape(self) -> Landscape:
        return self.scene.landscape

    @property
    def preset(self) -> str:
        """The preset's name ('expression' for a typed landscape)."""
        return self.landscape.name

    @property
    def start(self) -> tuple[float, ...]:
        """The start point the marker shows."""
        return self.starts[0]

    @property
    def active_slots(self) -> tuple[int, ...]:
        return tuple(i for i, b in enumerate(self.balls) if b.enabled)

    @property
    def ball_slots(self) -> tuple[int, ...]:
        """The slot of each ball of the run, in the order of `ball_specs`."""
        return tuple(slot for _ in self.starts for slot in self.active_slots)

    def ball_specs(self) -> list[BallSpec]:
        return [BallSpec(self.balls[slot].optimizer, self.balls[slot].params, start, self.balls[slot].gradient,
                         self.balls[slot].schedule)
                for start in self.starts for slot in self.active_slots]

    def lesson_toml(self, steps: int, title: str) -> str:
        """This setup as the text of a lesson file of one stage that plays `steps` steps (balls that are
        off are left out); see gdsim.model.scenario.lesson_toml. ValueError when no ball is on."""
        from gdsim.model.scenario import lesson_toml

        recipes = [BallRecipe(b.optimizer, b.params, b.gradient, b.schedule) for b in self.balls if b.enabled]
        return lesson_toml(self.scene, self.starts, recipes, self.user_gradient, steps, title)

    def free_color(self) -> int:
        """The first palette colour no ball uses, or else the least used one."""
        counts = [sum(b.color == c for b in self.balls) for c in range(len(style.BALL_COLORS))]
        return counts.index(min(counts))


@dataclass(frozen=True)
class RunInfo:
    """What the views need to build their items for a new run (its snapshots then update them)."""

    landscape: Landscape
    balls: tuple[BallSpec, ...]
    slots: tuple[int, ...]  # the panel slot of each ball
    colors: tuple[int, ...]  # the palette colour of each slot
    start: tuple[float, ...]
    critical_points: tuple[CriticalPoint, ...]

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.balls]


class Controller(QObject):
    """Owns the setup and the simulation, and drives time with one QTimer.

    Views subscribe to its signals; widgets call its `set_*` methods. The number of
    steps per second does not depend on how fast frames paint: each timer tick takes the
    steps that are due since play was pressed.
    """

    sigLandscapeChanged = Signal(object)  # Preset
    sigRunStarted = Signal(object)  # RunInfo
    sigStepped = Signal(object)  # Snapshot
    sigSetupChanged = Signal(object)  # Setup
    sigPlayingChanged = Signal(bool)
    sigStepsPerSecondChanged = Signal(int)
    sigSelectionChanged = Signal(int)  # the slot of the selected ball

    def __init__(self, setup: Setup | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)
        self._clock = QElapsedTimer()
        self._steps_since_play = 0
        self._steps_per_second = 30
        self._critical_points: dict[Landscape, tuple[CriticalPoint, ...]] = {}
        self.stop_at: int | None = None  # a lesson stage's step count, where Play pauses
        self._selected_slot = 0
        self._preview: tuple[tuple[int, int], NextStep] | None = None
        self.setup = setup or Setup.from_preset(PresetName.MOMENTUM_DEMO)
        self.simulation = self._new_simulation()

    # --- reading -------------------------------------------------------------------------------
    @property
    def preset(self) -> Preset:
        """The landscape on screen with its description and suggestions (a typed one too)."""
        return self.setup.scene

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def steps_per_second(self) -> int:
        return self._steps_per_second

    def run_info(self) -> RunInfo:
        return RunInfo(self.simulation.landscape, self.simulation.balls, self.setup.ball_slots,
                       tuple(b.color for b in self.setup.balls), self.setup.start,
                       self.critical_points(self.setup.scene))

    def snapshot(self) -> Snapshot:
        return self.simulation.snapshot()

    @property
    def selected_slot(self) -> int:
        """The ball the editor, the step explanation and the η sweep are about (a panel slot)."""
        return min(self._selected_slot, len(self.setup.balls) - 1)

    def next_step(self) -> NextStep:
        """The coming step of every ball, worked out once per step however many views ask."""
        key = (self.simulation.run_id, self.simulation.step_count)
        if self._preview is None or self._preview[0] != key:  # a new simulation has a new run_id
            self._preview = (key, self.simulation.preview())
        return self._preview[1]

    def explain_ball(self, ball: int) -> StepExplanation:
        """Ball number `ball` of the run (not a panel slot): its coming step, told with the engine's numbers."""
        return explain(self.next_step(), ball, self.simulation.balls[ball], BallStatus(self.simulation.status[ball]))

    def first_ball_of(self, slot: int) -> int | None:
        """The run's first ball from panel slot `slot` (the one from the first start), or None when it is off."""
        return next((ball for ball, s in enumerate(self.setup.ball_slots) if s == slot), None)

    def select_ball(self, slot: int) -> None:
        """Make `slot` the selected ball; selection is not a setup change, so the run goes on."""
        slot = max(0, min(int(slot), len(self.setup.balls) - 1))
        if slot != self._selected_slot:
            self._selected_slot = slot
            self.sigSelectionChanged.emit(slot)

    def critical_points(self, scene: Preset) -> tuple[CriticalPoint, ...]:
        landscape = scene.landscape
        if landscape not in self._critical_points:
            if len(self._critical_points) > 32:  # typed landscapes come and go
                self._critical_points.clear()
            self._critical_points[landscape] = scene.known_points or tuple(find_critical_points(landscape))
        return self._critical_points[landscape]

    def publish(self) -> None:
        """Tell every view the whole state: used once after the views are connected."""
        self.sigLandscapeChanged.emit(self.preset)
        self.sigSetupChanged.emit(self.setup)
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())
        self.sigStepsPerSecondChanged.emit(self._steps_per_second)
        self.sigPlayingChanged.emit(self.playing)

    def republish_run(self) -> None:
        """Tell the views the run again, unchanged: after a change of how it is drawn (the theme)."""
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())

    # --- changing the setup (each restarts the run) ---------------------------------------------
    def set_preset(self, name: str) -> None:
        """A preset with its own start and suggested balls (the ball colours are kept)."""
        name = PresetName(name)
        self.stop_at = None  # a landscape of one's own choosing: no lesson stage limits the run
        if name != self.setup.preset:
            fresh = Setup.from_preset(name)
            colors = [b.color for b in self.setup.balls] + list(range(len(style.BALL_COLORS)))
            balls = tuple(replace(b, color=c) for b, c in zip(fresh.balls, colors))
            self._apply(replace(fresh, balls=balls), landscape_changed=True)

    def set_expression(self, text: str) -> None:
        """A landscape typed by the user; the balls are kept. Raises ExpressionError, changing nothing."""
        from gdsim.model.expressions import landscape_from_expression

        scene = typed_preset(landscape_from_expression(text))
        self.stop_at = None
        balls = tuple(replace(b, gradient=GradientSource.EXACT) for b in self.setup.balls)
        self._apply(Setup(scene, (scene.start,), balls), landscape_changed=True)

    def set_user_gradient(self, components: tuple[str, ...]) -> None:
        """The gradient the user derived, one text per variable. Raises ExpressionError, changing nothing."""
        from gdsim.model.expressions import gradient_from_components

        gradient_from_components(components, self.setup.landscape.dim)  # check before changing anything
        self._apply(replace(self.setup, user_gradient=tuple(components)))

    def check_user_gradient(self, components: tuple[str, ...]):
        """Compare the typed gradient with the exact one over the view box (see analysis.check_gradient)."""
        from gdsim.model.analysis import check_gradient
        from gdsim.model.expressions import gradient_from_components

        return check_gradient(self.setup.landscape, gradient_from_components(components, self.setup.landscape.dim))

    def set_view_box(self, box) -> None:
        """Show the landscape over another box; raises ValueError for an empty or non-finite box."""
        box = tuple((float(lo), float(hi)) for lo, hi in box)
        if len(box) != self.setup.landscape.dim or not all(
                math.isfinite(lo) and math.isfinite(hi) and lo < hi for lo, hi in box):
            raise ValueError("each range needs two finite numbers, the first below the second")
        if box == self.setup.landscape.view_box:
            return
        landscape = replace(self.setup.landscape, view_box=box, critical_points=None)
        # A typed landscape's points were found for its old box; a preset's known ones hold anywhere.
        scene = replace(self.setup.scene, landscape=landscape,
                        known_points=None if landscape.source else self.setup.scene.known_points)
        self._apply(replace(self.setup, scene=scene), landscape_changed=True)

    def set_random_starts(self, count: int, seed: int) -> None:
        """Every ball from `count` starts drawn uniformly over the view box (lesson L1's random restarts)."""
        from gdsim.model.analysis import random_starts

        starts = random_starts(self.setup.landscape.view_box, max(1, int(count)), int(seed))
        self._apply(replace(self.setup, starts=starts))

    def restart_summary(self):
        """Where the balls of a many-start run ended (see analysis.summarize_restarts)."""
        from gdsim.model.analysis import summarize_restarts

        minima = np.array([p.point for p in self.critical_points(self.setup.scene) if p.kind == "minimum"])
        return summarize_restarts(self.simulation.positions, self.simulation.losses, minima,
                                  self.setup.landscape.view_box)

    def set_start(self, point) -> None:
        point = tuple(float(c) for c in point)
        if len(point) == self.simulation.landscape.dim and all(np.isfinite(point)) and self.setup.starts != (point,):
            self._apply(replace(self.setup, starts=(point,)))

    def set_ball_enabled(self, slot: int, enabled: bool) -> None:
        self._replace_ball(slot, enabled=bool(enabled))

    def set_ball_param(self, slot: int, name: str, value: float) -> None:
        """Set one hyperparameter; raises ValueError (and changes nothing) when it is not allowed."""
        ball = self.setup.balls[slot]
        params = checked_params(ball.optimizer, {**ball.params, name: value})
        self._replace_ball(slot, params=params)

    def set_ball_optimizer(self, slot: int, kind: str) -> None:
        """Switch a ball to another optimizer, keeping its learning rate."""
        kind = OptimizerKind(kind)
        ball = self.setup.balls[slot]
        if kind != ball.optimizer:
            params = checked_params(kind, {"lr": ball.params["lr"]})
            self._replace_ball(slot, optimizer=kind, params=params)

    def set_ball_gradient(self, slot: int, source: str) -> None:
        """Make a ball follow the exact gradient or the user's; the user's must have been typed first."""
        source = GradientSource(source)
        if source == GradientSource.USER and not (self.setup.user_gradient or self.setup.scene.user_gradient):
            raise ValueError("type your gradient first")
        self._replace_ball(slot, gradient=source)

    def set_ball_schedule(self, slot: int, name: str) -> None:
        """Give a ball a learning-rate schedule with illustrative settings ('constant': none)."""
        schedule = None if name == "constant" else Schedule(name, DEFAULT_SCHEDULE_PARAMS[name])
        self._replace_ball(slot, schedule=schedule)

    def add_ball(self, kind: str) -> int:
        """A new ball with the landscape's suggested settings for `kind`; returns its slot."""
        ball = BallSetting.suggested(OptimizerKind(kind), self.setup.scene, self.setup.free_color())
        self._apply(replace(self.setup, balls=self.setup.balls + (ball,)))
        return len(self.setup.balls) - 1

    def duplicate_ball(self, slot: int, **changes) -> int:
        """A copy of a ball in a new colour, right after it; returns the copy's slot."""
        balls = list(self.setup.balls)
        balls.insert(slot + 1, replace(balls[slot], color=self.setup.free_color(), **changes))
        self._apply(replace(self.setup, balls=tuple(balls)))
        return slot + 1

    def remove_ball(self, slot: int) -> None:
        """Remove a ball; the last one stays (a run needs a ball)."""
        if len(self.setup.balls) > 1:
            balls = self.setup.balls[:slot] + self.setup.balls[slot + 1:]
            self._apply(replace(self.setup, balls=balls))

    def set_setup(self, setup: Setup) -> None:
        self._apply(setup, landscape_changed=setup.landscape is not self.setup.landscape)

    def _replace_ball(self, slot: int, **changes) -> None:
        balls = list(self.setup.balls)
        new = replace(balls[slot], **changes)
        if new != balls[slot]:
            balls[slot] = new
            self._apply(replace(self.setup, balls=tuple(balls)))

    def _apply(self, setup: Setup, landscape_changed: bool = False) -> None:
        was_playing = self.playing
        self._stop_timer()
        self.setup = setup
        self.simulation = self._new_simulation()
        if landscape_changed:
            self.sigLandscapeChanged.emit(self.preset)
        self.sigSetupChanged.emit(self.setup)
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())
        if was_playing:
            self.play()
        else:
            self.sigPlayingChanged.emit(False)

    def _new_simulation(self) -> Simulation:
        user_gradient = self.setup.scene.user_gradient  # e.g. a data fit's notebook gradient
        if self.setup.user_gradient:
            from gdsim.model.expressions import gradient_from_components

            user_gradient = gradient_from_components(self.setup.user_gradient, self.setup.landscape.dim)
        specs = self.setup.ball_specs()
        return Simulation(self.setup.landscape, specs, history_capacity=history_capacity(len(specs)),
                          user_gradient=user_gradient, measure_paths=True)

    # --- time ----------------------------------------------------------------------------------
    @Slot()
    def step(self) -> None:
        """One step of every running ball (pauses playback first)."""
        self.pause()
        if self.simulation.advance(1):
            self.sigStepped.emit(self.snapshot())

    def advance(self, steps: int) -> int:
        """Take `steps` steps at once and publish one snapshot (for scripts and screenshots)."""
        taken = self.simulation.advance(steps)
        if taken:
            self.sigStepped.emit(self.snapshot())
        return taken

    @Slot()
    def play(self) -> None:
        if self._reached_stop():
            self.stop_at = None  # the stage's steps are done: Play goes on from here
        if self.simulation.finished or self.playing:
            return
        self._steps_since_play = 0
        self._clock.start()
        self._timer.setInterval(max(FRAME_INTERVAL_MS, 1000 // max(self._steps_per_second, 1)))
        self._timer.start()
        self.sigPlayingChanged.emit(True)

    @Slot()
    def pause(self) -> None:
        if self.playing:
            self._stop_timer()
            self.sigPlayingChanged.emit(False)

    @Slot()
    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    @Slot()
    def reset(self) -> None:
        self.pause()
        self.simulation.reset()
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())

    def set_steps_per_second(self, value: int) -> None:
        value = int(min(max(value, 1), 100_000))
        if value != self._steps_per_second:
            self._steps_per_second = value
            if self.playing:  # keep the pace continuous from now on
                self._stop_timer()
                self.play()
            self.sigStepsPerSecondChanged.emit(value)

    def _stop_timer(self) -> None:
        self._timer.stop()

    @Slot()
    def _on_tick(self) -> None:
        due = int(self._clock.elapsed() * self._steps_per_second / 1000) - self._steps_since_play
        if due <= 0:
            return
        # Steps beyond the per-frame cap are dropped rather than owed: a slow frame never snowballs.
        self._steps_since_play += due
        due = min(due, MAX_STEPS_PER_FRAME)
        if self.stop_at is not None:
            due = min(due, self.stop_at - self.simulation.step_count)
        taken = self.simulation.advance(due)
        if taken:
            self.sigStepped.emit(self.snapshot())
        if self.simulation.finished or self._reached_stop():
            self.pause()

    def _reached_stop(self) -> bool:
        return self.stop_at is not None and self.simulation.step_count >= self.stop_at

    # --- lessons -------------------------------------------------------------------------------
    def load_stage(self, stage) -> None:
        """Set up a lesson stage (a gdsim.model.scenario.Stage): its landscape, balls and starts.

        Play then stops at the stage's step count; Play again goes on from there.
        """
        scene = stage.scene()
        balls = tuple(BallSetting(b.optimizer, dict(b.params), gradient=b.gradient, color=color, schedule=b.schedule)
                      for color, b in enumerate(stage.balls))
        starts = stage.starts or (scene.start,)
        self.stop_at = stage.steps or None
        self._apply(Setup(scene, starts, balls, stage.user_gradient), landscape_changed=True)
