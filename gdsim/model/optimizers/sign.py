"""Optimizers that step by the sign of a gradient, not its size: Rprop."""

from __future__ import annotations

import numpy as np

from gdsim.model.optimizers.base import (
    ETA_MINUS,
    ETA_PLUS,
    LEARNING_RATE,
    STEP_MAX,
    STEP_MIN,
    Optimizer,
    OptimizerKind,
    _state,
)


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
