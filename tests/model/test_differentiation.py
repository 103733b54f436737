"""Numerical differentiation (lesson L2): forward and central differences, truncation and rounding error."""

import math
import subprocess
import sys

import numpy as np
import pytest

from gdsim.model.differentiation import (
    DEFAULT_POINTS,
    BestStep,
    DifferentiationError,
    Method,
    best_step,
    best_steps,
    central_difference,
    clamped_for_log,
    default_steps,
    difference,
    difference_quotients,
    error_curve,
    exact_derivative,
    forward_difference,
    loglog_slope,
)
from gdsim.model.expressions import landscape_from_expression
from gdsim.model.presets import preset

L2 = "0.01x^2 + 0.1x"


def typed(text):
    return landscape_from_expression(text, view_box=((-5.0, 5.0),))


@pytest.fixture(scope="module")
def l2():
    return typed(L2)


# --- the lesson's numbers -----------------------------------------------------------------------

def test_l2_exact_derivatives_come_from_the_exact_gradient(l2):
    assert exact_derivative(l2, 5.0) == 0.2  # exactly: 0.02·5 + 0.1 rounds to the float 0.2
    # 0.02·10 + 0.1 is 0.2 + 0.1 in float64: one ulp above 0.3, as any float evaluation of f' gives
    assert exact_derivative(l2, 10.0) == 0.02 * 10.0 + 0.1 == pytest.approx(0.3, abs=1e-15)


@pytest.mark.parametrize("x, derivative", [(5.0, 0.2), (10.0, 0.3)])
def test_l2_central_difference_with_h_1e_4_gives_the_derivative(l2, x, derivative):
    result = difference(l2, x, 1e-4, "central")
    assert result.method is Method.CENTRAL and (result.x, result.h) == (x, 1e-4)
    assert result.estimate == pytest.approx(derivative, abs=1e-9)
    assert result.error == abs(result.estimate - result.exact) < 1e-9
    assert central_difference(l2, x, 1e-4) == result.estimate


@pytest.mark.parametrize("x, derivative", [(5.0, 0.2), (10.0, 0.3)])
def test_l2_forward_difference_with_h_1e_4_is_off_by_f2_h_over_2(l2, x, derivative):
    # f'' = 0.02, so the forward difference of this quadratic is exactly f' + 0.01·h, up to rounding
    result = difference(l2, x, 1e-4, Method.FORWARD)
    assert result.estimate == pytest.approx(derivative + 0.01 * 1e-4, abs=1e-9)
    assert result.error == pytest.approx(1e-6, rel=1e-3)
    assert forward_difference(l2, x, 1e-4) == result.estimate


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("x", [5.0, 10.0])
def test_h_1e_minus_50_is_lost_in_x_plus_h_and_gives_a_zero_difference(l2, x, method):
    assert x + 1e-50 == x
    result = difference(l2, x, 1e-50, method)
    assert result.estimate == 0.0
    assert result.error == abs(result.exact) == abs(exact_derivative(l2, x))


def test_at_zero_a_tiny_step_is_not_lost(l2):
    # 0 + h == h: the zero difference comes from x + h == x, not from h being small
    assert forward_difference(l2, 0.0, 1e-50) == pytest.approx(0.1, rel=1e-12)


def test_formulas_are_plain_float64_as_written():
    cube = typed("x^3")
    x, h = 1.5, 1e-3
    assert forward_difference(cube, x, h) == ((x + h) ** 3 - x ** 3) / h
    assert central_difference(cube, x, h) == ((x + h) ** 3 - (x - h) ** 3) / (2 * h)


def test_a_preset_1d_landscape_works_too():
    parabola = preset("parabola").landscape
    assert exact_derivative(parabola, 4.0) == 8.0
    assert central_difference(parabola, 4.0, 1e-4) == pytest.approx(8.0, abs=1e-9)


def test_vector_and_scalar_quotients_agree(l2):
    hs = np.array([1e-50, 1e-12, 1e-8, 1e-4, 0.5])
    for method in Method:
        many = difference_quotients(l2, 5.0, hs, method)
        assert list(many) == [difference(l2, 5.0, h, method).estimate for h in hs]


# --- the error curve ----------------------------------------------------------------------------

def test_default_curve_spans_1e_minus_50_to_1(l2):
    hs = default_steps()
    assert len(hs) == DEFAULT_POINTS == 200
    assert hs[0] == pytest.approx(1e-50) and hs[-1] == pytest.approx(1.0) and np.all(np.diff(hs) > 0)
    curve = error_curve(l2, 5.0)
    assert curve.hs.shape == curve.forward.shape == curve.central.shape == (200,)
    assert curve.exact == 0.2
    assert np.all(curve.forward >= 0) and np.all(curve.central >= 0)
    assert not curve.forward.flags.writeable


def test_errors_are_the_absolute_differences_from_the_exact_derivative(l2):
    curve = error_curve(l2, 10.0, [1e-8, 1e-4, 1e-2])
    for method in Method:
        assert list(curve.errors(method)) == list(np.abs(curve.estimates(method) - curve.exact))
        assert list(curve.estimates(method)) == [difference(l2, 10.0, h, method).estimate for h in curve.hs]


def test_tiny_steps_give_error_exactly_the_derivative(l2):
    curve = error_curve(l2, 5.0)
    lost = curve.hs < 1e-17  # below half an ulp of 5 (8.9e-16), 5 + h == 5
    assert lost.sum() > 100
    assert np.all(curve.forward[lost] == 0.2) and np.all(curve.central[lost] == 0.2)


def test_forward_truncation_error_has_slope_1(l2):
    # f'' = 0.02 ≠ 0: forward error ≈ 0.01·h
    assert loglog_slope(error_curve(l2, 5.0), "forward", 1e-3, 1e-1) == pytest.approx(1.0, abs=0.05)
    assert loglog_slope(error_curve(typed("sin(x)"), 1.0), "forward", 1e-3, 1e-1) == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("text, x", [("x^3", 1.0), ("x^3", 2.0), ("sin(x)", 1.0), ("exp(x)", 1.0)])
def test_central_truncation_error_has_slope_2(text, x):
    curve = error_curve(typed(text), x)
    assert loglog_slope(curve, Method.CENTRAL, 1e-3, 1e-1) == pytest.approx(2.0, abs=0.05)
    assert loglog_slope(curve, Method.FORWARD, 1e-3, 1e-1) == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("text, x", [(L2, 5.0), (L2, 10.0), ("x^3", 1.0), ("sin(x)", 1.0)])
def test_rounding_error_makes_both_errors_grow_again_below_1e_minus_8(text, x):
    # Point by point the rounding error is lumpy (the numerator is a whole number of ulps of f, so
    # neighbouring h can share an error); over a decade it grows like ε·|f|/h as h shrinks.
    curve = error_curve(typed(text), x)
    rounding = (curve.hs >= 1e-14) & (curve.hs <= 1e-11)
    for method in Method:
        errors = curve.errors(method)
        good = errors[(curve.hs >= 1e-9) & (curve.hs <= 1e-5)].min()  # the bottom of the V, or near it
        assert errors[rounding].min() > 100 * good
        assert difference(typed(text), x, 1e-12, method).error > 1e3 * good
        assert loglog_slope(curve, method, 1e-14, 1e-10) == pytest.approx(-1.0, abs=0.3)


@pytest.mark.parametrize("text, x", [("x^3", 1.0), ("sin(x)", 1.0), ("exp(x)", 1.0), ("x^3", 2.0)])
def test_best_steps_of_a_smooth_function(text, x):
    # Theory: h ≈ √ε ≈ 1.5e-8 (forward), h ≈ ∛(3ε|f/f'''|) ≈ 1e-5 (central)
    curve = error_curve(typed(text), x)
    best = best_steps(curve)
    assert 1e-9 <= best[Method.FORWARD].h <= 1e-7
    assert 1e-6 <= best[Method.CENTRAL].h <= 1e-4
    assert best[Method.CENTRAL].error < 1e-9 < best[Method.FORWARD].error * 100
    for method in Method:
        assert best[method] == best_step(curve, method)
        assert best[method].error == np.nanmin(curve.errors(method))
    # h = 1e-4 is a good central step: within a few orders of the best, far better than forward's
    assert difference(typed(text), x, 1e-4, "central").error < 1e-7


def test_central_difference_of_a_quadratic_has_only_rounding_error(l2):
    # no truncation error at all, so exact hits (error 0) happen, and they are returned as 0
    curve = error_curve(l2, 5.0)
    assert np.any(curve.central == 0.0)
    assert best_step(curve, "central").error == 0.0
    assert np.all(curve.central[curve.hs > 1e-6] < 1e-10)


def test_undefined_values_are_nan_and_ignored_by_best_step():
    log = typed("log(x)")
    curve = error_curve(log, 0.5, [1e-4, 0.25, 1.0])  # 0.5 − 1 < 0: log undefined
    assert math.isnan(curve.central[2]) and not math.isnan(curve.forward[2])
    assert best_step(curve, "central") == BestStep(1e-4, curve.central[0])
    nowhere = error_curve(log, -1.0, [1e-4])
    assert best_step(nowhere, "forward") is None
    assert math.isnan(loglog_slope(nowhere, "forward", 1e-5, 1.0))


def test_clamped_for_log_raises_zeros_to_the_floor_and_keeps_nan():
    clamped = clamped_for_log([0.0, 1e-30, 1e-3, np.nan], 1e-20)
    assert list(clamped[:3]) == [1e-20, 1e-20, 1e-3] and math.isnan(clamped[3])
    with pytest.raises(DifferentiationError):
        clamped_for_log([0.0], 0.0)


# --- bad input ----------------------------------------------------------------------------------

def test_a_2d_landscape_is_refused():
    with pytest.raises(DifferentiationError, match="function of x alone; this one is a function of x and y"):
        difference(typed("x^2 + y^2"), 1.0, 1e-4, "central")
    with pytest.raises(DifferentiationError):
        error_curve(preset("bowl").landscape, 1.0)


@pytest.mark.parametrize("h", [0.0, -1e-4, math.inf, math.nan])
def test_h_must_be_positive_and_finite(l2, h):
    with pytest.raises(DifferentiationError, match="positive finite"):
        difference(l2, 5.0, h, "forward")
    with pytest.raises(DifferentiationError, match="positive finite"):
        error_curve(l2, 5.0, [1e-4, h])


@pytest.mark.parametrize("x", [math.inf, -math.inf, math.nan])
def test_x_must_be_finite(l2, x):
    with pytest.raises(DifferentiationError, match="finite"):
        difference(l2, x, 1e-4, "central")


def test_unknown_method_is_refused(l2):
    with pytest.raises(ValueError):
        difference(l2, 5.0, 1e-4, "backward")


def test_importing_the_module_needs_only_numpy():
    code = ("import sys, gdsim.model.differentiation; "
            "print(sorted(m for m in ('sympy', 'PySide6', 'pyqtgraph') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
