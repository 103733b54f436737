"""Gradient descent and its two momentum forms: SGD, heavy-ball Momentum and Nesterov.

Momentum and Nesterov come in two forms (`form`): the lecture notes' v ← ρ·v − η·g, x ← x + v, and
torch.optim.SGD's buf ← ρ·buf + g, x ← x − η·buf (Nesterov: x ← x − η·(g + ρ·buf), with g at x). They
take the same steps while η is constant (v = −η·buf), and differ once a schedule changes η: the lecture
form keeps the old η in v, torch's scales the whole buffer by the new one. The state `velocity` holds v
or buf, as the form has it.
"""

from __future__ import annotations

import numpy as np

from gdsim.model.optimizers.base import FORM, LEARNING_RATE, MOMENTUM, Optimizer, OptimizerKind, _state

LECTURE, TORCH = 0.0, 1.0  # FORM's choices, as the params hold them


class SGD(Optimizer):
    kind = OptimizerKind.SGD
    hyperparameters = (LEARNING_RATE,)

    def step_into(self, x, grad_x, gradient, out):
        np.multiply(grad_x, self._factors["lr"], out)
        np.subtract(x, out, out)  # x − η·g


class Momentum(Optimizer):
    kind = OptimizerKind.MOMENTUM
    hyperparameters = (LEARNING_RATE, MOMENTUM, FORM)
    state_names = ("velocity",)

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.velocity = _state(count, dim)
        form = self._factors["form"]
        self._torch_rows = None if form.ndim == 0 else form[:, 0] == TORCH  # a group of both forms
        self._all_torch = form.ndim == 0 and float(form) == TORCH

    def step_into(self, x, grad_x, gradient, out):
        if self._torch_rows is not None:
            self._mixed_step(x, grad_x, gradient, out)
        elif self._all_torch:
            self._torch_step(self.velocity, x, grad_x, out)
        else:
            self._lecture_step(self.velocity, x, grad_x, gradient, out)

    def _lecture_step(self, v, x, grad_x, gradient, out):
        np.multiply(v, self._factors["momentum"], v)
        np.multiply(grad_x, self._factors["lr"], out)
        np.subtract(v, out, v)  # v ← ρ·v − η·g
        np.add(x, v, out)

    def _torch_step(self, buf, x, grad_x, out):
        np.multiply(buf, self._factors["momentum"], buf)
        np.add(buf, grad_x, buf)  # buf ← ρ·buf + g (buf = g at the first step, as torch's clone)
        np.multiply(buf, self._factors["lr"], out)
        np.subtract(x, out, out)  # x − η·buf

    def _mixed_step(self, x, grad_x, gradient, out):
        """Each ball in its own form: both worked out on copies of the state, each row taking its own."""
        rows = self._torch_rows
        lecture_v, torch_buf, torch_out = self.velocity.copy(order="F"), self.velocity.copy(order="F"), np.empty_like(out)
        self._lecture_step(lecture_v, x, grad_x, gradient, out)
        self._torch_step(torch_buf, x, grad_x, torch_out)
        self.velocity[...] = np.where(rows[:, None], torch_buf, lecture_v)
        out[rows] = torch_out[rows]


class Nesterov(Momentum):
    kind = OptimizerKind.NAG

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        # The lecture form takes its gradient at the look-ahead point; torch's at x, as every other optimizer.
        self.steps_by_gradient_at_x = self._all_torch

    def _lecture_step(self, v, x, grad_x, gradient, out):
        look_ahead_gradient = self._scratch
        np.multiply(v, self._factors["momentum"], v)  # v holds ρ·v until the update below
        np.add(x, v, out)  # the look-ahead point x + ρ·v, kept in out until the step is known
        gradient(out, look_ahead_gradient)
        np.multiply(look_ahead_gradient, self._factors["lr"], look_ahead_gradient)
        np.subtract(v, look_ahead_gradient, v)  # v ← ρ·v − η·g(x + ρ·v)
        np.add(x, v, out)

    def _torch_step(self, buf, x, grad_x, out):
        np.multiply(buf, self._factors["momentum"], buf)
        np.add(buf, grad_x, buf)  # buf ← ρ·buf + g
        np.multiply(buf, self._factors["momentum"], out)
        np.add(grad_x, out, out)  # g + ρ·buf, as torch's grad.add(buf, alpha=momentum)
        np.multiply(out, self._factors["lr"], out)
        np.subtract(x, out, out)

    def _mixed_step(self, x, grad_x, gradient, out):
        # The look-ahead gradient of every ball, with the torch-form balls "looking ahead" to x itself:
        # the gradient they step by, so one evaluation serves both and the preview records each one's.
        rows = self._torch_rows
        v, buf, torch_out = self.velocity.copy(order="F"), self.velocity.copy(order="F"), np.empty_like(out)
        np.multiply(v, self._factors["momentum"], v)
        np.add(x, v, out)
        out[rows] = x[rows]
        taken = self._scratch
        gradient(out, taken)
        np.multiply(taken, self._factors["lr"], out)
        np.subtract(v, out, v)
        self._torch_step(buf, x, taken, torch_out)
        self.velocity[...] = np.where(rows[:, None], buf, v)
        np.add(x, v, out)
        out[rows] = torch_out[rows]
