"""Captions: the text a lesson stage shows, quoting live values from the engine.

A caption quotes values with a small, closed set of fields (never Python attribute access on
arbitrary names): `{step}`, `{ball[i].x}`, `{ball[i].y}`, `{ball[i].loss}`, `{ball[i].grad_x}`,
`{ball[i].grad_y}`, `{ball[i].stopped_at}` (— while the ball runs), `{ball[i].status}`, and
`{best.FIELD}` for the ball with the lowest loss, with a number format such as `:.3f`, `:.2e` or
`:>8` (widths up to MAX_FORMAT_WIDTH, precisions up to MAX_FORMAT_PRECISION, types d e E f F g G % s).
A caption is plain text: it is never read as markup.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

import numpy as np

from gdsim.model.limits import MAX_CAPTION_CHARS, MAX_FORMAT_PRECISION, MAX_FORMAT_WIDTH
from gdsim.model.simulation import BallStatus, Simulation

# {ball[i].status} in the caption's language.
# A ball whose f is not a number where it stands: one that stepped there "left the domain" (at {ball[i].stopped_at}).
STATUS_WORDS = {"en": {"undefined": "left the domain"},
                "ko": {"running": "진행 중", "converged": "수렴", "diverged": "발산", "undefined": "정의역을 벗어남"}}
BALL_FIELDS = ("x", "y", "loss", "grad_x", "grad_y", "stopped_at", "status")
NOT_STOPPED = "—"  # {ball[i].stopped_at} of a ball still running
# Python's format spec, less what a caption has no use for: 'c' turns a step into a character (and raises
# past 1,114,111), 'x', 'o', 'b' and 'n' show nothing a lesson quotes.
_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?[deEfFgGs%]?",
                          re.DOTALL)
# A rendered caption never grows past this, whatever its numbers (the longest float fills 330 characters).
MAX_RENDERED_CHARS = 4 * MAX_CAPTION_CHARS

SAMPLE_BALL = {"x": 0.0, "y": 0.0, "loss": 0.0, "grad_x": 0.0, "grad_y": 0.0, "stopped_at": 0, "status": "running"}


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
    sign ('0.00', never '-0.00')."""
    text = format(value, spec)
    if isinstance(value, (float, np.floating)) and np.isfinite(value) and "-" in text and not re.search("[1-9]", text):
        return format(0.0, spec)
    return text


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
        if value == NOT_STOPPED:  # a dash takes no number format such as ':d'
            parts.append(value)
            continue
        try:
            parts.append(_formatted(value, spec))
        except (ValueError, TypeError, OverflowError) as error:
            raise ValueError(f"caption field {{{field_name}:{spec}}}: {error}") from None
    return "".join(parts)


def _lookup(field_name: str, ball_count: int, ball: Callable[[int, str], Any], best: Callable[[str], Any],
            step: int) -> Any:
    if field_name == "step":
        return step
    if field_name.startswith("best.") and field_name[5:] in BALL_FIELDS:
        return best(field_name[5:])
    if field_name.startswith("ball["):
        index_text, _, rest = field_name[5:].partition("]")
        if index_text.isascii() and index_text.isdigit() and rest.startswith(".") and rest[1:] in BALL_FIELDS:
            if len(index_text) <= 6 and int(index_text) < ball_count:
                return ball(int(index_text), rest[1:])
            raise ValueError(f"caption field {{{field_name[:30]}}}: there are only {ball_count} balls")
    raise ValueError(f"unknown caption field {{{field_name[:30]}}}; use {{step}}, {{ball[i].FIELD}} or "
                     f"{{best.FIELD}} with FIELD one of {', '.join(BALL_FIELDS)}")


def check_caption(text: str, ball_count: int) -> None:
    """ValueError when `text` has a field or a format a caption cannot show."""
    _fill(text, lambda name: _lookup(name, ball_count, lambda i, f: SAMPLE_BALL[f], SAMPLE_BALL.__getitem__, 0))


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
    if name == "stopped_at":
        return int(simulation.stopped_at[i]) if simulation.stopped_at[i] >= 0 else NOT_STOPPED
    label = BallStatus(simulation.status[i]).label
    return STATUS_WORDS.get(language, {}).get(label, label)


def _best_value(simulation: Simulation, name: str, language: str) -> Any:
    losses = np.asarray(simulation.losses, dtype=float)
    finite = np.isfinite(losses)
    if not finite.any():
        return float("nan")
    return _ball_value(simulation, int(np.argmin(np.where(finite, losses, np.inf))), name, language)


def caption_values(simulation: Simulation, language: str = "en") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The live values a caption can quote, straight from the engine."""
    balls = [{name: _ball_value(simulation, i, name, language) for name in BALL_FIELDS}
             for i in range(len(simulation.balls))]
    return {"step": simulation.step_count}, balls


def render_caption(text: str, simulation: Simulation, language: str = "en") -> str:
    """The caption with the engine's values filled in. Never raises: a mistake in the template shows as
    its message in brackets. Only the balls the caption quotes are read, so a crowd costs nothing."""
    try:
        filled = _fill(text, lambda name: _lookup(
            name, len(simulation.balls), lambda i, field: _ball_value(simulation, i, field, language),
            lambda field: _best_value(simulation, field, language), simulation.step_count))
    except ValueError as error:
        return f"[{error}]"
    return filled if len(filled) <= MAX_RENDERED_CHARS else filled[:MAX_RENDERED_CHARS - 1] + "…"

