"""Where f is not a number, hatched: on the contour map the region, on the curve view a band of x.

Left plain, such a region looks like blank paper (or like the highest ground: the height map gives a
NaN the top colour). The hatch is drawn in screen pixels, so its stripes keep one spacing at any zoom.
"""

from __future__ import annotations

import contourpy
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap

UNDEFINED_PAPER = "#ededed"  # pale and grey: nothing of the height map's colours
UNDEFINED_HATCH = "#6b6b6b"
HATCH_PX = 8  # the stripes' spacing on screen
UNDEFINED_Z = -12  # over the height image (−20) and a basin map (−15), under the contour lines (−10)


def hatch_brush() -> QBrush:
    """Pale paper with dark diagonal stripes, HATCH_PX apart, as a brush tiled in screen pixels."""
    tile = QPixmap(HATCH_PX, HATCH_PX)
    tile.fill(QColor(UNDEFINED_PAPER))
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(UNDEFINED_HATCH), 1.6))
    for shift in (-HATCH_PX, 0, HATCH_PX):  # the line, and its neighbours' ends in the corners
        painter.drawLine(QPointF(shift, HATCH_PX), QPointF(shift + HATCH_PX, 0))
    painter.end()
    return QBrush(tile)


def undefined_intervals(xs: np.ndarray, values: np.ndarray) -> list[tuple[float, float]]:
    """The x intervals where `values` is NaN, their ends halfway to the nearest defined sample."""
    undefined = np.isnan(values)
    if not undefined.any():
        return []
    edges = np.flatnonzero(np.diff(undefined.astype(np.int8)))
    starts = [0, *(edges[undefined[edges + 1]] + 1)] if undefined[0] else list(edges[undefined[edges + 1]] + 1)
    intervals = []
    for start in starts:
        after = np.flatnonzero(~undefined[start:])
        end = start + after[0] - 1 if after.size else len(xs) - 1
        low = xs[0] if start == 0 else 0.5 * (xs[start - 1] + xs[start])
        high = xs[-1] if end == len(xs) - 1 else 0.5 * (xs[end] + xs[end + 1])
        intervals.append((float(low), float(high)))
    return intervals


def undefined_path(xs: np.ndarray, ys: np.ndarray, z: np.ndarray) -> QPainterPath:
    """The region of the grid (z indexed [iy, ix]) where z is NaN, as one path (holes by odd-even fill)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    undefined = np.isnan(z)
    if not undefined.any():
        return path
    generator = contourpy.contour_generator(xs, ys, undefined.astype(float), fill_type=contourpy.FillType.OuterCode)
    polygons, codes = generator.filled(0.5, 1.5)
    for points, kinds in zip(polygons, codes, strict=True):
        for (x, y), kind in zip(points, kinds, strict=True):
            if kind == 1:  # MOVETO
                path.moveTo(x, y)
            elif kind == 79:  # CLOSEPOLY
                path.closeSubpath()
            else:
                path.lineTo(x, y)
    return path


class UndefinedLayer(pg.GraphicsObject):
    """The hatched region of a plot where f is undefined; the view hands it each sampled grid or curve."""

    def __init__(self, plot: pg.PlotItem):
        super().__init__()
        self._view = plot.vb
        self._path = QPainterPath()
        self._brush = hatch_brush()
        self.setZValue(UNDEFINED_Z)
        plot.addItem(self, ignoreBounds=True)
        self._view.sigRangeChanged.connect(self._on_range_changed)

    @property
    def empty(self) -> bool:
        return self._path.isEmpty()

    def show_grid(self, xs: np.ndarray, ys: np.ndarray, z: np.ndarray) -> None:
        self._set_path(undefined_path(xs, ys, z))

    def show_curve(self, xs: np.ndarray, values: np.ndarray) -> None:
        path = QPainterPath()
        for low, high in undefined_intervals(xs, values):
            path.addRect(QRectF(low, -1e12, high - low, 2e12))  # every height: cut to the view when painted
        self._set_path(path)

    def _set_path(self, path: QPainterPath) -> None:
        self.prepareGeometryChange()
        self._path = path
        self.update()

    def _on_range_changed(self, *args) -> None:
        self.prepareGeometryChange()  # the painted part is the path within the view

    def boundingRect(self) -> QRectF:
        if self._path.isEmpty():
            return QRectF()
        return self._path.boundingRect().intersected(self._view.viewRect())

    def paint(self, painter: QPainter, *args) -> None:
        if self._path.isEmpty():
            return
        shown = QPainterPath()
        shown.addRect(self._view.viewRect())
        on_screen = painter.transform().map(self._path.intersected(shown))
        painter.save()
        painter.resetTransform()  # the stripes in screen pixels, not stretched with the axes
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillPath(on_screen, self._brush)
        painter.restore()
