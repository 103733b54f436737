"""Every place gdsim reaches into pyqtgraph's internals or works around its behaviour, in one module.

Each function says what pyqtgraph does that needs working around; tests/qt/test_pg_compat.py holds
one test per workaround, so an upgrade of pyqtgraph that changes its internals fails there first.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPainter, QPen, QPicture, QTextDocument
from PySide6.QtWidgets import QAbstractGraphicsShapeItem, QApplication, QGraphicsTextItem, QGraphicsView, QSizePolicy


def resize_target(item: pg.TargetItem, size: float) -> None:
    """A TargetItem keeps its size in `scale` and caches its outline in `_shape`, with no setter for
    either: set both, then tell the scene that its geometry changed."""
    item.scale = size
    item._shape = None
    item.prepareGeometryChange()
    item.update()


def new_legend(plot: pg.PlotItem, old: pg.LegendItem | None, columns: int, text_size: str,
               whole_width: bool = False) -> pg.LegendItem:
    """A legend of `columns` columns in the plot's layout above the view box (with `whole_width`, above
    the left axis too), in place of `old`.

    A new legend each time: pyqtgraph's setColumnCount moves live items between layout cells, after
    which closing the view crashed in the scene's clear(). The legend ignores its own width, so a long
    label cannot widen the plot past its widget (it would clip the plot's right side).
    """
    if old is not None:
        plot.layout.removeItem(old)
        if old.scene() is not None:
            old.scene().removeItem(old)
    legend = pg.LegendItem(labelTextSize=text_size, colCount=columns, verSpacing=-6)
    legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    if whole_width:
        plot.layout.addItem(legend, 0, 0, 1, 3)
    else:
        plot.layout.addItem(legend, 0, 1)
    return legend


def settle_layout(plot: pg.PlotItem) -> None:
    """Measure the axes' tick labels and lay the plot out now, before it is painted.

    An AxisItem measures its tick labels only while it paints, and then takes the width they need; a legend's
    new height reaches the plot's layout at the next events. Either way a map whose new landscape has wider
    labels (or another legend) was painted, resized and painted in full again (~13 ms). Each axis's picture is
    made here as AxisItem.paint makes it (the paint then plays it, unless the layout changed it)."""
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        if axis.picture is not None or not axis.isVisible():
            continue
        picture = QPicture()
        painter = QPainter(picture)
        try:
            if axis.style["tickFont"]:
                painter.setFont(axis.style["tickFont"])
            specs = axis.generateDrawSpecs(painter)  # takes the width its labels need
            if specs is not None:
                axis.drawPicture(painter, *specs)
        finally:
            painter.end()
        axis.picture = picture
    plot.layout.activate()


def plot_item_alive(view: pg.PlotWidget, event) -> bool:
    """Whether a resize event of a PlotWidget is one to act on: pyqtgraph sends one with None while
    it builds the view, and close() drops the plot item before its last resize."""
    return event is not None and getattr(view, "plotItem", None) is not None


def curve_data(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The data as given, or nothing when no y is finite: pyqtgraph warns on an all-NaN curve."""
    return (xs, ys) if np.isfinite(ys).any() else (xs[:0], ys[:0])


def refont_texts(family: str) -> None:
    """pyqtgraph's texts (axis labels, legends, notes) keep the font they were made with: give the
    ones on screen the new family. Those made later take the application font."""
    for widget in QApplication.allWidgets():
        if isinstance(widget, QGraphicsView) and widget.scene() is not None:
            for item in widget.scene().items():
                if isinstance(item, QGraphicsTextItem):
                    font = item.font()
                    font.setFamily(family)
                    item.setFont(font)


# AxisItem.resizeEvent puts a vertical axis's label 5 px beyond the axis's outer edge ("nudge"), where the
# plot's edge cuts the tops of the letters off (Hangul fills its line to the top), and _updateWidth widens
# the axis by only 0.8 of the label's height, which leaves the label against the tick numbers.
AXIS_LABEL_NUDGE = 5


def keep_axis_label_inside(axis: pg.AxisItem) -> None:
    """A vertical axis's label wholly inside the plot and clear of the ticks: the label's text gets as much
    more margin as pyqtgraph pushes it outward, and the axis widens by 0.8 of the margins added."""
    margin = QTextDocument().documentMargin() + AXIS_LABEL_NUDGE
    document = axis.label.document()
    if document.documentMargin() != margin:
        document.setDocumentMargin(margin)
        axis.showLabel(axis.label.isVisible())  # measures the axis's width again


def widened(pen: QPen, factor: float) -> QPen:
    wider = QPen(pen)
    wider.setWidthF(max(pen.widthF(), 1.0) * factor)  # a cosmetic width of 0 draws 1 pixel
    return wider


def is_cosmetic_pen(value) -> bool:
    return isinstance(value, QPen) and value.isCosmetic()


def widen_pens(item, factor: float, undo: list[Callable[[], None]]) -> None:
    """Widen the cosmetic pens `item` draws with, wherever pyqtgraph keeps them (attributes, `opts`,
    a scatter's per-point pens, an axis's cached picture); `undo` puts them back."""
    owners = [item] + ([item.item] if isinstance(item, pg.ItemSample) and item.item is not None else [])
    for owner in owners:
        for name, value in list(vars(owner).items()):
            if is_cosmetic_pen(value):
                setattr(owner, name, widened(value, factor))
                undo.append(lambda owner=owner, name=name, value=value: setattr(owner, name, value))
        opts = getattr(owner, "opts", None)
        if isinstance(opts, dict):
            for name, value in list(opts.items()):
                if is_cosmetic_pen(value):
                    opts[name] = widened(value, factor)
                    undo.append(lambda opts=opts, name=name, value=value: opts.__setitem__(name, value))
    if isinstance(item, pg.ScatterPlotItem) and len(item.data):
        pens = item.data["pen"].copy()
        item.data["pen"] = [widened(p, factor) if is_cosmetic_pen(p) else p for p in pens]
        undo.append(lambda item=item, pens=pens: item.data.__setitem__("pen", pens))
    if isinstance(item, QAbstractGraphicsShapeItem) and item.pen().isCosmetic():
        pen = item.pen()
        item.setPen(widened(pen, factor))
        undo.append(lambda item=item, pen=pen: item.setPen(pen))
    if isinstance(item, pg.AxisItem):  # it keeps its drawing as a picture made with the old pen
        item.picture = None
        undo.append(lambda item=item: setattr(item, "picture", None))


# Ends beyond this are clamped: pyqtgraph takes the difference of a range's ends, which overflows past ±1e308.
SHOWN_LIMIT = 1e300
_NARROWEST = 1e-12  # of the ends' size: a narrower range has no distinct ticks, and its scale overflows
_TINIEST = 1e-300


def finite_range(low: float, high: float, default: tuple[float, float] = (-1.0, 1.0)) -> tuple[float, float]:
    """(low, high) as a range pyqtgraph can show: finite, ordered, within ±SHOWN_LIMIT, and not narrower
    than the precision of its ends. An infinite end is clamped; a NaN end gives way to the other, and
    `default` is taken when both are NaN.

    pyqtgraph raises "Cannot set range [-1e307, inf]" for a range with a non-finite end, and a range of
    2.5e-5 beside 1e20 or one of 1e-320 makes its scale infinite.
    """
    ends = [float(v) for v in (low, high) if not math.isnan(v)]
    if not ends:
        low, high = default
    else:
        low, high = min(ends), max(ends)
    low, high = (min(max(v, -SHOWN_LIMIT), SHOWN_LIMIT) for v in (low, high))
    narrowest = max(_NARROWEST * max(abs(low), abs(high)), _TINIEST)
    if high - low < narrowest:
        middle = 0.5 * low + 0.5 * high
        low, high = middle - narrowest, middle + narrowest
    return low, high


def set_view_range(target, x: tuple[float, float] | None = None, y: tuple[float, float] | None = None,
                   padding: float | None = None) -> None:
    """`target.setRange` (a PlotWidget, PlotItem or ViewBox) with each given range made safe by finite_range;
    a range not given is left as it is."""
    ranges = {}
    if x is not None:
        ranges["xRange"] = finite_range(*x)
    if y is not None:
        ranges["yRange"] = finite_range(*y)
    if ranges:
        target.setRange(**ranges, padding=padding)
