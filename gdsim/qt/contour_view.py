"""The contour view: height image, contour lines, critical points, balls and their trails."""

from __future__ import annotations

import contourpy
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsItem

from gdsim.model.landscapes import Landscape
from gdsim.model.simulation import Snapshot
from gdsim.qt import style
from gdsim.qt.controller import Controller, RunInfo
from gdsim.qt.landscape_plot import LandscapePlot
from gdsim.qt.trail_layer import TrailLayer

GRID_RESOLUTION = 300
CONTOUR_LEVELS = 22


def contour_lines(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every contour line of every level as one NaN-separated (x, y) pair of arrays."""
    generator = contourpy.contour_generator(xs, ys, np.where(np.isfinite(z), z, np.nan),
                                            line_type=contourpy.LineType.ChunkCombinedNan)
    pieces = []
    for level in levels:
        points = generator.lines(level)[0][0]  # one chunk, its lines already NaN-separated
        if points is not None:
            pieces.append(points)
    if not pieces:
        return np.empty(0), np.empty(0)
    joined = np.concatenate([np.vstack([p, [np.nan, np.nan]]) for p in pieces])
    return joined[:, 0], joined[:, 1]


class ContourView(LandscapePlot):
    """Top-down map of a 2-D landscape. A click drops the start point; the start marker can be dragged."""

    dim = 2

    def __init__(self, controller: Controller, parent=None):
        super().__init__(controller, parent)
        plot = self.getPlotItem()
        plot.setLabel("bottom", "x")
        plot.setLabel("left", "y")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(style.height_colormap().getLookupTable(nPts=256))
        self.image.setZValue(-20)
        # The landscape does not move while balls do: paint it once into a pixmap.
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.contours = pg.PlotCurveItem(pen=pg.mkPen(style.CONTOUR_LINE, width=1), connect="finite")
        self.contours.setZValue(-10)
        self.contours.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.trails = TrailLayer(plot.vb, controller.snapshot)
        self.trails.setZValue(10)
        plot.addItem(self.image)
        plot.addItem(self.contours)
        plot.addItem(self.trails, ignoreBounds=True)

    def draw_landscape(self, landscape: Landscape) -> None:
        xs, ys, z = landscape.sample_grid(GRID_RESOLUTION)
        self.image.setImage(style.equalized(z, z), levels=(0.0, 1.0))
        (x0, x1), (y0, y1) = landscape.view_box
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        finite = z[np.isfinite(z)]
        levels = np.unique(np.quantile(finite, np.linspace(0.0, 1.0, CONTOUR_LEVELS + 2)[1:-1])) if finite.size else []
        self.contours.setData(*contour_lines(xs, ys, z, levels))
        self.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def plot_points(self, positions: np.ndarray, losses: np.ndarray) -> np.ndarray:
        return positions

    def start_history(self, run: RunInfo) -> None:
        self.trails.set_groups([(balls, style.trail_style(run.colors[slot], len(balls))["pen"])
                                for slot, balls in self._groups.items()])

    def draw_history(self, snapshot: Snapshot) -> None:
        self.trails.update_trails(snapshot)

    def start_from_click(self, point: QPointF) -> tuple[float, ...]:
        return (point.x(), point.y())
