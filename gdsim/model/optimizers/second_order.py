"""Optimizers that use curvature: Newton's method with the landscape's Hessian, and L-BFGS with an
estimate of it from its last steps.

  Newton   x ← x − η·(H + δ·I)⁻¹·g, H the Hessian at x (central differences of the gradient the ball
           follows, h = 1e-5, as the Hessian panel's): a quadratic's minimum in one step at η = 1.
  L-BFGS   torch.optim.LBFGS(lr, history_size, line_search_fn, max_iter=1) stepped once per step, per
           ball: d = −H̃·g by the two-loop recursion over the last m pairs s = t·d, y = g − g_prev (a
           pair kept only when y·s > 1e-10), scaled by γ = y·s / y·y; t = min(1, 1/‖g‖₁)·η at the first
           step, η after; no step where g·d > −1e-9 (tolerance_change) or where max|g| ≤ 1e-7
           (tolerance_grad, and then no state changes either). With max_iter = 1 torch's max_eval is
           1, which leaves its strong Wolfe search no evaluations beyond the first trial: it keeps
           x + t·d where f(x + t·d) < f(x) and stays with t = 0 otherwise.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from gdsim.model.optimizers.base import Hyperparameter, Optimizer, OptimizerKind, _state

HESSIAN_STEP = 1e-5  # gdsim.model.curvature's: the Newton ball and the Hessian panel see the same H
# H + δ·I counts as singular where its smallest |eigenvalue| is within the differenced Hessian's error of 0:
# this fraction of the largest |eigenvalue| of H or δ, plus this fraction of the largest |∂f| (rounding / h).
SINGULAR_RATIO = 1e-8
SINGULAR_GRADIENT_RATIO = 1e-9
TOLERANCE_GRAD = 1e-7  # torch.optim.LBFGS's defaults
TOLERANCE_CHANGE = 1e-9
CURVATURE_PAIR_MINIMUM = 1e-10  # torch keeps a pair (s, y) only where y·s is above this
NONE, STRONG_WOLFE = 0.0, 1.0  # LINE_SEARCH's choices, as the params hold them

SECOND_ORDER_LEARNING_RATE = Hyperparameter("lr", "η", 1.0, 0.0, math.inf)
DAMPING = Hyperparameter("damping", "δ", 0.0, 0.0, math.inf, low_inclusive=True)
HISTORY_SIZE = Hyperparameter("history_size", "m", 10.0, 1.0, 1001.0, low_inclusive=True, whole=True)
LINE_SEARCH = Hyperparameter("line_search", "line search", 0.0, 0.0, 2.0, low_inclusive=True,
                             choices=("none", "strong_wolfe"))


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise a·b, summed coordinate by coordinate in order (as torch's dot of a short vector)."""
    total = a[..., 0] * b[..., 0]
    for axis in range(1, a.shape[-1]):
        total = total + a[..., axis] * b[..., axis]
    return total


class Newton(Optimizer):
    """Newton's method: steps to the stationary point of the local quadratic model. Where H + δ·I is
    not positive definite that point is a saddle or a maximum of the model, and the step heads there;
    where it is singular there is no such point: the ball stops (`no_step`, and `newton_step` is NaN)."""

    kind = OptimizerKind.NEWTON
    hyperparameters = (SECOND_ORDER_LEARNING_RATE, DAMPING)
    # What the step found, kept for the explain panel: the eigenvalues of H + δ·I (ascending) and
    # (H + δ·I)⁻¹·g. Neither is carried to the next step.
    state_names = ("curvatures", "newton_step")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.curvatures = _state(count, dim)
        self.newton_step = _state(count, dim)

    def hessians(self, x: np.ndarray, gradient) -> np.ndarray:
        """(count, dim, dim): central differences of the followed gradient, symmetrised."""
        count, dim = x.shape
        shifted, plus, minus = x.copy(order="F"), np.empty_like(x), np.empty_like(x)
        hess = np.empty((count, dim, dim))
        for axis in range(dim):
            shifted[:, axis] = x[:, axis] + HESSIAN_STEP
            gradient(shifted, plus)
            shifted[:, axis] = x[:, axis] - HESSIAN_STEP
            gradient(shifted, minus)
            shifted[:, axis] = x[:, axis]
            hess[:, :, axis] = (plus - minus) / (2.0 * HESSIAN_STEP)
        return 0.5 * (hess + hess.transpose(0, 2, 1))

    def step_into(self, x, grad_x, gradient, out):
        count, dim = x.shape
        hessians = self.hessians(x, gradient)
        damped = hessians + self.params["damping"][:, :, None] * np.eye(dim)
        finite = np.all(np.isfinite(damped), axis=(1, 2))
        curvatures = np.full((count, dim), np.nan)
        curvatures[finite] = np.linalg.eigvalsh(damped[finite])
        scale = np.maximum(np.max(np.abs(hessians), axis=(1, 2)), self.params["damping"][:, 0])
        noise = SINGULAR_RATIO * scale + SINGULAR_GRADIENT_RATIO * (1.0 + np.max(np.abs(grad_x), axis=1))
        solvable = finite & (np.min(np.abs(curvatures), axis=1) > noise)
        newton_step = np.full((count, dim), np.nan)
        if solvable.any():
            newton_step[solvable] = np.linalg.solve(damped[solvable], grad_x[solvable][:, :, None])[:, :, 0]
        self.curvatures[...] = curvatures
        self.newton_step[...] = newton_step
        np.multiply(newton_step, self.params["lr"], out)
        np.subtract(x, out, out)  # x − η·(H + δ·I)⁻¹·g
        self.no_step = ~solvable & finite
        out[self.no_step] = x[self.no_step]  # singular: no Newton step exists, the ball stops (BallStatus.NO_STEP)
        out[~finite] = np.nan  # a Hessian that overflowed: the ball is diverging


class LBFGS(Optimizer):
    """torch.optim.LBFGS with max_iter = 1, one optimizer per ball (torch's treats all its parameters
    as one vector): a quasi-Newton step d = −H̃·g from the last `history_size` steps and gradients."""

    kind = OptimizerKind.LBFGS
    hyperparameters = (SECOND_ORDER_LEARNING_RATE, HISTORY_SIZE, LINE_SEARCH)
    state_names = ("direction", "step_length")  # d, and t in every coordinate
    needs_values = True
    _memory_names = ("prev_flat_grad", "old_dirs", "old_stps", "ro", "memory", "h_diag", "n_iter")

    def __init__(self, params, count, dim):
        super().__init__(params, count, dim)
        self.history_size = self.params["history_size"][:, 0].astype(np.int64)
        capacity = int(self.history_size.max()) if count else 1
        self.direction = _state(count, dim)
        self.step_length = _state(count, dim)
        self.prev_flat_grad = _state(count, dim)
        self.old_dirs = np.zeros((count, capacity, dim))  # y, oldest first
        self.old_stps = np.zeros((count, capacity, dim))  # s
        self.ro = np.zeros((count, capacity))  # 1 / y·s
        self.memory = np.zeros(count, dtype=np.int64)  # pairs kept
        self.h_diag = np.ones(count)  # γ
        self.n_iter = np.zeros(count, dtype=np.int64)
        self._line_search = self.params["line_search"][:, 0] == STRONG_WOLFE

    def __deepcopy__(self, memo):
        clone = copy.copy(self)  # `values` is the landscape's, shared; the rest is copied
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            if name != "values":
                setattr(clone, name, copy.deepcopy(value, memo))
        return clone

    def saved_state(self):
        saved = super().saved_state()
        saved.update({name: getattr(self, name).copy() for name in self._memory_names})
        return saved

    def restore_state(self, saved):
        super().restore_state(saved)
        for name in self._memory_names:
            np.copyto(getattr(self, name), saved[name])

    def _remember(self, rows: np.ndarray, y: np.ndarray, s: np.ndarray, ys: np.ndarray) -> None:
        """Keep the pair (s, y) of each of `rows`, dropping its oldest where its memory is full."""
        full = rows & (self.memory == self.history_size)
        self.old_dirs[full, :-1] = self.old_dirs[full, 1:]
        self.old_stps[full, :-1] = self.old_stps[full, 1:]
        self.ro[full, :-1] = self.ro[full, 1:]
        self.memory[full] -= 1
        at = np.flatnonzero(rows)
        slot = self.memory[at]
        self.old_dirs[at, slot] = y[at]
        self.old_stps[at, slot] = s[at]
        self.ro[at, slot] = 1.0 / ys[at]
        self.memory[at] += 1
        self.h_diag[at] = ys[at] / _dot(y[at], y[at])

    def _two_loop(self, rows: np.ndarray, g: np.ndarray) -> np.ndarray:
        """−H̃·g for `rows` (torch's loops, a ball taking part in round i while it holds pair i)."""
        capacity = self.old_dirs.shape[1]
        al = np.zeros((len(g), capacity))
        q = -g
        for i in range(capacity - 1, -1, -1):
            held = (rows & (i < self.memory))[:, None]
            al[:, i] = _dot(self.old_stps[:, i], q) * self.ro[:, i]
            q = np.where(held, q + (-al[:, i])[:, None] * self.old_dirs[:, i], q)
        r = q * self.h_diag[:, None]
        for i in range(capacity):
            held = (rows & (i < self.memory))[:, None]
            be = _dot(self.old_dirs[:, i], r) * self.ro[:, i]
            r = np.where(held, r + (al[:, i] - be)[:, None] * self.old_stps[:, i], r)
        return r

    def step_into(self, x, grad_x, gradient, out):
        g, lr = grad_x, self.params["lr"][:, 0]
        np.copyto(out, x)
        active = ~(np.max(np.abs(g), axis=1) <= TOLERANCE_GRAD)  # torch returns at once where g is ~0
        self.n_iter[active] += 1
        first = active & (self.n_iter == 1)
        later = active & (self.n_iter > 1)
        if later.any():
            y = g - self.prev_flat_grad
            s = self.direction * self.step_length
            ys = _dot(y, s)
            self._remember(later & (ys > CURVATURE_PAIR_MINIMUM), y, s, ys)
            self.direction[later] = self._two_loop(later, g)[later]
        self.direction[first] = -g[first]
        self.memory[first], self.h_diag[first] = 0, 1.0
        self.prev_flat_grad[active] = g[active]
        with np.errstate(divide="ignore"):
            t = np.where(first, np.minimum(1.0, 1.0 / np.sum(np.abs(g), axis=1)) * lr, lr)
        d = self.direction
        moving = active & ~(_dot(g, d) > -TOLERANCE_CHANGE)
        trial = x + t[:, None] * d
        searched = moving & self._line_search
        if searched.any():  # strong Wolfe with no evaluation to spare: keep the trial only if f went down
            refused = searched & (self.values(x) <= self.values(trial))
            t = np.where(refused, 0.0, t)
            moving &= ~refused
        self.step_length[active] = t[active, None]
        out[moving] = trial[moving]
