"""The map's legend: a strip above the map, never so tall that the map is left a sliver."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtWidgets import QApplication

from gdsim.model.balls import SCHEDULE_SEPARATOR
from gdsim.qt import style
from gdsim.qt.support import pg_compat

LEGEND_HEIGHT_SHARE = 0.2  # of the widget's height, at most, when any layout fits it
SIDE_ROOM_PX = 60  # the plot's axis and margins beside the legend
MAX_ROWS = 2


def legend_sample(symbol: str, size: float, brush, outline: float) -> pg.ScatterPlotItem:
    return pg.ScatterPlotItem(symbol=symbol, size=style.px(size), brush=brush, pen=style.outline_pen(outline))


@dataclass(frozen=True)
class LegendSample:
    """A legend entry's sample as a value (the same sample compares equal): a run whose legend reads as the
    last one's keeps the legend it has, not another built and laid out (~5-10 ms a landscape switch)."""

    symbol: str
    size: float
    fill: str | None  # a colour's name, or None for an outline alone
    outline: float

    def __call__(self) -> SymbolSample:
        return SymbolSample(self.symbol, style.px(self.size), pg.mkBrush(self.fill), style.outline_pen(self.outline))


class SymbolSample(pg.ItemSample):
    """A symbol in a legend, drawn as pyqtgraph's ItemSample draws a ScatterPlotItem's, without making a
    ScatterPlotItem for it (~1 ms each: a legend has several, and a landscape switch builds one to four legends)."""

    def __init__(self, symbol: str, size: float, brush, pen):
        super().__init__(None)
        self.symbol, self.size, self.brush, self.pen = symbol, size, brush, pen
        self.antialias = pg.getConfigOption("antialias")  # as a ScatterPlotItem made now takes it

    def paint(self, painter, *args) -> None:
        if self.antialias:
            painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.translate(10, 10)
        drawSymbol(painter, self.symbol, self.size, self.pen, self.brush)

    def mouseClickEvent(self, event) -> None:
        event.accept()  # ItemSample's click hides the item it stands for; this one stands for no item


class LegendEntry(NamedTuple):
    """A legend entry: a function that makes its sample (a legend owns, and deletes, its samples), its
    text, and a shorter text for when the full ones do not fit (the full one is then its tooltip)."""

    make_sample: Callable[[], pg.GraphicsObject]
    text: str
    short: str | None = None


def _schedule_below(text: str) -> str:
    return text.replace(SCHEDULE_SEPARATOR, "<br>" + SCHEDULE_SEPARATOR.lstrip())  # the label is HTML


# The texts a legend tries, best first, with their size in points: the full labels, the full labels
# with each schedule on a line of its own, the short labels, the short labels smaller.
_WORDINGS: tuple[tuple[Callable[[LegendEntry], str], float], ...] = (
    (lambda entry: entry.text, 10),
    (lambda entry: _schedule_below(entry.text), 10),
    (lambda entry: entry.short or entry.text, 10),
    (lambda entry: entry.short or entry.text, 8),
)


def _column_counts(entries: int) -> tuple[list[int], list[int]]:
    """The column counts that keep the legend within MAX_ROWS rows (two columns at least), fewest
    first; then those that take more rows (for a narrow map with height to spare), fewest rows first."""
    if not entries:
        return [1], []
    fewest = min(entries, max(2, math.ceil(entries / MAX_ROWS)))
    return list(range(fewest, entries + 1)), list(range(fewest - 1, 0, -1))


def _distinct_wordings(entries: Sequence[LegendEntry]) -> list[tuple[Callable[[LegendEntry], str], float]]:
    """The wordings, without those that read as one before them (no schedule to move, no shorter
    label): each layout tried costs a legend built."""
    wordings, seen = [], set()
    for wording, size in _WORDINGS:
        key = (tuple(map(wording, entries)), size)
        if key not in seen:
            seen.add(key)
            wordings.append((wording, size))
    return wordings


def lay_out_legend(plot: pg.PlotItem, old: pg.LegendItem | None, entries: Sequence[LegendEntry],
                   width: float, height: float) -> pg.LegendItem:
    """A new legend of `entries` above the plot, in place of `old`: the first wording and column count
    whose legend fits the widget's `width` (a legend wider than the plot would widen the plot past its
    widget and push the map's right side out of sight) and takes at most LEGEND_HEIGHT_SHARE of its
    `height`, so the map keeps priority; when none does, the lowest that fits the width, else the
    narrowest."""
    low, tall = _column_counts(len(entries))
    wordings = _distinct_wordings(entries)
    candidates = [*((wording, size, columns) for wording, size in wordings for columns in low),
                  *((wording, size, columns) for columns in tall for wording, size in wordings)]
    key = _layout_key(entries, width, height)
    if key in _CHOSEN:
        return _build(plot, old, entries, *candidates[_CHOSEN[key]])
    best, best_score = len(candidates) - 1, (True, math.inf)
    legend = old
    for index, candidate in enumerate(candidates):
        legend = _build(plot, legend, entries, *candidate)
        legend_width, legend_height = legend.layout.minimumWidth(), legend.layout.minimumHeight()
        too_wide = legend_width > width - SIDE_ROOM_PX
        if not too_wide and legend_height <= LEGEND_HEIGHT_SHARE * height:
            _remember(key, index)
            return legend
        score = (too_wide, legend_width if too_wide else legend_height)
        if score < best_score:
            best, best_score = index, score
    _remember(key, best)
    return legend if best == len(candidates) - 1 else _build(plot, legend, entries, *candidates[best])


# The layout chosen for entries at a widget size, in a font: the same legend again (a landscape visited
# before, a typed function with the same balls) is built once, not once for each layout tried before it
# fitted (up to five builds, ~3 ms each, in a landscape switch).
_CHOSEN: dict[tuple, int] = {}
_CHOSEN_KEPT = 64


def _layout_key(entries: Sequence[LegendEntry], width: float, height: float) -> tuple | None:
    key = (tuple(entries), width, height, style.text_size(10), QApplication.font().toString())
    try:
        hash(key)
    except TypeError:  # a sample made by a function that is no value
        return None
    return key


def _remember(key: tuple | None, index: int) -> None:
    if key is None:
        return
    if len(_CHOSEN) >= _CHOSEN_KEPT:
        del _CHOSEN[next(iter(_CHOSEN))]
    _CHOSEN[key] = index


def _build(plot: pg.PlotItem, old: pg.LegendItem | None, entries: Sequence[LegendEntry],
           wording: Callable[[LegendEntry], str], size: float, columns: int) -> pg.LegendItem:
    legend = pg_compat.new_legend(plot, old, columns, style.text_size(size))
    for entry in entries:
        legend.addItem(entry.make_sample(), wording(entry))
        legend.items[-1][1].setToolTip(entry.text)
    return legend
