"""The timeline under the map: a slider over the steps the run has reached, and the step shown."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from gdsim.model.simulation import Snapshot
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.signals import signals_blocked


class TimelineBar(Retranslatable, QWidget):
    """A slider from step 0 to the furthest step reached, at the step shown: dragging it (or its keys)
    shows every view at that step, exactly; it moves along while the run plays."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timelineBar")
        self._controller = controller
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("timeline")
        self.slider.setRange(0, 0)
        self.slider.setPageStep(10)
        # Not the window's arrow keys: ← and → stay Step Back and Step wherever the focus is.
        self.slider.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.label = QLabel()
        self.label.setObjectName("timelineStep")
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.slider.valueChanged.connect(self._on_value_changed)
        controller.sigStepped.connect(self._on_stepped)
        self.retranslate()

    def retranslate(self) -> None:
        self.slider.setToolTip(self.tr("Drag to see the run at any step it has reached"))
        self.slider.setAccessibleName(self.tr("Timeline"))
        self._on_stepped(self._controller.snapshot())

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        furthest = self._controller.furthest_step
        with signals_blocked(self.slider):
            self.slider.setRange(self._controller.first_step, furthest)  # a branch starts at its step
            self.slider.setValue(snapshot.step)
        self.label.setText(self.tr("{step} / {furthest}").format(step=snapshot.step, furthest=furthest))

    @Slot(int)
    def _on_value_changed(self, step: int) -> None:
        self._controller.seek(step)
