"""The curve view of a 1-D landscape: the loss curve, balls on it, visited points and tangents."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt

from gdsim.model.landscapes import Landscape
from gdsim.model.setup import RunInfo
from gdsim.model.simulation import Snapshot
from gdsim.qt import style
from gdsim.qt.controller import Controller
from gdsim.qt.layers.basin_layer import BasinLayer
from gdsim.qt.layers.curvature_layer import CurvatureLayer
from gdsim.qt.layers.undefined_layer import UndefinedLayer
from gdsim.qt.support import pg_compat
from gdsim.qt.support.curves import nan_joined
from gdsim.qt.view_state import ViewState
from gdsim.qt.views.landscape_plot import LandscapePlot

CURVE_RESOLUTION = 800
# A fraction of the view's size, the same on screen for every slope: long enough that the curve bends
# away from it beside the ball, and that it reaches well past the ball and the start's cross (at 0.09 it
# was a stub under them, lying on the curve).
TANGENT_HALF_LENGTH = 0.22
HEIGHT_MARGIN = 0.15  # of the shown height, above and below what the height frames
LOWEST_HEIGHT = 0.1  # of the curve's height over the x range: a ball resting at the minimum still shows a curve


def tangent_segments(x: np.ndarray, f: np.ndarray, slope: np.ndarray, x_span: float, y_span: float):
    """Segments of the tangent line at each (x, f) with the given slopes, all of one length on screen.

    Returns (xs, ys) of shape (2, n): the two ends of each segment.
    """
    with np.errstate(all="ignore"):  # a slope of 1e308: no segment (NaN), rather than a warning
        direction = np.stack([np.ones_like(slope), slope * x_span / y_span])  # in view-fraction units
        direction /= np.linalg.norm(direction, axis=0)
        dx = TANGENT_HALF_LENGTH * direction[0] * x_span
        dy = TANGENT_HALF_LENGTH * direction[1] * y_span
        return np.stack([x - dx, x + dx]), np.stack([f - dy, f + dy])


class CurveView(LandscapePlot):
    """f(x) with each ball on it, the points it visited as dots, and its tangent line.

    A positive slope sends gradient descent left and a negative one right: the tangent shows why.
    """

    dim = 1

    def __init__(self, controller: Controller, view_state: ViewState | None = None, parent=None):
        super().__init__(controller, view_state, parent)
        self.getPlotItem().vb.setMouseEnabled(x=True, y=False)  # the height follows f over the x range
        self.view_state.sigSecantChanged.connect(self._on_secant_changed)
        self.view_state.sigThemeChanged.connect(self.apply_theme)
        plot = self.getPlotItem()
        self._history_items: dict[int, list[pg.GraphicsObject]] = {}  # visited points and tangent per index
        self._tangents_of: Snapshot | None = None  # the step whose tangents are drawn
        # The values of f the run has reached (the start, the balls' paths): the height frames them and the
        # curve's lowest point, not the curve's top over an x range widened to hold the balls.
        self._path_heights: tuple[float, float] | None = None
        self.curve = pg.PlotCurveItem(pen=pg.mkPen("#333", width=2.5))
        self.curve.setZValue(-10)
        plot.addItem(self.curve)
        self.undefined_layer = UndefinedLayer(plot)
        # Numerical differentiation's secant through (x₀, f(x₀)) and (x₁, f(x₁)), beside the tangent.
        self.secant = pg.PlotCurveItem(pen=pg.mkPen(style.FIELD_ARROW, width=2))
        self.secant.setZValue(7)
        plot.addItem(self.secant)
        plot.vb.sigRangeChanged.connect(self._draw_tangents)
        self.basin_layer = BasinLayer(plot, dim=1)  # the basins as intervals along x, behind the curve
        self.view_state.sigBasinsChanged.connect(self.basin_layer.follow)
        self.curvature_layer = CurvatureLayer(self, controller, self.view_state)  # the osculating parabola

    def catch_up(self) -> None:
        """Draw the current state at once: the window makes this view when a 1-D landscape is first shown,
        after the controller and the view state told it to the views there were then (see BuiltOnDemand)."""
        controller = self._controller
        self._on_landscape_changed(controller.preset)
        self._on_run_started(controller.run_info())
        self._on_stepped(controller.snapshot())
        self._on_secant_changed(self.view_state.secant)
        self.basin_layer.follow(self.view_state.basins)
        self.curvature_layer.redraw()

    def draw_landscape(self, landscape: Landscape) -> None:
        with np.errstate(all="ignore"):  # sampled past its view box, a typed function may overflow
            xs, values = landscape.sample_curve(CURVE_RESOLUTION, self._sampled_box)
        shown = np.where(np.isfinite(values), values, np.nan)
        self.curve.setData(xs, shown, connect="finite")
        self.undefined_layer.show_curve(xs, values)

    def apply_range(self, box) -> None:
        """x over `box`; the height from the curve's lowest point over it to the highest value the run
        has reached, within the curve's own height there."""
        (x0, x1), = box
        xs, values = self.curve.getData()
        if xs is None:
            xs, values = np.empty(0), np.empty(0)
        within = values[(xs >= x0) & (xs <= x1)]
        finite = within[np.isfinite(within)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
        with np.errstate(over="ignore", invalid="ignore"):  # 1e308·x²: the span overflows, finite_range clamps it
            if self._path_heights is not None and finite.size:
                reached = max(self._path_heights[1], low + LOWEST_HEIGHT * (high - low))
                low, high = min(low, self._path_heights[0]), min(high, reached)
            pad = HEIGHT_MARGIN * max(high - low, 1e-9)
        pg_compat.set_view_range(self, x=(x0, x1), y=(low - pad, high + pad), padding=0)

    def _frame_path(self, snapshot: Snapshot) -> None:
        """Grow the heights the run has reached with the balls' paths; the height follows when they pass
        it (it never shrinks during a run, so it does not jitter). A ball far up the curve, past the x
        range, shows no more than the curve's own height over the x range (see apply_range)."""
        if self._path_heights is None:
            return
        (x_lo, x_hi), _ = self.getPlotItem().vb.viewRange()
        losses = snapshot.history_losses.ravel()
        seen = losses[np.isfinite(losses)]
        if not seen.size:
            return
        low, high = min(self._path_heights[0], float(seen.min())), max(self._path_heights[1], float(seen.max()))
        if (low, high) != self._path_heights:
            self._path_heights = (low, high)
            self.apply_range(((x_lo, x_hi),))

    def plot_points(self, positions: np.ndarray, losses: np.ndarray) -> np.ndarray:
        return np.column_stack([positions[:, 0], losses])

    def start_history(self, run: RunInfo) -> None:
        for items in self._history_items.values():
            for item in items:
                self.removeItem(item)
        self._history_items = {}
        self._tangents_of = None
        start_height = float(self.start_marker.pos().y())
        self._path_heights = (start_height, start_height) if np.isfinite(start_height) else None
        for index in self._groups:
            color = style.ball_color(run.colors[index])
            visited = pg.ScatterPlotItem(size=7, pen=pg.mkPen(style.OUTLINE, width=0.6), brush=pg.mkBrush(color))
            visited.setZValue(8)
            tangent = pg.PlotCurveItem(pen=pg.mkPen(color, width=style.line(2.5), style=Qt.PenStyle.DashLine),
                                       connect="finite")
            tangent.setZValue(9)
            # A white halo parts the tangent from the dark curve it lies on beside the ball.
            halo = pg.PlotCurveItem(pen=pg.mkPen(255, 255, 255, 200, width=style.line(2.5) + 3), connect="finite")
            halo.setZValue(-9)
            self._history_items[index] = [visited, tangent, halo]
            for item in (visited, tangent, halo):
                self.addItem(item, ignoreBounds=True)

    def draw_history(self, snapshot: Snapshot) -> None:
        self._tangents_of = snapshot
        self._frame_path(snapshot)
        xs, losses = snapshot.history_positions[:, :, 0], snapshot.history_losses
        for index, balls in self._groups.items():
            visited = self._history_items[index][0]
            points = np.column_stack([xs[:, balls].ravel(), losses[:, balls].ravel()])
            visited.setData(pos=points[np.all(np.isfinite(points), axis=1)])
        self._draw_tangents()

    def _draw_tangents(self, *args) -> None:
        """The tangents at the balls, one length on screen: drawn again when the range changes (the view
        follows the balls after a step, so a tangent sized before that was a stub on a grown view)."""
        snapshot = self._tangents_of
        if snapshot is None or not self.active or len(snapshot.positions) != sum(map(len, self._groups.values())):
            return  # no run of this view's yet, or the step of a run before this one
        (x_lo, x_hi), (y_lo, y_hi) = self.getPlotItem().vb.viewRange()
        for index, balls in self._groups.items():
            if index not in self._history_items:
                continue
            _, tangent, halo = self._history_items[index]
            ends_x, ends_y = tangent_segments(snapshot.positions[balls, 0], snapshot.losses[balls],
                                              snapshot.gradients[balls, 0], x_hi - x_lo, y_hi - y_lo)
            tangent.setData(*nan_joined(ends_x, ends_y))
            halo.setData(*nan_joined(ends_x, ends_y))

    def _on_secant_changed(self, ends) -> None:
        """Draw the secant through two points of the curve, across a fifth of the view; None hides it."""
        if ends is None:
            self.secant.setData([], [])
            return
        (x0, f0), (x1, f1) = ends
        slope = (f1 - f0) / (x1 - x0) if x1 != x0 else 0.0
        (x_lo, x_hi), _ = self.getPlotItem().vb.viewRange()
        half = 0.1 * (x_hi - x_lo)
        middle = 0.5 * (x0 + x1)
        xs = np.array([middle - half, middle + half])
        self.secant.setData(xs, 0.5 * (f0 + f1) + slope * (xs - middle))

    def start_from_click(self, point: QPointF) -> tuple[float, ...]:
        return (point.x(),)

    def _on_scene_clicked(self, event) -> None:
        """While the curvature is shown, a click on a critical point shows the curvature there."""
        if not (self.active and self.curvature_layer.take_click(event)):
            super()._on_scene_clicked(event)
