"""Where a typed function is undefined, said in words under the expression box (issue 14)."""

import pytest

from gdsim.model.balls import Ball
from gdsim.model.expressions import landscape_from_expression
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.simulation import BallStatus, run, trajectories


@pytest.mark.parametrize(("text", "note"), [
    ("sqrt(x)", "undefined where x < 0"),
    ("log(x^2 + y^2)", "undefined at (x, y) = (0, 0)"),  # x² + y² = 0 only there
    ("1/((x - 1)^2 + (y + 2)^2)", "undefined at (x, y) = (1, −2)"),
    ("1/(x^2 + y^2 - 1)", "undefined at x² + y² − 1 = 0"),
    ("log(x)", "undefined where x ≤ 0"),
    ("x^0.5 + y^2", "undefined where x < 0"),
    ("x^(-0.5)", "undefined where x ≤ 0"),
    ("1/x", "undefined at x = 0"),
    ("x/(x - 2)", "undefined at x = 2"),
    ("sqrt(1 - x^2)", "undefined where x < −1 or x > 1"),
    ("sqrt(log(x))", "undefined where x < 1"),  # log(x) < 0 and x ≤ 0, solved together
    ("log(x) + sqrt(y)", "undefined where x ≤ 0 or y < 0"),
    ("sqrt(x - y)", "undefined where x − y < 0"),
    ("sqrt(sin(x))", "undefined where sin(x) < 0"),  # periodic: not one interval
    ("sqrt(-1 - x^2)", "undefined everywhere"),
])
def test_the_condition_is_derived_from_the_expression(text, note):
    assert str(landscape_from_expression(text).undefined_where) == note


@pytest.mark.parametrize("text", ["x^2 + y^2", "sqrt(x^2 + y^2)", "log(x^2 + 1)", "1/(x^2 + 1)", "(x^2 + y^2)^0.25",
                                  "log(1 + exp(x))", "x^2.0", "sin(x)*y"])
def test_a_function_defined_everywhere_has_no_note(text):
    assert landscape_from_expression(text).undefined_where is None


def test_a_condition_that_cannot_be_written_simply_is_measured_on_the_grid():
    note = landscape_from_expression("x^y", view_box=((-2.0, 2.0), (-2.0, 2.0))).undefined_where
    assert str(note) == "undefined in part of the view (shaded)"
    # Where the grid has no NaN, nothing is said: x^y on x > 0 is defined throughout.
    assert landscape_from_expression("x^y", view_box=((0.5, 2.0), (-2.0, 2.0))).undefined_where is None


def test_the_note_is_a_template_for_the_window_to_translate():
    note = landscape_from_expression("log(x) + sqrt(y)").undefined_where
    assert note.template.context == "Domain"
    assert note.template == "undefined where {condition}"
    assert note.arguments["condition"].template == "{first} or {second}"


def test_a_ball_that_steps_out_of_the_domain_left_it_at_that_step():
    """sqrt(x) from x = 0.5 with η = 1: x − 1/(2√0.5) = −0.207, where √ has no value."""
    landscape = landscape_from_expression("sqrt(x)")
    simulation = run(landscape, [Ball(OptimizerKind.SGD, {"lr": 1.0}, start=(0.5,)),
                                 Ball(OptimizerKind.SGD, {"lr": 0.01}, start=(-0.5,))], 10)
    assert list(simulation.status) == [BallStatus.UNDEFINED, BallStatus.UNDEFINED]
    assert list(simulation.stopped_at) == [1, 0]  # the first left at step 1, the second never started
    left = trajectories(simulation)[0]
    assert left["status"] == "undefined" and left["stopped_at"] == 1
    assert left["trajectory"][-1][0] == pytest.approx(0.5 - 1 / (2 * 0.5 ** 0.5))  # where it stepped to


def test_a_ball_that_runs_away_still_diverges():
    simulation = run(landscape_from_expression("x^2"), [Ball(OptimizerKind.SGD, {"lr": 1.5}, start=(1.0,))], 200)
    assert simulation.status[0] == BallStatus.DIVERGED


@pytest.mark.parametrize(("language", "caption"), [("en", "left the domain at step 1"),
                                                   ("ko", "정의역을 벗어남 at step 1")])
def test_a_caption_says_the_ball_left_the_domain(language, caption):
    from gdsim.model.lessons.captions import render_caption

    simulation = run(landscape_from_expression("sqrt(x)"), [Ball(OptimizerKind.SGD, {"lr": 1.0}, start=(0.5,))], 5)
    assert render_caption("{ball[0].status} at step {ball[0].stopped_at}", simulation, language) == caption


@pytest.mark.parametrize(("text", "note"), [
    ("sqrt(x) + sqrt(x - 1) + sqrt(x - 2) + sqrt(x - 3)", "undefined where x < 3"),  # solved together
    ("sqrt(x^5 - 3*x + 1)", "undefined where x⁵ − 3·x + 1 < 0"),  # no simple roots: as it is
    ("sqrt(x)*log(y) + 1/(x - y)", "undefined where x < 0 or y ≤ 0 or x − y = 0"),
    ("sqrt(x) + sqrt(y) + sqrt(x + y + 1) + log(x - y)", "undefined in part of the view (shaded)"),  # too long a list
])
def test_several_conditions(text, note):
    assert str(landscape_from_expression(text, view_box=((-2.0, 2.0), (-2.0, 2.0))[:1 if "y" not in text else 2])
               .undefined_where) == note


def test_a_nesterov_ball_whose_look_ahead_leaves_the_domain_left_it_too():
    """Nesterov evaluates ∇f at x + ρ·v: out of the domain, a NaN gradient gives a NaN place. It did not
    diverge (nothing grew), it left the domain."""
    from gdsim.model.optimizers import hyperparameters

    landscape = landscape_from_expression("sqrt(x) + y^2/4")
    defaults = {h.name: h.default for h in hyperparameters(OptimizerKind.NAG)}
    balls = [Ball(OptimizerKind.NAG, {**defaults, "lr": lr}, start=(3.0, 2.0)) for lr in (0.05, 0.2, 1.0, 3.0)]
    simulation = run(landscape, balls, 300)
    assert list(simulation.status) == [BallStatus.UNDEFINED] * 4
    assert all(simulation.stopped_at > 0)


def test_runaways_on_landscapes_defined_everywhere_diverge():
    from gdsim.model.optimizers import hyperparameters

    for text in ("x^2 + y^2", "exp(x^2) + y^2", "(1 - x)^2 + 100*(y - x^2)^2"):
        landscape = landscape_from_expression(text)
        for kind in OptimizerKind:
            defaults = {h.name: h.default for h in hyperparameters(kind)}
            balls = [Ball(kind, {**defaults, "lr": lr}, start=(3.0, 2.0)) for lr in (0.5, 3.0, 30.0)]
            assert BallStatus.UNDEFINED not in run(landscape, balls, 300).status, (text, kind)
