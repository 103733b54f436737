"""Loss against step, one curve per ball, with a log scale of the gap to the minimum."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from gdsim.model.landscapes import CriticalKind
from gdsim.model.simulation import Snapshot
from gdsim.qt import style
from gdsim.qt.controller import Controller, RunInfo
from gdsim.qt.curves import group_by_slot, nan_joined

# On the log scale a ball that reached the minimum exactly would sit at −∞; it sits here instead.
LOG_FLOOR = 1e-16
MIN_STEP_RANGE = 10


class LossPlot(QWidget):
    """Loss per step. The log scale shows loss − f*, f* being the lowest known minimum."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget()
        style.prepare_plot(self.plot)  # no grid: it costs ~8 ms a frame as the axes rescale
        self.plot.setLabel("bottom", self.tr("step"))
        self.log_scale = QCheckBox(self.tr("Log scale (loss − minimum)"))
        self.log_scale.toggled.connect(self._on_log_scale_toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.log_scale)
        self._controller = controller
        self._curves: dict[int, pg.PlotDataItem] = {}
        self._groups: dict[int, np.ndarray] = {}
        self._floor = 0.0
        self._on_log_scale_toggled(False)
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        minima = [p.value for p in run.critical_points if p.kind == CriticalKind.MINIMUM]
        self._floor = min(minima) if minima else 0.0
        for item in self._curves.values():
            self.plot.removeItem(item)
        self._groups = group_by_slot(run.slots)
        self._curves = {}
        for slot, balls in self._groups.items():
            # PlotDataItem, not PlotCurveItem: only the former follows the plot's log mode.
            curve = pg.PlotDataItem(connect="finite", **style.trail_style(run.colors[slot], len(balls)))
            self.plot.addItem(curve)
            self._curves[slot] = curve

    @Slot(bool)
    def _on_log_scale_toggled(self, on: bool) -> None:
        self.plot.setLogMode(y=on)
        self.plot.setLabel("left", self.tr("loss − minimum") if on else self.tr("loss"))
        if self._curves:
            self._on_stepped(self._controller.snapshot())

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        steps = snapshot.history_steps.astype(float)[:, None]
        losses = snapshot.history_losses
        if self.log_scale.isChecked():
            with np.errstate(invalid="ignore"):
                losses = np.maximum(losses - self._floor, LOG_FLOOR)
        losses = np.where(np.isfinite(losses), losses, np.nan)
        for slot, balls in self._groups.items():
            self._curves[slot].setData(*nan_joined(steps, losses[:, balls]))
        # A run's first steps keep a step axis of at least 0–10, rather than a zoom into one point.
        view_box = self.plot.getPlotItem().vb
        if snapshot.step < MIN_STEP_RANGE:
            view_box.setXRange(0, MIN_STEP_RANGE, padding=0.02)
        else:
            view_box.enableAutoRange(axis="x")
