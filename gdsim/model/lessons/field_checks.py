"""Checks shared by the readers of a lesson file's tables (gdsim.model.lessons.reading, .ball_reading):
where a mistake is, control characters in a text, and numbers."""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from gdsim.model.lessons.lesson import LessonError
from gdsim.model.limits import quoted


class Where:
    """Builds LessonError messages that say where the mistake is."""

    def __init__(self, source: str):
        self.source = source

    def error(self, message: str, stage: int | None = None, name: str | None = None) -> LessonError:
        where = [self.source]
        if stage is not None:
            where.append(f"stage {stage + 1}")
        if name is not None:
            where.append(f"field '{name}'")
        return LessonError(f"{': '.join(where)}: {message}")


def has_control(text: str, allowed: str = "") -> bool:
    return _control_pattern(allowed).search(text) is not None


@functools.cache
def _control_pattern(allowed: str) -> re.Pattern:
    """C0 and C1 control characters but `allowed`: one regex search instead of a loop over every character
    (12 ms of reading the bundled lessons, which the window does before its first paint)."""
    controls = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in allowed)
    return re.compile(f"[{re.escape(controls)}]")


def checked_number(value: Any, where: Where, stage: int, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise where.error(f"expected a finite number, got {quoted(value)}", stage, name)
    return float(value)
