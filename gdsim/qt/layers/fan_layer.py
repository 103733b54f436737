"""Fans on the contour map (Balls ▸ Fan): each noisy ball run N times with N noise seeds, drawn as its median
path and a translucent band between its 10 % and 90 % quantile paths (gdsim.model.fan works them out).

As the crowd's trails do, a frame costs what is drawn, not the N runs: per ball, one polygon and three
curves, however many runs the fan has. The fan follows the step on screen: playing works it out as far as
the run goes, and a step back or the timeline's slider shows it up to the step shown. Run r of a fan draws
the run's seed + r (the setup's seed, Selected ball ▸ Noise seed), so the ball's trail is run 0 of the N.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsPathItem

from gdsim.model.fan import MOST_FANNED_BALLS, Fan, noisy_balls
from gdsim.model.setup import RunInfo
from gdsim.model.simulation import Snapshot
from gdsim.qt import style

Z_VALUE = 9  # under the trails (10): the band is context, the ball's own path stays on top
BAND_ALPHA = 60
# A fan's N × balls runs cost ~0.7 ms a step at 20 × 3 (measured): after a jump ahead (Run to Stage End, a
# fast play) it catches up for at most this long a frame and the rest while the window is idle, as events do.
FRAME_BUDGET_S = 0.008
# It follows a run's first this many steps: its rows are 3 × balls × 2 numbers a step (12 balls: 58 MB).
MOST_FAN_STEPS = 100_000


def polygon(lower: np.ndarray, upper: np.ndarray) -> QPainterPath:
    """The band between two paths: along the lower one and back along the upper one, filled where it winds."""
    points = np.concatenate([lower, upper[::-1]])
    points = points[np.isfinite(points).all(axis=1)]
    path = pg.arrayToQPath(points[:, 0], points[:, 1]) if len(points) else QPainterPath()
    path.closeSubpath()
    path.setFillRule(Qt.FillRule.WindingFill)
    return path


class FanLayer(QObject):
    """The fans of the run's noisy balls, drawn on `plot` (the contour map's PlotItem) while the view state
    says so."""

    def __init__(self, plot: pg.PlotItem, controller, view_state):
        super().__init__(plot)
        self._plot, self._controller, self._view_state = plot, controller, view_state
        self.fan: Fan | None = None
        self._made_for = None  # (landscape, balls, runs, seed) the fan was made for: a Reset keeps it
        self._limits = (-np.inf, np.inf)
        self._wanted = 0  # the step on screen, which the fan is drawn up to once it got there
        self._catching_up = QTimer(self)
        self._catching_up.setSingleShot(True)
        self._catching_up.timeout.connect(self._catch_up)
        self.bands: list[QGraphicsPathItem] = []
        self.curves: list[tuple[pg.PlotCurveItem, pg.PlotCurveItem, pg.PlotCurveItem]] = []  # p10, median, p90
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)
        view_state.sigFanChanged.connect(self._on_fan_changed)

    @Slot(bool, int)
    def _on_fan_changed(self, shown: bool, runs: int) -> None:
        self._on_run_started(self._controller.run_info())
        self._on_stepped(self._controller.snapshot())

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        shown, runs = self._view_state.fan
        noisy = noisy_balls(run.balls)
        wanted = (run.landscape, run.balls, runs, run.seed) if shown and noisy and len(noisy) <= MOST_FANNED_BALLS \
            and run.landscape.dim == 2 else None
        if wanted is not None and self._made_for is not None and wanted[0] is self._made_for[0] \
                and wanted[1:] == self._made_for[1:]:
            return  # the same run again (a Reset): the fan worked out so far holds
        self._clear()
        self._made_for = wanted
        if wanted is None:
            return
        box = np.array(run.landscape.view_box, dtype=float)  # (2, 2): a runaway fan is cut far off the map,
        reach = 1e3 * float(np.max(box[:, 1] - box[:, 0]))  # short of Qt's fixed-point limits, as trails are
        self._limits = (box.mean(axis=1) - reach, box.mean(axis=1) + reach)
        self.fan = Fan(run.landscape, [run.balls[i] for i in noisy], runs, run.seed,
                       user_gradient=self._controller.user_gradient_function, streams=noisy)
        for i in noisy:
            color = style.ball_color(run.colors[run.placed_from[i]])
            fill = pg.QtGui.QColor(color)
            fill.setAlpha(BAND_ALPHA)
            band = QGraphicsPathItem()
            band.setBrush(pg.mkBrush(fill))
            band.setPen(pg.mkPen(None))
            band.setZValue(Z_VALUE)
            self._plot.addItem(band, ignoreBounds=True)
            self.bands.append(band)
            edge = pg.mkPen(color, width=style.line(1))
            middle = pg.mkPen(color.darker(130), width=style.line(2))  # solid: a dashed line costs a frame ~10 ms
            curves = tuple(pg.PlotCurveItem(pen=pen, connect="finite") for pen in (edge, middle, edge))
            for curve in curves:
                curve.setZValue(Z_VALUE)
                self._plot.addItem(curve, ignoreBounds=True)
            self.curves.append(curves)

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        self._wanted = min(snapshot.step, MOST_FAN_STEPS)
        self._catch_up()

    @Slot()
    def _catch_up(self) -> None:
        fan = self.fan
        if fan is None:
            return
        deadline = time.perf_counter() + FRAME_BUDGET_S
        while fan.steps < self._wanted and not fan.simulation.finished:
            fan.advance_to(fan.steps + 1)
            if time.perf_counter() > deadline:
                self._catching_up.start(0)
                break
        reached = self._wanted if fan.steps >= self._wanted or fan.simulation.finished else fan.steps
        quantiles = np.clip(fan.bands(reached), *self._limits)  # (3, steps + 1, balls, 2)
        for column, (band, curves) in enumerate(zip(self.bands, self.curves, strict=True)):
            paths = quantiles[:, :, column]
            band.setPath(polygon(paths[0], paths[2]))
            for curve, path in zip(curves, paths, strict=True):
                curve.setData(path[:, 0], path[:, 1])

    def _clear(self) -> None:
        for item in (*self.bands, *(c for curves in self.curves for c in curves)):
            self._plot.removeItem(item)
        self.bands, self.curves, self.fan, self._made_for = [], [], None, None
        self._catching_up.stop()
