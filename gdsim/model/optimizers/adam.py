"""Adam and the optimizers built on its two averages: AdamW, AMSGrad, Adamax, NAdam, RAdam."""

from __future__ import annotations

import math

import numpy as np

from gdsim.model.optimizers.base import (
    ADAM_LEARNING_RATE,
    ADAMAX_LEARNING_RATE,
    BETA1,
    BETA2,
    EPS,
    MOMENTUM_DECAY,
    WEIGHT_DECAY,
    Optimizer,
    OptimizerKind,
    _factor,
    _state,
)


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
