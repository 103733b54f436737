"""The contour view: height image, contour lines, critical points, balls and their trails."""

from __future__ import annotations

import contourpy
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsItem

from gdsim.model.analysis import descent_field
from gdsim.model.landscapes import Landscape
from gdsim.model.setup import RunInfo
from gdsim.model.simulation import Snapshot
from gdsim.qt import style
from gdsim.qt.controller import Controller
from gdsim.qt.layers.basin_layer import BasinLayer
from gdsim.qt.layers.curvature_layer import CurvatureLayer
from gdsim.qt.layers.fan_layer import FanLayer
from gdsim.qt.layers.prediction_layer import PredictionLayer
from gdsim.qt.layers.step_arrows import StepArrows, arrow_polyline
from gdsim.qt.layers.trail_layer import TrailLayer
from gdsim.qt.layers.undefined_layer import UndefinedLayer
from gdsim.qt.support import pg_compat
from gdsim.qt.view_state import ViewState
from gdsim.qt.views.landscape_plot import LandscapePlot

GRID_RESOLUTION = 300
CONTOUR_LEVELS = 22
FIELD_PER_AXIS = 15


def arrow_paths(points: np.ndarray, arrows: np.ndarray, box, per_axis: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The gradient field's arrows as one polyline, all at one scale: the longest 0.85 of a grid cell.

    Lengths are in the view box's units scaled per axis, so arrows read the same on a wide box.
    Returns xs, ys and the largest |∇f| (what the longest arrow stands for).
    """
    (x0, x1), (y0, y1) = box
    cell = np.array([(x1 - x0) / per_axis, (y1 - y0) / per_axis])
    finite = np.all(np.isfinite(arrows), axis=1)
    in_cells = np.where(finite[:, None], arrows / cell, 0.0)
    lengths = np.linalg.norm(in_cells, axis=1)
    longest_cells = float(lengths.max(initial=0.0))
    scale = 0.85 / longest_cells if longest_cells > 0 else 0.0
    tips = points + in_cells * scale * cell
    barbs = 0.22 * np.maximum(lengths * scale, 0.25)  # in cells, visible on short arrows
    flat = arrow_polyline(points, tips, barbs, cell)
    longest_gradient = float(np.max(np.linalg.norm(arrows[finite], axis=1), initial=0.0))
    return flat[:, 0], flat[:, 1], longest_gradient


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
    range_ignores_drawing = True

    def __init__(self, controller: Controller, view_state: ViewState | None = None, parent=None):
        super().__init__(controller, view_state, parent)
        plot = self.getPlotItem()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(style.height_colormap().getLookupTable(nPts=256))
        self.image.setZValue(-20)
        # The landscape does not move while balls do: paint it once into a pixmap.
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.contours = pg.PlotCurveItem(pen=style.contour_pen(), connect="finite")
        self.contours.setZValue(-10)
        self.contours.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.field = pg.PlotCurveItem(pen=pg.mkPen(style.FIELD_ARROW, width=1.4), connect="finite")
        self.field.setZValue(-5)
        self.field.setVisible(False)
        self.field_note = pg.TextItem(color=style.FIELD_ARROW, anchor=(0, 1), fill=pg.mkBrush(255, 255, 255, 200))
        self.field_note.setParentItem(plot.vb)
        self.field_note.setPos(6, 0)
        self.field_note.setVisible(False)
        self._longest_gradient: float | None = None  # what the field's longest arrow stands for, once drawn
        plot.addItem(self.field)
        plot.vb.sigResized.connect(self._place_field_note)
        self.trails = TrailLayer(plot.vb, controller.snapshot)
        self.trails.setZValue(10)
        plot.addItem(self.image)
        plot.addItem(self.contours)
        plot.addItem(self.trails, ignoreBounds=True)
        self.basin_layer = BasinLayer(plot)
        self.undefined_layer = UndefinedLayer(plot)
        self.view_state.sigBasinsChanged.connect(self.basin_layer.follow)
        self.step_arrows = StepArrows(self, controller, self.view_state)
        self.prediction_layer = PredictionLayer(plot, controller)
        self.fan_layer = FanLayer(plot, controller, self.view_state)  # Balls ▸ Fan
        self.curvature_layer = CurvatureLayer(self, controller, self.view_state)
        self.view_state.sigGradientFieldChanged.connect(self._on_gradient_field_changed)
        self.view_state.sigThemeChanged.connect(self.apply_theme)

    def draw_landscape(self, landscape: Landscape) -> None:
        with np.errstate(all="ignore"):  # sampled past its view box, a typed function may overflow
            xs, ys, z = landscape.sample_grid(GRID_RESOLUTION, self._sampled_box)
        ordered = np.sort(z[np.isfinite(z)])  # one sort for the colours and the contour levels
        self.image.setImage(style.equalized(z, z, ordered=ordered), levels=(0.0, 1.0))
        (x0, x1), (y0, y1) = self._sampled_box
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.undefined_layer.show_grid(xs, ys, z)
        fractions = np.linspace(0.0, 1.0, CONTOUR_LEVELS + 2)[1:-1]
        levels = style.quantiles(ordered, fractions, presorted=True) if ordered.size else []
        if len(levels):  # np.unique of sorted levels
            levels = levels[np.concatenate(([True], np.diff(levels) > 0))]
        self.contours.setData(*contour_lines(xs, ys, z, levels))
        if self.field.isVisible():
            self._draw_field(landscape)

    def apply_range(self, box) -> None:
        (x0, x1), (y0, y1) = box
        pg_compat.set_view_range(self, x=(x0, x1), y=(y0, y1), padding=0)

    def apply_theme(self) -> None:
        super().apply_theme()
        self.image.setLookupTable(style.height_colormap().getLookupTable(nPts=256))
        self.contours.setPen(style.contour_pen())
        self.prediction_layer.apply_theme()

    def _on_gradient_field_changed(self, visible: bool) -> None:
        """Show −∇f as arrows on a grid, all at one length scale."""
        self.field.setVisible(visible)
        self.field_note.setVisible(visible)
        if visible and self._landscape is not None:
            self._draw_field(self._landscape)

    def _draw_field(self, landscape: Landscape) -> None:
        points, arrows = descent_field(landscape, FIELD_PER_AXIS)
        self.field_arrows = (points, arrows)
        xs, ys, longest = arrow_paths(points, arrows, landscape.view_box, FIELD_PER_AXIS)
        self.field.setData(xs, ys)
        self._longest_gradient = longest
        self._write_field_note()

    def _write_field_note(self) -> None:
        self.field_note.setText(self.tr("arrows: −∇f, one scale; the longest is |∇f| = {n:.3g}").format(
            n=self._longest_gradient))
        self._place_field_note()

    def retranslate(self) -> None:
        super().retranslate()
        if self._longest_gradient is not None:
            self._write_field_note()

    def _place_field_note(self, *args) -> None:
        self.field_note.setPos(6, self.getPlotItem().vb.height() - 4)

    def plot_points(self, positions: np.ndarray, losses: np.ndarray) -> np.ndarray:
        return positions

    def start_history(self, run: RunInfo) -> None:
        self.trails.set_groups([(balls, style.trail_style(run.colors[index], len(balls))["pen"])
                                for index, balls in self._groups.items()])

    def draw_history(self, snapshot: Snapshot) -> None:
        self.trails.update_trails(snapshot)

    def start_from_click(self, point: QPointF) -> tuple[float, ...]:
        return (point.x(), point.y())

    def _on_scene_clicked(self, event) -> None:
        """While a "where" round takes guesses, a click drops a guess instead of moving the start; while the
        curvature is shown, a click on a critical point shows the curvature there."""
        if self.active and (self.prediction_layer.take_click(event) or self.curvature_layer.take_click(event)):
            return
        super()._on_scene_clicked(event)
