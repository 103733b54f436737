"""Step, play/pause, reset and the steps-per-second setting."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from gdsim.model.simulation import Snapshot
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.inputs import FieldMessage, WholeNumberSpinBox, with_message
from gdsim.qt.support.signals import signals_blocked

# The widest step count the counter is sized for: the buttons after it stay where they are while it counts
# (a longer run widens it once, rather than be cut).
WIDEST_STEP = 99_999


class PlaybackBar(Retranslatable, QToolBar):
    """A tool bar of the window's playback actions, the speed and the current step. Play/Pause and the step
    counter keep one width whatever they say, so no button moves under the pointer while a run plays."""

    def __init__(self, controller: Controller, actions: dict[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("playbackBar")
        self.setMovable(False)
        self._controller = controller
        self._play_pause = actions["play_pause"]
        for name in ("step_back", "step", "play_pause", "reset"):
            if name in actions:  # a bar of a view's test may do without Step Back
                self.addAction(actions[name])
        self.addSeparator()
        self.speed_label = QLabel()
        self.addWidget(self.speed_label)
        self.speed = WholeNumberSpinBox(1, 100_000)
        self.speed.setObjectName("stepsPerSecond")
        self.addWidget(self.speed)
        # Beside the box: a tool bar row has no room under it.
        self.speed_message = FieldMessage(self.speed, lambda: self.tr("steps per second"),
                                          hint=lambda: self.tr("Pause stops the balls."))
        self.speed_message.setWordWrap(False)
        self.addWidget(with_message(None, self.speed_message))
        self.addSeparator()
        self.step_label = QLabel()
        self.step_label.setObjectName("stepLabel")
        self.addWidget(self.step_label)
        self.addSeparator()
        for name in ("full_screen", "presenter"):  # one press in front of a class
            if name in actions:
                self.addAction(actions[name])
        self.speed.valueChanged.connect(controller.set_steps_per_second)
        controller.sigStepsPerSecondChanged.connect(self._on_steps_per_second_changed)
        controller.sigStepped.connect(self._on_stepped)
        self.retranslate()

    def retranslate(self) -> None:
        self.speed_label.setText(self.tr(" Steps per second "))
        self._on_stepped(self._controller.snapshot())
        self._keep_widths()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._keep_widths()

    def _keep_widths(self) -> None:
        """Play/Pause as wide as the wider of its two texts, the counter as wide as its widest step, in
        this language and font."""
        metrics = self.fontMetrics()
        button = self.widgetForAction(self._play_pause)
        if button is not None:
            chrome = button.sizeHint().width() - button.fontMetrics().horizontalAdvance(button.text())
            texts = [QCoreApplication.translate("MainWindow", text) for text in ("Play", "Pause")]
            button.setFixedWidth(chrome + max(metrics.horizontalAdvance(text) for text in texts))
        widest = self.tr("  Step {step}").format(step=WIDEST_STEP)
        self.step_label.setMinimumWidth(metrics.horizontalAdvance(widest) + 4)

    @Slot(int)
    def _on_steps_per_second_changed(self, value: int) -> None:
        with signals_blocked(self.speed):
            self.speed.setValue(value)

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        self.step_label.setText(self.tr("  Step {step}").format(step=snapshot.step))
