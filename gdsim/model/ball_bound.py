"""The stability bound of one ball's optimizer at the minimum it heads for: what the window's η slider and η sweep
draw (gdsim.model.stability has the theory)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from gdsim.model.balls import Ball
from gdsim.model.messages import Template
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import Preset
from gdsim.model.stability import (
    ADAPTIVE_REASON,
    MEMORY_REASON,
    NO_MINIMUM_REASON,
    NOT_CONVEX_REASON,
    NOT_FINITE_REASON,
    curvature_at,
    heading_minimum,
    stability_bound,
)

LINEAR_KINDS = (OptimizerKind.SGD, OptimizerKind.MOMENTUM, OptimizerKind.NAG, OptimizerKind.NEWTON)


@dataclass(frozen=True)
class BallBound:
    """For a ball of `optimizer` (with momentum `rho` where it has one): the minimum it heads for (`at`), the
    curvatures there (λ₁ ≥ λ₂ …), the largest stable η (`bound`) and the best constant settings, or, with
    `bound` None, the `reason` there is none (a Template with {name}, the optimizer's name)."""

    optimizer: OptimizerKind
    rho: float | None = None
    at: tuple[float, ...] | None = None
    eigenvalues: tuple[float, ...] | None = None
    bound: float | None = None
    optimal_lr: float | None = None
    optimal_momentum: float | None = None
    optimal_rate: float | None = None
    reason: Template | None = None
    damping: float | None = None  # Newton's δ

    @property
    def largest(self) -> float | None:
        """λ₁, the largest curvature, which sets the bound."""
        return None if self.eigenvalues is None else max(self.eigenvalues)


def eta_text(value: float) -> str:
    """A bound or a best η to three significant digits; a whole number keeps its '.0' (η = 1.0)."""
    text = f"{value:.3g}"
    return f"{text}.0" if text.lstrip("-").isdigit() else text


def ball_bound(preset: Preset, ball: Ball, start) -> BallBound:
    """The bound of `ball`'s optimizer and settings, run from `start` on `preset`'s landscape."""
    kind = OptimizerKind(ball.optimizer)
    rho = float(ball.params["momentum"]) if kind in LINEAR_KINDS and "momentum" in ball.params else None
    if kind not in LINEAR_KINDS:  # no curvature needed to say why there is no bound
        return BallBound(kind, reason=MEMORY_REASON if kind == OptimizerKind.LBFGS else ADAPTIVE_REASON)
    landscape = preset.landscape
    point = heading_minimum(landscape, start, preset.known_points)
    if point is None:
        return BallBound(kind, rho, reason=NO_MINIMUM_REASON)
    curvature = curvature_at(landscape, point)
    if not all(math.isfinite(v) for v in curvature.eigenvalues):
        return BallBound(kind, rho, curvature.at, reason=NOT_FINITE_REASON)
    found = stability_bound(kind, ball.params, curvature.eigenvalues)
    if found.bound is None:
        return BallBound(kind, rho, curvature.at, curvature.eigenvalues, reason=NOT_CONVEX_REASON)
    momentum = None if found.optimal_params is None else found.optimal_params.get("momentum")
    damping = float(ball.params["damping"]) if kind == OptimizerKind.NEWTON else None
    return BallBound(kind, rho, curvature.at, curvature.eigenvalues, found.bound, found.optimal_lr, momentum,
                     found.optimal_rate, damping=damping)
