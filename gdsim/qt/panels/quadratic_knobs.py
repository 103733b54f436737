"""The quadratic landscape's two knobs in the control panel: its condition number κ (1 to 1,000) and the turn of its
steep axis. Shown while the quadratic is on screen; every turn goes through the controller, which redraws the map."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from gdsim.model.presets import Preset
from gdsim.model.quadratic import DEFAULT_KAPPA, KAPPA_RANGE, QUADRATIC, ROTATION_RANGE
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.inputs import FieldMessage, NumberSpinBox, ScientificSpinBox, with_message
from gdsim.qt.support.signals import signals_blocked


class QuadraticKnobs(Retranslatable, QWidget):
    """κ on a spin box that steps by ×10^0.1 (a log scale: 1, 1.26, 1.58 … 1,000) and the rotation in degrees."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self.kappa = ScientificSpinBox(*KAPPA_RANGE)
        self.kappa.setObjectName("quadraticKappa")
        self.kappa.setValue(DEFAULT_KAPPA)
        self.rotation = NumberSpinBox(*ROTATION_RANGE, decimals=1)
        self.rotation.setObjectName("quadraticRotation")
        self.rotation.setSingleStep(5.0)
        self.kappa_label, self.rotation_label = QLabel(), QLabel()
        self.kappa_message = FieldMessage(self.kappa, lambda: "κ")
        self.rotation_message = FieldMessage(self.rotation, self.rotation_label.text)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(2)
        form.addRow(self.kappa_label, with_message(self.kappa, self.kappa_message))
        form.addRow(self.rotation_label, with_message(self.rotation, self.rotation_message))
        self.retranslate()
        self.kappa.valueChanged.connect(self._on_knob_turned)
        self.rotation.valueChanged.connect(self._on_knob_turned)
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        self._on_landscape_changed(controller.preset)

    def retranslate(self) -> None:
        self.kappa_label.setText(self.tr("condition number κ"))
        self.kappa.setToolTip(self.tr("λ₁/λ₂, from 1 (a round bowl) to 1,000 (a narrow ravine); the arrows step ×1.26"))
        self.rotation_label.setText(self.tr("rotation (°)"))
        self.rotation.setToolTip(self.tr("The turn of the steep axis, in degrees"))

    def values(self) -> tuple[float, float]:
        """κ and the rotation the knobs show."""
        return self.kappa.value(), self.rotation.value()

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        shaped = chosen.landscape.name == QUADRATIC
        if shaped:
            with signals_blocked(self.kappa, self.rotation):
                self.kappa.setValue(chosen.shape.get("kappa", DEFAULT_KAPPA))
                self.rotation.setValue(chosen.shape.get("rotation", 0.0))
        self.setVisible(shaped)

    @Slot()
    def _on_knob_turned(self) -> None:
        self._controller.set_quadratic(*self.values())
