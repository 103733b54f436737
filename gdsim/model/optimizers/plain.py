"""Gradient descent and its two momentum forms: SGD, heavy-ball Momentum and Nesterov."""

from __future__ import annotations

import numpy as np

from gdsim.model.optimizers.base import LEARNING_RATE, MOMENTUM, Optimizer, OptimizerKind, _state


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
