"""The data panel of a fit (lessons L3, L5): the data points and each ball's current fitted curve."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot

from gdsim.model.presets import Preset
from gdsim.model.setup import RunInfo
from gdsim.model.simulation import Snapshot
from gdsim.qt import names, style
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.support import pg_compat
from gdsim.qt.support.curves import group_by_ball

CURVE_POINTS = 400
TOP_LABEL_ROOM = 11  # pixels above the plot: the top tick label reaches half its height past the axis
X_PAD = 0.06  # of the data's width on each side: the first and last points clear of the frame


class DataPanel(Retranslatable, pg.PlotWidget):
    """While the landscape is a fit's loss over (W, b), shows the data and, for each ball, the
    curve ŷ its current (W, b) gives: the ball moving on the loss is the line moving on the data."""

    def __init__(self, controller: Controller, parent=None):
        super().__init__(parent=parent)
        style.prepare_plot(self)
        self.setLabel("bottom", "x")
        self.setLabel("left", "y")
        self.getPlotItem().layout.setContentsMargins(2, TOP_LABEL_ROOM, 8, 2)
        self.problem = None
        self.getPlotItem().layout.removeItem(self.getPlotItem().titleLabel)  # the legend's row
        self.getPlotItem().titleLabel.hide()
        self.legend: pg.LegendItem | None = None
        self.points = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(80, 80, 80, 150))
        self.addItem(self.points)
        self._ball_labels: dict[int, str] = {}
        self._curves: dict[int, pg.PlotCurveItem] = {}
        self._groups: dict[int, np.ndarray] = {}
        self._xs = np.zeros(0)
        self._data_x = self._data_y = np.zeros(0)
        self._snapshot: Snapshot | None = None  # the last step told, drawn when the panel shows
        self._controller = controller
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)

    def catch_up(self) -> None:
        """Draw the current state at once: the window makes this panel when a fit is first shown, after the
        controller told it to the views there were then (see BuiltOnDemand)."""
        self._on_landscape_changed(self._controller.preset)
        self._on_run_started(self._controller.run_info())
        self._on_stepped(self._controller.snapshot())

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        self.problem = chosen.fit
        self._snapshot = None  # a step of the landscape before: its run's lines are not this one's
        if self.problem is None:
            return
        x, y = self.problem.x, self.problem.y
        # A noise of 1e308 makes y infinite or too large to draw: pyqtgraph's bounds take differences.
        shown = (np.abs(x) <= pg_compat.SHOWN_LIMIT) & (np.abs(y) <= pg_compat.SHOWN_LIMIT)
        x, y = x[shown], y[shown]
        self.points.setData(x, y)
        self._data_x, self._data_y = x, y
        x_range = (float(x.min()), float(x.max())) if len(x) else (-1.0, 1.0)
        self._xs = np.linspace(*pg_compat.finite_range(*x_range), CURVE_POINTS)
        self._show_data_and(np.zeros(0))

    def _show_data_and(self, curves: np.ndarray) -> None:
        """Frame the data and the values of `curves` (the fitted lines at the start) over it."""
        x, y = self._data_x, self._data_y
        y = np.concatenate([y, curves[np.isfinite(curves) & (np.abs(curves) <= pg_compat.SHOWN_LIMIT)]])
        x_range = (float(x.min()), float(x.max())) if len(x) else (-1.0, 1.0)
        y_range = (float(y.min()), float(y.max())) if len(y) else (-1.0, 1.0)
        with np.errstate(over="ignore"):  # a span beyond 1e308: finite_range clamps what overflows
            pad = 0.1 * max(y_range[1] - y_range[0], 1e-9)
            x_pad = X_PAD * max(x_range[1] - x_range[0], 1e-9)
        pg_compat.set_view_range(self, x=(x_range[0] - x_pad, x_range[1] + x_pad), y=(y_range[0] - pad, y_range[1] + pad))

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        for curve in self._curves.values():
            self.removeItem(curve)
        self._curves = {}
        self._snapshot = None
        self._groups = group_by_ball(run.placed_from)
        if self.problem is None:
            return
        self._ball_labels = {index: run.balls[balls[0]].label for index, balls in self._groups.items()}
        for index in self._groups:
            curve = pg.PlotCurveItem(pen=pg.mkPen(style.ball_color(run.colors[index]), width=2.5))
            self.addItem(curve)
            self._curves[index] = curve
        # The first, wrong line is the lesson's point at step 0: framed with the data, not left off the plot.
        with np.errstate(all="ignore"):
            starts = [self.problem.predict(np.asarray(run.balls[balls[0]].start, dtype=float), self._xs)
                      for balls in self._groups.values()]
        self._show_data_and(np.concatenate(starts) if starts else np.zeros(0))
        self.retranslate()

    def retranslate(self) -> None:
        """The legend above the plot, where it hides no point: the data's dots, and each ball's fitted
        line by the ball's name; in as many columns as fit the panel's width."""
        if self.getPlotItem() is None:  # closed: pyqtgraph dropped the plot, the widget waits to be deleted
            return
        entries = [(self.points, self.tr("data"))] + [
            (curve, self.tr("fit: {ball}").format(ball=names.ball_label(self._ball_labels[index])))
            for index, curve in self._curves.items()]
        for columns in range(len(entries), 0, -1):
            self.legend = pg_compat.new_legend(self.getPlotItem(), self.legend, columns, style.text_size(9),
                                               whole_width=True)
            for item, text in entries:
                self.legend.addItem(item, text)
            if self.legend.layout.minimumWidth() <= self.width() - 8:
                break
        # The plot took the width of the legend tried first: it is the widget's again.
        if getattr(self, "range", None) is not None:
            self.getPlotItem().setGeometry(self.range)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if pg_compat.plot_item_alive(self, event) and event.oldSize().width() != event.size().width():
            self.retranslate()

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        if self.isVisible():
            self._draw_fits()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._draw_fits()  # the run's lines as they are now: a lesson's step 0 came while the panel was hidden

    def _draw_fits(self) -> None:
        snapshot = self._snapshot
        if self.problem is None or snapshot is None:
            return
        for index, balls in self._groups.items():
            params = snapshot.positions[balls[0]]  # the first start of this index: one curve a colour
            fitted = self.problem.predict(params, self._xs)
            self._curves[index].setData(self._xs, np.where(np.isfinite(fitted), fitted, np.nan), connect="finite")
