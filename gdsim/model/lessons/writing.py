"""A setup written as a lesson file of one stage, which reads back to the same setup and run."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence

from gdsim.model.balls import Ball, GradientSource
from gdsim.model.lessons.lesson import MAX_STEPS
from gdsim.model.limits import MAX_TITLE_CHARS
from gdsim.model.optimizers import hyperparameters
from gdsim.model.presets import Preset


def one_line_title(text: str) -> str:
    """`text` as a lesson reads a title: plain text on one line of at most MAX_TITLE_CHARS characters."""
    text = " ".join("".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text).split())
    return text if len(text) <= MAX_TITLE_CHARS else text[:MAX_TITLE_CHARS - 1] + "…"


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char in "\n\t":
            escaped.append("\\n" if char == "\n" else "\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _toml_number(value: float | int) -> str:
    """An integer as it is, a float in its shortest exact form (repr reads back to the same float)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"a lesson holds finite numbers only, got {value!r}")
    return str(int(value)) if isinstance(value, numbers.Integral) else repr(float(value))


def _toml_point(point: Sequence[float]) -> str:
    return "[" + ", ".join(_toml_number(float(c)) for c in point) + "]"


def lesson_toml(preset: Preset, starts: Sequence[Sequence[float]], balls: Sequence[Ball],
                user_gradient: Sequence[str] = (), steps: int = 0, title: str = "My setup", seed: int = 0) -> str:
    """A lesson file of one stage that sets the same run up again, as TOML text.

    It holds the landscape (a preset's name, the typed function, or the data fit), every start,
    every ball with its settings, schedule, gradient and minibatch size, the gradient the user typed, the run's
    noise seed (when not 0), and the steps to play (at most MAX_STEPS); the title on one line (see `one_line_title`). `parse_lesson` reads it back to the same setup, whose run
    gives the same numbers, with the same ball colours and names. A preset's view box is not
    written (the format has none). ValueError when there is no ball or a number is not finite.
    """
    if not balls:
        raise ValueError("a lesson stage needs at least one ball")
    title = one_line_title(title) or "My setup"
    lesson_id = re.sub(r"[\W_]+", "-", title.lower()).strip("-")[:40] or "setup"
    lines = [f"id = {_toml_string(lesson_id)}", f"title = {_toml_string(title)}", "", "[[stages]]",
             f"title = {_toml_string(title)}"]
    if preset.fit is not None:
        fit = preset.fit
        items = [f"model = {_toml_string(str(fit.model))}"]
        if fit.seed is not None:
            items.append(f"seed = {int(fit.seed)}")
        items += [f"noise = {_toml_number(float(fit.noise))}", f"points = {int(fit.points)}"]
        lines.append(f"fit = {{ {', '.join(items)} }}")
    elif preset.landscape.source:
        lines.append(f"expression = {_toml_string(preset.landscape.source)}")
    else:
        lines.append(f"landscape = {_toml_string(preset.landscape.name)}")
        lines += [f"{name} = {_toml_number(value)}" for name, value in preset.shape.items()]  # the quadratic's κ, rotation
    if len(starts) == 1:
        lines.append(f"starts = [{_toml_point(starts[0])}]")
    else:
        lines += ["starts = ["] + [f"    {_toml_point(start)}," for start in starts] + ["]"]
    lines.append(f"steps = {min(max(int(steps), 0), MAX_STEPS)}")
    if seed:
        lines.append(f"seed = {int(seed)}")
    if user_gradient:
        lines.append("gradient = [" + ", ".join(_toml_string(g) for g in user_gradient) + "]")
    for ball in balls:
        lines += ["[[stages.balls]]", f"optimizer = {_toml_string(str(ball.optimizer))}"]
        settings = {h.name: ball.params[h.name] for h in hyperparameters(ball.optimizer)}
        lines += [f"{h.name} = {_toml_string(h.text(settings[h.name])) if h.choices else _toml_number(settings[h.name])}"
                  for h in hyperparameters(ball.optimizer)]
        if ball.gradient != GradientSource.EXACT:
            lines.append(f"gradient = {_toml_string(str(ball.gradient))}")
        if ball.batch is not None:
            lines.append(f"batch = {int(ball.batch)}")
        lines.append(f"color = {int(ball.color)}")
        if ball.noise:
            lines.append(f"noise = {_toml_number(ball.noise)}")
        if ball.name:
            lines.append(f"name = {_toml_string(ball.name)}")
        if ball.schedule is not None:
            lines.append(f"schedule = {_toml_string(ball.schedule.name)}")
            lines += [f"{name} = {_toml_number(value)}" for name, value in ball.schedule.params.items()]
    return "\n".join(lines) + "\n"
