"""Captions: the text a lesson stage shows, quoting live values from the engine.

A caption quotes values with a small, closed set of fields (never Python attribute access on
arbitrary names): `{step}`, `{ball[i].x}`, `{ball[i].y}`, `{ball[i].loss}`, `{ball[i].grad_x}`,
`{ball[i].grad_y}`, `{ball[i].stopped_at}` (— while the ball runs), `{ball[i].status}`, and
`{best.FIELD}` for the ball with the lowest loss, with any format spec such as `:.3f`.
"""

from __future__ import annotations

import math
import string
from typing import Any

from gdsim.model.simulation import BallStatus, Simulation

# {ball[i].status} in the caption's language.
STATUS_WORDS = {"ko": {"running": "진행 중", "converged": "수렴", "diverged": "발산", "undefined": "정의되지 않음"}}
BALL_FIELDS = ("x", "y", "loss", "grad_x", "grad_y", "stopped_at", "status")
NOT_STOPPED = "—"  # {ball[i].stopped_at} of a ball still running


class _CaptionFormatter(string.Formatter):
    """str.format with a closed set of fields: lesson files are shared, so a caption must not
    reach Python objects through attribute access ({ball[0].__class__…})."""

    def __init__(self, values: dict[str, Any], balls: list[dict[str, Any]]):
        super().__init__()
        self.values = values
        self.balls = balls

    def get_field(self, field_name: str, args, kwargs):
        return self.lookup(field_name), field_name

    def format_field(self, value, format_spec: str):
        if value == NOT_STOPPED:  # a dash takes no number format such as ':d'
            return value
        return super().format_field(value, format_spec)

    def lookup(self, field_name: str):
        if field_name in self.values:
            return self.values[field_name]
        if field_name.startswith("best.") and field_name[5:] in BALL_FIELDS:
            finite = [b for b in self.balls if math.isfinite(b["loss"])]
            return min(finite, key=lambda b: b["loss"])[field_name[5:]] if finite else float("nan")
        if field_name.startswith("ball["):
            index_text, _, rest = field_name[5:].partition("]")
            if index_text.isdigit() and rest.startswith(".") and rest[1:] in BALL_FIELDS:
                index = int(index_text)
                if index < len(self.balls):
                    return self.balls[index][rest[1:]]
                raise ValueError(f"caption field {{{field_name}}}: there are only {len(self.balls)} balls")
        raise ValueError(f"unknown caption field {{{field_name}}}; use {{step}}, {{ball[i].FIELD}} or "
                         f"{{best.FIELD}} with FIELD one of {', '.join(BALL_FIELDS)}")


def check_caption(text: str, ball_count: int) -> None:
    """ValueError when `text` has a field a caption cannot show."""
    sample = {"x": 0.0, "y": 0.0, "loss": 0.0, "grad_x": 0.0, "grad_y": 0.0, "stopped_at": 0, "status": "running"}
    formatter = _CaptionFormatter({"step": 0}, [sample] * ball_count)
    try:
        formatter.format(text)
    except (ValueError, IndexError, KeyError) as error:
        raise ValueError(str(error)) from None


def caption_values(simulation: Simulation, language: str = "en") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The live values a caption can quote, straight from the engine."""
    words = STATUS_WORDS.get(language, {})
    balls = []
    for i in range(len(simulation.balls)):
        position, gradient = simulation.positions[i], simulation.gradients[i]
        balls.append({
            "x": float(position[0]), "y": float(position[1]) if len(position) > 1 else float("nan"),
            "loss": float(simulation.losses[i]), "grad_x": float(gradient[0]),
            "grad_y": float(gradient[1]) if len(gradient) > 1 else float("nan"),
            "stopped_at": int(simulation.stopped_at[i]) if simulation.stopped_at[i] >= 0 else NOT_STOPPED,
            "status": words.get(BallStatus(simulation.status[i]).label, BallStatus(simulation.status[i]).label)})
    return {"step": simulation.step_count}, balls


def render_caption(text: str, simulation: Simulation, language: str = "en") -> str:
    values, balls = caption_values(simulation, language)
    try:
        return _CaptionFormatter(values, balls).format(text)
    except (ValueError, IndexError, KeyError) as error:
        return f"[{error}]"
