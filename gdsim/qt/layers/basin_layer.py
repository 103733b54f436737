"""Basins of attraction on the contour view: one colour per minimum, under the contour lines; on the curve
view of a landscape of one variable, coloured intervals along x behind the curve."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsItem

from gdsim.model.basins import DIVERGED, NOT_CONVERGED, BasinMap, minimum_name, point_text
from gdsim.qt import style

# Pale, evenly spaced hues drawn as wide areas: neighbouring basins differ in hue and lightness, and
# none can pass for a ball, which is a small, saturated Okabe–Ito dot with a dark outline. Violet,
# yellow, lime and rose come first: Himmelblau's four basins all meet in the middle.
BASIN_COLORS = ("#9D8FDB", "#EBD557", "#9ACD6A", "#EE9DA7", "#7ECFCB", "#D2A878", "#BFD0E8", "#E2B4E4",
                "#C9C95B", "#A3B5A0")
BASIN_ALPHA = 190  # of 255: the height shading still shows through, faintly; the contour lines show the shape
INTERVAL_ALPHA = 150  # of 255, behind the curve of a landscape of one variable: the grid lines show through
DIVERGED_COLOR = "#5c5c5c"  # drawn in diagonal stripes, as hatching
NOT_CONVERGED_COLOR = "#b8b8b8"
HATCH_PERIOD = 6  # grid cells per stripe pair of the diverged hatching
MAX_NAMED = 26  # more names than this cover the map: the rings alone mark the minima then


def palette_indices(basin_map: BasinMap) -> np.ndarray:
    """The palette colour of each minimum's basin, the same for every recipe's map.

    Up to the palette's size every basin has its own colour. Beyond, basins that touch on any map get
    different colours (a greedy colouring), so that a field of minima (Rastrigin) stays readable.
    """
    count = len(basin_map.minima)
    if count <= len(BASIN_COLORS):
        return np.arange(count)
    pairs = []
    for labels in basin_map.labels:
        # Diagonal neighbours too: basins that meet at a corner would read as one otherwise.
        for a, b in ((labels[:, :-1], labels[:, 1:]), (labels[:-1, :], labels[1:, :]),
                     (labels[:-1, :-1], labels[1:, 1:]), (labels[:-1, 1:], labels[1:, :-1])):
            touching = (a != b) & (a >= 0) & (b >= 0)
            pairs.append(np.column_stack([a[touching], b[touching]]))
    neighbours: list[set[int]] = [set() for _ in range(count)]
    for a, b in np.unique(np.concatenate(pairs), axis=0):
        neighbours[a].add(int(b))
        neighbours[b].add(int(a))
    colors = np.full(count, -1)
    for index in range(count):
        taken = {colors[n] for n in neighbours[index]}
        colors[index] = next(c for c in range(count) if c not in taken) % len(BASIN_COLORS)
    return colors


def basin_color(palette_index: int) -> QColor:
    """The opaque colour of a basin from its palette index (see `palette_indices`)."""
    return QColor(BASIN_COLORS[palette_index % len(BASIN_COLORS)])


def category_brush(label: int, palette_index: int = 0) -> QBrush:
    """A brush for a key or a table: a basin's colour, grey hatching for diverged, grey for not converged."""
    if label == DIVERGED:
        return QBrush(QColor(DIVERGED_COLOR), Qt.BrushStyle.BDiagPattern)
    if label == NOT_CONVERGED:
        return QBrush(QColor(NOT_CONVERGED_COLOR))
    return QBrush(basin_color(palette_index))


def basin_rgba(labels: np.ndarray, palette_index: np.ndarray) -> np.ndarray:
    """An RGBA image (rows, cols, 4) of a label grid: semi-transparent basin colours, grey for the rest."""
    palette = np.array([[*QColor(c).getRgb()[:3], BASIN_ALPHA] for c in BASIN_COLORS], dtype=np.ubyte)
    lookup = np.append(np.asarray(palette_index, dtype=np.intp), 0)  # the 0 for a map without minima
    rgba = palette[lookup[np.maximum(labels, 0)]]
    rows, cols = np.indices(labels.shape)
    stripe = (rows + cols) % HATCH_PERIOD < HATCH_PERIOD // 2
    dark = QColor(DIVERGED_COLOR).getRgb()[:3]
    rgba[labels == DIVERGED] = [*dark, 60]
    rgba[(labels == DIVERGED) & stripe] = [*dark, 190]
    rgba[labels == NOT_CONVERGED] = [*QColor(NOT_CONVERGED_COLOR).getRgb()[:3], 170]
    return rgba


def interval_brush(label: int, palette_index: int = 0) -> QBrush:
    """The brush of an interval of starts along x: `category_brush`, see-through behind the curve."""
    brush = category_brush(label, palette_index)
    color = brush.color()
    color.setAlpha(255 if label == DIVERGED else INTERVAL_ALPHA)  # the hatching's lines are thin: opaque
    brush.setColor(color)
    return brush


class BasinLayer:
    """The basin map of one ball setting on a plot: an image between the height map and the contour
    lines, and at each minimum a ring in its basin's colour with its name.

    On the curve view (`dim` 1) the map is coloured intervals along x, the full height of the plot, behind
    the curve; a minimum's ring sits on the curve, at (x, f(x)), named with its x.
    """

    Z_VALUE = -15  # above the height image (−20), below the contour lines and the curve (−10)

    def __init__(self, plot: pg.PlotItem, dim: int = 2):
        self._plot = plot
        self.dim = dim
        self._regions: list[pg.LinearRegionItem] = []
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(self.Z_VALUE)
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # Under the critical points' stars (5), so a ring frames its star.
        self.rings = pg.ScatterPlotItem(size=24, symbol="o", brush=None)
        self.rings.setZValue(4)
        plot.addItem(self.image, ignoreBounds=True)
        plot.addItem(self.rings, ignoreBounds=True)
        self._names: list[pg.TextItem] = []
        self.basin_map: BasinMap | None = None
        self.recipe_index = 0
        self.palette_index = np.empty(0, dtype=np.intp)
        self._visible = True
        self.clear()

    @property
    def shown(self) -> bool:
        """Whether a map is on the plot now."""
        return self.basin_map is not None and self._visible

    def show(self, basin_map: BasinMap, recipe_index: int = 0) -> None:
        """Draw the map of `basin_map.recipes[recipe_index]`."""
        self.basin_map, self.recipe_index = basin_map, recipe_index
        self.palette_index = palette_indices(basin_map)
        self._remove_drawn()
        if basin_map.dim == 1:
            self._draw_intervals(basin_map, recipe_index)
            places = np.column_stack([basin_map.minima[:, 0], basin_map.values])  # on the curve
        else:
            self.image.setImage(basin_rgba(basin_map.labels[recipe_index], self.palette_index), autoLevels=False)
            (x0, x1), (y0, y1) = basin_map.box
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            places = basin_map.minima
        pens = [pg.mkPen(basin_color(c).darker(160), width=3) for c in self.palette_index]
        self.rings.setData(pos=places, pen=pens)
        named = places if len(places) <= MAX_NAMED else ()
        for index, point in enumerate(named):
            text = minimum_name(index)
            if basin_map.dim == 1:  # room beside the curve: the name says where, as the table does
                text += " " + point_text(basin_map.minima[index], basin_map.box)
            name = pg.TextItem(text, color=style.OUTLINE, anchor=(-0.25, 1.05),
                               fill=pg.mkBrush(255, 255, 255, 215),
                               border=pg.mkPen(basin_color(self.palette_index[index]).darker(160)))
            font = name.textItem.font()
            font.setBold(True)
            name.setFont(font)
            name.setPos(*point)
            name.setZValue(4)
            self._plot.addItem(name, ignoreBounds=True)
            self._names.append(name)
        self._apply_visibility()

    def _draw_intervals(self, basin_map: BasinMap, recipe_index: int) -> None:
        for label, left, right in basin_map.intervals(recipe_index):
            brush = interval_brush(label, self.palette_index[label] if label >= 0 else 0)
            region = pg.LinearRegionItem((left, right), movable=False, brush=brush, pen=pg.mkPen(None))
            region.setZValue(self.Z_VALUE)
            region.label = label  # what the interval is: a minimum's index, DIVERGED or NOT_CONVERGED
            self._plot.addItem(region, ignoreBounds=True)
            self._regions.append(region)

    @property
    def intervals(self) -> list[tuple[int, float, float]]:
        """The intervals drawn on the curve view: (label, left, right)."""
        return [(region.label, *region.getRegion()) for region in self._regions]

    def _remove_drawn(self) -> None:
        self.image.clear()
        self.rings.clear()
        for item in (*self._names, *self._regions):
            self._plot.removeItem(item)
        self._names, self._regions = [], []

    def follow(self, display) -> None:
        """Draw what the view state says: a view_state.BasinDisplay, or None for no map (nor one of a
        landscape of another number of variables: the contour view stays bare under a 1-D map)."""
        if display is None or display.basin_map.dim != self.dim:
            self.clear()
            return
        if display.basin_map is not self.basin_map or display.recipe_index != self.recipe_index:
            self.show(display.basin_map, display.recipe_index)
        self.set_visible(display.visible)

    def clear(self, *_) -> None:
        """Remove the map (the landscape or its box changed: it no longer describes what is drawn)."""
        self.basin_map = None
        self._remove_drawn()

    def set_visible(self, visible: bool) -> None:
        """Hide or show the map, keeping it."""
        self._visible = bool(visible)
        self._apply_visibility()

    def _apply_visibility(self) -> None:
        for item in (self.image, self.rings, *self._names, *self._regions):
            item.setVisible(self._visible)


MAX_KEY_MINIMA = 8


def key_entries(basin_map: BasinMap, recipe_index: int) -> list[tuple[Callable[[], pg.GraphicsObject], str]]:
    """Legend samples and texts for a map: its minima with their points and shares (the first
    MAX_KEY_MINIMA), then diverged and not converged where any start did."""
    shares = basin_map.shares[recipe_index]
    colors = palette_indices(basin_map)
    translate = QCoreApplication.translate
    shown = zip(basin_map.minima[:MAX_KEY_MINIMA], shares.minima[:MAX_KEY_MINIMA], strict=True)
    entries = [(category_brush(index, colors[index]),
                f"{minimum_name(index)} {point_text(point, basin_map.box)}: {share:.1%}")
               for index, (point, share) in enumerate(shown)]
    hidden = len(basin_map.minima) - MAX_KEY_MINIMA
    if hidden > 0:
        entries.append((None, translate("BasinLayer", "… and {count} more minima").format(count=hidden)))
    if shares.diverged:
        entries.append((category_brush(DIVERGED), translate("BasinLayer", "diverged: {share}")
                        .format(share=f"{shares.diverged:.1%}")))
    if shares.not_converged:
        entries.append((category_brush(NOT_CONVERGED), translate("BasinLayer", "not converged: {share}")
                        .format(share=f"{shares.not_converged:.1%}")))
    def sample(brush):
        outline = pg.mkPen(style.OUTLINE, width=1) if brush else pg.mkPen(None)
        return lambda: pg.ScatterPlotItem(symbol="s", size=style.px(13), brush=pg.mkBrush(brush), pen=outline)

    return [(sample(brush), text) for brush, text in entries]
