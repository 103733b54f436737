"""Inputs: number spin boxes that say why a typed value was refused, the learning-rate editor,
hyperparameter inputs, and the choice a combo box of enum members holds."""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdsim.model.optimizers import Hyperparameter
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.bound_slider import BoundSlider
from gdsim.qt.support.signals import signals_blocked

LOG_LR_RANGE = (-5.0, 1.0)  # the slider spans η from 1e-5 to 10; the spin box takes any positive value
SLIDER_TICKS = 600
EDIT_PADDING_PX = 8  # a line edit's frame and inner margins, both sides

ChoiceT = TypeVar("ChoiceT", bound=Enum)


def chosen(combo: QComboBox, kind: type[ChoiceT], index: int | None = None) -> ChoiceT:
    """The `kind` member stored as the data of item `index` of `combo` (default: the current item).

    PySide6 hands a str-based Enum member back from itemData()/currentData() as a plain str, which
    is never `is` the member (DESIGN.md): every combo box of enum members is read through here.
    """
    return kind(combo.itemData(combo.currentIndex() if index is None else index))


def _typed_number(spin: QAbstractSpinBox, text: str) -> float | None:
    """The number in `text` (Python's spelling, or the field's locale's), or None."""
    stripped = text.strip()
    try:
        return float(stripped)
    except ValueError:
        value, ok = spin.locale().toDouble(stripped)
        return value if ok else None


def _shown_while_typing(spin: QAbstractSpinBox, text: str, pos: int):
    """Every keystroke stays visible (Qt's own validator dropped some: '-5' became '5', '1.5' became
    '.5'); only a finite number in range is Acceptable, so Enter keeps the old value for anything else
    and FieldMessage says why."""
    value = _typed_number(spin, text)
    if value is not None and math.isfinite(value) and spin.minimum() <= value <= spin.maximum():
        return QValidator.State.Acceptable, text, pos
    return QValidator.State.Intermediate, text, pos


class NumberSpinBox(QDoubleSpinBox):
    """A spin box for a real setting that shows whatever is typed; Enter takes it only when it is a
    number in range (pair it with a FieldMessage to say why not)."""

    def __init__(self, minimum: float, maximum: float, decimals: int = 6, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(decimals)
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)

    def valueFromText(self, text: str) -> float:
        value = _typed_number(self, text)
        return self.value() if value is None else value

    def validate(self, text: str, pos: int):
        return _shown_while_typing(self, text, pos)


class WholeNumberSpinBox(QSpinBox):
    """A spin box for a whole number that shows whatever is typed; Enter takes it only when it is a
    whole number in range (pair it with a FieldMessage to say why not)."""

    def __init__(self, minimum: int, maximum: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)

    def valueFromText(self, text: str) -> int:
        value = _typed_number(self, text)
        return self.value() if value is None or value != int(value) else int(value)

    def validate(self, text: str, pos: int):
        state, text, pos = _shown_while_typing(self, text, pos)
        value = _typed_number(self, text)
        if state == QValidator.State.Acceptable and value != int(value):
            state = QValidator.State.Intermediate
        return state, text, pos


class ScientificSpinBox(NumberSpinBox):
    """A spin box that keeps every digit typed, shows 6 significant ones, and steps by ×10^0.1."""

    def __init__(self, minimum: float, maximum: float, parent: QWidget | None = None):
        super().__init__(minimum, maximum, decimals=323, parent=parent)  # 323: no rounding of the stored value
        self.setAccelerated(True)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def stepBy(self, steps: int) -> None:
        self.setValue(min(max(self.value() * 10 ** (0.1 * steps), self.minimum()), self.maximum()))


class FieldMessage(Retranslatable, QLabel):
    """A red line next to a spin box saying why the value typed there was refused (the box keeps its
    value); it goes away when a value is taken or the user types again."""

    def __init__(self, spin: QAbstractSpinBox, name: Callable[[], str], hint: Callable[[], str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._spin = spin
        self._name = name  # the setting's name in the current language
        self._hint = hint  # an extra sentence for a refused value, e.g. what to do instead
        self._typed: str | None = None
        self._message: Callable[[], str] | None = None
        self.setObjectName(f"{spin.objectName()}Message" if spin.objectName() else "fieldMessage")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()
        spin.lineEdit().textEdited.connect(self._on_text_edited)
        spin.editingFinished.connect(self._on_editing_finished)

    def retranslate(self) -> None:
        if self._message is not None:
            self.setText(self._message())

    def clear_message(self) -> None:
        self._message = None
        self.hide()

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._typed = text
        self.clear_message()

    @Slot()
    def _on_editing_finished(self) -> None:
        typed, self._typed = self._typed, None
        if typed is None:  # nothing typed since the last Enter: the arrows, or focus passing through
            return
        if self._spin.validate(typed, len(typed))[0] == QValidator.State.Acceptable:
            return
        self._message = lambda: self._reason(typed)
        self.setText(self._message())
        self.show()

    def _reason(self, typed: str) -> str:
        spin, kept = self._spin, self._spin.text()
        value = _typed_number(spin, typed)
        low, high = (f"{v:.6g}" for v in (spin.minimum(), spin.maximum()))
        if value is None or math.isnan(value):
            reason = self.tr("“{typed}” is not a number; {name} stays {kept}.")
        elif value < spin.minimum():
            reason = self.tr("{typed} is too small: {name} must be at least {low}; it stays {kept}.")
        elif value > spin.maximum():
            reason = self.tr("{typed} is too large: {name} must be at most {high}; it stays {kept}.")
        else:
            reason = self.tr("{typed} is not a whole number; {name} stays {kept}.")
        text = reason.format(typed=typed.strip(), name=self._name(), low=low, high=high, kept=kept)
        return f"{text} {self._hint()}" if self._hint is not None else text


class LearningRateEditor(QWidget):
    """η on a continuous log slider next to an exact spin box, with the reason under it when a typed
    η is refused."""

    sigValueCommitted = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.slider = BoundSlider()
        self.slider.setRange(0, SLIDER_TICKS)
        self.spin = ScientificSpinBox(1e-12, 1e6)
        self.spin.setObjectName("learningRate")
        self.spin.setMinimumWidth(86)
        self.message = FieldMessage(self.spin, lambda: "η")
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.spin.valueChanged.connect(self._on_spin_changed)

    def value(self) -> float:
        return self.spin.value()

    def set_value(self, value: float) -> None:
        """Show `value` without committing it."""
        with signals_blocked(self.spin, self.slider):
            self.spin.setValue(value)
            self.slider.setValue(self._tick(value))

    def set_bound(self, bound: float | None, best: float | None = None) -> None:
        """Mark where η diverges (the values above `bound` shaded) and the best η on the slider; None: no mark."""
        self.slider.set_marks(None if bound is None else self._position(bound),
                              None if best is None else self._position(best))

    @staticmethod
    def _position(value: float) -> float:
        """Where `value` sits on the log slider, in its ticks (a fraction of one allowed)."""
        low, high = LOG_LR_RANGE
        fraction = (math.log10(value) - low) / (high - low)
        return min(max(fraction, 0.0), 1.0) * SLIDER_TICKS

    @classmethod
    def _tick(cls, value: float) -> int:
        return round(cls._position(value))

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


def with_message(spin: QAbstractSpinBox | None, message: FieldMessage) -> QWidget:
    """The spin box with its message right under it, as one widget for a form row; without the spin
    box, a holder for the message alone (a tool bar shows its widgets only through their actions)."""
    field = QWidget()
    layout = QVBoxLayout(field)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if spin is not None:
        layout.addWidget(spin)
    layout.addWidget(message)
    return field


class ChoiceInput(QComboBox):
    """A setting that is one of a few names (line_search, form), with a spin box's setValue/value/valueChanged
    for its index, as the settings hold it."""

    valueChanged = Signal(float)

    def __init__(self, choices: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.addItems(list(choices))  # the names the CLI and lesson files use
        self.currentIndexChanged.connect(lambda index: self.valueChanged.emit(float(index)))

    def setValue(self, value: float) -> None:
        self.setCurrentIndex(int(value))

    def value(self) -> float:
        return float(self.currentIndex())


class WholeSettingSpinBox(WholeNumberSpinBox):
    """A whole-number setting (history_size), which the settings hold as a float."""

    def setValue(self, value: float) -> None:
        super().setValue(int(value))


def hyperparameter_input(hyperparameter: Hyperparameter) -> NumberSpinBox | ChoiceInput | WholeSettingSpinBox:
    """An input fit for one hyperparameter: a combo box for a choice, whole numbers for a count,
    scientific for ε, plain for rates in [0, 1)."""
    if hyperparameter.choices:
        return ChoiceInput(hyperparameter.choices)
    if hyperparameter.whole:
        return WholeSettingSpinBox(int(hyperparameter.low), int(hyperparameter.high) - 1)
    if hyperparameter.name == "eps":
        return ScientificSpinBox(1e-300, 1.0)
    high = hyperparameter.high if math.isfinite(hyperparameter.high) else 1e6
    spin = NumberSpinBox(hyperparameter.low, high - 1e-6 if hyperparameter.high == 1.0 else high)
    spin.setSingleStep(0.01)
    return spin


def fitting_number(edit: QLineEdit, value: float) -> str:
    """`value` with as many significant digits (4 down to 2) as `edit` shows whole: a narrow field must
    not cut the sign off (−6.628 read as 6.628 turns a range around)."""
    room = max(edit.width() if edit.isVisible() else 0, edit.minimumWidth()) - EDIT_PADDING_PX
    metrics = edit.fontMetrics()
    for digits in (4, 3):
        text = f"{value:.{digits}g}"
        if metrics.horizontalAdvance(text) <= room:
            return text
    return f"{value:.2g}"
