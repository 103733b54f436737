"""The setup: one immutable value that describes the whole run on screen.

The controller owns the current setup and its history; every edit makes a new one. The window, lesson
files (`Setup.from_stage`, `Setup.lesson_toml`) and the engine (`Setup.placed_balls`) meet here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gdsim.model import presets
from gdsim.model.balls import PALETTE_SIZE, Ball, GradientSource
from gdsim.model.landscapes import CriticalPoint, Landscape
from gdsim.model.limits import MAX_VIEW_COORDINATE, MIN_VIEW_SHARE
from gdsim.model.noise import checked_seed
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.presets import Preset, PresetName

if TYPE_CHECKING:
    from gdsim.model.lessons import Lesson, Stage


@dataclass(frozen=True)
class LessonPlace:
    """Which lesson and which of its stages (0-based) a setup shows."""

    lesson: Lesson
    stage: int

    @property
    def stage_steps(self) -> int | None:
        """The stage's step count, where Play pauses; None for a stage without steps."""
        return self.lesson.stages[self.stage].steps or None


def _what_runs(ball: Ball) -> tuple:
    """What of a ball decides its run (not its colour, name or id)."""
    return ball.optimizer, dict(ball.params), ball.gradient, ball.schedule, ball.enabled, ball.noise


def suggested_ball(kind: OptimizerKind, preset: Preset, color: int, ball_id: int) -> Ball:
    """A new ball of `kind` with the settings the landscape suggests for it, or the defaults."""
    return Ball(kind, checked_params(kind, preset.suggested_params(str(kind))), color=color, id=ball_id)


@dataclass(frozen=True)
class Setup:
    """Everything that defines a run: the landscape (a preset, a typed function or a data fit, with
    its view box), the starts, the balls, the gradient the user typed, whether a lesson stage is
    on (`lesson`) or the setup is the user's own (None), and the seed the balls' noise is drawn from."""

    preset: Preset  # the landscape, with its description and suggested settings
    starts: tuple[tuple[float, ...], ...]  # every enabled ball runs from every start
    balls: tuple[Ball, ...]
    user_gradient: tuple[str, ...] = ()  # the gradient components the user typed, if any
    lesson: LessonPlace | None = None
    seed: int = 0  # the run's noise seed, as `gdsim run --seed` (ball k draws from stream k of it)

    @classmethod
    def from_preset(cls, name: PresetName | str) -> Setup:
        preset = presets.preset(name)
        balls = tuple(suggested_ball(OptimizerKind(k), preset, color, color + 1)
                      for color, k in enumerate(preset.ball_params))
        return cls(preset, (preset.start,), balls)

    @classmethod
    def from_stage(cls, stage: Stage, place: LessonPlace | None = None) -> Setup:
        """The setup of a lesson stage (LessonError when its landscape does not compile); `place`
        says which lesson it belongs to, None makes it a setup of one's own."""
        preset = stage.preset()
        balls = tuple(replace(ball, id=index + 1) for index, ball in enumerate(stage.balls))
        return cls(preset, stage.starts or (preset.start,), balls, stage.user_gradient, place, stage.seed)

    @property
    def changed_from_stage(self) -> bool:
        """Whether the user changed the run of the lesson stage on screen: its starts, its balls (optimizer,
        settings, schedule, gradient, on or off) or its typed gradient. A zoom, a colour or a name is no
        change; outside a lesson there is no stage to change."""
        if self.lesson is None:
            return False
        stage = self.lesson.lesson.stages[self.lesson.stage]
        return (self.starts != (stage.starts or (self.preset.start,)) or self.user_gradient != stage.user_gradient
                or self.seed != stage.seed
                or [_what_runs(b) for b in self.balls] != [_what_runs(b) for b in stage.balls])

    @property
    def landscape(self) -> Landscape:
        return self.preset.landscape

    @property
    def preset_name(self) -> str:
        """The preset's name ('expression' for a typed landscape)."""
        return self.landscape.name

    @property
    def start(self) -> tuple[float, ...]:
        """The start point the marker shows."""
        return self.starts[0]

    @property
    def enabled_indices(self) -> tuple[int, ...]:
        return tuple(i for i, b in enumerate(self.balls) if b.enabled)

    @property
    def placed_from(self) -> tuple[int, ...]:
        """For each ball of the run, in the order of `placed_balls`, the index in `balls` it was placed from."""
        return tuple(index for _ in self.starts for index in self.enabled_indices)

    def placed_balls(self) -> list[Ball]:
        """Every enabled ball at every start: the balls the engine runs."""
        return [self.balls[index].at(start) for start in self.starts for index in self.enabled_indices]

    def lesson_toml(self, steps: int, title: str) -> str:
        """This setup as the text of a lesson file of one stage that plays `steps` steps (balls that are
        off are left out); see gdsim.model.lessons.lesson_toml. ValueError when no ball is on."""
        from gdsim.model.lessons import lesson_toml

        return lesson_toml(self.preset, self.starts, [b for b in self.balls if b.enabled], self.user_gradient,
                           steps, title, self.seed)

    def free_color(self) -> int:
        """The first palette colour no ball uses, or else the least used one."""
        counts = [sum(b.color == c for b in self.balls) for c in range(PALETTE_SIZE)]
        return counts.index(min(counts))

    def next_ball_id(self) -> int:
        return max((b.id for b in self.balls), default=0) + 1

    def with_preset(self, preset: Preset) -> Setup:
        """The landscape of `preset` with its own start and suggested balls, as the user's own setup.

        A suggested ball takes the colour of the ball of the same optimizer it replaces, so a ball
        that stays keeps its colour; the others get colours no kept ball has.
        """
        kinds = [OptimizerKind(k) for k in preset.ball_params]
        kept = {}
        for ball in self.balls:
            if ball.optimizer in kinds and ball.optimizer not in kept:
                kept[ball.optimizer] = ball.color
        free = [c for c in range(PALETTE_SIZE) if c not in kept.values()]
        balls = []
        for number, kind in enumerate(kinds):
            color = kept[kind] if kind in kept else free.pop(0) if free else number % PALETTE_SIZE
            balls.append(suggested_ball(kind, preset, color, number + 1))
        return Setup(preset, (preset.start,), tuple(balls), seed=self.seed)

    def with_typed_landscape(self, typed: Preset) -> Setup:
        """A typed function in place of the landscape, as the user's own setup: the balls stay, and so
        does a typed gradient with as many components as the function has variables (else the balls
        that followed it follow the exact gradient)."""
        gradient = self.user_gradient if len(self.user_gradient) == typed.landscape.dim else ()
        balls = self.balls if gradient else tuple(replace(b, gradient=GradientSource.EXACT) for b in self.balls)
        return Setup(typed, (typed.start,), balls, gradient, seed=self.seed)

    def with_view_box(self, box) -> Setup:
        """The landscape shown over another box; ValueError for an empty or non-finite one."""
        box = tuple((float(lo), float(hi)) for lo, hi in box)
        if len(box) != self.landscape.dim or not all(
                math.isfinite(lo) and math.isfinite(hi) and lo < hi for lo, hi in box):
            raise ValueError("each range needs two finite numbers, the first below the second")
        for lo, hi in box:
            if max(abs(lo), abs(hi)) > MAX_VIEW_COORDINATE:
                raise ValueError(f"the view box must lie within ±{MAX_VIEW_COORDINATE:g}")
            if hi - lo < MIN_VIEW_SHARE * max(abs(lo), abs(hi)):
                raise ValueError(f"each range of the view box must be at least {MIN_VIEW_SHARE:g} of its ends wide")
        if box == self.landscape.view_box:
            return self
        landscape = replace(self.landscape, view_box=box, critical_points=None)
        # A typed landscape's points were found for its old box; a preset's known ones hold anywhere.
        shown = replace(self.preset, landscape=landscape,
                        known_points=None if landscape.source else self.preset.known_points)
        return replace(self, preset=shown)

    def with_start(self, point) -> Setup:
        """Every ball from `point` alone; the same setup when it is not a finite point of the landscape."""
        point = tuple(float(c) for c in point)
        if len(point) != self.landscape.dim or not all(math.isfinite(c) for c in point) or self.starts == (point,):
            return self
        return replace(self, starts=(point,))

    def with_seed(self, seed) -> Setup:
        """The run's noise drawn from `seed`; ValueError (checked_seed's) for anything but a whole number 0 … 2³² − 1."""
        seed = checked_seed(seed)
        return self if seed == self.seed else replace(self, seed=seed)

    def with_ball(self, index: int, **changes) -> Setup:
        """Ball `index` with `changes` (ValueError, from checked_params, for hyperparameters not allowed)."""
        ball = self.balls[index]
        if "params" in changes:
            changes["params"] = checked_params(changes.get("optimizer", ball.optimizer), changes["params"])
        changed = replace(ball, **changes)
        if changed == ball:
            return self
        balls = list(self.balls)
        balls[index] = changed
        return replace(self, balls=tuple(balls))

    def with_optimizer(self, index: int, kind: OptimizerKind) -> Setup:
        """Ball `index` switched to `kind`, keeping its learning rate and taking the defaults otherwise."""
        if kind == self.balls[index].optimizer:
            return self
        return self.with_ball(index, optimizer=kind, params={"lr": self.balls[index].params["lr"]})

    def with_new_ball(self, kind: OptimizerKind) -> Setup:
        """One more ball of `kind`, last, with the landscape's suggested settings and a free colour."""
        ball = suggested_ball(kind, self.preset, self.free_color(), self.next_ball_id())
        return replace(self, balls=self.balls + (ball,))

    def with_copy_of(self, index: int, **changes) -> Setup:
        """A copy of ball `index` right after it, in a free colour, with `changes`."""
        balls = list(self.balls)
        balls.insert(index + 1, replace(balls[index], color=self.free_color(), id=self.next_ball_id(), **changes))
        return replace(self, balls=tuple(balls))

    def without_ball(self, index: int) -> Setup:
        """Ball `index` removed; the last ball stays (a run needs one)."""
        if len(self.balls) <= 1:
            return self
        return replace(self, balls=self.balls[:index] + self.balls[index + 1:])



@dataclass(frozen=True)
class RunInfo:
    """What the views need to build their items for a new run (its snapshots then update them)."""

    landscape: Landscape
    balls: tuple[Ball, ...]  # placed: each at its start
    placed_from: tuple[int, ...]  # for each ball of the run, its index in the setup's balls
    colors: tuple[int, ...]  # the palette colour of each of the setup's balls
    start: tuple[float, ...]
    critical_points: tuple[CriticalPoint, ...]
    seed: int = 0  # the run's noise seed (a fan's runs use seed, seed + 1, …)

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.balls]


class SetupHistory:
    """The setups before and after the one on screen, for Undo and Redo: at most `limit` kept back, and
    fewer when they are large, so that what they hold stays under `weight_limit` starts and balls.

    Random starts make a setup heavy (10,000 starts are about 1.2 MB as tuples); 200 such edits kept for
    Undo held 240 MB. Setups that share their starts (every edit but a new start) count them once.
    """

    def __init__(self, limit: int = 200, weight_limit: int = 100_000):
        self._limit = limit
        self._weight_limit = weight_limit
        self._before: list[Setup] = []
        self._after: list[Setup] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._before)

    @property
    def can_redo(self) -> bool:
        return bool(self._after)

    def record(self, left: Setup) -> None:
        """`left` was on screen until an edit replaced it: Undo returns to it, and Redo has nothing."""
        self._before = (self._before + [left])[-self._limit:]
        self._after.clear()
        while len(self._before) > 1 and self._weight(self._before) > self._weight_limit:
            del self._before[0]  # the oldest edit goes first; the last one can always be undone

    @staticmethod
    def _weight(setups: list[Setup]) -> int:
        distinct_starts = {id(setup.starts): len(setup.starts) for setup in setups}
        return sum(distinct_starts.values()) + sum(len(setup.balls) for setup in setups)

    def undo(self, current: Setup) -> Setup | None:
        """The setup to show instead of `current`, or None when there is nothing to undo."""
        if not self._before:
            return None
        self._after.append(current)
        return self._before.pop()

    def redo(self, current: Setup) -> Setup | None:
        if not self._after:
            return None
        self._before.append(current)
        return self._after.pop()

    def clear(self) -> None:
        self._before.clear()
        self._after.clear()
