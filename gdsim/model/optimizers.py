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

The code keeps torch's arithmetic order (as torch.optim computes these on the CPU), so a run can be
compared with torch to rounding: Adam's m is updated as torch.lerp does it, and its step is torch's
x − (η / (1 − β₁ᵗ))·m / (√s / √(1 − β₂ᵗ) + ε) with √(1 − β₂ᵗ) moved into the step size and ε (one
pass fewer, the same to rounding); AdamW first multiplies x by (1 − η·λ).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

import numpy as np

from gdsim.model.limits import quoted

GradientFn = Callable[[np.ndarray], np.ndarray]


class OptimizerKind(StrEnum):
    SGD = "sgd"
    MOMENTUM = "momentum"
    NAG = "nag"
    ADAGRAD = "adagrad"
    RMSPROP = "rmsprop"
    ADAM = "adam"
    ADAMW = "adamw"
    AMSGRAD = "amsgrad"
    ADAMAX = "adamax"
    NADAM = "nadam"
    RADAM = "radam"
    ADADELTA = "adadelta"
    RPROP = "rprop"

    @property
    def display_name(self) -> str:
        return {"sgd": "SGD", "momentum": "Momentum", "nag": "Nesterov", "adagrad": "Adagrad",
                "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW",
                "amsgrad": "AMSGrad", "adamax": "Adamax", "nadam": "NAdam", "radam": "RAdam", "adadelta": "Adadelta", "rprop": "Rprop"}[self.value]


@dataclass(frozen=True)
class Hyperparameter:
    """One setting of an optimizer: its name in the CLI, its symbol, default and allowed range."""

    name: str
    symbol: str
    default: float
    low: float
    high: float
    low_inclusive: bool = False

    def check(self, value: float) -> float:
        """The value as a float, or ValueError saying what is allowed."""
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} must be a number, got {quoted(value)}") from None
        above_low = value >= self.low if self.low_inclusive else value > self.low
        if not (math.isfinite(value) and above_low and value < self.high):
            raise ValueError(f"{self.name} must be {self.allowed}, got {value:g}")
        return value

    @property
    def allowed(self) -> str:
        if math.isinf(self.high) and self.low == 0:
            return "a finite number >= 0" if self.low_inclusive else "a positive finite number"
        return f"in {'[' if self.low_inclusive else '('}{self.low:g}, {self.high:g})"


LEARNING_RATE = Hyperparameter("lr", "η", 0.01, 0.0, math.inf)
MOMENTUM = Hyperparameter("momentum", "ρ", 0.9, 0.0, 1.0, low_inclusive=True)
# torch.optim's defaults: Adam and AdamW take a smaller learning rate, Adagrad a smaller epsilon.
ADAM_LEARNING_RATE = Hyperparameter("lr", "η", 0.001, 0.0, math.inf)
ADAMAX_LEARNING_RATE = Hyperparameter("lr", "η", 0.002, 0.0, math.inf)
MOMENTUM_DECAY = Hyperparameter("momentum_decay", "ψ", 0.004, 0.0, math.inf, low_inclusive=True)
ADADELTA_LEARNING_RATE = Hyperparameter("lr", "η", 1.0, 0.0, math.inf)
ADADELTA_RHO = Hyperparameter("rho", "ρ", 0.9, 0.0, 1.0, low_inclusive=True)
ADADELTA_EPS = Hyperparameter("eps", "ε", 1e-6, 0.0, math.inf)
ETA_MINUS = Hyperparameter("eta_minus", "η₋", 0.5, 0.0, 1.0)
ETA_PLUS = Hyperparameter("eta_plus", "η₊", 1.2, 1.0, math.inf)
STEP_MIN = Hyperparameter("step_min", "Δmin", 1e-6, 0.0, math.inf, low_inclusive=True)
STEP_MAX = Hyperparameter("step_max", "Δmax", 50.0, 0.0, math.inf)
ADAGRAD_EPS = Hyperparameter("eps", "ε", 1e-10, 0.0, math.inf)
EPS = Hyperparameter("eps", "ε", 1e-8, 0.0, math.inf)
ALPHA = Hyperparameter("alpha", "α", 0.99, 0.0, 1.0, low_inclusive=True)
BETA1 = Hyperparameter("beta1", "β₁", 0.9, 0.0, 1.0, low_inclusive=True)
BETA2 = Hyperparameter("beta2", "β₂", 0.999, 0.0, 1.0, low_inclusive=True)
WEIGHT_DECAY = Hyperparameter("weight_decay", "λ", 0.01, 0.0, math.inf, low_inclusive=True)


# (points, out) -> None: writes the gradient at points (count, dim) into out (count, dim).
GradientInto = Callable[[np.ndarray, np.ndarray], None]


def _gradient_into(gradient: GradientFn) -> GradientInto:
    def into(points: np.ndarray, out: np.ndarray) -> None:
        np.copyto(out, gradient(points))  # broadcasts a typed gradient that came back as a scalar

    return into


def _state(count: int, dim: int) -> np.ndarray:
    # Column-major like the simulation's positions: each coordinate of all balls is contiguous.
    return np.zeros((count, dim), order="F")


class Optimizer(ABC):
    """Updates a group of balls of one kind; `params` hold one value per ball.

    `step_into` is the engine's form: it writes the next positions into an array the caller owns
    and updates the state in place, so a step allocates nothing. `step` wraps it for everyone else.
    When every ball of the group has the same setting, the arithmetic uses it as a 0-d array
    instead of a column: the same numbers, without broadcasting a (count, 1) column on every pass.
    """

    kind: ClassVar[OptimizerKind]
    hyperparameters: ClassVar[tuple[Hyperparameter, ...]]
    state_names: ClassVar[tuple[str, ...]] = ()  # the (count, dim) arrays it carries from step to step
    steps_by_gradient_at_x: ClassVar[bool] = True  # reads grad_x (Nesterov takes its own elsewhere)

    def __init__(self, params: Mapping[str, np.ndarray], count: int, dim: int):
        self.params = {h.name: np.asarray(params[h.name], dtype=float).reshape(count, 1)
                       for h in self.hyperparameters}
        self.count = count
        self.dim = dim
        self._factors = {name: _factor(column) for name, column in self.params.items()}
        self._scratch = _state(count, dim)

    def set_lr(self, lr: np.ndarray) -> None:
        """Use these learning rates (one per ball, or one for all) from the next step on: a schedule's
        η_t. The array is copied, never written to, so the settings the group was made with stay."""
        self.params["lr"] = np.array(lr, dtype=float).reshape(-1, 1) * np.ones((self.count, 1))
        self._factors["lr"] = _factor(self.params["lr"])

    def saved_state(self) -> dict[str, object]:
        """What its coming steps depend on, copied: the carried arrays, Adam's step count and the η a
        schedule set (scratch arrays are rewritten before they are read, so they are left out)."""
        saved: dict[str, object] = {name: getattr(self, name).copy(order="F") for name in self.state_names}
        saved["lr"], saved["t"] = self.params["lr"].copy(), getattr(self, "t", None)
        return saved

    def restore_state(self, saved: Mapping[str, object]) -> None:
        """Back (or on) to a `saved_state`, exactly; the arrays it holds are copied, never shared."""
        for name in self.state_names:
            np.copyto(getattr(self, name), saved[name])
        if saved["t"] is not None:
            self.t = saved["t"]
        self.set_lr(saved["lr"])

    def step(self, x: np.ndarray, grad_x: np.ndarray, gradient: GradientFn) -> np.ndarray:
        """The next positions, given the positions x and the gradient there."""
        out = np.empty_like(x)
        self.step_into(x, grad_x, _gradient_into(gradient), out)
        return out

    @abstractmethod
    def step_into(self, x: np.ndarray, grad_x: np.ndarray, gradient: GradientInto, out: np.ndarray) -> None:
        """Write the next positions into `out` (not x or grad_x), given the positions x and the gradient there."""


def _factor(column: np.ndarray) -> np.ndarray:
    """One setting for the arithmetic: a 0-d array when the group agrees on it, else the column."""
    if len(column) and np.all(column == column[0, 0]):
        return np.array(column[0, 0])
    return column


class SGD(Optimizer):
    kind = OptimizerKind.SGD
    hyperparameters = (LEARNING_RATE,)

    def step_into(self, x, grad_x, gradient, out):
        np.multiply(grad_x, self._factors["lr"], out)
        np.subtract(x, out, out)  # x − η·g


class Momentum(Optimizer):
    kind = OptimizerKind.MOMENTUM
    hyperparameters = (LEARNING_RATE, MOMENTUM)
    state_names = ("velocity",)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.velocity = _state(count, dim)

    def step_into(self, x, grad_x, gradient, out):
        v = self.velocity
        np.multiply(v, self._factors["momentum"], v)
        np.multiply(grad_x, self._factors["lr"], out)
        np.subtract(v, out, v)  # v ← ρ·v − η·g
        np.add(x, v, out)


class Nesterov(Momentum):
    kind = OptimizerKind.NAG
    steps_by_gradient_at_x = False

    def step_into(self, x, grad_x, gradient, out):
        v, look_ahead_gradient = self.velocity, self._scratch
        np.multiply(v, self._factors["momentum"], v)  # v holds ρ·v until the update below
        np.add(x, v, out)  # the look-ahead point x + ρ·v, kept in out until the step is known
        gradient(out, look_ahead_gradient)
        np.multiply(look_ahead_gradient, self._factors["lr"], look_ahead_gradient)
        np.subtract(v, look_ahead_gradient, v)  # v ← ρ·v − η·g(x + ρ·v)
        np.add(x, v, out)


class Adagrad(Optimizer):
    kind = OptimizerKind.ADAGRAD
    hyperparameters = (LEARNING_RATE, ADAGRAD_EPS)
    state_names = ("state_sum",)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.state_sum = _state(count, dim)

    def step_into(self, x, grad_x, gradient, out):
        s, denominator = self.state_sum, self._scratch
        np.multiply(grad_x, grad_x, out)
        np.add(s, out, s)  # s ← s + g²
        np.sqrt(s, denominator)
        np.add(denominator, self._factors["eps"], denominator)
        np.multiply(grad_x, self._factors["lr"], out)
        np.divide(out, denominator, out)
        np.subtract(x, out, out)  # x − η·g / (√s + ε)


class RMSprop(Optimizer):
    kind = OptimizerKind.RMSPROP
    hyperparameters = (LEARNING_RATE, ALPHA, EPS)
    state_names = ("square_avg",)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.square_avg = _state(count, dim)
        self._one_minus_alpha = _factor(1 - self.params["alpha"])

    def step_into(self, x, grad_x, gradient, out):
        s, denominator = self.square_avg, self._scratch
        np.multiply(s, self._factors["alpha"], s)
        np.multiply(grad_x, self._one_minus_alpha, out)
        np.multiply(out, grad_x, out)
        np.add(s, out, s)  # s ← α·s + (1 − α)·g²
        np.sqrt(s, denominator)
        np.add(denominator, self._factors["eps"], denominator)
        np.multiply(grad_x, self._factors["lr"], out)
        np.divide(out, denominator, out)
        np.subtract(x, out, out)


def _lerp(start: np.ndarray, end: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """start + weight·(end − start) in torch.lerp's form, which is exact at weight 0 and 1.

    torch's vectorized kernel may fuse the multiply-add, so the two agree to rounding, not bit for bit.
    """
    return np.where(np.abs(weight) < 0.5, start + weight * (end - start),
                    end - (end - start) * (1 - weight))


class _LerpInto:
    """`start ← _lerp(start, end, weight)` in place, with the branch for a weight the group shares chosen once."""

    def __init__(self, weight: np.ndarray):
        self.weight = weight
        self.near_start = None if weight.ndim else bool(abs(weight) < 0.5)
        self.complement = 1 - weight

    def __call__(self, start: np.ndarray, end: np.ndarray, scratch: np.ndarray) -> None:
        if self.near_start is None:
            np.copyto(start, _lerp(start, end, self.weight))
            return
        np.subtract(end, start, scratch)
        if self.near_start:
            np.multiply(scratch, self.weight, scratch)
            np.add(start, scratch, start)
        else:
            np.multiply(scratch, self.complement, scratch)
            np.subtract(end, scratch, start)


class Adam(Optimizer):
    kind = OptimizerKind.ADAM
    hyperparameters = (ADAM_LEARNING_RATE, BETA1, BETA2, EPS)
    state_names = ("exp_avg", "exp_avg_sq")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.t = 0  # every ball of a group has taken the same number of steps
        self.exp_avg = _state(count, dim)
        self.exp_avg_sq = _state(count, dim)
        self._update = _state(count, dim)
        self._update_exp_avg = _LerpInto(_factor(1 - self.params["beta1"]))
        self._one_minus_beta2 = _factor(1 - self.params["beta2"])

    def step_into(self, x, grad_x, gradient, out):
        # x is read only by the last operation, so AdamW may pass its decayed x in `out` itself. Else the
        # update is worked out in `out`: one array fewer in the cache than with a scratch array for it.
        f = self._factors
        m, s, denominator = self.exp_avg, self.exp_avg_sq, self._scratch
        update = self._update if x is out else out
        self.t += 1
        self._update_exp_avg(m, grad_x, denominator)  # m ← β₁·m + (1 − β₁)·g, as torch.lerp
        np.multiply(s, f["beta2"], s)
        np.multiply(grad_x, self._one_minus_beta2, denominator)
        np.multiply(denominator, grad_x, denominator)
        np.add(s, denominator, s)  # s ← β₂·s + (1 − β₂)·g²
        step_size, eps = self._bias_corrected(self.t)
        np.sqrt(self._second_moment(), denominator)
        np.add(denominator, eps, denominator)
        np.multiply(m, step_size, update)
        np.divide(update, denominator, update)
        np.subtract(x, update, out)  # x − (η·√(1 − β₂ᵗ) / (1 − β₁ᵗ))·m / (√s + ε·√(1 − β₂ᵗ))

    def _second_moment(self) -> np.ndarray:
        """The average of g² the step divides by (AMSGrad's running maximum of it)."""
        return self.exp_avg_sq

    def _bias_corrected(self, t: int) -> tuple[float | np.ndarray, float | np.ndarray]:
        """The step size and ε at step t with both bias corrections folded in: torch's
        (η / (1 − β₁ᵗ))·m / (√s / √(1 − β₂ᵗ) + ε) times √(1 − β₂ᵗ) above and below, which spares a
        pass of division over every coordinate and agrees with it to rounding.

        The powers are numpy's whatever the group (its vectorized pow may differ from libm's in the
        last bit, and a lone ball must step exactly as in a mixed group); the rest is in Python floats
        when the group shares its settings: the same IEEE operations without numpy's cost per call."""
        f = self._factors
        beta1_t, beta2_t = f["beta1"] ** float(t), f["beta2"] ** float(t)
        if beta1_t.ndim or beta2_t.ndim or f["lr"].ndim or f["eps"].ndim:
            correction2 = np.sqrt(1 - beta2_t)
            return f["lr"] / (1 - beta1_t) * correction2, f["eps"] * correction2
        correction2 = math.sqrt(1.0 - float(beta2_t))
        return float(f["lr"]) / (1.0 - float(beta1_t)) * correction2, float(f["eps"]) * correction2


class AdamW(Adam):
    kind = OptimizerKind.ADAMW
    hyperparameters = (*Adam.hyperparameters, WEIGHT_DECAY)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self._decay = _factor(1 - self.params["lr"] * self.params["weight_decay"])

    def set_lr(self, lr):
        super().set_lr(lr)  # the decay 1 − η·λ follows the scheduled η, as in torch
        self._decay = _factor(1 - self.params["lr"] * self.params["weight_decay"])

    def step_into(self, x, grad_x, gradient, out):
        # Decoupled weight decay: shrink x first, then Adam's step with the gradient taken at the old x.
        np.multiply(x, self._decay, out)
        super().step_into(out, grad_x, gradient, out)


class AMSGrad(Adam):
    """torch.optim.Adam(amsgrad=True): Adam dividing by the largest s so far, so a step never grows
    because the average of g² shrank."""

    kind = OptimizerKind.AMSGRAD
    state_names = (*Adam.state_names, "max_exp_avg_sq")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.max_exp_avg_sq = _state(count, dim)

    def _second_moment(self):
        np.maximum(self.max_exp_avg_sq, self.exp_avg_sq, out=self.max_exp_avg_sq)  # s̄ ← max(s̄, s)
        return self.max_exp_avg_sq


class Adamax(Optimizer):
    """torch.optim.Adamax: Adam with the root mean square of g replaced by a decaying maximum of |g|."""

    kind = OptimizerKind.ADAMAX
    hyperparameters = (ADAMAX_LEARNING_RATE, BETA1, BETA2, EPS)
    state_names = ("exp_avg", "exp_inf")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.t = 0
        self.exp_avg = _state(count, dim)
        self.exp_inf = _state(count, dim)
        self._update_exp_avg = _LerpInto(_factor(1 - self.params["beta1"]))

    def step_into(self, x, grad_x, gradient, out):
        f = self._factors
        m, u, scratch = self.exp_avg, self.exp_inf, self._scratch
        self.t += 1
        self._update_exp_avg(m, grad_x, scratch)  # m ← β₁·m + (1 − β₁)·g, as torch.lerp
        np.multiply(u, f["beta2"], u)
        np.abs(grad_x, scratch)
        np.add(scratch, f["eps"], scratch)
        np.maximum(u, scratch, out=u)  # u ← max(β₂·u, |g| + ε)
        step_size = f["lr"] / (1 - f["beta1"] ** float(self.t))
        np.divide(m, u, out)
        np.multiply(out, step_size, out)
        np.subtract(x, out, out)  # x − (η / (1 − β₁ᵗ))·m / u, as torch's addcdiv


class NAdam(Optimizer):
    """torch.optim.NAdam: Adam with Nesterov's look-ahead folded into the step, and a momentum μₜ that
    warms up with ψ (momentum_decay). Π, the product of the μ so far, is one number per ball, kept
    in every coordinate so that it is saved, restored and branched as the other states are."""

    kind = OptimizerKind.NADAM
    hyperparameters = (ADAMAX_LEARNING_RATE, BETA1, BETA2, EPS, MOMENTUM_DECAY)
    state_names = ("exp_avg", "exp_avg_sq", "mu_product")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.t = 0
        self.exp_avg = _state(count, dim)
        self.exp_avg_sq = _state(count, dim)
        self.mu_product = _state(count, dim)
        self.mu_product += 1.0
        self._update_exp_avg = _LerpInto(_factor(1 - self.params["beta1"]))
        self._one_minus_beta2 = _factor(1 - self.params["beta2"])

    def momentum_at(self, t: int) -> np.ndarray:
        """μₜ, in torch's order."""
        f = self._factors
        return f["beta1"] * (1.0 - 0.5 * (0.96 ** (float(t) * f["momentum_decay"])))

    def step_into(self, x, grad_x, gradient, out):
        f = self._factors
        m, s, denominator, scaled = self.exp_avg, self.exp_avg_sq, self._scratch, np.empty_like(x)
        self.t += 1
        correction2 = 1 - f["beta2"] ** float(self.t)
        mu, mu_next = self.momentum_at(self.t), self.momentum_at(self.t + 1)
        np.multiply(self.mu_product, mu, self.mu_product)  # Π ← Π·μₜ
        self._update_exp_avg(m, grad_x, denominator)  # m ← β₁·m + (1 − β₁)·g, as torch.lerp
        np.multiply(s, f["beta2"], s)
        np.multiply(grad_x, self._one_minus_beta2, denominator)
        np.multiply(denominator, grad_x, denominator)
        np.add(s, denominator, s)  # s ← β₂·s + (1 − β₂)·g²
        np.divide(s, correction2, denominator)
        np.sqrt(denominator, denominator)
        np.add(denominator, f["eps"], denominator)
        np.divide(grad_x, denominator, scaled)
        np.multiply(scaled, -f["lr"] * (1.0 - mu) / (1.0 - self.mu_product), scaled)
        np.add(x, scaled, out)
        np.divide(m, denominator, scaled)
        np.multiply(scaled, (-f["lr"] * mu_next) / (1.0 - self.mu_product * mu_next), scaled)
        np.add(out, scaled, out)  # two addcdiv, as torch


class RAdam(Optimizer):
    """torch.optim.RAdam: Adam whose adaptive step is switched on, and rectified by r, only once the
    variance of its average of g² is tractable (ρₜ > 5); until then a step of η·m̂ (momentum SGD)."""

    kind = OptimizerKind.RADAM
    hyperparameters = (ADAM_LEARNING_RATE, BETA1, BETA2, EPS)
    state_names = ("exp_avg", "exp_avg_sq")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.t = 0
        self.exp_avg = _state(count, dim)
        self.exp_avg_sq = _state(count, dim)
        self._update_exp_avg = _LerpInto(_factor(1 - self.params["beta1"]))
        self._one_minus_beta2 = _factor(1 - self.params["beta2"])

    def rectification(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """ρₜ and r at step t, in torch's order (r is NaN where ρₜ ≤ 5 and it is not used)."""
        beta2 = self._factors["beta2"]
        beta2_t = beta2 ** float(t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * float(t) * beta2_t / (1 - beta2_t)
        with np.errstate(all="ignore"):
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        return rho_t, rect

    def step_into(self, x, grad_x, gradient, out):
        f = self._factors
        m, s, scratch = self.exp_avg, self.exp_avg_sq, self._scratch
        self.t += 1
        self._update_exp_avg(m, grad_x, scratch)  # m ← β₁·m + (1 − β₁)·g, as torch.lerp
        np.multiply(s, f["beta2"], s)
        np.multiply(grad_x, self._one_minus_beta2, scratch)
        np.multiply(scratch, grad_x, scratch)
        np.add(s, scratch, s)  # s ← β₂·s + (1 − β₂)·g²
        rho_t, rect = self.rectification(self.t)
        np.divide(m, 1 - f["beta1"] ** float(self.t), out)
        np.multiply(out, f["lr"], out)  # η·m̂
        rectified = rho_t > 5.0
        if np.any(rectified):
            np.sqrt(s, scratch)
            np.add(scratch, f["eps"], scratch)
            np.divide((1 - f["beta2"] ** float(self.t)) ** 0.5, scratch, scratch)
            with np.errstate(all="ignore"):
                np.copyto(out, np.where(rectified, out * scratch * rect, out))
        np.subtract(x, out, out)


class Adadelta(Optimizer):
    """torch.optim.Adadelta: the step is g scaled by the ratio of the RMS of past steps to the RMS of
    past gradients, so it carries the units of x; η only scales it (1 in Zeiler's paper)."""

    kind = OptimizerKind.ADADELTA
    hyperparameters = (ADADELTA_LEARNING_RATE, ADADELTA_RHO, ADADELTA_EPS)
    state_names = ("square_avg", "acc_delta")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.square_avg = _state(count, dim)
        self.acc_delta = _state(count, dim)
        self._one_minus_rho = _factor(1 - self.params["rho"])

    def step_into(self, x, grad_x, gradient, out):
        f = self._factors
        s, a, delta = self.square_avg, self.acc_delta, self._scratch
        np.multiply(s, f["rho"], s)
        np.multiply(grad_x, self._one_minus_rho, out)
        np.multiply(out, grad_x, out)
        np.add(s, out, s)  # s ← ρ·s + (1 − ρ)·g²
        np.add(s, f["eps"], out)
        np.sqrt(out, out)  # √(s + ε)
        np.add(a, f["eps"], delta)
        np.sqrt(delta, delta)
        np.divide(delta, out, delta)
        np.multiply(delta, grad_x, delta)  # Δ = √(a + ε) / √(s + ε)·g
        np.multiply(a, f["rho"], a)
        np.multiply(delta, self._one_minus_rho, out)
        np.multiply(out, delta, out)
        np.add(a, out, a)  # a ← ρ·a + (1 − ρ)·Δ²
        np.multiply(delta, f["lr"], delta)
        np.subtract(x, delta, out)


class Rprop(Optimizer):
    """torch.optim.Rprop: each coordinate moves by its own step length Δ against the sign of g; Δ grows
    while g keeps its sign and shrinks when it flips, and a flipped gradient is forgotten for a step."""

    kind = OptimizerKind.RPROP
    hyperparameters = (LEARNING_RATE, ETA_MINUS, ETA_PLUS, STEP_MIN, STEP_MAX)
    state_names = ("prev", "step_size")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.prev = _state(count, dim)
        self.step_size = _state(count, dim)
        self.step_size += self.params["lr"]  # torch fills it with lr once; later η are not used

    def step_into(self, x, grad_x, gradient, out):
        f = self._factors
        agreement = np.sign(grad_x * self.prev)
        factor = np.where(agreement > 0, f["eta_plus"], np.where(agreement < 0, f["eta_minus"], 1.0))
        np.multiply(self.step_size, factor, self.step_size)
        np.maximum(self.step_size, f["step_min"], out=self.step_size)
        np.minimum(self.step_size, f["step_max"], out=self.step_size)  # torch's clamp_(min, max)
        np.copyto(self.prev, np.where(agreement < 0, 0.0, grad_x))
        np.sign(self.prev, out)
        np.multiply(out, self.step_size, out)
        np.subtract(x, out, out)  # x − sign(p)·Δ


OPTIMIZERS: dict[OptimizerKind, type[Optimizer]] = {
    cls.kind: cls for cls in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, AdamW, AMSGrad, Adamax, NAdam, RAdam, Adadelta, Rprop)}


def hyperparameters(kind: OptimizerKind) -> tuple[Hyperparameter, ...]:
    return OPTIMIZERS[kind].hyperparameters


def checked_params(kind: OptimizerKind, params: Mapping[str, float]) -> dict[str, float]:
    """Complete `params` with defaults and check each; ValueError names what is wrong."""
    known = {h.name: h for h in hyperparameters(kind)}
    unknown = set(params) - set(known)
    if unknown:
        raise ValueError(f"{kind} has no parameter {quoted(sorted(unknown)[0])}; it takes: {', '.join(known)}")
    return {name: h.check(params.get(name, h.default)) for name, h in known.items()}
