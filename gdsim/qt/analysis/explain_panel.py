"""The "Explain step" panel: the selected ball's coming update in its optimizer's formulas, with
the engine's numbers, and the choice of which balls show their step's arrows on the map."""

from __future__ import annotations

import html
import math

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Slot
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QRadioButton, QScrollArea, QVBoxLayout, QWidget

from gdsim.model.explain import Note, StepExplanation
from gdsim.model.simulation import BallStatus
from gdsim.qt import event_words, names, style
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.view_state import ArrowsShown, ViewState

DIGITS = 6  # significant digits of every number shown


def number(value: float) -> str:
    """A number as the panel shows it, with a true minus sign."""
    if not math.isfinite(value):
        return "—"
    return f"{value:.{DIGITS}g}".replace("-", "−")


def numbers(value) -> str:
    """A scalar as a number, a vector as (a, b)."""
    values = np.atleast_1d(np.asarray(value, dtype=float))
    if values.size == 1:
        return number(float(values[0]))
    return "(" + ", ".join(number(float(v)) for v in values) + ")"


class ExplainPanel(Retranslatable, QWidget):
    """Follows the selected ball and the run: every step, the table shows the step to come."""

    def __init__(self, controller: Controller, view_state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._view_state = view_state
        self.explanation: StepExplanation | None = None
        self.title = QLabel()
        self.title.setObjectName("explainTitle")
        self.title.setWordWrap(True)
        self.event_line = QLabel()  # what the step just taken did, when it did something worth stopping at
        self.event_line.setObjectName("explainEvent")
        self.event_line.setWordWrap(True)
        self.table = QLabel()
        self.table.setObjectName("explainTable")
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555")

        self.arrow_choice = QButtonGroup(self)
        choices = QHBoxLayout()
        self.arrows_label = QLabel()
        for shown in (ArrowsShown.SELECTED, ArrowsShown.EVERY_BALL, ArrowsShown.NONE):
            button = QRadioButton()
            button.setProperty("shown", str(shown))
            self.arrow_choice.addButton(button)
            choices.addWidget(button)
            button.setChecked(shown is view_state.arrows)
        choices.addStretch(1)
        self.arrow_choice.buttonToggled.connect(self._on_arrows_chosen)

        # The table scrolls rather than widening the window's right column over the map.
        table_scroll = QScrollArea()
        table_scroll.setWidget(self.table)
        table_scroll.setWidgetResizable(True)
        table_scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.event_line)
        layout.addWidget(table_scroll, 1)
        layout.addWidget(self.arrows_label)  # above its choices: the row must fit a narrow side column
        layout.addLayout(choices)
        layout.addWidget(self.hint)
        controller.sigStepped.connect(self.refresh)
        controller.sigSelectionChanged.connect(self.refresh)
        controller.sigEventsChanged.connect(self.refresh)
        view_state.sigArrowsChanged.connect(self._on_arrows_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.hint.setText(self.tr("Step (→) takes exactly this step. Select another ball in the list to explain it."))
        self.arrows_label.setText(self.tr("Arrows on the map:"))
        texts = {str(ArrowsShown.SELECTED): self.tr("this ball"), str(ArrowsShown.EVERY_BALL): self.tr("every ball"),
                 str(ArrowsShown.NONE): self.tr("none")}
        for button in self.arrow_choice.buttons():
            button.setText(texts[button.property("shown")])
        self.refresh()

    @Slot(str)
    def _on_arrows_changed(self, shown: str) -> None:
        # Showing the choice is no new choice: a lesson stage's arrows stay the stage's.
        blocker = QSignalBlocker(self.arrow_choice)  # noqa: F841 (held until the end of the slot)
        for button in self.arrow_choice.buttons():
            if button.property("shown") == shown:
                button.setChecked(True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    @Slot()
    def refresh(self, *args) -> None:
        if not self.isVisible():
            return  # the preview costs a step: only worth it when someone reads it
        controller = self._controller
        index = controller.selected_index
        ball = controller.first_ball_of(index)
        setting = controller.setup.balls[index]
        color = style.ball_color(setting.color).name()
        swatch = f"<span style='color:{color}; font-size:14pt'>●</span>"
        self._tell_events(ball)
        if ball is None:
            self.explanation = None
            self.title.setText(f"{swatch} <b>{html.escape(names.ball_label(setting.label))}</b>")
            self.table.setText(self.tr("This ball is switched off: tick it in the list to run it."))
            return
        told = controller.explain_ball(ball)
        self.explanation = told
        self.title.setText(self.tr("{swatch} <b>{label}</b>: step {step}").format(
            swatch=swatch, label=html.escape(names.ball_label(setting.label)), step=told.step))
        if not told.moving:
            snapshot = controller.snapshot()
            text = names.status_text(int(snapshot.status[ball]), snapshot.step, int(snapshot.stopped_at[ball]),
                                     float(snapshot.losses[ball]), bool(snapshot.on_flat_ground[ball]))
            more = (self.tr("It takes no more steps.") if told.status is not BallStatus.RUNNING
                    else self.tr("The run has stopped."))
            self.table.setText(f"{html.escape(text)}. {more}")
            return
        self.table.setText(self._table_html(told))

    def _tell_events(self, ball: int | None) -> None:
        step = self._controller.step_count
        events = [] if ball is None else [e for e in self._controller.events_of(ball) if e.step == step]
        self.event_line.setText(html.escape(event_words.step_description(step, events)))
        self.event_line.setVisible(bool(events))

    def _table_html(self, told: StepExplanation) -> str:
        """Each line as its formula, then its value below it: narrow enough for the side column."""
        settings = ", ".join(f"{symbol} = {number(value)}" for symbol, value in told.settings)
        notes = {Note.VELOCITY_SO_FAR: self.tr("velocity so far"), Note.LOOK_AHEAD: self.tr("look-ahead point"),
                 Note.STEPS_TAKEN: self.tr("steps taken, this one included"),
                 Note.WEIGHT_DECAY: self.tr("weight decay"), Note.STEP_TAKEN: self.tr("the step taken"),
                 Note.NOISE: self.tr("this step's gradient noise, seed {seed}").format(seed=self._controller.setup.seed),
                 Note.BUFFER_SO_FAR: self.tr("momentum buffer so far"),
                 Note.NOT_POSITIVE_DEFINITE: self.tr("H is not positive definite here: Newton's step heads for a "
                                                     "saddle or maximum"),
                 Note.SINGULAR: self.tr("H + δ·I is singular here: there is no Newton step, and the ball stays"),
                 Note.NO_DESCENT: self.tr("g·d > −1e-9: no descent along d, no step (torch's tolerance_change)"),
                 Note.TRIAL_REFUSED: self.tr("f(x + t·d) ≥ f(x): the line search keeps x (t = 0)")}
        rows = []
        for line in told.lines:
            arrow = ("←" if line.assigns else "=") if line.formula else ""
            note = f" <span style='color:#666'><i>({html.escape(notes[line.note])})</i></span>" if line.note else ""
            rows.append(f"<tr><td align=right style='padding-top:4px'><b>{html.escape(line.symbol)}</b></td>"
                        f"<td style='padding-top:4px'>&nbsp;{arrow}&nbsp;</td>"
                        f"<td style='padding-top:4px'>{html.escape(line.formula)}{note}</td></tr>"
                        f"<tr><td></td><td></td><td>= <span style='font-family:monospace'>{numbers(line.value)}"
                        f"</span></td></tr>")
        return (f"<div style='color:#444; font-size:11pt'>{settings}<br>x = {numbers(told.position)}</div>"
                "<table cellspacing=0 style='font-size:11pt'>" + "".join(rows) + "</table>")

    @Slot()
    def _on_arrows_chosen(self, button, checked: bool) -> None:
        if checked:
            self._view_state.set_arrows(button.property("shown"))
