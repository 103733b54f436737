"""Numerical differentiation (lesson L2): forward or central difference at the start point, for a
step h from 1e-50 to 1, beside the exact derivative, with the error against h on a log-log plot."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSlider, QVBoxLayout, QWidget

from gdsim.model.differentiation import Method, clamped_for_log, difference, error_curve
from gdsim.model.presets import Preset
from gdsim.model.setup import Setup
from gdsim.qt import style
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.support import pg_compat
from gdsim.qt.support.inputs import chosen
from gdsim.qt.support.wheel import leave_wheel_to_panel
from gdsim.qt.view_state import ViewState

LOG_H_RANGE = (-50, 0)  # the slider's h: 1e-50 … 1, in steps of a tenth of a decade
LOG_FLOOR = 1e-18  # an exact zero error is drawn here on the log axis


class DerivativePanel(Retranslatable, QWidget):
    """For a 1-D landscape: the difference quotient at the start point, its error, and where its
    error sits on the truncation/rounding curve. The secant it shows goes to the view state, which the curve view draws."""

    
    def __init__(self, controller: Controller, view_state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self._view_state = view_state
        self._controller = controller
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.method = QComboBox()
        self.method.addItem("", str(Method.CENTRAL))
        self.method.addItem("", str(Method.FORWARD))
        # Its longest formula would set the panel's width: the box takes the width it is given.
        self.method.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.method.setMinimumContentsLength(12)
        self.method_label = QLabel()
        form.addRow(self.method_label, self.method)
        self.step = QSlider(Qt.Orientation.Horizontal)
        self.step.setRange(LOG_H_RANGE[0] * 10, LOG_H_RANGE[1] * 10)
        self.step.setValue(-40)  # h = 1e-4, the lesson's good choice
        self.step_label = QLabel()
        form.addRow("h", self.step)
        form.addRow("", self.step_label)
        layout.addLayout(form)
        self.result = QLabel()
        self.result.setObjectName("derivativeResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.plot = pg.PlotWidget()
        style.prepare_plot(self.plot)
        self.plot.setLogMode(x=True, y=True)
        self.plot.setLabel("bottom", "h")
        self.plot.setMinimumHeight(180)
        leave_wheel_to_panel(self.plot, ctrl_zooms=True)  # the side panel scrolls under the wheel
        self.plot.getPlotItem().vb.setLimits(xMin=LOG_H_RANGE[0] - 2, xMax=LOG_H_RANGE[1] + 2)
        self.legend = self.plot.addLegend(offset=(-6, 6), labelTextSize="8pt")
        self.forward_curve = self.plot.plot(pen=pg.mkPen("#D55E00", width=1.5), name="forward")
        self.central_curve = self.plot.plot(pen=pg.mkPen("#0072B2", width=1.5), name="central")
        self.marker = self.plot.plot(pen=None, symbol="o", symbolSize=10, symbolBrush="#1a1a1a")
        layout.addWidget(self.plot, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.note)
        layout.addStretch(0)  # for a 2-D landscape (no plot) the spare height goes below the message, not above it
        self.method.currentIndexChanged.connect(self.refresh)
        self.step.valueChanged.connect(self.refresh)
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.method.setItemText(0, self.tr("central: (f(x+h) − f(x−h)) / 2h"))
        self.method.setItemText(1, self.tr("forward: (f(x+h) − f(x)) / h"))
        self.method_label.setText(self.tr("Method"))
        self.plot.setLabel("left", self.tr("error"))
        self.plot.setToolTip(self.tr("Ctrl + wheel zooms the plot; the wheel alone scrolls the panel."))
        for curve, name in ((self.forward_curve, self.tr("forward")), (self.central_curve, self.tr("central"))):
            self.legend.getLabel(curve).setText(name)
        self.legend.updateSize()
        self.note.setText(self.tr("Right: truncation error (the formula's); left: rounding error (the "
                                  "computer's). At h = 1e-50, x + h rounds to x: the difference is 0."))
        self.refresh()

    def catch_up(self) -> None:
        """The control panel makes this page when its tab is first chosen (see BuiltOnDemand)."""
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._view_state.set_secant(None)

    @property
    def h(self) -> float:
        return float(10.0 ** (self.step.value() / 10))

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        self.refresh()

    @Slot(object)
    def _on_setup_changed(self, setup: Setup) -> None:
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        landscape = self._controller.setup.landscape
        self.step_label.setText(f"h = {self.h:.1e}")
        one_variable = landscape.dim == 1
        self.plot.setVisible(one_variable)
        self.note.setVisible(one_variable)
        if not one_variable:
            self.result.setText(self.tr("Numerical differentiation is shown for functions of x alone: "
                                        "choose the parabola or type f(x)."))
            for item in (self.forward_curve, self.central_curve, self.marker):  # the last f(x)'s, else
                item.setData([], [])
            self._view_state.set_secant(None)
            return
        x = self._controller.setup.start[0]
        method = chosen(self.method, Method)
        found = difference(landscape, x, self.h, method)
        self.result.setText(self.tr("At {name} = {x:g}: estimate {estimate:.12g}, exact {exact:.12g}, "
                                    "error {error:.3g}").format(name=self._controller.preset.variables[0], x=x,
                                                                estimate=found.estimate, exact=found.exact,
                                                                error=found.error))
        curve = error_curve(landscape, x)
        # Where f is not defined near x the errors are NaN: pyqtgraph warns on an all-NaN curve.
        self.forward_curve.setData(*pg_compat.curve_data(curve.hs, clamped_for_log(curve.forward, LOG_FLOOR)))
        self.central_curve.setData(*pg_compat.curve_data(curve.hs, clamped_for_log(curve.central, LOG_FLOOR)))
        self.marker.setData(*pg_compat.curve_data(np.array([self.h]), np.array([max(found.error, LOG_FLOOR)])))
        low = x - self.h if method is Method.CENTRAL else x
        ends = np.array([[low], [x + self.h]])
        values = landscape.value(ends)
        # The secant belongs to this tab: it is not drawn while another tab is shown.
        ends = ((float(low), float(values[0])), (x + self.h, float(values[1])))
        self._view_state.set_secant(ends if self.isVisible() else None)
