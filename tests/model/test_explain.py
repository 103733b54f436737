"""The narrated step: its numbers are the engine's, and they satisfy the optimizer's formulas."""

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.explain import ArrowKind, Note, explain
from gdsim.model.expressions import landscape_from_expression
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.presets import preset
from gdsim.model.schedules import schedule_from_settings
from gdsim.model.simulation import BallStatus, Simulation

SETTINGS = {
    OptimizerKind.SGD: {"lr": 0.01},
    OptimizerKind.MOMENTUM: {"lr": 0.005, "momentum": 0.9},
    OptimizerKind.NAG: {"lr": 0.005, "momentum": 0.9},
    OptimizerKind.ADAGRAD: {"lr": 0.3},
    OptimizerKind.RMSPROP: {"lr": 0.01},
    OptimizerKind.ADAM: {"lr": 0.05},
    OptimizerKind.ADAMW: {"lr": 0.05, "weight_decay": 0.1},
    OptimizerKind.AMSGRAD: {"lr": 0.05},
    OptimizerKind.ADAMAX: {"lr": 0.05},
    OptimizerKind.NADAM: {"lr": 0.05},
    OptimizerKind.RADAM: {"lr": 0.05},
    OptimizerKind.ADADELTA: {"lr": 1.0},
    OptimizerKind.RPROP: {"lr": 0.05},
    OptimizerKind.LBFGS: {"lr": 0.5},
    OptimizerKind.NEWTON: {"lr": 0.5},
    OptimizerKind.LION: {"lr": 0.05},
}


def _simulation(kinds, landscape="momentum-demo", steps=7):
    scene = preset(landscape)
    balls = [Ball(kind, checked_params(kind, SETTINGS[kind])).at(scene.start) for kind in kinds]
    simulation = Simulation(scene.landscape, balls)
    simulation.advance(steps)
    return simulation


def _told_then_taken(simulation, ball):
    told = explain(simulation.preview(), ball, simulation.balls[ball])
    before = simulation.positions[ball].copy()
    simulation.advance(1)
    return told, before, simulation.positions[ball]


@pytest.mark.parametrize("kind", list(OptimizerKind))
@pytest.mark.parametrize("alone", [True, False], ids=["one optimizer", "all optimizers together"])
def test_the_narrated_next_position_is_where_the_engine_goes(kind, alone):
    kinds = [kind] if alone else list(OptimizerKind)
    simulation = _simulation(kinds)
    ball = kinds.index(kind)
    told, before, taken = _told_then_taken(simulation, ball)
    assert told.step == 8
    np.testing.assert_array_equal(told.position, before)
    np.testing.assert_array_equal(told.next_position, taken)
    np.testing.assert_array_equal(told.value("x"), taken)
    update = next(a for a in told.arrows if a.kind is ArrowKind.UPDATE)
    np.testing.assert_allclose(update.tip, taken, rtol=1e-15, atol=1e-15)
    np.testing.assert_array_equal(update.tail, before)


@pytest.mark.parametrize("kind", list(OptimizerKind))
def test_the_gradient_is_the_landscape_gradient_where_the_optimizer_takes_it(kind):
    simulation = _simulation([kind], landscape="himmelblau")
    told = explain(simulation.preview(), 0, simulation.balls[0])
    where = told.look_ahead if kind is OptimizerKind.NAG else told.position
    np.testing.assert_allclose(told.value("g"), simulation.landscape.gradient(where)[0], rtol=1e-13)
    gradient_arrow = next(a for a in told.arrows if a.kind is ArrowKind.GRADIENT)
    np.testing.assert_array_equal(gradient_arrow.tail, where)
    g, lr = told.value("g"), SETTINGS[kind]["lr"]
    eps = checked_params(kind, {}).get("eps", 0.0)
    # The adaptive methods scale the gradient's step as they scale their own.
    scale = {OptimizerKind.ADAGRAD: "s", OptimizerKind.RMSPROP: "s", OptimizerKind.ADAM: "ŝ",
             OptimizerKind.ADAMW: "ŝ", OptimizerKind.AMSGRAD: "ŝ"}.get(kind)
    expected = -lr * g if scale is None else -lr * g / (np.sqrt(told.value(scale)) + eps)
    if kind is OptimizerKind.NADAM:
        s_hat = told.value("s") / (1 - 0.999 ** told.value("t"))
        expected = -lr * g / (np.sqrt(s_hat) + eps)
    if kind is OptimizerKind.RADAM:  # at step 9, rectified
        r, t = told.value("r"), told.value("t")
        expected = -lr * g * r * np.sqrt(1 - 0.999 ** t) / (np.sqrt(told.value("s")) + eps)
    if kind is OptimizerKind.ADADELTA:  # the step Δ with the gradient as it is
        expected = -lr * told.value("Δ")
    if kind is OptimizerKind.RPROP:  # only the sign of g, times its step length
        expected = -np.sign(g) * told.value("Δ")
    if kind is OptimizerKind.LION:  # only the sign of c, times η
        expected = -lr * np.sign(told.value("c"))
    if kind in (OptimizerKind.NEWTON, OptimizerKind.LBFGS):  # the whole step: g rescaled by the (estimated) curvature
        expected = told.next_position - told.position
    if kind is OptimizerKind.ADAMAX:  # divided by its maximum of |g|, which holds ε already
        expected = -lr * g / told.value("u")
    np.testing.assert_allclose(gradient_arrow.vector, expected, rtol=1e-14)
    if kind in (OptimizerKind.ADAGRAD, OptimizerKind.RMSPROP, OptimizerKind.ADAM):
        # with no momentum of their own (Adagrad, RMSprop) or as the whole step (Adam's average gradient's step)
        step = next(a for a in told.arrows if a.kind is ArrowKind.UPDATE).vector
        carried = [a.vector for a in told.arrows if a.kind in (ArrowKind.VELOCITY, ArrowKind.AVERAGE_STEP)]
        np.testing.assert_allclose(carried[0] if carried else gradient_arrow.vector, step, rtol=1e-12)


def test_momentum_and_nesterov_lines_follow_their_formulas():
    simulation = _simulation([OptimizerKind.MOMENTUM, OptimizerKind.NAG])
    preview = simulation.preview()
    for ball in (0, 1):
        told = explain(preview, ball, simulation.balls[ball])
        v_before, v_after = (line.value for line in told.lines if line.symbol == "v")
        g = told.value("g")
        np.testing.assert_allclose(v_after, 0.9 * v_before - 0.005 * g, rtol=1e-14)
        np.testing.assert_array_equal(told.next_position, told.position + v_after)
        velocity = next(a for a in told.arrows if a.kind is ArrowKind.VELOCITY)
        np.testing.assert_allclose(velocity.vector, 0.9 * v_before, rtol=1e-15)
    nesterov = explain(preview, 1, simulation.balls[1])
    v_before = nesterov.lines[0].value
    np.testing.assert_array_equal(nesterov.look_ahead, nesterov.position + v_before * 0.9)
    assert [line.symbol for line in nesterov.lines] == ["v", "x̃", "g", "v", "x"]


@pytest.mark.parametrize("kind", [OptimizerKind.ADAGRAD, OptimizerKind.RMSPROP])
def test_adagrad_and_rmsprop_divide_by_the_root_of_their_sum(kind):
    simulation = _simulation([kind])
    s_before = simulation._groups[0][1].state_sum.copy() if kind is OptimizerKind.ADAGRAD else \
        simulation._groups[0][1].square_avg.copy()
    told = explain(simulation.preview(), 0, simulation.balls[0])
    g, s = told.value("g"), told.value("s")
    expected_s = s_before[0] + g * g if kind is OptimizerKind.ADAGRAD else 0.99 * s_before[0] + 0.01 * g * g
    np.testing.assert_allclose(s, expected_s, rtol=1e-14)
    eps = checked_params(kind, {})["eps"]
    lr = SETTINGS[kind]["lr"]
    np.testing.assert_allclose(told.next_position, told.position - lr * g / (np.sqrt(s) + eps), rtol=1e-14)


@pytest.mark.parametrize("kind", [OptimizerKind.ADAM, OptimizerKind.ADAMW])
def test_adam_shows_its_moments_their_bias_corrections_and_the_step_taken(kind):
    simulation = _simulation([kind], steps=4)
    told = explain(simulation.preview(), 0, simulation.balls[0])
    assert told.value("t") == 5
    m, s, m_hat, s_hat = (told.value(symbol) for symbol in ("m", "s", "m̂", "ŝ"))
    np.testing.assert_allclose(m_hat, m / (1 - 0.9 ** 5), rtol=1e-15)
    np.testing.assert_allclose(s_hat, s / (1 - 0.999 ** 5), rtol=1e-15)
    start = told.position * (1 - 0.05 * 0.1) if kind is OptimizerKind.ADAMW else told.position
    if kind is OptimizerKind.ADAMW:
        np.testing.assert_array_equal(told.value("x′"), start)
    step = -0.05 * m_hat / (np.sqrt(s_hat) + 1e-8)
    np.testing.assert_allclose(told.value("Δx"), step, rtol=1e-12)
    np.testing.assert_allclose(told.next_position, start + step, rtol=1e-14)


def test_a_scheduled_ball_is_told_with_this_steps_learning_rate():
    scene = preset("bowl")
    schedule = schedule_from_settings({"schedule": "step", "step_size": 3, "gamma": 0.5})
    ball = Ball(OptimizerKind.SGD, {"lr": 0.1}, schedule=schedule).at((1.0, 2.0))
    simulation = Simulation(scene.landscape, [ball])
    simulation.advance(4)  # the fifth step (t = 4) runs at 0.1 · 0.5
    told = explain(simulation.preview(), 0, ball)
    assert dict(told.settings)["η"] == 0.05
    _, _, taken = _told_then_taken(simulation, 0)
    np.testing.assert_array_equal(told.next_position, taken)


def test_the_preview_leaves_the_run_as_it_was():
    simulation = _simulation(list(OptimizerKind), steps=3)
    twin = _simulation(list(OptimizerKind), steps=3)
    for _ in range(3):
        simulation.preview()
    simulation.advance(20)
    twin.advance(20)
    np.testing.assert_array_equal(simulation.positions, twin.positions)


def test_a_stopped_ball_has_nothing_to_explain():
    scene = preset("bowl")
    simulation = Simulation(scene.landscape, [Ball(OptimizerKind.SGD, {"lr": 0.5}).at((1.0, 2.0)),
                                              Ball(OptimizerKind.SGD, {"lr": 0.1}).at((1.0, 2.0))])
    simulation.advance(2)  # η = 0.5 lands on the minimum in one step
    told = explain(simulation.preview(), 0, simulation.balls[0], BallStatus(simulation.status[0]))
    assert told.status is BallStatus.CONVERGED
    assert not told.moving and told.lines == () and told.arrows == ()


def test_torch_form_momentum_tells_its_buffer():
    scene = preset("momentum-demo")
    balls = [Ball.make(kind, scene.start, lr=0.005, form="torch") for kind in (OptimizerKind.MOMENTUM, OptimizerKind.NAG)]
    simulation = Simulation(scene.landscape, balls)
    simulation.advance(5)
    preview = simulation.preview()
    for ball, last in ((0, "x − η·b"), (1, "x − η·(g + ρ·b)")):
        told = explain(preview, ball, simulation.balls[ball])
        assert [(line.symbol, line.formula) for line in told.lines] == [("b", ""), ("g", "∇f(x)"), ("b", "ρ·b + g"),
                                                                          ("x", last)]
        b_before, b_after = (line.value for line in told.lines if line.symbol == "b")
        g = told.value("g")
        np.testing.assert_allclose(b_after, 0.9 * b_before + g, rtol=1e-14)
        step = b_after if ball == 0 else g + 0.9 * b_after
        np.testing.assert_allclose(told.next_position, told.position - 0.005 * step, rtol=1e-14)


def test_newton_says_where_h_is_not_positive_definite_and_where_it_is_singular():
    saddle = Simulation(preset("saddle").landscape, [Ball.make("newton", (0.8, 0.6), lr=0.5)])
    told = explain(saddle.preview(), 0, saddle.balls[0])
    curvatures = next(line for line in told.lines if line.symbol == "λ")
    assert curvatures.note is Note.NOT_POSITIVE_DEFINITE and np.min(curvatures.value) < 0
    bowl = Simulation(preset("bowl").landscape, [Ball.make("newton", (0.8, 0.6), lr=0.5)])
    assert next(line for line in explain(bowl.preview(), 0, bowl.balls[0]).lines if line.symbol == "λ").note is Note.NONE
    # x² + y has no curvature along y: H is singular everywhere, and the ball stays where it is.
    flat = Simulation(landscape_from_expression("x^2 + y"), [Ball.make("newton", (0.8, 0.6))])
    told = explain(flat.preview(), 0, flat.balls[0])
    assert next(line for line in told.lines if line.symbol == "λ").note is Note.SINGULAR
    np.testing.assert_array_equal(told.next_position, told.position)
