"""Optimizers that step by the sign of a gradient, not its size: Rprop and Lion."""

from __future__ import annotations

import math

import numpy as np

from gdsim.model.optimizers.base import (
    ETA_MINUS,
    ETA_PLUS,
    LEARNING_RATE,
    STEP_MAX,
    STEP_MIN,
    Hyperparameter,
    Optimizer,
    OptimizerKind,
    _factor,
    _state,
)

LION_LEARNING_RATE = Hyperparameter("lr", "η", 1e-4, 0.0, math.inf)
LION_BETA1 = Hyperparameter("beta1", "β₁", 0.9, 0.0, 1.0, low_inclusive=True)
LION_BETA2 = Hyperparameter("beta2", "β₂", 0.99, 0.0, 1.0, low_inclusive=True)
LION_WEIGHT_DECAY = Hyperparameter("weight_decay", "λ", 0.0, 0.0, math.inf, low_inclusive=True)


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


class Lion(Optimizer):
    """Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2): every
    coordinate moves by exactly η, in the direction of the sign of an interpolation c of its momentum and
    g; the momentum is then updated with a second, slower β₂. λ is decoupled weight decay."""

    kind = OptimizerKind.LION
    hyperparameters = (LION_LEARNING_RATE, LION_BETA1, LION_BETA2, LION_WEIGHT_DECAY)
    state_names = ("exp_avg",)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.exp_avg = _state(count, dim)
        self._one_minus_beta1 = _factor(1 - self.params["beta1"])
        self._one_minus_beta2 = _factor(1 - self.params["beta2"])

    def step_into(self, x, grad_x, gradient, out):
        f = self._factors
        m, c = self.exp_avg, self._scratch
        np.multiply(m, f["beta1"], c)
        np.multiply(grad_x, self._one_minus_beta1, out)
        np.add(c, out, c)  # c = β₁·m + (1 − β₁)·g
        np.sign(c, c)
        np.multiply(x, f["weight_decay"], out)
        np.add(c, out, c)
        np.multiply(c, f["lr"], c)
        np.subtract(x, c, out)  # x − η·(sign(c) + λ·x)
        np.multiply(m, f["beta2"], m)
        np.multiply(grad_x, self._one_minus_beta2, c)
        np.add(m, c, m)  # m ← β₂·m + (1 − β₂)·g
