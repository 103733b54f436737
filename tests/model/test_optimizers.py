"""The optimizer contract (DESIGN.md habit 5), run once per optimizer, and hyperparameter checks.

The reference implementations below are plain Python on scalars, one coordinate at a time, written
from the rules in issue 3 and, for the optimizers of issue 4, from torch.optim's documentation
(g = ∇f(x); every state starts at 0; t counts steps from 1):
  SGD        x ← x − η·g(x)
  Momentum   v ← ρ·v − η·g(x);        x ← x + v
  Nesterov   v ← ρ·v − η·g(x + ρ·v);  x ← x + v
  Adagrad    s ← s + g²;              x ← x − η·g / (√s + ε)
  RMSprop    s ← α·s + (1 − α)·g²;    x ← x − η·g / (√s + ε)
  Adam       m ← β₁·m + (1 − β₁)·g;   s ← β₂·s + (1 − β₂)·g²;
             x ← x − η·m̂ / (√ŝ + ε)  with m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ)
  AdamW      x ← x − η·λ·x, then Adam's step (with g taken before the decay)
The references use the documented form; gdsim keeps torch's arithmetic order, so the two agree to
rounding, not bit for bit.
"""

import math

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.optimizers import OPTIMIZERS, OptimizerKind, checked_params
from gdsim.model.presets import preset
from gdsim.model.simulation import BallStatus, Simulation


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


def zeros_like(point):
    return (0.0,) * len(point)


class OptimizerContract:
    """What every optimizer must do. Subclasses name the optimizer and give its reference step."""

    kind: str
    defaults: dict  # what a ball gets when no setting is given (torch.optim's for the issue 4 ones)
    bowl_params: dict  # settings that make this optimizer reach the bowl's minimum quickly
    reference_params: list[dict]  # several settings run side by side against the reference
    reference_tolerance = 1e-12  # relative and absolute, on the positions

    @staticmethod
    def reference_step(point, state, params, gradient):
        """One step on plain floats: `point` is a tuple of coordinates, `state` this optimizer's own
        (a dict, empty before the first step), `params` every setting (defaults filled in) and
        `gradient(*point)` a tuple. Returns the new (point, state)."""
        raise NotImplementedError

    def balls(self, starts, params_list):
        return [Ball.make(self.kind, start, **params) for start, params in zip(starts, params_list, strict=True)]

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

        simulation.advance(5)  # leave optimizer state (velocities, averages, step counts) behind
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
        points = [b.start for b in simulation.balls]
        states = [{} for _ in simulation.balls]

        for step in range(1, 51):
            assert simulation.advance(1) == 1
            for i, params in enumerate(self.reference_params):
                points[i], states[i] = self.reference_step(points[i], states[i], {**self.defaults, **params},
                                                           momentum_demo_gradient)
            np.testing.assert_allclose(simulation.positions, points, rtol=self.reference_tolerance,
                                       atol=self.reference_tolerance,
                                       err_msg=f"positions differ at step {step}")
        assert np.all(simulation.status == BallStatus.RUNNING)  # no ball froze and hid a difference

    def test_the_reference_settings_differ_from_each_other(self):
        # Guards the reference test: hyperparameters mixed up between balls must show.
        assert len(self.reference_params) >= 3
        for name in self.defaults:
            values = {checked_params(OptimizerKind(self.kind), p)[name] for p in self.reference_params}
            assert len(values) >= 2, f"every reference ball has the same {name}"

    @pytest.mark.parametrize("lr", [0.0, -1.0, math.nan, math.inf, -math.inf])
    def test_learning_rate_must_be_positive_and_finite(self, lr):
        with pytest.raises(ValueError, match=r"^lr must be a positive finite number, got "):
            Ball.make(self.kind, (0.0, 0.0), lr=lr)

    def test_learning_rate_that_is_not_a_number_is_rejected(self):
        with pytest.raises(ValueError, match=r"^lr must be a number, got 'abc'$"):
            checked_params(OptimizerKind(self.kind), {"lr": "abc"})

    def test_unknown_parameter_is_rejected_naming_the_allowed_ones(self):
        allowed = ", ".join(self.defaults)
        with pytest.raises(ValueError) as raised:
            Ball.make(self.kind, (0.0, 0.0), beta=0.5)
        assert str(raised.value) == f"{self.kind} has no parameter 'beta'; it takes: {allowed}"

    def test_missing_parameters_take_their_defaults(self):
        ball = Ball.make(self.kind, (0.0, 0.0))
        assert ball.params == self.defaults
        assert list(ball.params) == list(self.defaults)  # the order the CLI and labels show


class TestSGD(OptimizerContract):
    kind = "sgd"
    defaults = {"lr": 0.01}
    bowl_params = {"lr": 0.1}
    reference_params = [{"lr": 0.01}, {"lr": 0.003}, {"lr": 0.02}]

    @staticmethod
    def reference_step(point, state, params, gradient):
        lr = params["lr"]
        return tuple(x - lr * g for x, g in zip(point, gradient(*point), strict=True)), state


MOMENTUM_FAMILY = {
    "defaults": {"lr": 0.01, "momentum": 0.9, "form": 0.0},  # form=lecture
    "bowl_params": {"lr": 0.05, "momentum": 0.5},
    # form=torch (torch.optim.SGD's buf ← ρ·buf + g; x ← x − η·buf) side by side with the lecture form
    "reference_params": [{"lr": 0.005, "momentum": 0.9}, {"lr": 0.002, "momentum": 0.5, "form": "torch"},
                         {"lr": 0.01, "momentum": 0.95}, {"lr": 0.02, "momentum": 0.0, "form": "torch"}],
}


class TestMomentum(OptimizerContract):
    kind = "momentum"
    defaults = MOMENTUM_FAMILY["defaults"]
    bowl_params = MOMENTUM_FAMILY["bowl_params"]
    reference_params = MOMENTUM_FAMILY["reference_params"]

    @staticmethod
    def reference_step(point, state, params, gradient):
        lr, rho = params["lr"], params["momentum"]
        v = state.get("v", zeros_like(point))
        if params["form"] == "torch":
            buf = tuple(rho * b + g for b, g in zip(v, gradient(*point), strict=True))
            return tuple(x - lr * b for x, b in zip(point, buf, strict=True)), {"v": buf}
        v = tuple(rho * vi - lr * g for vi, g in zip(v, gradient(*point), strict=True))
        return tuple(x + vi for x, vi in zip(point, v, strict=True)), {"v": v}


class TestNesterov(OptimizerContract):
    kind = "nag"
    defaults = MOMENTUM_FAMILY["defaults"]
    bowl_params = MOMENTUM_FAMILY["bowl_params"]
    reference_params = MOMENTUM_FAMILY["reference_params"]

    @staticmethod
    def reference_step(point, state, params, gradient):
        lr, rho = params["lr"], params["momentum"]
        v = state.get("v", zeros_like(point))
        if params["form"] == "torch":  # the gradient at x itself
            g = gradient(*point)
            buf = tuple(rho * b + gi for b, gi in zip(v, g, strict=True))
            return tuple(x - lr * (gi + rho * b) for x, gi, b in zip(point, g, buf, strict=True)), {"v": buf}
        look_ahead = tuple(x + rho * vi for x, vi in zip(point, v, strict=True))
        v = tuple(rho * vi - lr * g for vi, g in zip(v, gradient(*look_ahead), strict=True))
        return tuple(x + vi for x, vi in zip(point, v, strict=True)), {"v": v}


class TestAdagrad(OptimizerContract):
    kind = "adagrad"
    defaults = {"lr": 0.01, "eps": 1e-10}
    bowl_params = {"lr": 1.0}  # the accumulated sum only grows, so Adagrad needs a large η
    reference_params = [{"lr": 0.1}, {"lr": 0.5, "eps": 1e-6}, {"lr": 0.02}, {"lr": 1.0, "eps": 0.1}]

    @staticmethod
    def reference_step(point, state, params, gradient):
        lr, eps = params["lr"], params["eps"]
        s = state.get("s", zeros_like(point))
        g = gradient(*point)
        s = tuple(si + gi * gi for si, gi in zip(s, g, strict=True))
        return tuple(x - lr * gi / (math.sqrt(si) + eps) for x, gi, si in zip(point, g, s, strict=True)), {"s": s}


class TestRMSprop(OptimizerContract):
    kind = "rmsprop"
    defaults = {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}
    bowl_params = {"lr": 0.1}
    reference_params = [{"lr": 0.01}, {"lr": 0.05, "alpha": 0.9}, {"lr": 0.003, "alpha": 0.0},
                        {"lr": 0.02, "alpha": 0.5, "eps": 1e-3}]

    @staticmethod
    def reference_step(point, state, params, gradient):
        lr, alpha, eps = params["lr"], params["alpha"], params["eps"]
        s = state.get("s", zeros_like(point))
        g = gradient(*point)
        s = tuple(alpha * si + (1 - alpha) * gi * gi for si, gi in zip(s, g, strict=True))
        return tuple(x - lr * gi / (math.sqrt(si) + eps) for x, gi, si in zip(point, g, s, strict=True)), {"s": s}


def adam_reference_step(point, state, params, gradient):
    """Adam as torch.optim documents it; AdamW's decay goes in front (λ = 0 for plain Adam)."""
    lr, beta1, beta2, eps = params["lr"], params["beta1"], params["beta2"], params["eps"]
    weight_decay = params.get("weight_decay", 0.0)
    t = state.get("t", 0) + 1
    m, s = state.get("m", zeros_like(point)), state.get("s", zeros_like(point))
    g = gradient(*point)
    point = tuple(x - lr * weight_decay * x for x in point)
    m = tuple(beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g, strict=True))
    s = tuple(beta2 * si + (1 - beta2) * gi * gi for si, gi in zip(s, g, strict=True))
    m_hat = tuple(mi / (1 - beta1 ** t) for mi in m)
    s_hat = tuple(si / (1 - beta2 ** t) for si in s)
    point = tuple(x - lr * mh / (math.sqrt(sh) + eps) for x, mh, sh in zip(point, m_hat, s_hat, strict=True))
    return point, {"t": t, "m": m, "s": s}


class TestAdam(OptimizerContract):
    kind = "adam"
    defaults = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    bowl_params = {"lr": 0.1}
    # β₁ = 0 takes the other branch of torch's lerp; β₁ = β₂ = 0 makes Adam step by η·sign(g).
    reference_params = [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9},
                        {"lr": 0.02, "beta1": 0.0, "beta2": 0.0},
                        {"lr": 0.2, "beta1": 0.95, "beta2": 0.99, "eps": 1e-3}]
    reference_step = staticmethod(adam_reference_step)


class TestAdamW(OptimizerContract):
    kind = "adamw"
    defaults = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}
    bowl_params = {"lr": 0.1}
    reference_params = [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "weight_decay": 0.0},
                        {"lr": 0.02, "beta1": 0.0, "beta2": 0.0, "weight_decay": 1.0},
                        {"lr": 0.2, "beta1": 0.95, "beta2": 0.99, "eps": 1e-3, "weight_decay": 0.3}]

    reference_step = staticmethod(adam_reference_step)


def test_every_optimizer_runs_the_contract():
    import test_newton_lbfgs_lion  # noqa: F401  (the contract classes of issue 17's optimizers)
    import test_torch_optimizers  # noqa: F401
    assert {cls.kind for cls in OptimizerContract.__subclasses__()} == set(OptimizerKind)
    assert set(OPTIMIZERS) == set(OptimizerKind)
    assert all(OPTIMIZERS[kind].kind == kind for kind in OptimizerKind)


def test_nesterov_differs_from_momentum_with_the_same_settings():
    # Guards the reference test: if NAG quietly fell back to Momentum, the two would agree.
    landscape = preset("momentum-demo").landscape
    momentum = Simulation(landscape, [Ball.make("momentum", (0.5, 5.8), lr=0.005, momentum=0.9)])
    nesterov = Simulation(landscape, [Ball.make("nag", (0.5, 5.8), lr=0.005, momentum=0.9)])
    momentum.advance(10)
    nesterov.advance(10)
    assert np.max(np.abs(momentum.positions - nesterov.positions)) > 1e-3


@pytest.mark.parametrize("kind", ["momentum", "nag"])
@pytest.mark.parametrize("rho", [1.0, 1.5, -0.1, math.nan, math.inf])
def test_momentum_coefficient_must_be_in_zero_to_one(kind, rho):
    with pytest.raises(ValueError, match=r"^momentum must be in \[0, 1\), got "):
        Ball.make(kind, (0.0, 0.0), lr=0.01, momentum=rho)


@pytest.mark.parametrize("kind", ["momentum", "nag"])
def test_momentum_zero_is_allowed_and_then_the_ball_follows_plain_sgd(kind):
    landscape = preset("momentum-demo").landscape
    simulation = Simulation(landscape, [Ball.make(kind, (0.5, 5.8), lr=0.004, momentum=0.0),
                                        Ball.make("sgd", (0.5, 5.8), lr=0.004)])
    simulation.advance(30)
    np.testing.assert_allclose(simulation.positions[0], simulation.positions[1], rtol=1e-13, atol=1e-13)


def test_sgd_has_no_momentum_parameter():
    with pytest.raises(ValueError, match=r"^sgd has no parameter 'momentum'; it takes: lr$"):
        Ball.make("sgd", (0.0, 0.0), lr=0.01, momentum=0.9)


def test_unknown_optimizer_name_is_rejected():
    with pytest.raises(ValueError, match="bfgs"):
        Ball.make("bfgs", (0.0, 0.0))


NEW_KINDS = ["adagrad", "rmsprop", "adam", "adamw"]
NOT_A_POSITIVE_FINITE_NUMBER = [0.0, -1e-8, math.nan, math.inf]
NOT_IN_ZERO_TO_ONE = [1.0, 1.5, -0.1, math.nan, math.inf]


@pytest.mark.parametrize("kind", NEW_KINDS)
@pytest.mark.parametrize("eps", NOT_A_POSITIVE_FINITE_NUMBER)
def test_eps_must_be_positive_and_finite(kind, eps):
    with pytest.raises(ValueError, match=rf"^eps must be a positive finite number, got {eps:g}$"):
        Ball.make(kind, (0.0, 0.0), eps=eps)


@pytest.mark.parametrize(("kind", "name"), [("rmsprop", "alpha"), ("adam", "beta1"), ("adam", "beta2"),
                                            ("adamw", "beta1"), ("adamw", "beta2")])
@pytest.mark.parametrize("value", NOT_IN_ZERO_TO_ONE)
def test_averaging_coefficients_must_be_in_zero_to_one(kind, name, value):
    with pytest.raises(ValueError, match=rf"^{name} must be in \[0, 1\), got {value:g}$"):
        Ball.make(kind, (0.0, 0.0), **{name: value})


@pytest.mark.parametrize("weight_decay", [-0.01, math.nan, math.inf])
def test_weight_decay_must_be_finite_and_not_negative(weight_decay):
    message = rf"^weight_decay must be a finite number >= 0, got {weight_decay:g}$"
    with pytest.raises(ValueError, match=message):
        Ball.make("adamw", (0.0, 0.0), weight_decay=weight_decay)


@pytest.mark.parametrize(("kind", "name"), [("rmsprop", "alpha"), ("adam", "beta1"), ("adam", "beta2"),
                                            ("adamw", "beta2"), ("adamw", "weight_decay")])
def test_zero_is_allowed_where_the_range_includes_it(kind, name):
    assert Ball.make(kind, (0.0, 0.0), **{name: 0}).params[name] == 0.0


@pytest.mark.parametrize(("kind", "name"), [("adagrad", "eps"), ("adam", "beta1"), ("adamw", "weight_decay")])
def test_new_parameter_that_is_not_a_number_is_rejected(kind, name):
    with pytest.raises(ValueError, match=rf"^{name} must be a number, got 'abc'$"):
        checked_params(OptimizerKind(kind), {name: "abc"})


@pytest.mark.parametrize(("kind", "name", "takes"), [
    ("adam", "betas", "lr, beta1, beta2, eps"),  # torch's tuple is two settings here
    ("adam", "weight_decay", "lr, beta1, beta2, eps"),  # decoupled decay is AdamW's
    ("adagrad", "alpha", "lr, eps"),
    ("rmsprop", "momentum", "lr, alpha, eps"),
    ("adamw", "amsgrad", "lr, beta1, beta2, eps, weight_decay"),
])
def test_settings_an_optimizer_does_not_have_are_rejected(kind, name, takes):
    with pytest.raises(ValueError) as raised:
        Ball.make(kind, (0.0, 0.0), **{name: 0.5})
    assert str(raised.value) == f"{kind} has no parameter {name!r}; it takes: {takes}"


@pytest.mark.parametrize(("kind", "params", "label"), [
    ("adagrad", {}, "Adagrad η=0.01"),
    ("rmsprop", {"lr": 0.1, "alpha": 0.9}, "RMSprop η=0.1 α=0.9"),
    ("adam", {"lr": 0.1}, "Adam η=0.1"),
    ("adamw", {"beta2": 0.99}, "AdamW η=0.001 β₂=0.99"),
    ("momentum", {"lr": 0.005}, "Momentum η=0.005 ρ=0.9"),
    ("sgd", {"lr": 0.01}, "SGD η=0.01"),
])
def test_labels_show_eta_rho_and_the_settings_that_differ_from_the_defaults(kind, params, label):
    assert Ball.make(kind, (0.0, 0.0), **params).label == label


def test_adamw_without_weight_decay_is_adam_exactly():
    settings = [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9},
                {"lr": 0.02, "beta1": 0.0, "eps": 1e-3}]
    starts = [(0.5, 5.8), (-2.0, 3.0), (2.5, -5.0)]
    landscape = preset("momentum-demo").landscape
    adam = Simulation(landscape, [Ball.make("adam", s, **p) for s, p in zip(starts, settings, strict=True)])
    adamw = Simulation(landscape, [Ball.make("adamw", s, weight_decay=0, **p)
                                   for s, p in zip(starts, settings, strict=True)])
    adam.advance(60)
    adamw.advance(60)
    assert_identical_histories(history_of(adamw), history_of(adam))


def test_adamw_weight_decay_makes_a_difference():
    # Guards the test above: if AdamW ignored λ, it would pass for every λ.
    landscape = preset("momentum-demo").landscape
    adam = Simulation(landscape, [Ball.make("adam", (0.5, 5.8), lr=0.1)])
    adamw = Simulation(landscape, [Ball.make("adamw", (0.5, 5.8), lr=0.1, weight_decay=0.1)])
    adam.advance(10)
    adamw.advance(10)
    assert np.max(np.abs(adam.positions - adamw.positions)) > 1e-3


@pytest.mark.parametrize("kind", ["adam", "adamw"])
@pytest.mark.parametrize("lr", [0.001, 0.1, 1.0])
def test_adams_first_step_moves_each_coordinate_by_lr_whatever_the_gradient(kind, lr):
    # Bias correction makes the first step η·g/(|g| + ε): the size of g does not matter, only its sign.
    # On the bowl g = 2x, so these starts have gradients from 2e-3 to 4e5 (and one coordinate at 0).
    starts = [(-3.0, 4.0), (1e-3, -2e5), (0.0, 7.5)]
    simulation = Simulation(preset("bowl").landscape,
                            [Ball.make(kind, start, lr=lr, weight_decay=0) if kind == "adamw"
                             else Ball.make(kind, start, lr=lr) for start in starts])
    gradients = simulation.gradients.copy()
    before = simulation.positions.copy()

    simulation.advance(1)

    np.testing.assert_allclose(simulation.positions - before, -lr * np.sign(gradients), rtol=1e-5, atol=0)


def test_a_simulation_runs_every_optimizer_side_by_side_as_if_alone():
    # Balls of all kinds, interleaved, with per-ball settings: the simulation groups them by kind,
    # and each ball must follow exactly the path it follows when it runs alone.
    from test_torch_optimizers import SIDE_BY_SIDE_SETTINGS
    landscape = preset("momentum-demo").landscape
    settings = {"sgd": [{"lr": 0.01}, {"lr": 0.003}], "momentum": [{"lr": 0.005}, {"momentum": 0.5, "form": "torch"}],
                "nag": [{"lr": 0.005, "form": "torch"}, {"lr": 0.002, "momentum": 0.5}], "adagrad": [{"lr": 0.1}, {"lr": 0.5}],
                "rmsprop": [{"lr": 0.01}, {"lr": 0.05, "alpha": 0.9}],
                "adam": [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9}],
                "adamw": [{"lr": 0.1}, {"lr": 0.2, "weight_decay": 0.3}], **SIDE_BY_SIDE_SETTINGS}
    assert set(settings) == set(OptimizerKind)
    starts = [(0.5, 5.8), (-2.0, 3.0)]
    balls = [Ball.make(kind, starts[i], **params[i])
             for i in range(2) for kind, params in settings.items()]
    mixed = Simulation(landscape, balls)
    mixed.advance(40)
    assert mixed.step_count == 40
    assert np.all(mixed.status == BallStatus.RUNNING)

    for i, ball in enumerate(balls):
        alone = Simulation(landscape, [ball])
        alone.advance(40)
        np.testing.assert_array_equal(mixed.positions[i], alone.positions[0], err_msg=ball.label)
        np.testing.assert_array_equal(mixed.history.losses[:, i], alone.history.losses[:, 0],
                                      err_msg=ball.label)

    final = mixed.positions.copy()
    mixed.reset()
    mixed.advance(40)
    np.testing.assert_array_equal(mixed.positions, final)
