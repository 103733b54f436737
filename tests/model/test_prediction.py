"""Predict, then reveal, in the model: a round's guesses, votes and answer, the outcome read from the
engine's statuses, and the lesson-file keys that open a round."""

import numpy as np
import pytest

from gdsim.model.ball_status import BallStatus
from gdsim.model.lessons import LessonError, load_lessons, parse_lesson
from gdsim.model.prediction import Outcome, PredictionKind, PredictionRound, outcome_of
from gdsim.resources import resource_path

BALL = '[[stages.balls]]\noptimizer = "sgd"\nlr = 0.1\n'


def stage(body: str, landscape: str = "parabola") -> str:
    return f'id = "t"\ntitle = "T"\n[[stages]]\nlandscape = "{landscape}"\n' + body + "\n" + BALL


def test_distances_and_the_closest_guess():
    round_ = PredictionRound(PredictionKind.WHERE, 10).with_guess((0, 0)).with_guess((3, 4)).with_guess((1, 1))
    revealed = round_.revealed_by(10, (1.0, 2.0), BallStatus.RUNNING, False)
    assert revealed.answer.distances == pytest.approx((np.hypot(1, 2), np.hypot(2, 2), 1.0))
    assert revealed.answer.closest == 2 and revealed.answer.outcome is Outcome.STALLS
    assert round_.without_last_guess().guesses == ((0.0, 0.0), (3.0, 4.0))


def test_votes_count_per_outcome():
    round_ = PredictionRound(PredictionKind.CONVERGE_OR_DIVERGE, 5)
    for outcome in ("diverges", "diverges", "stalls"):
        round_ = round_.with_vote(outcome)
    assert round_.votes == (0, 2, 1) and round_.votes_for(Outcome.DIVERGES) == 2


@pytest.mark.parametrize(("status", "flat", "outcome"), [
    (BallStatus.CONVERGED, False, Outcome.CONVERGES), (BallStatus.CONVERGED, True, Outcome.STALLS),
    (BallStatus.DIVERGED, False, Outcome.DIVERGES), (BallStatus.UNDEFINED, False, Outcome.DIVERGES),
    (BallStatus.RUNNING, False, Outcome.STALLS)])
def test_outcome_from_the_engines_status(status, flat, outcome):
    assert outcome_of(status, flat) is outcome


def test_stage_keys_open_rounds():
    lesson = parse_lesson(stage("steps = 10\npredict = { steps = 7 }", "bowl"))
    assert lesson.stages[0].predict_steps == 7 and not lesson.stages[0].question
    lesson = parse_lesson(stage('steps = 10\nquestion = "converge-or-diverge"'))
    assert lesson.stages[0].question == "converge-or-diverge" and lesson.stages[0].predict_steps == 0


@pytest.mark.parametrize(("body", "field"), [
    ("steps = 5\npredict = { steps = 0 }", "predict"), ("steps = 5\npredict = { steps = 3 }", "predict"), ("steps = 5\npredict = 3", "predict"),
    ('steps = 5\npredict = { steps = 3, k = 1 }', "predict"), ('steps = 5\nquestion = "where"', "question"),
    ('question = "converge-or-diverge"', "question"),
    ('steps = 5\nquestion = "converge-or-diverge"\npredict = { steps = 3 }', "predict")])
def test_wrong_prediction_keys_are_named(body, field):
    with pytest.raises(LessonError, match=f"stage 1: field '{field}'"):
        parse_lesson(stage(body), "x.toml")


def test_the_bundled_predict_stages_answer_as_their_captions_say():
    lessons = {lesson.id: lesson for lesson in load_lessons(resource_path("lessons"))[0]}
    question = lessons["learning-rate"].stages[-1]
    run = question.simulation()
    run.advance(question.steps)
    assert question.question == "converge-or-diverge"
    assert outcome_of(int(run.status[0]), bool(run.on_flat_ground[0])) is Outcome.DIVERGES
    where = lessons["momentum"].stages[-1]
    assert where.predict_steps == 10 and where.balls[0].optimizer == "momentum"


def test_a_where_round_needs_a_map():
    with pytest.raises(LessonError, match="field 'predict': a guess is a click on the map"):
        parse_lesson(stage("steps = 5\npredict = { steps = 3 }"), "x.toml")  # the parabola: one variable
