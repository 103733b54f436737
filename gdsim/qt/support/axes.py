"""Tick labels a class can read from the back of the room: a few significant digits, with the common
part of the numbers said once in the axis label (an offset such as "− 22.74", or "×10⁻⁹")."""

from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics

from gdsim.model.rounding import SUPERSCRIPTS

MOST_DIGITS = 4  # a tick label needs more than this many digits: its common part moves to the label


def signed(text: str) -> str:
    """A number's text with a true minus sign, and no "−0"."""
    text = text.replace("-", "−")
    return text[1:] if text.startswith("−") and not text.strip("−0.") else text


def power_of_ten(exponent: int) -> str:
    return "×10" + str(exponent).translate(SUPERSCRIPTS)


def common_part(low: float, high: float, digits: int = MOST_DIGITS) -> tuple[float, int]:
    """The offset and the power of ten that leave a range's ticks a few digits each.

    An offset when the range is narrow beside its values (22.7399999985 … 22.7400000015 reads as
    −1.5 … 1.5 ×10⁻⁹ above 22.74); a power of ten when the values are very large or very small.
    """
    span, size = high - low, max(abs(low), abs(high))
    if not (math.isfinite(span) and math.isfinite(size)) or span <= 0 or size == 0:
        return 0.0, 0
    offset = 0.0
    if span < 10.0 ** -(digits - 1) * size:
        unit = 10.0 ** math.ceil(math.log10(span))
        offset = round((low + high) / 2 / unit) * unit
        offset = float(f"{offset:.12g}")
        size = max(abs(low - offset), abs(high - offset))
    exponent = math.floor(math.log10(size)) if size > 0 else 0
    if -2 <= exponent < digits:
        exponent = 0
    return offset, exponent


def wider_spacing(spacing: float) -> float:
    """The next of 1, 2, 5 × 10ᵏ above `spacing`."""
    power = 10.0 ** math.floor(math.log10(spacing))
    mantissa = round(spacing / power)
    return (2 if mantissa < 2 else 5 if mantissa < 5 else 10) * power


class ReadableAxis(pg.AxisItem):
    """An axis whose tick labels keep to a few digits; what they share is written once, after the label.

    `digits`: the most digits a label keeps before its common part moves out (an axis of steps
    reads 10000 better than 1 ×10⁴). Log mode keeps pyqtgraph's labels (powers of ten).
    """

    offset = 0.0  # before __init__: pyqtgraph's sets the range
    end_tick: float | None = None  # a value the ticks must reach, say the step axis's end (set by its plot)
    exponent = 0
    digits = MOST_DIGITS

    def __init__(self, orientation: str, digits: int = MOST_DIGITS, **kwargs):
        super().__init__(orientation, **kwargs)
        self.digits = digits
        self.enableAutoSIPrefix(False)

    def setRange(self, mn: float, mx: float) -> None:
        super().setRange(mn, mx)
        common = (0.0, 0) if self.logMode else common_part(min(mn, mx), max(mn, mx), self.digits)
        if common != (self.offset, self.exponent):
            self.offset, self.exponent = common
            self._updateLabel()

    def _tick_font_metrics(self) -> QFontMetrics:
        return QFontMetrics(self.style["tickFont"] if self.style["tickFont"] is not None else QFont())

    def _widest_label(self, minVal: float, maxVal: float, spacing: float) -> int:
        return max(self._tick_font_metrics().horizontalAdvance(t)
                   for t in self.tickStrings([minVal, maxVal], 1.0, spacing))

    def tickSpacing(self, minVal: float, maxVal: float, size: float):
        """pyqtgraph's spacing, widened along a horizontal axis until the labels do not touch: it
        judges by length alone, and "8000" met "10000" in presenter mode's larger font."""
        levels = super().tickSpacing(minVal, maxVal, size)
        if self.orientation not in ("top", "bottom") or self.logMode or not levels or size <= 0:
            return levels
        major = spacing = levels[0][0]
        room = self._widest_label(minVal, maxVal, spacing) + self._tick_font_metrics().horizontalAdvance("0000")
        while abs(maxVal - minVal) / spacing * room > size:
            spacing = wider_spacing(spacing)
        if spacing == major:
            return levels
        mantissa = round(spacing / 10.0 ** math.floor(math.log10(spacing)))
        return [(spacing, 0), (spacing / (5 if mantissa == 5 else 2), 0)]

    def tickValues(self, minVal: float, maxVal: float, size: float):
        """The round ticks, and `end_tick` among the labelled ones; a round tick whose label would
        touch the end's gives way to it. (A spacing made to divide the end left 0 alone on an axis
        of 45 steps.)"""
        levels = super().tickValues(minVal, maxVal, size)
        low, high = sorted((minVal, maxVal))
        end = self.end_tick
        if end is None or self.logMode or not levels or size <= 0 or high <= low:
            return levels
        rounding = 1e-9 * (high - low)
        if not low - rounding <= end <= high + rounding:
            return levels
        spacing = levels[0][0]
        pixels = self._widest_label(low, high, spacing) + self._tick_font_metrics().horizontalAdvance("00")
        too_close = pixels * (high - low) / size
        kept = [(level_spacing, [v for v in values if abs(end - v) >= too_close])
                for level_spacing, values in levels]
        kept[0][1].append(end)
        return kept

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.logMode:
            return self.logTickStrings(values, scale, spacing)
        unit = 10.0 ** self.exponent
        step = spacing * scale / unit
        places = max(0, math.ceil(-math.log10(step) - 1e-9)) if step > 0 else 0
        return [signed(f"{(v * scale - self.offset) / unit:.{places}f}") for v in values]

    def note(self) -> str:
        """What the tick labels leave out: "− 22.74", "(×10⁻⁹)", or nothing."""
        parts = []
        if self.offset:
            parts.append(("− " if self.offset > 0 else "+ ") + signed(f"{abs(self.offset):.12g}"))
        if self.exponent:
            parts.append(f"({power_of_ten(self.exponent)})")
        return " ".join(parts)

    def labelString(self) -> str:
        note = self.note()
        text = f"{self.labelText} {html.escape(note)}" if note else self.labelText
        style = ";".join(f"{k}: {v}" for k, v in self.labelStyle.items())
        return f"<span style='{style}'>{text}</span>"
