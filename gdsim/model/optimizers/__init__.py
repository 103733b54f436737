"""Optimizers, each updating a group of balls at once; hyperparameters may differ per ball.

The update rules, with g = ∇f(x) and every state (v, s, m) starting at 0:
  SGD        x ← x − η·g(x)
  Momentum   v ← ρ·v − η·g(x);        x ← x + v
  Nesterov   v ← ρ·v − η·g(x + ρ·v);  x ← x + v

Adagrad, RMSprop, Adam and AdamW follow torch.optim's documentation (its names and defaults,
with the options it has beyond these left at their defaults: no lr decay, no momentum, not
centered, no amsgrad, no maximize). Everything is per coordinate:
  Adagrad    s ← s + g²;                       x ← x − η·g / (√s + ε)
  RMSprop    s ← α·s + (1 − α)·g²;             x ← x − η·g / (√s + ε)
  Adam       t ← t + 1;  m ← β₁·m + (1 − β₁)·g;  s ← β₂·s + (1 − β₂)·g²
             m̂ = m / (1 − β₁ᵗ);  ŝ = s / (1 − β₂ᵗ);  x ← x − η·m̂ / (√ŝ + ε)
  AdamW      x ← x − η·λ·x (decoupled weight decay), then Adam's step with the same t
  Adamax     m as Adam's;  u ← max(β₂·u, |g| + ε);  x ← x − (η / (1 − β₁ᵗ))·m / u
  NAdam      μₜ = β₁·(1 − 0.5·0.96^(t·ψ));  Π ← Π·μₜ (Π starts at 1);  Adam's m and s;
             x ← x − η·((1 − μₜ)·g / (1 − Π) + μₜ₊₁·m / (1 − Π·μₜ₊₁)) / (√(s / (1 − β₂ᵗ)) + ε)
  RAdam      Adam's m and s;  ρ∞ = 2 / (1 − β₂) − 1;  ρₜ = ρ∞ − 2t·β₂ᵗ / (1 − β₂ᵗ);  m̂ = m / (1 − β₁ᵗ);
             x ← x − η·m̂·r·√(1 − β₂ᵗ) / (√s + ε) with r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
             when ρₜ > 5, else x ← x − η·m̂
  Adadelta   s ← ρ·s + (1 − ρ)·g²;  Δ = √(a + ε) / √(s + ε)·g;  a ← ρ·a + (1 − ρ)·Δ²;  x ← x − η·Δ
  Rprop      Δ ← clip(Δ·(η₊ if g·p > 0, η₋ if g·p < 0, else 1), Δmin, Δmax), Δ starting at η;
             p ← 0 if g·p < 0, else g;  x ← x − sign(p)·Δ   (η is only the first Δ: a schedule has no effect)
  AMSGrad    Adam with s̄ ← max(s̄, s) in place of s:  ŝ = s̄ / (1 − β₂ᵗ)   (torch's Adam(amsgrad=True))
  Lion       c = β₁·m + (1 − β₁)·g;  x ← x − η·(sign(c) + λ·x);  m ← β₂·m + (1 − β₂)·g   (Chen et al. 2023, Alg. 2)
  Newton     x ← x − η·(H + δ·I)⁻¹·g   (second_order.py)
  L-BFGS     torch.optim.LBFGS(max_iter=1), one step per step, one per ball   (second_order.py)
Momentum and Nesterov with form=torch follow torch.optim.SGD instead: buf ← ρ·buf + g; x ← x − η·buf
(Nesterov: x ← x − η·(g + ρ·buf), g at x)   (plain.py).

The code keeps torch's arithmetic order (as torch.optim computes these on the CPU), so a run can be
compared with torch to rounding: Adam's m is updated as torch.lerp does it, and its step is torch's
x − (η / (1 − β₁ᵗ))·m / (√s / √(1 − β₂ᵗ) + ε) with √(1 − β₂ᵗ) moved into the step size and ε (one
pass fewer, the same to rounding); AdamW first multiplies x by (1 − η·λ).
"""

from __future__ import annotations

from collections.abc import Mapping

from gdsim.model.limits import quoted
from gdsim.model.optimizers.adam import Adam, Adamax, AdamW, AMSGrad, NAdam, RAdam
from gdsim.model.optimizers.adaptive import Adadelta, Adagrad, RMSprop
from gdsim.model.optimizers.base import GradientFn, Hyperparameter, Optimizer, OptimizerKind, _factor
from gdsim.model.optimizers.plain import SGD, Momentum, Nesterov
from gdsim.model.optimizers.second_order import LBFGS, Newton
from gdsim.model.optimizers.sign import Lion, Rprop

__all__ = ["OPTIMIZERS", "GradientFn", "Hyperparameter", "Optimizer", "OptimizerKind", "_factor",
           "checked_params", "hyperparameters", "readable_params"]

OPTIMIZERS: dict[OptimizerKind, type[Optimizer]] = {
    cls.kind: cls for cls in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, AdamW, AMSGrad, Adamax, NAdam, RAdam, Adadelta, Rprop,
                             LBFGS, Newton, Lion)}


def hyperparameters(kind: OptimizerKind) -> tuple[Hyperparameter, ...]:
    return OPTIMIZERS[kind].hyperparameters


def checked_params(kind: OptimizerKind, params: Mapping[str, float | str]) -> dict[str, float]:
    """Complete `params` with defaults and check each; ValueError names what is wrong."""
    known = {h.name: h for h in hyperparameters(kind)}
    unknown = set(params) - set(known)
    if unknown:
        raise ValueError(f"{kind} has no parameter {quoted(sorted(unknown)[0])}; it takes: {', '.join(known)}")
    return {name: h.check(params.get(name, h.default)) for name, h in known.items()}


def readable_params(kind: OptimizerKind, params: Mapping[str, float]) -> dict[str, float | str]:
    """The settings as a document shows them: a choice by its name (line_search: "strong_wolfe")."""
    return {h.name: h.text(params[h.name]) if h.choices else params[h.name] for h in hyperparameters(kind)}
