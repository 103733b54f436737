"""A lesson and its stages, as read from a lesson file: what each stage shows, plays and says."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gdsim.model import presets
from gdsim.model.balls import Ball, placed
from gdsim.model.limits import MAX_STEPS
from gdsim.model.presets import Preset
from gdsim.model.quadratic import DEFAULT_KAPPA, QUADRATIC, quadratic_preset
from gdsim.model.simulation import Simulation

LANGUAGES = ("en", "ko")
STAGE_ARROWS = ("", "selected", "every")  # a stage's `arrows`: none, the selected ball's, every ball's
STAGE_QUESTIONS = ("converge-or-diverge",)  # a stage's `question`
__all__ = ["LANGUAGES", "STAGE_ARROWS", "STAGE_QUESTIONS", "MAX_STEPS", "Lesson", "LessonError", "Stage", "localized", "with_starts_in_view"]


class LessonError(ValueError):
    """A mistake in a lesson file; the message names the file, the stage and the field."""


@dataclass(frozen=True)
class Stage:
    """One step of a lesson: what to show, how far to play it, and what to say about it."""

    title: Mapping[str, str]
    landscape: str = ""  # a preset name; empty when `expression` is given
    expression: str = ""
    starts: tuple[tuple[float, ...], ...] = ()
    balls: tuple[Ball, ...] = ()
    steps: int = 0
    caption: Mapping[str, str] = field(default_factory=dict)  # what the stage shows: its outcome, for one with steps
    user_gradient: tuple[str, ...] = ()
    source: str = ""  # "file.toml: stage k", for messages about this stage
    fit: Mapping[str, Any] = field(default_factory=dict)  # model, seed, noise, points of a data fit
    # A stage with steps: what it says at step 0, before Play, when its caption states an outcome that has
    # not happened yet ("stops in the shallow basin (f = …)" quoted at the start would be false).
    before: Mapping[str, str] = field(default_factory=dict)
    # The step arrows the stage draws on the map, as Explain step draws them ("selected": the selected
    # ball's, "every": every ball's), whether or not that page is open; "" leaves the map without them.
    arrows: str = ""
    # Predict, then reveal (gdsim.model.prediction): `predict = { steps = k }` opens a "where" round about
    # step k when the stage is shown; `question = "converge-or-diverge"` one about the stage's steps.
    predict_steps: int = 0
    question: str = ""
    # The knobs of a shaped landscape: landscape = "quadratic" with kappa = κ, rotation = degrees.
    shape: Mapping[str, float] = field(default_factory=dict)
    seed: int = 0  # `seed = N`: the noise seed of the stage's run, as `gdsim run --seed N`

    def preset(self) -> Preset:
        """The landscape of this stage, dressed as a preset (typed landscapes are compiled here).

        Raises LessonError, naming the stage's field, when the function or the typed gradient does not
        compile, or the function's variables do not fit the stage's starts.
        """
        preset = self._landscape_preset()
        if self.user_gradient:
            from gdsim.model.expressions import ExpressionError, gradient_from_components

            try:
                gradient_from_components(self.user_gradient, preset.landscape.dim)
            except ExpressionError as error:
                raise LessonError(f"{self.source}: field 'gradient': {error}") from None
        return preset

    def _landscape_preset(self) -> Preset:
        if self.fit:
            from gdsim.model.fitting import make_problem

            try:
                problem = make_problem(**self.fit)
            except ValueError as error:
                raise LessonError(f"{self.source}: field 'fit': {error}") from None
            return Preset(problem.landscape, problem.init, {}, problem.landscape.title,
                          known_points=problem.landscape.critical_points, fit=problem,
                          user_gradient=problem.notebook_gradient)
        if self.landscape == QUADRATIC:
            return quadratic_preset(self.shape.get("kappa", DEFAULT_KAPPA), self.shape.get("rotation", 0.0))
        if not self.expression:
            return presets.preset(self.landscape)
        from gdsim.model.expressions import ExpressionError, landscape_from_expression

        try:
            preset = presets.typed_preset(landscape_from_expression(self.expression))
        except ExpressionError as error:
            raise LessonError(f"{self.source}: field 'expression': {error}") from None
        if any(len(start) != preset.landscape.dim for start in self.starts):
            raise LessonError(f"{self.source}: field 'starts': the function has {preset.landscape.dim} "
                              f"variable(s); each start needs as many numbers")
        return with_starts_in_view(preset, self.starts)

    def check(self) -> None:
        """Sets the stage up once, keeping nothing: LessonError, naming the field, when it cannot be shown."""
        try:
            self.simulation(history_capacity=4)
        except LessonError:
            raise
        except ValueError as error:  # e.g. a start the landscape cannot take
            raise LessonError(f"{self.source}: {error}") from None

    def placed_balls(self, landscape_start: Sequence[float]) -> list[Ball]:
        return placed(self.balls, self.starts or (tuple(landscape_start),))

    def simulation(self, history_capacity: int | None = None) -> Simulation:
        """A fresh simulation of this stage, not yet advanced."""
        preset = self.preset()
        user_gradient = preset.user_gradient
        if self.user_gradient:
            from gdsim.model.expressions import gradient_from_components

            user_gradient = gradient_from_components(self.user_gradient, preset.landscape.dim)
        capacity = history_capacity or max(self.steps + 1, 2048)
        return Simulation(preset.landscape, self.placed_balls(preset.start), history_capacity=capacity,
                          user_gradient=user_gradient, seed=self.seed)


def with_starts_in_view(preset: Preset, starts) -> Preset:
    """The preset with its automatic view box widened, if need be, to show every start."""
    if not starts:
        return preset
    box = []
    for axis, (low, high) in enumerate(preset.landscape.view_box):
        values = [start[axis] for start in starts]
        margin = 0.15 * (max(high, *values) - min(low, *values))
        box.append((min(low, min(values) - margin) if min(values) < low else low,
                    max(high, max(values) + margin) if max(values) > high else high))
    if tuple(box) == preset.landscape.view_box:
        return preset
    return replace(preset, landscape=replace(preset.landscape, view_box=tuple(box)))


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Mapping[str, str]
    stages: tuple[Stage, ...]
    path: Path | None = None

    def text(self, language: str) -> str:
        return localized(self.title, language)


def localized(texts: Mapping[str, str], language: str) -> str:
    """The text in `language`, else English, else any."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")
