"""The optimizer control panel: landscape, start point, and each optimizer's settings and status."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap, QValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QSlider, QVBoxLayout, QWidget)

from gdsim.model.landscapes import PRESETS, Preset
from gdsim.model.optimizers import MOMENTUM
from gdsim.model.simulation import BallStatus, Snapshot
from gdsim.qt import style
from gdsim.qt.controller import BallSetting, Controller, RunInfo, Setup
from gdsim.qt.curves import group_by_slot
from gdsim.qt.signals import signals_blocked

LOG_LR_RANGE = (-5.0, 1.0)  # the slider spans η from 1e-5 to 10; the spin box takes any positive value
SLIDER_TICKS = 600


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


def _swatch(color: QColor) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(color)
    return QIcon(pixmap)


class BallEditor(QGroupBox):
    """One optimizer slot: on/off, η, ρ where the optimizer has it, and the ball's status."""

    def __init__(self, controller: Controller, slot: int, setting: BallSetting, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self.slot = slot
        self.kind = setting.optimizer
        self.setCheckable(True)
        self.setTitle(setting.optimizer.display_name)
        self.setObjectName(f"ball{slot}")
        self.color = QLabel()
        self.color.setPixmap(_swatch(style.ball_color(slot)).pixmap(14, 14))
        form = QFormLayout(self)
        form.setContentsMargins(8, 4, 8, 6)
        form.setVerticalSpacing(3)
        self.learning_rate = LearningRateEditor()
        form.addRow(self.tr("η"), self.learning_rate)
        self.momentum: QDoubleSpinBox | None = None
        if MOMENTUM.name in setting.params:
            self.momentum = QDoubleSpinBox()
            self.momentum.setRange(0.0, 0.999)
            self.momentum.setDecimals(3)
            self.momentum.setSingleStep(0.01)
            self.momentum.setKeyboardTracking(False)
            form.addRow(self.tr("ρ"), self.momentum)
            self.momentum.valueChanged.connect(self._on_momentum_changed)
        status_row = QHBoxLayout()
        status_row.addWidget(self.color)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName(f"status{slot}")
        status_row.addWidget(self.status, 1)
        form.addRow(status_row)
        self.show_setting(setting)
        self.toggled.connect(self._on_enabled_toggled)
        self.learning_rate.sigValueCommitted.connect(self._on_learning_rate_committed)

    def show_setting(self, setting: BallSetting) -> None:
        with signals_blocked(self):
            self.setChecked(setting.enabled)
        self.learning_rate.set_value(setting.params["lr"])
        if self.momentum is not None:
            with signals_blocked(self.momentum):
                self.momentum.setValue(setting.params[MOMENTUM.name])
        if not setting.enabled:
            self.status.setText(self.tr("off"))

    def show_status(self, status: int, step: int, stopped_at: int, loss: float) -> None:
        loss_text = f"{loss:.6g}" if math.isfinite(loss) else "—"
        if status == BallStatus.CONVERGED:
            text = self.tr("converged at step {step}, f = {loss}").format(step=stopped_at, loss=loss_text)
        elif status == BallStatus.DIVERGED:
            text = self.tr("diverged at step {step}").format(step=stopped_at)
        else:
            text = self.tr("running · step {step}, f = {loss}").format(step=step, loss=loss_text)
        self.status.setText(text)

    def show_counts(self, counts: np.ndarray, step: int) -> None:
        self.status.setText(self.tr("step {step}: {running} running, {converged} converged, {diverged} diverged")
                            .format(step=step, running=counts[BallStatus.RUNNING],
                                    converged=counts[BallStatus.CONVERGED], diverged=counts[BallStatus.DIVERGED]))

    @Slot(bool)
    def _on_enabled_toggled(self, enabled: bool) -> None:
        self._controller.set_ball_enabled(self.slot, enabled)

    @Slot(float)
    def _on_learning_rate_committed(self, value: float) -> None:
        self._controller.set_ball_param(self.slot, "lr", value)

    @Slot(float)
    def _on_momentum_changed(self, value: float) -> None:
        self._controller.set_ball_param(self.slot, MOMENTUM.name, value)


class ControlPanel(QWidget):
    """Everything that defines a run, editable; every edit goes through the controller."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._groups: dict[int, np.ndarray] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)

        landscape_box = QGroupBox(self.tr("Landscape"))
        landscape_layout = QVBoxLayout(landscape_box)
        self.landscape = QComboBox()
        for name, item in PRESETS.items():
            self.landscape.addItem(item.landscape.title, str(name))
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: palette(placeholder-text);")
        for widget in (self.landscape, self.formula, self.description):
            landscape_layout.addWidget(widget)
        layout.addWidget(landscape_box)

        start_box = QGroupBox(self.tr("Start point"))
        start_layout = QVBoxLayout(start_box)
        row = QHBoxLayout()
        self.start_spins = []
        self.start_labels = []
        for axis in ("x", "y"):
            spin = QDoubleSpinBox()
            spin.setRange(-1e6, 1e6)
            spin.setDecimals(4)
            spin.setSingleStep(0.1)
            spin.setKeyboardTracking(False)
            spin.setObjectName(f"start_{axis}")
            spin.valueChanged.connect(self._on_start_edited)
            label = QLabel(axis)
            row.addWidget(label)
            row.addWidget(spin, 1)
            self.start_spins.append(spin)
            self.start_labels.append(label)
        start_layout.addLayout(row)
        hint = QLabel(self.tr("Click the plot to drop it there; drag the start marker to move it."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        start_layout.addWidget(hint)
        layout.addWidget(start_box)

        self.editors_box = QGroupBox(self.tr("Optimizers"))
        self.editors_layout = QVBoxLayout(self.editors_box)
        self.editors_layout.setContentsMargins(4, 4, 4, 4)
        self.editors: list[BallEditor] = []
        layout.addWidget(self.editors_box)
        layout.addStretch(1)

        self.landscape.currentIndexChanged.connect(self._on_landscape_chosen)
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        with signals_blocked(self.landscape):
            self.landscape.setCurrentIndex(self.landscape.findData(chosen.landscape.name))
        landscape = chosen.landscape
        self.formula.setText(f"f({', '.join(landscape.variables)}) = {landscape.formula}")
        self.description.setText(chosen.description)
        for axis, (spin, label) in enumerate(zip(self.start_spins, self.start_labels)):
            spin.setVisible(axis < landscape.dim)
            label.setVisible(axis < landscape.dim)

    @Slot(object)
    def _on_setup_changed(self, setup: Setup) -> None:
        with signals_blocked(*self.start_spins):
            for spin, value in zip(self.start_spins, setup.start):
                spin.setValue(value)
        kinds = [b.optimizer for b in setup.balls]
        if kinds != [e.kind for e in self.editors]:
            for editor in self.editors:
                editor.deleteLater()
            self.editors = []
            for slot, setting in enumerate(setup.balls):
                editor = BallEditor(self._controller, slot, setting)
                self.editors_layout.addWidget(editor)
                self.editors.append(editor)
        for editor, setting in zip(self.editors, setup.balls):
            editor.show_setting(setting)

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        self._groups = group_by_slot(run.slots)

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        for slot, balls in self._groups.items():
            editor = self.editors[slot]
            if len(balls) == 1:
                ball = balls[0]
                editor.show_status(int(snapshot.status[ball]), snapshot.step, int(snapshot.stopped_at[ball]),
                                   float(snapshot.losses[ball]))
            else:
                editor.show_counts(np.bincount(snapshot.status[balls], minlength=len(BallStatus)), snapshot.step)

    @Slot(int)
    def _on_landscape_chosen(self, index: int) -> None:
        self._controller.set_preset(self.landscape.itemData(index))

    @Slot()
    def _on_start_edited(self) -> None:
        point = tuple(spin.value() for spin in self.start_spins[:self._controller.preset.landscape.dim])
        if all(np.isfinite(point)):
            self._controller.set_start(point)
