"""Numbers as a lesson needs them: a start picked with the mouse to the digits the start boxes show, an η
picked on the sweep plot to the digits its label shows, a tolerance as a person writes it.

A picked value is rounded where it is picked, not only where it is shown: then the start the run uses is
the start every box, label and saved lesson shows, and no 15-digit tail appears anywhere later.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

START_DECIMALS = 4  # the start boxes' decimals: (−2.0015, 4.0218)
LR_DIGITS = 6  # significant digits of a picked η, as a ball's label writes it: η=0.0235983
# A start is rounded no coarser than this share of the view box's span: on a box 10⁻³ wide, four
# decimals would snap every click to one of ten points.
FINEST_SHARE = 1e-4
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def start_decimals(span: float) -> int:
    """Decimals for a start on a view box `span` wide: START_DECIMALS, or more on a box so small that
    they would be coarser than FINEST_SHARE of it."""
    if not (math.isfinite(span) and span > 0):
        return START_DECIMALS
    return max(START_DECIMALS, math.ceil(-math.log10(span * FINEST_SHARE)))


def picked_start(point: Sequence[float], span: float) -> tuple[float, ...]:
    """A start picked with the mouse on a view box `span` wide, rounded to `start_decimals(span)`
    (and never −0.0)."""
    decimals = start_decimals(span)
    return tuple(round(float(c), decimals) + 0.0 for c in point)


def start_text(point: Sequence[float], decimals: int = START_DECIMALS) -> str:
    """A start as the lesson writes it: (−2.0015, 4.0218), with true minus signs and no −0.0000."""
    return "(" + ", ".join(f"{round(float(c), decimals) + 0.0:.{decimals}f}".replace("-", "−") for c in point) + ")"


def significant(value: float, digits: int = LR_DIGITS) -> float:
    """`value` rounded to `digits` significant digits: 0.023598305 → 0.0235983."""
    if not math.isfinite(value) or value == 0:
        return value
    return float(f"{value:.{digits}g}")


def power_text(value: float) -> str:
    """A small or large number as a person writes it: 10⁻⁶, 2.5·10⁻⁹, 0.01, 300."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    exponent = math.floor(math.log10(abs(value)))
    if -3 <= exponent <= 4:
        return f"{value:g}".replace("-", "−")
    mantissa = float(f"{value / 10 ** exponent:.2g}")
    if abs(mantissa) >= 10:  # 9.99e-7 rounds up to 10·10⁻⁷
        mantissa, exponent = mantissa / 10, exponent + 1
    power = "10" + str(exponent).translate(SUPERSCRIPTS)
    return power if mantissa == 1 else f"{mantissa:g}·{power}".replace("-", "−")
