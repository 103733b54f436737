"""The optimizer contract (DESIGN.md habit 5), run once per optimizer, and hyperparameter checks.

The reference implementations below are plain Python on scalars, written from the rules in
issue 3 (g = ∇f, v₀ = 0):
  SGD        x ← x − η·g(x)
  Momentum   v ← ρ·v − η·g(x);        x ← x + v
  Nesterov   v ← ρ·v − η·g(x + ρ·v);  x ← x + v
"""

import math

import numpy as np
import pytest

from gdsim.model.landscapes import preset
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.simulation import BallSpec, BallStatus, Simulation


def momentum_demo_gradient(x, y):
    """∇ of 0.4x²y² + 0.3x²y + 0.3x² + 0.3y² − 0.25xy² + 0.31xy − 0.2x + 2.1y, by hand."""
    return (0.8 * x * y * y + 0.6 * x * y + 0.6 * x - 0.25 * y * y + 0.31 * y - 0.2,
            0.8 * x * x * y + 0.3 * x * x + 0.6 * y - 0.5 * x * y + 0.31 * x + 2.1)


def history_of(simulation):
    h = simulation.history
    return h.steps[:h.length].copy(), h.positions[:h.length].copy(), h.losses[:h.length].copy()


def assert_identical_histories(first, second):
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


class OptimizerContract:
    """What every optimizer must do. Subclasses name the optimizer and give its reference step."""

    kind: str
    bowl_params: dict  # settings that make this optimizer reach the bowl's minimum quickly
    reference_params: list[dict]  # several settings run side by side against the reference

    @staticmethod
    def reference_step(x, y, vx, vy, params, gradient):
        """One step on scalars: returns the new (x, y, vx, vy)."""
        raise NotImplementedError

    def balls(self, starts, params_list):
        return [BallSpec.make(self.kind, start, **params) for start, params in zip(starts, params_list)]

    def momentum_demo_simulation(self):
        starts = [(0.5, 5.8), (-2.0, 3.0), (2.5, -5.0), (1.0, 1.0)][:len(self.reference_params)]
        return Simulation(preset("momentum-demo").landscape, self.balls(starts, self.reference_params))

    def test_loss_decreases_on_the_convex_bowl(self):
        starts = [(-3.0, 4.0), (4.5, 0.5), (-0.1, -4.9)]
        simulation = Simulation(preset("bowl").landscape, self.balls(starts, [self.bowl_params] * 3))
        initial = simulation.losses.copy()

        simulation.advance(400)

        assert np.all(simulation.status != BallStatus.DIVERGED)
        assert np.all(simulation.losses < 1e-8 * initial)
        np.testing.assert_allclose(simulation.positions, 0.0, atol=1e-4)

    def test_reset_is_exact(self):
        simulation = self.momentum_demo_simulation()
        simulation.advance(37)
        first_run = history_of(simulation)
        first_positions = simulation.positions.copy()

        simulation.advance(5)  # leave optimizer state (velocities) behind, then reset
        simulation.reset()
        assert simulation.step_count == 0
        assert simulation.history.length == 1
        np.testing.assert_array_equal(simulation.positions, [b.start for b in simulation.balls])
        simulation.advance(37)

        assert_identical_histories(history_of(simulation), first_run)
        np.testing.assert_array_equal(simulation.positions, first_positions)

    def test_runs_are_deterministic(self):
        first = self.momentum_demo_simulation()
        second = self.momentum_demo_simulation()
        first.advance(50)
        second.advance(50)
        assert_identical_histories(history_of(first), history_of(second))
        np.testing.assert_array_equal(first.status, second.status)

    def test_matches_the_reference_formula_step_by_step(self):
        simulation = self.momentum_demo_simulation()
        states = [(b.start[0], b.start[1], 0.0, 0.0) for b in simulation.balls]

        for step in range(1, 51):
            assert simulation.advance(1) == 1
            states = [self.reference_step(*state, params, momentum_demo_gradient)
                      for state, params in zip(states, self.reference_params)]
            expected = [(x, y) for x, y, _, _ in states]
            np.testing.assert_allclose(simulation.positions, expected, rtol=1e-12, atol=1e-12,
                                       err_msg=f"positions differ at step {step}")
        assert np.all(simulation.status == BallStatus.RUNNING)  # no ball froze and hid a difference

    @pytest.mark.parametrize("lr", [0.0, -1.0, math.nan, math.inf, -math.inf])
    def test_learning_rate_must_be_positive_and_finite(self, lr):
        with pytest.raises(ValueError, match=r"^lr must be a positive finite number, got "):
            BallSpec.make(self.kind, (0.0, 0.0), lr=lr)

    def test_learning_rate_that_is_not_a_number_is_rejected(self):
        with pytest.raises(ValueError, match=r"^lr must be a number, got 'abc'$"):
            checked_params(OptimizerKind(self.kind), {"lr": "abc"})

    def test_unknown_parameter_is_rejected_naming_the_allowed_ones(self):
        allowed = ", ".join(checked_params(OptimizerKind(self.kind), {}))
        with pytest.raises(ValueError) as raised:
            BallSpec.make(self.kind, (0.0, 0.0), beta=0.5)
        assert str(raised.value) == f"{self.kind} has no parameter 'beta'; it takes: {allowed}"

    def test_missing_parameters_take_their_defaults(self):
        ball = BallSpec.make(self.kind, (0.0, 0.0))
        assert ball.params == checked_params(OptimizerKind(self.kind), {})
        assert ball.params["lr"] == 0.01


class TestSGD(OptimizerContract):
    kind = "sgd"
    bowl_params = {"lr": 0.1}
    reference_params = [{"lr": 0.01}, {"lr": 0.003}, {"lr": 0.02}]

    @staticmethod
    def reference_step(x, y, vx, vy, params, gradient):
        gx, gy = gradient(x, y)
        return x - params["lr"] * gx, y - params["lr"] * gy, vx, vy


class TestMomentum(OptimizerContract):
    kind = "momentum"
    bowl_params = {"lr": 0.05, "momentum": 0.5}
    reference_params = [{"lr": 0.005, "momentum": 0.9}, {"lr": 0.002, "momentum": 0.5},
                        {"lr": 0.01, "momentum": 0.95}, {"lr": 0.02, "momentum": 0.0}]

    @staticmethod
    def reference_step(x, y, vx, vy, params, gradient):
        lr, rho = params["lr"], params["momentum"]
        gx, gy = gradient(x, y)
        vx, vy = rho * vx - lr * gx, rho * vy - lr * gy
        return x + vx, y + vy, vx, vy


class TestNesterov(OptimizerContract):
    kind = "nag"
    bowl_params = {"lr": 0.05, "momentum": 0.5}
    reference_params = [{"lr": 0.005, "momentum": 0.9}, {"lr": 0.002, "momentum": 0.5},
                        {"lr": 0.01, "momentum": 0.95}, {"lr": 0.02, "momentum": 0.0}]

    @staticmethod
    def reference_step(x, y, vx, vy, params, gradient):
        lr, rho = params["lr"], params["momentum"]
        gx, gy = gradient(x + rho * vx, y + rho * vy)
        vx, vy = rho * vx - lr * gx, rho * vy - lr * gy
        return x + vx, y + vy, vx, vy


def test_nesterov_differs_from_momentum_with_the_same_settings():
    # Guards the reference test: if NAG quietly fell back to Momentum, the two would agree.
    landscape = preset("momentum-demo").landscape
    momentum = Simulation(landscape, [BallSpec.make("momentum", (0.5, 5.8), lr=0.005, momentum=0.9)])
    nesterov = Simulation(landscape, [BallSpec.make("nag", (0.5, 5.8), lr=0.005, momentum=0.9)])
    momentum.advance(10)
    nesterov.advance(10)
    assert np.max(np.abs(momentum.positions - nesterov.positions)) > 1e-3


@pytest.mark.parametrize("kind", ["momentum", "nag"])
@pytest.mark.parametrize("rho", [1.0, 1.5, -0.1, math.nan, math.inf])
def test_momentum_coefficient_must_be_in_zero_to_one(kind, rho):
    with pytest.raises(ValueError, match=r"^momentum must be in \[0, 1\), got "):
        BallSpec.make(kind, (0.0, 0.0), lr=0.01, momentum=rho)


@pytest.mark.parametrize("kind", ["momentum", "nag"])
def test_momentum_zero_is_allowed_and_then_the_ball_follows_plain_sgd(kind):
    landscape = preset("momentum-demo").landscape
    simulation = Simulation(landscape, [BallSpec.make(kind, (0.5, 5.8), lr=0.004, momentum=0.0),
                                        BallSpec.make("sgd", (0.5, 5.8), lr=0.004)])
    simulation.advance(30)
    np.testing.assert_allclose(simulation.positions[0], simulation.positions[1], rtol=1e-13, atol=1e-13)


def test_sgd_has_no_momentum_parameter():
    with pytest.raises(ValueError, match=r"^sgd has no parameter 'momentum'; it takes: lr$"):
        BallSpec.make("sgd", (0.0, 0.0), lr=0.01, momentum=0.9)


def test_unknown_optimizer_name_is_rejected():
    with pytest.raises(ValueError, match="adam"):
        BallSpec.make("adam", (0.0, 0.0))
