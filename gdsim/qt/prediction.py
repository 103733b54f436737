"""The controller's half that runs Predict, then reveal: the open round, its guesses and votes, and Reveal.

A mixin of gdsim.qt.controller.Controller, like gdsim.qt.playback: the controller owns the round (a
gdsim.model.prediction.PredictionRound, immutable) and emits sigPredictionChanged with each new one, or with
None when no round is open; the prediction bar and the map's markers subscribe.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Slot

from gdsim.model.prediction import Outcome, PredictionKind, PredictionRound
from gdsim.qt.playback import RUSH_SECONDS, refused_while_recording

DEFAULT_PREDICTION_STEPS = 10  # k outside a lesson, until the teacher types another


class Predicting:
    """Predict, Reveal, Cancel and the guesses and votes, for the Controller (which holds `_prediction`)."""

    _prediction: PredictionRound | None = None
    _reveal_step: int | None = None  # k while Reveal plays the run there (see Playback._on_tick)
    _follows_steps = False

    @property
    def prediction(self) -> PredictionRound | None:
        """The open round, revealed or not; None when no round is open."""
        return self._prediction

    @property
    def taking_guesses(self) -> bool:
        """Whether a click on the map drops a guess (an open "where" round not yet revealed)."""
        round_ = self._prediction
        return round_ is not None and round_.kind is PredictionKind.WHERE and not round_.revealed

    @refused_while_recording
    def start_prediction(self, kind: str = PredictionKind.WHERE, steps: int | None = None) -> None:
        """Open a round about the run from its start. A run that has taken steps is reset first, and the
        status bar says so: the question is about the path from the start, and the run is deterministic, so
        nothing is lost."""
        self.pause()
        if self.step_count > 0:
            self.reset()
            self.sigNotice.emit(QCoreApplication.translate(
                "Controller", "Predict starts from the start: the run was reset to step 0."))
        steps = steps or self.stage_steps or DEFAULT_PREDICTION_STEPS
        self._set_prediction(PredictionRound(PredictionKind(kind), max(1, int(steps))))

    @Slot()
    def cancel_prediction(self) -> None:
        if self.revealing:
            self.pause()
        self._set_prediction(None)

    def add_guess(self, point) -> None:
        if self.taking_guesses:
            self._set_prediction(self._prediction.with_guess(point))

    @Slot()
    def remove_last_guess(self) -> None:
        if self.taking_guesses and self._prediction.guesses:
            self._set_prediction(self._prediction.without_last_guess())

    def vote(self, outcome: str) -> None:
        round_ = self._prediction
        if round_ is not None and round_.kind is PredictionKind.CONVERGE_OR_DIVERGE and not round_.revealed:
            self._set_prediction(round_.with_vote(Outcome(outcome)))

    def set_prediction_steps(self, steps: int) -> None:
        """k, the step the round asks about, as the teacher types it (before Reveal)."""
        round_ = self._prediction
        if round_ is not None and not round_.revealed and int(steps) != round_.steps:
            self._set_prediction(round_.with_steps(steps))

    @Slot()
    @refused_while_recording
    def reveal(self) -> None:
        """Run to step k from the start (or to where every ball stopped before it), and answer the round with
        the selected ball's state there."""
        round_ = self._prediction
        if round_ is None or round_.revealed:
            return
        self.pause()
        if self.step_count > round_.steps:
            self.reset()
        if self.step_count == round_.steps or self._simulation.finished:
            self._answer_round()
            return
        # Played, not jumped to: the class sees the ball go there, in about RUSH_SECONDS (faster at a high
        # set speed), paced by the frame timer as Play is; Space pauses it, and Reveal again goes on.
        self._reveal_step = round_.steps
        self._rush_pace = max(self._steps_per_second, math.ceil((round_.steps - self.step_count) / RUSH_SECONDS))
        self._start_timer()

    @property
    def revealing(self) -> bool:
        """Whether Reveal is playing the run to step k."""
        return self._reveal_step is not None

    def _answer_round(self) -> None:
        """The round answered with the selected ball's state now (step k, or where every ball stopped)."""
        round_ = self._prediction
        if round_ is None or round_.revealed:
            return
        ball = self.first_ball_of(self.selected_index)
        ball = 0 if ball is None else ball
        shot = self.snapshot()
        self._set_prediction(round_.revealed_by(shot.step, shot.positions[ball], int(shot.status[ball]),
                                                bool(shot.on_flat_ground[ball])))

    def _follow_setup(self, previous_place) -> None:
        """After a setup change: a newly shown lesson stage opens its own round (or none); within the same
        stage or setup of the user's own an unrevealed round stays open (its run restarted from step 0), and
        a revealed one closes (its answer was about the run before)."""
        place = self._setup.lesson
        if place != previous_place:
            self._reveal_step = None  # another stage's round, if any, is not the one Reveal was playing for
            stage = place.lesson.stages[place.stage] if place is not None else None
            if stage is not None and stage.predict_steps:
                self._set_prediction(PredictionRound(PredictionKind.WHERE, stage.predict_steps))
            elif stage is not None and stage.question:
                self._set_prediction(PredictionRound(PredictionKind.CONVERGE_OR_DIVERGE, stage.steps or
                                                     DEFAULT_PREDICTION_STEPS))
            else:
                self._set_prediction(None)
        elif self._prediction is not None and self._prediction.revealed:
            self._set_prediction(None)

    def _on_stepped_for_round(self, snapshot) -> None:
        """A run that gets to step k by Play, Step or Run to End of Stage answers the open round there too:
        the class has seen it, and the bar must not go on asking what the caption already tells."""
        round_ = self._prediction
        if round_ is not None and not round_.revealed and not self.revealing \
                and (snapshot.step >= round_.steps or snapshot.finished):
            self._answer_round()

    def _set_prediction(self, round_: PredictionRound | None) -> None:
        if round_ is not None and not self._follows_steps:
            self.sigStepped.connect(self._on_stepped_for_round)  # once: the controller has no __init__ hook here
            self._follows_steps = True
        if round_ is None:
            self._reveal_step = None  # nothing to reveal: a Play goes on as Play
        if round_ != self._prediction:
            self._prediction = round_
            self.sigPredictionChanged.emit(round_)
