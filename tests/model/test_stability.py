"""Stability bounds: the issue's numbers on the bowl, the spectral radius crossing 1 at each bound, and the engine
converging just below a bound and diverging just above it."""

import math

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.presets import preset
from gdsim.model.simulation import Simulation
from gdsim.model.stability import (
    curvature_at,
    iteration_matrix,
    nesterov_bound,
    spectral_radius,
    stability_bound,
    stability_document,
)

BOWL = preset("bowl").landscape
MOMENTA = {"sgd": {}, "momentum": {"momentum": 0.9}, "nag": {"momentum": 0.9}}


def test_the_bowl_is_curved_by_two_every_way():
    curvature = curvature_at(BOWL, (0.0, 0.0))
    assert curvature.eigenvalues == pytest.approx((2.0, 2.0))
    assert curvature.kappa == pytest.approx(1.0)


@pytest.mark.parametrize(("kind", "expected"), [("sgd", 1.0), ("momentum", 1.9), ("nag", 0.6785714285714286)])
def test_the_issues_bounds_on_the_bowl(kind, expected):
    assert stability_bound(kind, MOMENTA[kind], (2.0, 2.0)).bound == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("kind", ["sgd", "momentum", "nag"])
@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9, 0.99])
@pytest.mark.parametrize("curvature", [0.01, 2.0, 300.0])
def test_the_spectral_radius_crosses_one_at_the_bound(kind, rho, curvature):
    bound = stability_bound(kind, {"momentum": rho}, (curvature, curvature)).bound
    radius = [spectral_radius(iteration_matrix(kind, curvature, bound * f, rho)) for f in (0.999, 1.0, 1.001)]
    assert radius[0] < 1.0 < radius[2]
    assert radius[1] == pytest.approx(1.0, abs=1e-9)


def test_nesterov_in_gdsims_form_is_its_iteration_matrix():
    # One step of the engine's Nesterov on f = λx²/2 from (x, v) is the iteration matrix applied to (x, v).
    lam, lr, rho = 3.0, 0.2, 0.7
    x, v = 1.3, -0.4
    v_next = rho * v - lr * lam * (x + rho * v)
    assert iteration_matrix("nag", lam, lr, rho) @ [x, v] == pytest.approx([x + v_next, v_next])
    assert nesterov_bound(lam, rho) == pytest.approx(2 * (1 + rho) / (lam * (1 + 2 * rho)))


def assert_converges_below_and_diverges_above(landscape, kind: str, bound: float, **params) -> None:
    """The engine from (−3, 4) for 3,000 steps: at 0.97 of `bound` it reaches the minimum at 0, at 1.03 it diverges."""
    balls = [Ball.make(kind, (-3.0, 4.0), lr=bound * factor, **params) for factor in (0.97, 1.03)]
    simulation = Simulation(landscape, balls, history_capacity=4)
    simulation.advance(3000)
    below, above = np.linalg.norm(simulation.positions, axis=1)
    assert below < 1e-6
    assert not math.isfinite(above) or above > 1e3


@pytest.mark.parametrize("kind", ["sgd", "momentum", "nag"])
def test_the_engine_converges_just_below_the_bound_and_diverges_just_above(kind):
    assert_converges_below_and_diverges_above(BOWL, kind, stability_bound(kind, MOMENTA[kind], (2.0, 2.0)).bound,
                                              **MOMENTA[kind])


def test_the_best_constant_settings():
    sgd = stability_bound("sgd", {}, (100.0, 1.0))
    assert sgd.optimal_lr == pytest.approx(2 / 101)
    assert sgd.optimal_rate == pytest.approx(99 / 101)
    momentum = stability_bound("momentum", {"momentum": 0.9}, (100.0, 1.0))
    assert momentum.optimal_params == pytest.approx({"lr": 4 / 121, "momentum": (9 / 11) ** 2})
    # Polyak's settings make every direction's spectral radius √ρ, the rate.
    for lam in (100.0, 1.0):
        radius = spectral_radius(iteration_matrix("momentum", lam, momentum.optimal_lr,
                                                  momentum.optimal_params["momentum"]))
        assert radius == pytest.approx(momentum.optimal_rate, rel=1e-6)


@pytest.mark.parametrize("kind", ["adagrad", "rmsprop", "adam", "adamw"])
def test_adaptive_methods_have_no_bound_and_say_why(kind):
    bound = stability_bound(kind, {}, (2.0, 2.0))
    assert bound.bound is None and bound.optimal_lr is None
    assert "running size of the gradient" in bound.reason


def test_no_bound_where_the_ground_is_not_curved_up_every_way():
    saddle = preset("saddle").landscape
    document = stability_document(saddle, (0.0, 0.0), "sgd", {})
    assert document["bound"] is None and document["kappa"] is None
    assert "not curved upwards" in document["reason"]


@pytest.mark.parametrize("damping", [0.0, 2.0])
def test_newtons_bound_and_best_step_on_the_quadratic(damping):
    """x ← x − η·(H + δI)⁻¹·Hx: η < 2(λ₁ + δ)/λ₁ (2 at δ = 0, whatever κ), best η 2/(c₁ + c₂) with cᵢ = λᵢ/(λᵢ + δ)."""
    from gdsim.model.quadratic import quadratic_preset

    landscape = quadratic_preset(10.0, 30.0).landscape  # λ = 2 and 0.2
    found = stability_bound("newton", {"damping": damping}, (2.0, 0.2))
    high, low = 2.0 / (2.0 + damping), 0.2 / (0.2 + damping)
    assert found.bound == pytest.approx(2.0 / high)
    assert found.optimal_lr == pytest.approx(2.0 / (high + low))
    assert found.optimal_rate == pytest.approx((high - low) / (high + low))
    assert_converges_below_and_diverges_above(landscape, "newton", found.bound, damping=damping)


def test_lbfgs_has_no_bound_and_says_it_remembers():
    found = stability_bound("lbfgs", {}, (2.0, 2.0))
    assert found.bound is None and "remembers" in found.reason
