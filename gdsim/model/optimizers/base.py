"""What every optimizer shares: its kind, its settings and how it steps a group of balls."""

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
    LBFGS = "lbfgs"
    NEWTON = "newton"
    LION = "lion"

    @property
    def display_name(self) -> str:
        return {"sgd": "SGD", "momentum": "Momentum", "nag": "Nesterov", "adagrad": "Adagrad",
                "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW",
                "amsgrad": "AMSGrad", "adamax": "Adamax", "nadam": "NAdam", "radam": "RAdam", "adadelta": "Adadelta",
                "rprop": "Rprop", "lbfgs": "L-BFGS", "newton": "Newton", "lion": "Lion"}[self.value]


@dataclass(frozen=True)
class Hyperparameter:
    """One setting of an optimizer: its name in the CLI, its symbol, default and allowed range.

    A setting with `choices` is one of a few names (line_search=none|strong_wolfe): it is kept, like
    every setting, as a float, the index of the name, so the engine's columns stay numbers; it is read
    as its name or its index and written as its name (`text`). A `whole` setting is a whole number.
    """

    name: str
    symbol: str
    default: float
    low: float
    high: float
    low_inclusive: bool = False
    choices: tuple[str, ...] = ()
    whole: bool = False

    def check(self, value: float | str) -> float:
        """The value as a float, or ValueError saying what is allowed."""
        if self.choices:
            return self._checked_choice(value)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} must be a number, got {quoted(value)}") from None
        above_low = value >= self.low if self.low_inclusive else value > self.low
        if not (math.isfinite(value) and above_low and value < self.high):
            raise ValueError(f"{self.name} must be {self.allowed}, got {value:g}")
        if self.whole and value != int(value):
            raise ValueError(f"{self.name} must be a whole number, got {value:g}")
        return value

    def _checked_choice(self, value: float | str) -> float:
        if isinstance(value, str) and value.strip().lower() in self.choices:
            return float(self.choices.index(value.strip().lower()))
        index = value
        if isinstance(value, str):  # its index, as text: what a number typed for it reads as
            try:
                index = float(value)
            except ValueError:
                pass
        if not isinstance(index, (str, bool)) and isinstance(index, (int, float)) and index in range(len(self.choices)):
            return float(index)
        raise ValueError(f"{self.name} must be one of {', '.join(self.choices)}, got {quoted(value)}")

    def text(self, value: float) -> str:
        """The value as the CLI and lesson files write it: a choice by its name."""
        return self.choices[int(value)] if self.choices else f"{value:g}"

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
# Momentum's and Nesterov's form: the lecture notes' v ← ρv − η·g, or torch.optim.SGD's buf ← ρ·buf + g.
FORM = Hyperparameter("form", "form", 0.0, 0.0, 2.0, low_inclusive=True, choices=("lecture", "torch"))


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
    # It compares losses (L-BFGS's line search): the engine then gives it `values`, f at (count, dim) points.
    needs_values: ClassVar[bool] = False
    values: Callable[[np.ndarray], np.ndarray] | None = None
    # After a step, the balls it had no step for (Newton where H + δ·I is singular), or None: they stop.
    no_step: np.ndarray | None = None

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
