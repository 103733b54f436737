"""Captions: the text a lesson stage shows, quoting live values from the engine.

A caption quotes values with a small, closed set of fields (never Python attribute access on
arbitrary names):

- `{step}`: the run's step;
- `{ball[i].FIELD}` with FIELD one of x, y, loss, grad_x, grad_y, epoch (the epoch its step is in: the step
  itself for a full-batch ball, counted in ceil(n / B) steps for a minibatch ball), stopped_at (— while the ball runs),
  status (in the caption's language) and name (the ball's name, else its optimizer's, in the caption's
  language: "Nesterov", 네스테로프); `{best.FIELD}` for the ball with the lowest loss (`{best.name}` names
  every ball level with it, to TIED_LOSS relative: "SGD, Momentum, Nesterov" at a shared start);
- `{ball[i].x@K}`, `.y@K`, `.loss@K`: ball i at step K (— until the run gets there; a ball that stopped
  earlier stays where it stopped);
- `{lowest_minimum.x}`, `.y`, `.loss`: the landscape's lowest known minimum, and
  `{ball[i].nearest_minimum.x}` (`.y`, `.loss`, also `{best.nearest_minimum.…}`): the minimum nearest
  ball i now. These quote the landscape, not a ball: — where the landscape has no known minimum.

Each takes a number format such as `:.3f`, `:.2e` or `:>8` (widths up to MAX_FORMAT_WIDTH, precisions up
to MAX_FORMAT_PRECISION, types d e E f F g G % s). A caption is plain text: it is never read as markup.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdsim.model.ball_status import LEFT_THE_DOMAIN, ON_FLAT_GROUND, status_label
from gdsim.model.landscapes import CriticalKind, CriticalPoint
from gdsim.model.limits import MAX_CAPTION_CHARS, MAX_FORMAT_PRECISION, MAX_FORMAT_WIDTH
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.simulation import Simulation

# {ball[i].status} and {ball[i].name} in the caption's language (the GUI's own tables, gdsim/qt/names.py,
# say the same; tests/qt/test_translations.py checks that they agree).
# A ball whose f is not a number where it stands is "undefined" at its start, and one that stepped there
# "left the domain" (at {ball[i].stopped_at}); one stopped by a gradient of 0 where the ground is flat "stopped on
# flat ground": as the ball list says (gdsim.model.ball_status.status_label).
STATUS_WORDS = {"ko": {"running": "진행 중", "converged": "수렴", "diverged": "발산", "undefined": "정의되지 않음",
                       LEFT_THE_DOMAIN: "정의역을 벗어남", ON_FLAT_GROUND: "평평한 곳에 멈춤",
                       "no step": "스텝 없음"}}
OPTIMIZER_WORDS = {"ko": {"Momentum": "모멘텀", "Nesterov": "네스테로프"}}
BALL_FIELDS = ("x", "y", "loss", "grad_x", "grad_y", "epoch", "stopped_at", "status", "name")
HISTORY_FIELDS = ("x", "y", "loss")  # what a run keeps per step: what {ball[i].FIELD@K} can quote
MINIMUM_FIELDS = ("x", "y", "loss")
NOT_AVAILABLE = "—"  # a value there is not (yet): a ball still running has no stopped_at, a step not reached
MAX_QUOTED_STEP = 10**9
# {best.name} names every ball level with the lowest: equal to this, relative. Momentum's -4.962203155151475
# and SGD's -4.962203155151477 are one loss to a class reading "f = -4.9622"; rounding alone tells them apart.
TIED_LOSS = 1e-9
# Python's format spec, less what a caption has no use for: 'c' turns a step into a character (and raises
# past 1,114,111), 'x', 'o', 'b' and 'n' show nothing a lesson quotes.
_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?[deEfFgGs%]?",
                          re.DOTALL)
# A rendered caption never grows past this, whatever its numbers (the longest float fills 330 characters).
MAX_RENDERED_CHARS = 4 * MAX_CAPTION_CHARS

SAMPLE_BALL = {"x": 0.0, "y": 0.0, "loss": 0.0, "grad_x": 0.0, "grad_y": 0.0, "epoch": 0, "stopped_at": 0, "status": "running",
               "name": "SGD"}
FIELD_HELP = ("{step}, {ball[i].FIELD}, {best.FIELD} (FIELD one of " + ", ".join(BALL_FIELDS) + "), "
              "{ball[i].x@STEP} (x, y or loss at a step), {lowest_minimum.x} or {ball[i].nearest_minimum.x} "
              "(x, y or loss)")


def _checked_spec(spec: str, field_name: str) -> str:
    match = _FORMAT_SPEC.fullmatch(spec)
    if match is None or int(match["width"] or 0) > MAX_FORMAT_WIDTH \
            or int(match["precision"] or 0) > MAX_FORMAT_PRECISION:
        raise ValueError(f"caption field {{{field_name}:{spec[:20]}}}: a caption formats numbers such as :.3f, "
                         f":.2e or :>8, with a width of at most {MAX_FORMAT_WIDTH}, a precision of at most "
                         f"{MAX_FORMAT_PRECISION} and a type among d e E f F g G % s")
    return spec


def _formatted(value: Any, spec: str) -> str:
    """`value` in the format `spec`, as a person writes it: a number that rounds to zero has no minus
    sign ('0.00', never '-0.00'), and a negative number has a minus sign ('−4.2560'), as the caption's own
    text writes −19, not a hyphen."""
    text = format(value, spec)
    if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, bool):
        return text
    if isinstance(value, (float, np.floating)) and np.isfinite(value) and "-" in text and not re.search("[1-9]", text):
        return format(0.0, spec)
    return re.sub(r"^(\s*)-", "\\1−", text)  # the sign only: an exponent keeps its hyphen (1e-05)


def _fill(text: str, lookup: Callable[[str], Any]) -> str:
    """`text` with its fields filled by `lookup`; ValueError (only) for any mistake in the template."""
    parts = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValueError(f"caption: {error}; write {{{{ and }}}} for a brace") from None
    for literal, field_name, spec, conversion in parsed:
        parts.append(literal)
        if field_name is None:
            continue
        if conversion:
            raise ValueError(f"caption field {{{field_name}!{conversion}}}: a caption takes no conversion such as !r")
        if "{" in spec:
            raise ValueError(f"caption field {{{field_name}}}: a format cannot quote another field")
        _checked_spec(spec, field_name)
        value = lookup(field_name)
        if value == NOT_AVAILABLE:  # a dash takes no number format such as ':d'
            parts.append(value)
            continue
        try:
            parts.append(_formatted(value, spec))
        except (ValueError, TypeError, OverflowError) as error:
            raise ValueError(f"caption field {{{field_name}:{spec}}}: {error}") from None
    return "".join(parts)


@dataclass(frozen=True)
class Field:
    """What a caption field quotes: `kind` is 'step', 'ball' (ball `ball`, or the best when None, now or at
    `at_step`), 'nearest_minimum' (to ball `ball`, or the best) or 'lowest_minimum'; `name` the value."""

    kind: str
    name: str = ""
    ball: int | None = None
    at_step: int | None = None


def parse_field(field_name: str, ball_count: int) -> Field:
    """The field a caption names; ValueError, in one line, for one it cannot quote."""
    if field_name == "step":
        return Field("step")
    text, at, step_text = field_name.partition("@")
    if at and not (step_text.isascii() and step_text.isdigit() and int(step_text) <= MAX_QUOTED_STEP):
        raise ValueError(f"caption field {{{field_name[:40]}}}: after @ comes a step, a whole number up to "
                         f"{MAX_QUOTED_STEP:,}")
    if text.startswith("lowest_minimum.") and text[15:] in MINIMUM_FIELDS and not at:
        return Field("lowest_minimum", text[15:])
    ball, rest = _subject(text, field_name, ball_count)
    if rest is not None and rest.startswith("nearest_minimum.") and rest[16:] in MINIMUM_FIELDS and not at:
        return Field("nearest_minimum", rest[16:], ball)
    if rest in BALL_FIELDS and not at:
        return Field("ball", rest, ball)
    if rest in HISTORY_FIELDS and at and ball is not None:
        return Field("ball", rest, ball, int(step_text))
    raise ValueError(f"unknown caption field {{{field_name[:40]}}}; use {FIELD_HELP}")


def _subject(text: str, field_name: str, ball_count: int) -> tuple[int | None, str | None]:
    """Which ball `ball[i].REST` or `best.REST` is about (None for the best), and REST; (None, None) else."""
    if text.startswith("best."):
        return None, text[5:]
    if text.startswith("ball["):
        index_text, _, rest = text[5:].partition("]")
        if index_text.isascii() and index_text.isdigit() and rest.startswith("."):
            if len(index_text) <= 6 and int(index_text) < ball_count:
                return int(index_text), rest[1:]
            raise ValueError(f"caption field {{{field_name[:30]}}}: there are only {ball_count} balls")
    return None, None


def check_caption(text: str, ball_count: int) -> None:
    """ValueError when `text` has a field or a format a caption cannot show."""
    def sample(name: str) -> Any:
        field = parse_field(name, ball_count)
        return 0 if field.kind == "step" else SAMPLE_BALL[field.name]

    _fill(text, sample)


class _EngineValues:
    """The values a caption quotes, read from a simulation when asked (a crowd costs only what is quoted)."""

    def __init__(self, simulation: Simulation, language: str, known_points: tuple[CriticalPoint, ...] | None):
        self.simulation, self.language, self.known_points = simulation, language, known_points
        self._minima: list[CriticalPoint] | None = None

    def value(self, field: Field) -> Any:
        if field.kind == "step":
            return self.simulation.step_count
        if field.kind == "lowest_minimum":
            minima = self.minima()
            return _minimum_value(min(minima, key=lambda p: p.value) if minima else None, field.name)
        ball = self.best() if field.ball is None else field.ball
        if ball is None:
            return float("nan")  # no ball has a finite loss: none is the best
        if field.kind == "nearest_minimum":
            return _minimum_value(self.nearest_minimum(ball), field.name)
        if field.at_step is not None:
            return self.ball_at(ball, field.name, field.at_step)
        if field.ball is None and field.name == "name":  # at a shared start no ball is lower: name them all
            level = np.flatnonzero(tied_with(np.asarray(self.simulation.losses, dtype=float),
                                             float(self.simulation.losses[ball])))
            return ", ".join(_ball_value(self.simulation, int(i), "name", self.language) for i in level)
        return _ball_value(self.simulation, ball, field.name, self.language)

    def best(self) -> int | None:
        losses = np.asarray(self.simulation.losses, dtype=float)
        finite = np.isfinite(losses)
        return int(np.argmin(np.where(finite, losses, np.inf))) if finite.any() else None

    def minima(self) -> list[CriticalPoint]:
        if self._minima is None:
            from gdsim.model.analysis import critical_points_of

            points = critical_points_of(self.simulation.landscape, self.known_points)
            self._minima = [p for p in points if p.kind == CriticalKind.MINIMUM and np.isfinite(p.value)]
        return self._minima

    def nearest_minimum(self, ball: int) -> CriticalPoint | None:
        position = np.asarray(self.simulation.positions[ball], dtype=float)
        minima = self.minima()
        if not minima or not np.all(np.isfinite(position)):
            return None
        return min(minima, key=lambda p: float(np.linalg.norm(np.asarray(p.point) - position)))

    def ball_at(self, ball: int, name: str, step: int) -> Any:
        """Ball `ball`'s x, y or loss at `step`: from the run's history; where it stopped, for a ball that
        stopped before; — for a step the run has not reached (or no longer keeps)."""
        simulation = self.simulation
        if step > simulation.step_count:
            if simulation.stopped_at[ball] < 0:
                return NOT_AVAILABLE
            return _ball_value(simulation, ball, name, self.language)
        history = simulation.history
        steps = history.steps[:history.length]
        row = int(np.searchsorted(steps, step))
        if row >= history.length or steps[row] != step:
            return NOT_AVAILABLE
        if name == "loss":
            return float(history.losses[row, ball])
        axis = "xy".index(name)
        position = history.positions[row, ball]
        return float(position[axis]) if axis < len(position) else float("nan")


def tied_with(losses: np.ndarray, lowest: float) -> np.ndarray:
    """Which `losses` are level with `lowest`: equal within TIED_LOSS of their size (exactly, at 0)."""
    with np.errstate(invalid="ignore"):
        return np.abs(losses - lowest) <= TIED_LOSS * np.maximum(np.abs(losses), abs(lowest))


def _minimum_value(point: CriticalPoint | None, name: str) -> Any:
    if point is None:
        return NOT_AVAILABLE
    if name == "loss":
        return float(point.value)
    axis = "xy".index(name)
    return float(point.point[axis]) if axis < len(point.point) else float("nan")


def _ball_value(simulation: Simulation, i: int, name: str, language: str) -> Any:
    position, gradient = simulation.positions[i], simulation.gradients[i]
    if name in ("x", "y"):
        axis = "xy".index(name)
        return float(position[axis]) if axis < len(position) else float("nan")
    if name in ("grad_x", "grad_y"):
        axis = ("grad_x", "grad_y").index(name)
        return float(gradient[axis]) if axis < len(gradient) else float("nan")
    if name == "loss":
        return float(simulation.losses[i])
    if name == "epoch":
        step = simulation.step_count if simulation.stopped_at[i] < 0 else int(simulation.stopped_at[i])
        sampler = simulation.landscape.batch_gradient
        return step if sampler is None else sampler.epoch(step, simulation.balls[i].batch)
    if name == "stopped_at":
        return int(simulation.stopped_at[i]) if simulation.stopped_at[i] >= 0 else NOT_AVAILABLE
    if name == "name":
        return ball_name(simulation.balls[i].name, simulation.balls[i].optimizer, language)
    label = status_label(int(simulation.status[i]), int(simulation.stopped_at[i]), bool(simulation.on_flat_ground[i]))
    return STATUS_WORDS.get(language, {}).get(label, label)


def ball_name(name: str, optimizer: OptimizerKind, language: str) -> str:
    """What a caption calls a ball: its own name, else its optimizer's, in the caption's language."""
    if name:
        return name
    english = OptimizerKind(optimizer).display_name
    return OPTIMIZER_WORDS.get(language, {}).get(english, english)


def caption_values(simulation: Simulation, language: str = "en") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The live values a caption can quote, straight from the engine."""
    balls = [{name: _ball_value(simulation, i, name, language) for name in BALL_FIELDS}
             for i in range(len(simulation.balls))]
    return {"step": simulation.step_count}, balls


def render_caption(text: str, simulation: Simulation, language: str = "en",
                   known_points: tuple[CriticalPoint, ...] | None = None) -> str:
    """The caption with the engine's values filled in. Never raises: a mistake in the template shows as
    its message in brackets. Only the balls the caption quotes are read, so a crowd costs nothing.

    `known_points` are the landscape's critical points where its preset knows them (Preset.known_points);
    None searches the landscape for them, once, and only when the caption quotes a minimum."""
    values = _EngineValues(simulation, language, known_points)
    try:
        filled = _fill(text, lambda name: values.value(parse_field(name, len(simulation.balls))))
    except ValueError as error:
        return f"[{error}]"
    return filled if len(filled) <= MAX_RENDERED_CHARS else filled[:MAX_RENDERED_CHARS - 1] + "…"
