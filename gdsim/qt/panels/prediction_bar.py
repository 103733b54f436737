"""The prediction bar, over the map while a round of Predict, then reveal is open: the question, k (the step
it asks about, as the teacher types it), the three vote buttons of "converges, diverges or stalls?", the
answer once revealed, and Reveal and Close. It shows the controller's round and asks the controller to
change it; it holds nothing of its own."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout, QWidget

from gdsim.model.limits import MAX_STEPS
from gdsim.model.prediction import OUTCOMES, Outcome, PredictionKind, PredictionRound, distance_text
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.bars import bold_title, tint
from gdsim.qt.support.signals import signals_blocked


class PredictionBar(Retranslatable, QWidget):
    """Shown while the controller has a round open; hidden otherwise."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("predictionBar")
        tint(self, "#efe4f5")
        self._controller = controller
        self.question = bold_title("predictionQuestion")
        self.steps_box = QSpinBox()
        self.steps_box.setObjectName("predictionSteps")
        self.steps_box.setRange(1, MAX_STEPS)
        self.steps_box.setKeyboardTracking(False)
        self.steps_box.valueChanged.connect(controller.set_prediction_steps)
        self.vote_buttons = {outcome: QPushButton() for outcome in OUTCOMES}
        for outcome, button in self.vote_buttons.items():
            button.setObjectName(f"vote_{outcome.value}")
            button.clicked.connect(lambda checked=False, outcome=outcome: controller.vote(outcome))
        self.message = QLabel()
        self.message.setObjectName("predictionMessage")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reveal_button = QPushButton()
        self.reveal_button.setObjectName("reveal")
        self.reveal_button.clicked.connect(controller.reveal)
        self.close_button = QPushButton()
        self.close_button.setObjectName("closePrediction")
        self.close_button.clicked.connect(controller.cancel_prediction)
        # Two rows: the question and its buttons, then what to do or the answer, wrapped at any width (one
        # row overflowed 1024 px in presenter mode).
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 2, 4, 4)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(self.question, 1)
        row.addWidget(self.steps_box)
        for button in self.vote_buttons.values():
            row.addWidget(button)
        row.addWidget(self.reveal_button)
        row.addWidget(self.close_button)
        column.addLayout(row)
        column.addWidget(self.message)
        controller.sigPredictionChanged.connect(self._on_prediction_changed)
        self.retranslate()
        self._on_prediction_changed(controller.prediction)

    def retranslate(self) -> None:
        self.steps_box.setPrefix("k = ")
        self.steps_box.setToolTip(self.tr("The step the question is about: Reveal runs to it from the start"))
        self.reveal_button.setText(self.tr("Reveal"))
        self.reveal_button.setToolTip(self.tr("Run to step k and show the answer"))
        self.close_button.setText(self.tr("Close"))
        self._on_prediction_changed(self._controller.prediction)

    def outcome_word(self, outcome: Outcome) -> str:
        return {Outcome.CONVERGES: self.tr("Converges"), Outcome.DIVERGES: self.tr("Diverges"),
                Outcome.STALLS: self.tr("Stalls")}[outcome]

    @Slot(object)
    def _on_prediction_changed(self, round_: PredictionRound | None) -> None:
        self.setVisible(round_ is not None)
        if round_ is None:
            return
        voting = round_.kind is PredictionKind.CONVERGE_OR_DIVERGE
        with signals_blocked(self.steps_box):
            self.steps_box.setValue(round_.steps)
        self.steps_box.setEnabled(not round_.revealed)
        self.question.setText(self.tr("By step k: converges, diverges or stalls?") if voting
                              else self.tr("Where will the ball be after k steps?"))
        for outcome, button in self.vote_buttons.items():
            button.setVisible(voting)
            button.setEnabled(not round_.revealed)
            button.setText(self.tr("{outcome} ({n})").format(outcome=self.outcome_word(outcome),
                                                             n=round_.votes_for(outcome)))
        self.reveal_button.setEnabled(not round_.revealed)
        self.close_button.setText(self.tr("Close") if round_.revealed else self.tr("Cancel"))
        self.message.setText(self._message(round_))

    def _message(self, round_: PredictionRound) -> str:
        answer = round_.answer
        if round_.kind is PredictionKind.CONVERGE_OR_DIVERGE:
            if answer is None:
                return self.tr("Count the class's votes, then Reveal.")
            said = {Outcome.CONVERGES: self.tr("Answer: it converges (step {k}): {n} of {votes} votes."),
                    Outcome.DIVERGES: self.tr("Answer: it diverges (step {k}): {n} of {votes} votes."),
                    Outcome.STALLS: self.tr("Answer: it stalls (step {k}): {n} of {votes} votes.")}[answer.outcome]
            return said.format(k=answer.step, n=round_.votes_for(answer.outcome), votes=sum(round_.votes))
        if answer is None:
            return self.tr("Click the map for each guess (Backspace removes the last): {n} placed.").format(
                n=len(round_.guesses))
        if answer.closest is None:
            return self.tr("No guesses were placed (step {k}).").format(k=answer.step)
        return self.tr("Guess {number} is closest: {distance} away.").format(
            number=answer.closest + 1, distance=distance_text(answer.distances[answer.closest]))
