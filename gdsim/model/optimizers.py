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

The code keeps torch's arithmetic order (as torch.optim computes these on the CPU), so a run can be
compared with torch to rounding: Adam's m is updated as torch.lerp does it, and its step is
x − (η / (1 − β₁ᵗ))·m / (√s / √(1 − β₂ᵗ) + ε); AdamW first multiplies x by (1 − η·λ).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

import numpy as np

GradientFn = Callable[[np.ndarray], np.ndarray]


class OptimizerKind(StrEnum):
    SGD = "sgd"
    MOMENTUM = "momentum"
    NAG = "nag"
    ADAGRAD = "adagrad"
    RMSPROP = "rmsprop"
    ADAM = "adam"
    ADAMW = "adamw"

    @property
    def display_name(self) -> str:
        return {"sgd": "SGD", "momentum": "Momentum", "nag": "Nesterov", "adagrad": "Adagrad",
                "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW"}[self.value]


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
            raise ValueError(f"{self.name} must be a number, got {value!r}") from None
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
ADAGRAD_EPS = Hyperparameter("eps", "ε", 1e-10, 0.0, math.inf)
EPS = Hyperparameter("eps", "ε", 1e-8, 0.0, math.inf)
ALPHA = Hyperparameter("alpha", "α", 0.99, 0.0, 1.0, low_inclusive=True)
BETA1 = Hyperparameter("beta1", "β₁", 0.9, 0.0, 1.0, low_inclusive=True)
BETA2 = Hyperparameter("beta2", "β₂", 0.999, 0.0, 1.0, low_inclusive=True)
WEIGHT_DECAY = Hyperparameter("weight_decay", "λ", 0.01, 0.0, math.inf, low_inclusive=True)


class Optimizer(ABC):
    """Updates a group of balls of one kind; `params` hold one value per ball."""

    kind: ClassVar[OptimizerKind]
    hyperparameters: ClassVar[tuple[Hyperparameter, ...]]

    def __init__(self, params: Mapping[str, np.ndarray], count: int, dim: int):
        self.params = {h.name: np.asarray(params[h.name], dtype=float).reshape(count, 1)
                       for h in self.hyperparameters}
        self.count = count
        self.dim = dim

    @abstractmethod
    def step(self, x: np.ndarray, grad_x: np.ndarray, gradient: GradientFn) -> np.ndarray:
        """The next positions, given the positions x and the gradient there."""


class SGD(Optimizer):
    kind = OptimizerKind.SGD
    hyperparameters = (LEARNING_RATE,)

    def step(self, x, grad_x, gradient):
        return x - self.params["lr"] * grad_x


class Momentum(Optimizer):
    kind = OptimizerKind.MOMENTUM
    hyperparameters = (LEARNING_RATE, MOMENTUM)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.velocity = np.zeros((count, dim))

    def step(self, x, grad_x, gradient):
        self.velocity = self.params["momentum"] * self.velocity - self.params["lr"] * grad_x
        return x + self.velocity


class Nesterov(Momentum):
    kind = OptimizerKind.NAG

    def step(self, x, grad_x, gradient):
        look_ahead = x + self.params["momentum"] * self.velocity
        self.velocity = self.params["momentum"] * self.velocity - self.params["lr"] * gradient(look_ahead)
        return x + self.velocity


class Adagrad(Optimizer):
    kind = OptimizerKind.ADAGRAD
    hyperparameters = (LEARNING_RATE, ADAGRAD_EPS)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.state_sum = np.zeros((count, dim))

    def step(self, x, grad_x, gradient):
        self.state_sum = self.state_sum + grad_x * grad_x
        return x - self.params["lr"] * grad_x / (np.sqrt(self.state_sum) + self.params["eps"])


class RMSprop(Optimizer):
    kind = OptimizerKind.RMSPROP
    hyperparameters = (LEARNING_RATE, ALPHA, EPS)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.square_avg = np.zeros((count, dim))

    def step(self, x, grad_x, gradient):
        alpha = self.params["alpha"]
        self.square_avg = self.square_avg * alpha + (1 - alpha) * grad_x * grad_x
        return x - self.params["lr"] * grad_x / (np.sqrt(self.square_avg) + self.params["eps"])


def _lerp(start: np.ndarray, end: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """start + weight·(end − start) in torch.lerp's form, which is exact at weight 0 and 1.

    torch's vectorized kernel may fuse the multiply-add, so the two agree to rounding, not bit for bit.
    """
    return np.where(np.abs(weight) < 0.5, start + weight * (end - start),
                    end - (end - start) * (1 - weight))


class Adam(Optimizer):
    kind = OptimizerKind.ADAM
    hyperparameters = (ADAM_LEARNING_RATE, BETA1, BETA2, EPS)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.t = 0  # every ball of a group has taken the same number of steps
        self.exp_avg = np.zeros((count, dim))
        self.exp_avg_sq = np.zeros((count, dim))

    def step(self, x, grad_x, gradient):
        lr, beta1, beta2 = self.params["lr"], self.params["beta1"], self.params["beta2"]
        self.t += 1
        self.exp_avg = _lerp(self.exp_avg, grad_x, 1 - beta1)
        self.exp_avg_sq = self.exp_avg_sq * beta2 + (1 - beta2) * grad_x * grad_x
        step_size = lr / (1 - beta1 ** float(self.t))
        denom = np.sqrt(self.exp_avg_sq) / np.sqrt(1 - beta2 ** float(self.t)) + self.params["eps"]
        return x - step_size * self.exp_avg / denom


class AdamW(Adam):
    kind = OptimizerKind.ADAMW
    hyperparameters = (*Adam.hyperparameters, WEIGHT_DECAY)

    def step(self, x, grad_x, gradient):
        # Decoupled weight decay: shrink x first, then Adam's step with the gradient taken at the old x.
        decayed = x * (1 - self.params["lr"] * self.params["weight_decay"])
        return super().step(decayed, grad_x, gradient)


OPTIMIZERS: dict[OptimizerKind, type[Optimizer]] = {
    cls.kind: cls for cls in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, AdamW)}


def hyperparameters(kind: OptimizerKind) -> tuple[Hyperparameter, ...]:
    return OPTIMIZERS[kind].hyperparameters


def checked_params(kind: OptimizerKind, params: Mapping[str, float]) -> dict[str, float]:
    """Complete `params` with defaults and check each; ValueError names what is wrong."""
    known = {h.name: h for h in hyperparameters(kind)}
    unknown = set(params) - set(known)
    if unknown:
        raise ValueError(f"{kind} has no parameter {sorted(unknown)[0]!r}; it takes: {', '.join(known)}")
    return {name: h.check(params.get(name, h.default)) for name, h in known.items()}
