"""Numerical differentiation of a 1-D landscape: forward and central differences, and their error.

Lesson L2 compares the forward difference (f(x+h) − f(x))/h with the central difference
(f(x+h) − f(x−h))/2h against the exact derivative, which gdsim knows from the landscape's exact
(symbolic or hand-written) gradient. Everything is plain float64 arithmetic, computed exactly as
the formulas read, because the rounding error *is* the lesson:

- for large h the error is the truncation error of the formula: about |f''|·h/2 for the forward
  difference (slope 1 on a log-log plot of error against h) and |f'''|·h²/6 for the central one
  (slope 2);
- for small h it is the rounding error, about ε·|f|/h (ε = 2.2e-16), which grows again as h
  shrinks (slope −1); the smallest error is near h ≈ √ε ≈ 1e-8 (forward) and ∛ε ≈ 1e-5 (central);
- once h is below half the spacing of floats at x, x + h == x: the difference is exactly zero,
  the estimate 0.0 and the error |f'(x)|. That is h = 1e-50 at x = 5. (At x = 0 the step is not
  lost, since 0 + h == h: the lost step is a property of x + h, not of h alone.)

Absolute errors are returned as they are, including exact zeros (an exact hit, e.g. a central
difference of a quadratic at a lucky h): a log-log plot must clamp them to a floor of its own
choosing (`clamped_for_log`) instead of drawing log(0) = −inf. Where f or f' is not a finite
number (x outside the domain, overflow) the estimate or error is NaN or ±inf; callers print those
as null.

Imports only numpy, so the model stays Qt- and sympy-free at import time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from gdsim.model.landscapes import Landscape

DEFAULT_H = 1e-4  # the lesson's good choice
H_RANGE = (1e-50, 1.0)  # the slider's range and the default error curve's
DEFAULT_POINTS = 200


class Method(StrEnum):
    FORWARD = "forward"
    CENTRAL = "central"


class DifferentiationError(ValueError):
    """Input numerical differentiation cannot use; str(error) is a one-line message."""


def _checked_landscape(landscape: Landscape) -> None:
    if landscape.dim != 1:
        names = " and ".join(landscape.variables) if landscape.dim <= 3 else f"{landscape.dim} variables"
        raise DifferentiationError(f"numerical differentiation needs a function of x alone; this one is a "
                                   f"function of {names}")


def _checked_x(x: float) -> float:
    try:
        value = float(x)
    except (TypeError, ValueError):
        raise DifferentiationError(f"the point must be a number, got {x!r}") from None
    if not math.isfinite(value):
        raise DifferentiationError(f"the point must be a finite number, got {value!r}")
    return value


def _checked_steps(hs) -> np.ndarray:
    steps = np.atleast_1d(np.asarray(hs, dtype=float))
    if steps.ndim != 1 or steps.size == 0:
        raise DifferentiationError("the steps h must be a non-empty list of numbers")
    if not (np.all(np.isfinite(steps)) and np.all(steps > 0)):
        bad = next(float(h) for h in steps if not (math.isfinite(h) and h > 0))
        raise DifferentiationError(f"the step h must be a positive finite number, got {bad!r}")
    return steps


def _values(landscape: Landscape, points: np.ndarray) -> np.ndarray:
    return np.asarray(landscape.value(points.reshape(-1, 1)), dtype=float)


def default_steps(count: int = DEFAULT_POINTS) -> np.ndarray:
    """`count` values of h, log-spaced from 1e-50 to 1, ascending."""
    low, high = H_RANGE
    return np.logspace(math.log10(low), math.log10(high), count)


def exact_derivative(landscape: Landscape, x: float) -> float:
    """f'(x) from the landscape's exact gradient (NaN or ±inf where it is undefined)."""
    _checked_landscape(landscape)
    x = _checked_x(x)
    return float(landscape.gradient(np.array([[x]]))[0, 0])


def difference_quotients(landscape: Landscape, x: float, hs, method: Method | str) -> np.ndarray:
    """The forward or central difference quotient at x for every h in `hs`, in float64 as written."""
    _checked_landscape(landscape)
    method = Method(method)
    x = _checked_x(x)
    hs = _checked_steps(hs)
    with np.errstate(all="ignore"):
        if method is Method.FORWARD:
            f = _values(landscape, np.concatenate([x + hs, [x]]))
            return (f[:-1] - f[-1]) / hs
        n = len(hs)
        f = _values(landscape, np.concatenate([x + hs, x - hs]))
        return (f[:n] - f[n:]) / (2.0 * hs)


def forward_difference(landscape: Landscape, x: float, h: float) -> float:
    """(f(x+h) − f(x))/h."""
    return float(difference_quotients(landscape, x, [h], Method.FORWARD)[0])


def central_difference(landscape: Landscape, x: float, h: float) -> float:
    """(f(x+h) − f(x−h))/2h."""
    return float(difference_quotients(landscape, x, [h], Method.CENTRAL)[0])


def _absolute_errors(estimates: np.ndarray, exact: float) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.abs(estimates - exact)


@dataclass(frozen=True)
class Difference:
    """One estimate of f'(x) and how far it is from the exact derivative (error = |estimate − exact|)."""

    method: Method
    x: float
    h: float
    estimate: float
    exact: float
    error: float


def difference(landscape: Landscape, x: float, h: float, method: Method | str) -> Difference:
    """The estimate of f'(x) by `method` with step h, with the exact derivative and the absolute error."""
    method = Method(method)
    estimate = float(difference_quotients(landscape, x, [h], method)[0])
    exact = exact_derivative(landscape, x)
    error = float(_absolute_errors(np.array([estimate]), exact)[0])
    return Difference(method, float(x), float(h), estimate, exact, error)


@dataclass(frozen=True)
class BestStep:
    h: float
    error: float


@dataclass(frozen=True, eq=False)
class ErrorCurve:
    """Absolute errors of both methods against h, for a log-log plot.

    `forward` and `central` may hold exact zeros (plot them clamped, see `clamped_for_log`) and NaN
    where f or f' is undefined. `hs` is as given (ascending for the default).
    """

    x: float
    exact: float
    hs: np.ndarray
    forward_estimates: np.ndarray
    central_estimates: np.ndarray
    forward: np.ndarray
    central: np.ndarray

    def errors(self, method: Method | str) -> np.ndarray:
        return self.forward if Method(method) is Method.FORWARD else self.central

    def estimates(self, method: Method | str) -> np.ndarray:
        return self.forward_estimates if Method(method) is Method.FORWARD else self.central_estimates


def error_curve(landscape: Landscape, x: float, hs=None) -> ErrorCurve:
    """Forward and central absolute errors at x for every h (default: 200 log-spaced from 1e-50 to 1)."""
    hs = default_steps() if hs is None else _checked_steps(hs).copy()  # frozen below: not the caller's array
    forward = difference_quotients(landscape, x, hs, Method.FORWARD)
    central = difference_quotients(landscape, x, hs, Method.CENTRAL)
    exact = exact_derivative(landscape, x)
    for array in (hs, forward, central):
        array.flags.writeable = False
    forward_errors, central_errors = _absolute_errors(forward, exact), _absolute_errors(central, exact)
    forward_errors.flags.writeable = central_errors.flags.writeable = False
    return ErrorCurve(float(x), exact, hs, forward, central, forward_errors, central_errors)


def best_step(curve: ErrorCurve, method: Method | str) -> BestStep | None:
    """The h of `curve` with the smallest error for `method` (the first such h in the curve's order,
    ignoring NaN), or None when no error is a number. An exact zero counts as the smallest."""
    errors = curve.errors(method)
    usable = ~np.isnan(errors)
    if not usable.any():
        return None
    index = int(np.argmin(np.where(usable, errors, np.inf)))
    return BestStep(float(curve.hs[index]), float(errors[index]))


def best_steps(curve: ErrorCurve) -> dict[Method, BestStep | None]:
    """`best_step` for each method."""
    return {method: best_step(curve, method) for method in Method}


def loglog_slope(curve: ErrorCurve, method: Method | str, low: float, high: float) -> float:
    """The least-squares slope of log10(error) against log10(h) for h in [low, high]: about 1 for the
    forward difference and 2 for the central one where truncation error dominates, −1 where rounding
    error does. NaN when fewer than two points there have a positive finite error."""
    errors = curve.errors(method)
    chosen = (curve.hs >= low) & (curve.hs <= high) & np.isfinite(errors) & (errors > 0)
    if chosen.sum() < 2:
        return math.nan
    slope, _ = np.polyfit(np.log10(curve.hs[chosen]), np.log10(errors[chosen]), 1)
    return float(slope)


def clamped_for_log(errors, floor: float) -> np.ndarray:
    """`errors` with every value below `floor` (exact zeros included) raised to `floor`, so a log axis
    can draw them; NaN stays NaN (a gap in the curve). `floor` must be positive."""
    if not (math.isfinite(floor) and floor > 0):
        raise DifferentiationError(f"the floor of a log plot must be a positive finite number, got {floor!r}")
    errors = np.asarray(errors, dtype=float)
    return np.maximum(errors, floor)  # np.maximum propagates NaN
