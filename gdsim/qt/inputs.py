"""Inputs: a spin box that keeps every digit, the learning-rate editor, hyperparameter inputs, and the
choice a combo box of enum members holds."""

from __future__ import annotations

import math
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

from gdsim.model.optimizers import Hyperparameter
from gdsim.qt.signals import signals_blocked

LOG_LR_RANGE = (-5.0, 1.0)  # the slider spans η from 1e-5 to 10; the spin box takes any positive value
SLIDER_TICKS = 600

ChoiceT = TypeVar("ChoiceT", bound=Enum)


def chosen(combo: QComboBox, kind: type[ChoiceT], index: int | None = None) -> ChoiceT:
    """The `kind` member stored as the data of item `index` of `combo` (default: the current item).

    PySide6 hands a str-based Enum member back from itemData()/currentData() as a plain str, which
    is never `is` the member (DESIGN.md): every combo box of enum members is read through here.
    """
    return kind(combo.itemData(combo.currentIndex() if index is None else index))


class ScientificSpinBox(QDoubleSpinBox):
    """A spin box that keeps every digit typed, shows 6 significant ones, and steps by ×10^0.1."""

    def __init__(self, minimum: float, maximum: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(323)  # no rounding of the stored value
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)
        self.setAccelerated(True)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        if stripped in ("", "-", ".", "e", "E") or stripped.lower().endswith(("e", "e-", "e+")):
            return QValidator.State.Intermediate, text, pos
        try:
            value = float(stripped)
        except ValueError:
            return QValidator.State.Invalid, text, pos
        if math.isfinite(value) and self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:
        self.setValue(min(max(self.value() * 10 ** (0.1 * steps), self.minimum()), self.maximum()))


class LearningRateEditor(QWidget):
    """η on a continuous log slider next to an exact spin box."""

    sigValueCommitted = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_TICKS)
        self.spin = ScientificSpinBox(1e-12, 1e6)
        self.spin.setMinimumWidth(86)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.spin.valueChanged.connect(self._on_spin_changed)

    def value(self) -> float:
        return self.spin.value()

    def set_value(self, value: float) -> None:
        """Show `value` without committing it."""
        with signals_blocked(self.spin, self.slider):
            self.spin.setValue(value)
            self.slider.setValue(self._tick(value))

    @staticmethod
    def _tick(value: float) -> int:
        low, high = LOG_LR_RANGE
        fraction = (math.log10(value) - low) / (high - low)
        return round(min(max(fraction, 0.0), 1.0) * SLIDER_TICKS)

    @Slot(int)
    def _on_slider_moved(self, tick: int) -> None:
        low, high = LOG_LR_RANGE
        value = float(f"{10 ** (low + (high - low) * tick / SLIDER_TICKS):.3g}")  # readable values from the slider
        with signals_blocked(self.spin):
            self.spin.setValue(value)
        self.sigValueCommitted.emit(value)

    @Slot(float)
    def _on_spin_changed(self, value: float) -> None:
        with signals_blocked(self.slider):
            self.slider.setValue(self._tick(value))
        self.sigValueCommitted.emit(value)


def hyperparameter_input(hyperparameter: Hyperparameter) -> QDoubleSpinBox:
    """A spin box fit for one hyperparameter: scientific for ε, plain for rates in [0, 1)."""
    if hyperparameter.name == "eps":
        return ScientificSpinBox(1e-300, 1.0)
    spin = QDoubleSpinBox()
    spin.setDecimals(6)
    spin.setSingleStep(0.01)
    spin.setKeyboardTracking(False)
    high = hyperparameter.high if math.isfinite(hyperparameter.high) else 1e6
    spin.setRange(hyperparameter.low, high - 1e-6 if hyperparameter.high == 1.0 else high)
    return spin
