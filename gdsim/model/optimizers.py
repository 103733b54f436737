"""Optimizers, each updating a group of balls at once; hyperparameters may differ per ball.

The update rules, with g = ∇f and v₀ = 0:
  SGD        x ← x − η·g(x)
  Momentum   v ← ρ·v − η·g(x);        x ← x + v
  Nesterov   v ← ρ·v − η·g(x + ρ·v);  x ← x + v
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

    @property
    def display_name(self) -> str:
        return {"sgd": "SGD", "momentum": "Momentum", "nag": "Nesterov"}[self.value]


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


OPTIMIZERS: dict[OptimizerKind, type[Optimizer]] = {cls.kind: cls for cls in (SGD, Momentum, Nesterov)}


def hyperparameters(kind: OptimizerKind) -> tuple[Hyperparameter, ...]:
    return OPTIMIZERS[kind].hyperparameters


def checked_params(kind: OptimizerKind, params: Mapping[str, float]) -> dict[str, float]:
    """Complete `params` with defaults and check each; ValueError names what is wrong."""
    known = {h.name: h for h in hyperparameters(kind)}
    unknown = set(params) - set(known)
    if unknown:
        raise ValueError(f"{kind} has no parameter {sorted(unknown)[0]!r}; it takes: {', '.join(known)}")
    return {name: h.check(params.get(name, h.default)) for name, h in known.items()}
