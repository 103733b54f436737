"""Newton, L-BFGS and Lion (issue 17 part 3): the contract of test_optimizers.py against each one's written
rule, step by step, in plain Python written from the rules (not from gdsim's code):
  Lion     c = β₁·m + (1 − β₁)·g;  x ← x − η·(sign(c) + λ·x);  m ← β₂·m + (1 − β₂)·g   (Chen et al. 2023, Alg. 2)
  L-BFGS   torch.optim.LBFGS(max_iter=1)'s step (torch/optim/lbfgs.py), one per ball
  Newton   x ← x − η·(H + δ·I)⁻¹·g, on quadratics (where the differenced Hessian is H to rounding)
"""

import math

import numpy as np
import pytest
from test_optimizers import OptimizerContract, zeros_like

from gdsim.model.balls import Ball
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.presets import preset
from gdsim.model.quadratic import quadratic_hessian, quadratic_preset
from gdsim.model.schedules import Schedule
from gdsim.model.simulation import BallStatus, Simulation


def lion_reference_step(point, state, params, gradient):
    lr, beta1, beta2, decay = params["lr"], params["beta1"], params["beta2"], params["weight_decay"]
    m = state.get("m", zeros_like(point))
    g = gradient(*point)
    c = [beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g, strict=True)]
    sign = [math.copysign(1.0, ci) if ci else 0.0 for ci in c]
    point = tuple(x - lr * (si + decay * x) for x, si in zip(point, sign, strict=True))
    return point, {"m": tuple(beta2 * mi + (1 - beta2) * gi for mi, gi in zip(m, g, strict=True))}


class TestLion(OptimizerContract):
    kind = "lion"
    defaults = {"lr": 1e-4, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0}
    # Steps of exactly η per coordinate: it reaches a minimum only as η decays.
    bowl_params = {"lr": 0.3, "schedule": Schedule("exponential", {"gamma": 0.98})}
    reference_params = [{"lr": 0.01}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "weight_decay": 0.1},
                        {"lr": 0.02, "beta1": 0.0, "beta2": 0.0}, {"lr": 0.003, "beta1": 0.95, "weight_decay": 1.0}]
    reference_step = staticmethod(lion_reference_step)


def lbfgs_reference_step(point, state, params, gradient, value=None):
    """torch.optim.LBFGS.step with max_iter=1 (so max_eval=1), on tuples."""
    def dot(a, b):
        return sum(ai * bi for ai, bi in zip(a, b, strict=True))

    lr, size, wolfe = params["lr"], int(params["history_size"]), params["line_search"] == "strong_wolfe"
    state = dict(state) or {"n_iter": 0, "dirs": [], "stps": [], "ro": [], "h_diag": 1.0}
    g = gradient(*point)
    if max(abs(gi) for gi in g) <= 1e-7:
        return point, state
    state["n_iter"] += 1
    if state["n_iter"] == 1:
        d, state["dirs"], state["stps"], state["ro"], state["h_diag"] = [-gi for gi in g], [], [], [], 1.0
    else:
        y = [gi - pi for gi, pi in zip(g, state["prev_g"], strict=True)]
        s = [di * state["t"] for di in state["d"]]
        ys = dot(y, s)
        if ys > 1e-10:
            if len(state["dirs"]) == size:
                state["dirs"], state["stps"], state["ro"] = state["dirs"][1:], state["stps"][1:], state["ro"][1:]
            state["dirs"], state["stps"], state["ro"] = state["dirs"] + [y], state["stps"] + [s], state["ro"] + [1 / ys]
            state["h_diag"] = ys / dot(y, y)
        q, al = [-gi for gi in g], {}
        for i in reversed(range(len(state["dirs"]))):
            al[i] = dot(state["stps"][i], q) * state["ro"][i]
            q = [qi - al[i] * yi for qi, yi in zip(q, state["dirs"][i], strict=True)]
        d = [qi * state["h_diag"] for qi in q]
        for i in range(len(state["dirs"])):
            be = dot(state["dirs"][i], d) * state["ro"][i]
            d = [di + (al[i] - be) * si for di, si in zip(d, state["stps"][i], strict=True)]
    state["prev_g"], state["d"] = g, d
    t = min(1.0, 1.0 / sum(abs(gi) for gi in g)) * lr if state["n_iter"] == 1 else lr
    state["t"] = t
    if dot(g, d) > -1e-9:
        return point, state
    trial = tuple(x + t * di for x, di in zip(point, d, strict=True))
    if wolfe and value(*point) <= value(*trial):  # no evaluation left for the search: keep x, t = 0
        state["t"] = 0.0
        return point, state
    return trial, state


def momentum_demo_value(x, y):
    return 0.4 * x * x * y * y + 0.3 * x * x * y + 0.3 * x * x + 0.3 * y * y - 0.25 * x * y * y + 0.31 * x * y - 0.2 * x + 2.1 * y


class TestLBFGS(OptimizerContract):
    kind = "lbfgs"
    defaults = {"lr": 1.0, "history_size": 10.0, "line_search": 0.0}  # line_search=none
    # Its quasi-Newton steps amplify differences of rounding (its dot products and the reference's sums):
    # 1e-16 at step 1, 8e-12 by step 50.
    reference_tolerance = 1e-10
    bowl_params = {"lr": 1.0}
    reference_params = [{"lr": 0.1}, {"lr": 0.05, "history_size": 2, "line_search": "strong_wolfe"},
                        {"lr": 0.2, "history_size": 1}, {"lr": 0.3, "line_search": "strong_wolfe"}]

    @staticmethod
    def reference_step(point, state, params, gradient):
        return lbfgs_reference_step(point, state, params, gradient, momentum_demo_value)

    def test_loss_decreases_on_the_convex_bowl(self):
        # It stops where max |g| ≤ 1e-7 (torch's tolerance_grad), short of the contract's 1e-8 of the loss.
        simulation = Simulation(preset("bowl").landscape, self.balls([(-3.0, 4.0), (4.5, 0.5)], [{}] * 2))
        simulation.advance(50)
        np.testing.assert_allclose(simulation.positions, 0.0, atol=1e-7)


def test_lbfgs_line_search_is_a_choice_read_and_written_by_name():
    params = checked_params(OptimizerKind.LBFGS, {"line_search": "strong_wolfe"})
    assert params["line_search"] == 1.0
    assert "line search=strong_wolfe" in Ball(OptimizerKind.LBFGS, params).settings_label
    with pytest.raises(ValueError, match=r"^line_search must be one of none, strong_wolfe, got 'wolfe'$"):
        checked_params(OptimizerKind.LBFGS, {"line_search": "wolfe"})
    with pytest.raises(ValueError, match=r"^history_size must be a whole number, got 2.5$"):
        checked_params(OptimizerKind.LBFGS, {"history_size": 2.5})


# ---- Newton ----

def newton_run(landscape, starts, steps=1, **params):
    simulation = Simulation(landscape, [Ball.make("newton", start, **params) for start in starts])
    simulation.advance(steps)
    return simulation


@pytest.mark.parametrize(("landscape", "minimum"), [(quadratic_preset(100.0, 30.0).landscape, (0.0, 0.0)),
                                                    (preset("bowl").landscape, (0.0, 0.0))])
def test_newton_reaches_a_quadratics_minimum_in_one_step(landscape, minimum):
    starts = [(-3.0, 4.0), (4.5, 0.5), (1.0, -2.0)]
    simulation = Simulation(landscape, [Ball.make("newton", start) for start in starts], history_capacity=8)
    simulation.advance(1)
    # H is the central difference of the gradient (h = 1e-5), exact on a quadratic but for rounding:
    # about 1e-16·|g| / h, which leaves the step 3e-9 off the minimum at κ = 100.
    np.testing.assert_allclose(simulation.history.positions[1], [minimum] * 3, atol=1e-8)
    assert np.all(simulation.history.losses[1] < 1e-15)


def test_newton_follows_its_formula_on_a_quadratic_with_damping():
    # f = ½xᵀAx on quadratic κ = 10, rotated 30°: H = A, so a step is x − η·(A + δI)⁻¹·A·x.
    landscape = quadratic_preset(10.0, 30.0).landscape
    hessian = quadratic_hessian(10.0, 30.0)
    lr, damping = 0.7, 0.5
    x = np.array([2.0, -1.5])
    simulation = newton_run(landscape, [tuple(x)], steps=0, lr=lr, damping=damping)
    for step in range(5):
        x = x - lr * np.linalg.solve(hessian + damping * np.eye(2), hessian @ x)
        simulation.advance(1)
        np.testing.assert_allclose(simulation.positions[0], x, rtol=1e-9, atol=1e-12, err_msg=f"step {step + 1}")


def test_newton_heads_for_a_saddle_where_h_is_not_positive_definite():
    # On x² − y² the Newton step goes to the saddle at the origin in one step.
    simulation = newton_run(preset("saddle").landscape, [(0.8, 0.6)])
    assert np.max(np.abs(simulation.positions)) < 1e-6


def momentum_demo_hessian(x, y):
    """The Hessian of test_optimizers.momentum_demo_gradient's f, by hand."""
    cross = 1.6 * x * y + 0.6 * x - 0.5 * y + 0.31
    return np.array([[0.8 * y * y + 0.6 * y + 0.6, cross], [cross, 0.8 * x * x - 0.5 * x + 0.6]])


def newton_reference_step(point, state, params, gradient):
    damped = momentum_demo_hessian(*point) + params["damping"] * np.eye(2)
    return tuple(np.array(point) - params["lr"] * np.linalg.solve(damped, gradient(*point))), {}


class TestNewton(OptimizerContract):
    kind = "newton"
    defaults = {"lr": 1.0, "damping": 0.0}
    bowl_params = {"lr": 1.0}
    reference_params = [{"lr": 0.05}, {"lr": 0.1, "damping": 2.0}, {"lr": 0.02, "damping": 0.5}]
    # The engine's H is the central difference of the gradient (h = 1e-5): the exact one to about 1e-10,
    # and the ball from (0.5, 5.8) crosses where H is nearly singular, which magnifies that to 2e-8.
    reference_tolerance = 1e-6
    reference_step = staticmethod(newton_reference_step)


def test_newton_stops_where_h_is_singular_and_says_why():
    # x² + y has no curvature along y: H + δ·I is singular wherever δ = 0, and regular with δ > 0.
    from gdsim.model.ball_status import status_label
    from gdsim.model.expressions import landscape_from_expression
    landscape = landscape_from_expression("x^2 + y")
    simulation = Simulation(landscape, [Ball.make("newton", (0.8, 0.6)), Ball.make("newton", (0.8, 0.6), damping=1.0),
                                        Ball.make("sgd", (0.8, 0.6), lr=0.01)])
    simulation.advance(3)
    assert simulation.status.tolist() == [BallStatus.NO_STEP, BallStatus.RUNNING, BallStatus.RUNNING]
    assert simulation.stopped_at[0] == 1
    np.testing.assert_array_equal(simulation.positions[0], (0.8, 0.6))
    assert status_label(simulation.status[0], simulation.stopped_at[0]) == "no step"
    alone = Simulation(landscape, [Ball.make("newton", (0.8, 0.6))])  # the engine's path for one optimizer
    alone.advance(3)
    assert alone.status.tolist() == [BallStatus.NO_STEP] and alone.stopped_at[0] == 1
