"""Per-coordinate step sizes from a running sum or average of g²: Adagrad, RMSprop, Adadelta."""

from __future__ import annotations

import numpy as np

from gdsim.model.optimizers.base import (
    ADADELTA_EPS,
    ADADELTA_LEARNING_RATE,
    ADADELTA_RHO,
    ADAGRAD_EPS,
    ALPHA,
    EPS,
    LEARNING_RATE,
    Optimizer,
    OptimizerKind,
    _factor,
    _state,
)


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
