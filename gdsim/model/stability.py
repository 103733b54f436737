"""Stability bounds of the learning rate from the landscape's curvature at a point.

On a quadratic f = ½·xᵀHx every optimizer with a constant η is a linear iteration, and along each eigen-direction
of H (curvature λ) it is the iteration on f = λx²/2, whose gradient is λx. With a = ηλ:

- gradient descent: x ← (1 − a)x, stable iff |1 − a| < 1, so η < 2/λ₁ (λ₁ the largest curvature).
- heavy ball, v ← ρv − ηg, x ← x + v: (x, v) ← M(x, v) with M = [[1 − a, ρ], [−a, ρ]], trace T = 1 + ρ − a and
  determinant D = ρ. A 2×2 real matrix has both eigenvalues inside the unit circle iff |D| < 1, 1 − T + D > 0
  and 1 + T + D > 0 (Jury's test). With 0 ≤ ρ < 1 the first two hold for every a > 0, and the third is
  2 + 2ρ − a > 0: η < (2 + 2ρ)/λ₁.
- Nesterov in gdsim's form, v ← ρv − η·g(x + ρv), x ← x + v: the look-ahead gradient is λ(x + ρv), so
  v ← ρ(1 − a)v − a·x and x ← (1 − a)x + ρ(1 − a)v, M = [[1 − a, ρ(1 − a)], [−a, ρ(1 − a)]], T = (1 − a)(1 + ρ),
  D = ρ(1 − a). For 0 < a < 2, |D| < 1 and 1 − T + D = 1 − (1 − a) = a > 0 hold; the third condition,
  1 + (1 − a)(1 + 2ρ) > 0, gives a < 2(1 + ρ)/(1 + 2ρ): η < 2(1 + ρ)/(λ₁(1 + 2ρ)). At ρ = 0.9 on the bowl
  (λ = 2) that is 3.8/5.6 = 0.678571…, far below heavy ball's 1.9: the look-ahead gradient is taken where the
  ball is about to be, which on a steep wall is further out.

At the bound the spectral radius of M is 1 (an eigenvalue −1): just below, every run converges; just above, the
run along λ₁'s direction grows without end. The bounds are exact on a quadratic and local elsewhere: they hold
near the minimum where H is taken.

The best constant η of gradient descent, 2/(λ₁ + λ₂), makes |1 − ηλ₁| = |1 − ηλ₂| and the rate (κ − 1)/(κ + 1),
with κ = λ₁/λ₂. Polyak's heavy ball takes η = 4/(√λ₁ + √λ₂)² and ρ = ((√κ − 1)/(√κ + 1))², with the rate √ρ.
Adaptive methods (Adagrad, RMSprop, Adam, AdamW) divide each step by a running size of the gradient: their
iteration is not linear, and no bound in η alone holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from gdsim.model.curvature import hessians
from gdsim.model.landscapes import CriticalKind, CriticalPoint, Landscape
from gdsim.model.messages import QT_TRANSLATE_NOOP
from gdsim.model.optimizers import OptimizerKind

# Templates: the window's η slider shows them in its language (the optimizer's name filled in there).
ADAPTIVE_REASON = QT_TRANSLATE_NOOP("Stability", "{name} scales each step by a running size of the gradient: its "
                                    "steps are about η long whatever the curvature, so no bound in η alone holds")
MEMORY_REASON = QT_TRANSLATE_NOOP("Stability", "{name} builds each step from the steps and gradients it remembers: "
                                   "not one fixed linear map, so no bound in η alone holds")
NO_MINIMUM_REASON = QT_TRANSLATE_NOOP("Stability", "no minimum of the landscape is known or found: no point to take "
                                      "the curvature at")
NOT_FINITE_REASON = QT_TRANSLATE_NOOP("Stability", "the curvature at the minimum is not a finite number")
NOT_CONVEX_REASON = QT_TRANSLATE_NOOP("Stability", "the ground here is not curved upwards every way (λ₂ ≤ 0): no "
                                      "minimum to be stable at")


@dataclass(frozen=True)
class Curvature:
    """The Hessian's eigenvalues at `at`, largest first, their eigen-directions (columns) and κ = λ₁/λ_min
    (None unless every eigenvalue is positive)."""

    at: tuple[float, ...]
    eigenvalues: tuple[float, ...]
    directions: np.ndarray
    kappa: float | None


@dataclass(frozen=True)
class StabilityBound:
    """The largest stable constant η (`bound`, None with `reason` when there is none) and the best constant
    settings (`optimal_params`, e.g. {"lr": …} or {"lr": …, "momentum": …}, with `optimal_rate`)."""

    bound: float | None
    optimal_params: Mapping[str, float] | None
    optimal_rate: float | None
    reason: str | None = None

    @property
    def optimal_lr(self) -> float | None:
        return None if self.optimal_params is None else self.optimal_params["lr"]


# An eigenvalue this small beside the largest is no curvature: κ ≈ 1e8, flat for a run anyway (at any stable η
# it would shrink along it in some 1e8 steps), and well above the eigensolver's rounding (ε·λ₁ ≈ 2e-16·λ₁).
FLAT_BESIDE_LARGEST = 1e-8
DIFFERENCE_STEP = 1e-5  # gdsim.model.curvature's step h
# How many times the difference quotient's estimated error an eigenvalue must exceed to count as curvature: the
# estimate below is the leading term only, and the rounding in it is of either sign.
ERROR_MARGIN = 10.0


def curvature_at(landscape: Landscape, point: Sequence[float]) -> Curvature:
    """The Hessian at `point` (central differences of the exact gradient) and its eigen-decomposition; an
    eigenvalue within the difference quotient's error, or FLAT_BESIDE_LARGEST of the largest, is 0."""
    at = np.asarray(point, dtype=float).reshape(1, landscape.dim)
    # The central difference with step h is off by about h²·f⁗/6 (truncation) plus ε·|∇f|/h (rounding): at the
    # minimum of x⁴ + y² the curvature along x came out 4h² ≈ 5e-10, not 0, and the window's η slider said
    # "best η ≈ 1, rate ≈ 1" for a minimum that has no bound. With step 2h the truncation is 4 times as large,
    # so (H(2h) − H(h))/3 is the error of H(h) (Richardson), whatever the landscape's scale.
    hessian, coarser = (hessians(landscape, at, h)[0] for h in (DIFFERENCE_STEP, 2.0 * DIFFERENCE_STEP))
    values, vectors = np.linalg.eigh(hessian)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    with np.errstate(invalid="ignore", over="ignore"):
        error = float(np.max(np.abs(coarser - hessian))) / 3.0
        tolerance = max(FLAT_BESIDE_LARGEST * float(np.max(np.abs(values))), ERROR_MARGIN * error)
        values = np.where(np.abs(values) <= tolerance, 0.0, values)
    kappa = float(values[0] / values[-1]) if values[-1] > 0 else None
    return Curvature(tuple(float(c) for c in at[0]), tuple(float(v) for v in values), vectors, kappa)


def gd_bound(largest: float) -> float:
    return 2.0 / largest


def momentum_bound(largest: float, rho: float) -> float:
    return (2.0 + 2.0 * rho) / largest


def nesterov_bound(largest: float, rho: float) -> float:
    return 2.0 * (1.0 + rho) / (largest * (1.0 + 2.0 * rho))


def newton_bound(largest: float, damping: float) -> float:
    """Newton's step x ← x − η·(H + δI)⁻¹·Hx scales the eigen-direction of λ by 1 − η·λ/(λ + δ): stable while
    η·λ/(λ + δ) < 2 for every λ, and λ/(λ + δ) is largest at λ₁. With δ = 0 that is η < 2, whatever the curvature."""
    return 2.0 * (largest + damping) / largest


def iteration_matrix(kind: OptimizerKind | str, curvature: float, lr: float, rho: float = 0.0) -> np.ndarray:
    """The linear map of one step on f = λx²/2: (x,) for gradient descent, (x, v) for the momentum methods."""
    a = lr * curvature
    kind = OptimizerKind(kind)
    if kind == OptimizerKind.SGD:
        return np.array([[1.0 - a]])
    if kind == OptimizerKind.MOMENTUM:
        return np.array([[1.0 - a, rho], [-a, rho]])
    if kind == OptimizerKind.NAG:
        return np.array([[1.0 - a, rho * (1.0 - a)], [-a, rho * (1.0 - a)]])
    raise ValueError(f"{kind} is not a linear iteration")


def spectral_radius(matrix: np.ndarray) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(matrix))))


def stability_bound(kind: OptimizerKind | str, params: Mapping[str, float], eigenvalues: Sequence[float]
                    ) -> StabilityBound:
    """The bound of optimizer `kind` (with its `params`, e.g. momentum) for a Hessian of `eigenvalues`."""
    kind = OptimizerKind(kind)
    if kind == OptimizerKind.LBFGS:
        return StabilityBound(None, None, None, MEMORY_REASON.format(name=kind.display_name))
    if kind not in (OptimizerKind.SGD, OptimizerKind.MOMENTUM, OptimizerKind.NAG, OptimizerKind.NEWTON):
        return StabilityBound(None, None, None, ADAPTIVE_REASON.format(name=kind.display_name))
    largest, smallest = max(eigenvalues), min(eigenvalues)
    if smallest <= 0:
        return StabilityBound(None, None, None, NOT_CONVEX_REASON)
    if kind == OptimizerKind.NEWTON:
        # Each direction's factor is 1 − η·c with c = λ/(λ + δ): the best η balances the largest and smallest c.
        damping = float(params.get("damping", 0.0))
        high, low = largest / (largest + damping), smallest / (smallest + damping)
        return StabilityBound(newton_bound(largest, damping), {"lr": 2.0 / (high + low)}, (high - low) / (high + low))
    kappa = largest / smallest
    if kind == OptimizerKind.SGD:
        return StabilityBound(gd_bound(largest), {"lr": 2.0 / (largest + smallest)}, (kappa - 1) / (kappa + 1))
    rho = float(params.get("momentum", 0.9))
    root_kappa = math.sqrt(kappa)
    polyak_rho = ((root_kappa - 1) / (root_kappa + 1)) ** 2
    polyak = {"lr": 4.0 / (math.sqrt(largest) + math.sqrt(smallest)) ** 2, "momentum": polyak_rho}
    if kind == OptimizerKind.MOMENTUM:
        return StabilityBound(momentum_bound(largest, rho), polyak, math.sqrt(polyak_rho))
    return StabilityBound(nesterov_bound(largest, rho), None, None)


def heading_minimum(landscape: Landscape, start: Sequence[float], known_points: tuple[CriticalPoint, ...] | None
                    ) -> tuple[float, ...] | None:
    """The minimum a ball from `start` heads for: of the landscape's minima (its preset's `known_points`, else the
    ones found), the nearest to `start`; None when there is none."""
    from gdsim.model.analysis import critical_points_of

    minima = [p.point for p in critical_points_of(landscape, known_points)
              if p.kind == CriticalKind.MINIMUM and np.all(np.isfinite(p.point))]
    if not minima:
        return None
    start = np.asarray(start, dtype=float)
    return tuple(float(c) for c in min(minima, key=lambda point: float(np.linalg.norm(np.asarray(point) - start))))


def curvature_document(landscape: Landscape, point: Sequence[float]) -> dict | None:
    """{"at", "eigenvalues" (largest first), "directions" (one unit vector each, in that order), "kappa"} for JSON:
    what the window's Curvature tab shows; None where the point or a curvature there is not a finite number."""
    if not all(math.isfinite(c) for c in point):
        return None
    curvature = curvature_at(landscape, point)
    if not all(math.isfinite(v) for v in curvature.eigenvalues):
        return None
    return {"at": list(curvature.at), "eigenvalues": list(curvature.eigenvalues),
            "directions": [list(map(float, column)) for column in curvature.directions.T], "kappa": curvature.kappa}


def stability_document(landscape: Landscape, point: Sequence[float] | None, kind: OptimizerKind | str,
                       params: Mapping[str, float]) -> dict:
    """{"at", "eigenvalues", "kappa", "bound", "optimal_lr"} for JSON, with "optimal_momentum" where Polyak's ρ
    applies and "reason" where there is no bound; every field but the reason null when `point` is None."""
    empty = {"at": None, "eigenvalues": None, "kappa": None, "bound": None, "optimal_lr": None}
    if point is None:
        return {**empty, "reason": NO_MINIMUM_REASON}
    curvature = curvature_at(landscape, point)
    if not all(math.isfinite(v) for v in curvature.eigenvalues):
        return {**empty, "at": list(curvature.at), "reason": NOT_FINITE_REASON}
    bound = stability_bound(kind, params, curvature.eigenvalues)
    document = {"at": list(curvature.at), "eigenvalues": list(curvature.eigenvalues), "kappa": curvature.kappa,
                "bound": bound.bound, "optimal_lr": bound.optimal_lr}
    if bound.optimal_params is not None and "momentum" in bound.optimal_params:
        document["optimal_momentum"] = bound.optimal_params["momentum"]
    if bound.reason is not None:
        document["reason"] = bound.reason
    return document
