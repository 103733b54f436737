"""One ball's coming step, told in the optimizer's own formulas with the engine's numbers.

Every number comes from `Simulation.preview`, which runs the optimizer's own code on a copy of its
state, so what the narration says is what the next step does. The few quantities the engine never
forms as such (Adam's bias-corrected m̂ and ŝ, the momentum term ρ·v) are computed here with the same
operations the engine uses where it uses them, and the tests hold them to the engine's results.
The notation is README's: v is the velocity of Momentum and Nesterov, s the sum or average of g² of
Adagrad, RMSprop and Adam, m Adam's average of g, and a hat its bias correction; u is Adamax's decaying
maximum of |g|, a Adadelta's average of its squared steps Δ²;
Rprop's Δ is each coordinate's step length and p the gradient it remembers; b is torch.optim.SGD's momentum
buffer (form=torch); Lion's c is its interpolation of m and g; L-BFGS's d is its direction −H̃·g and t its
step length; Newton's λ are the eigenvalues of H + δ·I.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from gdsim.model.balls import Ball
from gdsim.model.next_step import NextStep
from gdsim.model.optimizers import OptimizerKind, hyperparameters
from gdsim.model.simulation import BallStatus


class ArrowKind(StrEnum):
    """The arrows of a step, all in the landscape's units (a step of length 1 moves the ball by 1).

    GRADIENT is the part of the step that this step's gradient makes on its own, drawn from where the
    gradient was taken: −η·g, or for the adaptive methods −η·g scaled as they scale it (÷ (√s + ε),
    Adam's ÷ (√ŝ + ε)), since their η is a step length and −η·g alone would point far off the map.
    VELOCITY is what Momentum and Nesterov carry over from earlier steps, ρ·v. AVERAGE_STEP is Adam's
    step from its running average of the gradients, −η·m̂ / (√ŝ + ε) (AdamW's before its decay).
    UPDATE goes from x to the next position.
    """

    GRADIENT = "gradient"
    VELOCITY = "velocity"
    AVERAGE_STEP = "average_step"
    UPDATE = "update"


@dataclass(frozen=True)
class Arrow:
    kind: ArrowKind
    tail: np.ndarray
    vector: np.ndarray

    @property
    def tip(self) -> np.ndarray:
        return self.tail + self.vector


class Note(StrEnum):
    """What a line means, for lines whose formula does not say it (the views put it in words)."""

    NONE = ""
    VELOCITY_SO_FAR = "velocity so far"
    LOOK_AHEAD = "look-ahead point"
    STEPS_TAKEN = "steps taken, this one included"
    WEIGHT_DECAY = "weight decay"
    STEP_TAKEN = "the step taken"
    NOISE = "gradient noise"
    BUFFER_SO_FAR = "momentum buffer so far"
    NOT_POSITIVE_DEFINITE = "H is not positive definite here: Newton's step heads for a saddle or maximum"
    SINGULAR = "H + δ·I is singular here: there is no Newton step, and the ball stays"
    NO_DESCENT = "g·d > −1e-9: no descent along d, no step (torch's tolerance_change)"
    TRIAL_REFUSED = "f(x + t·d) ≥ f(x): the line search keeps x (t = 0)"


@dataclass(frozen=True)
class Line:
    """One line of the narration: `symbol` (← or =) `formula` = value."""

    symbol: str
    formula: str
    value: np.ndarray | float
    assigns: bool = False  # an update of a state (←) rather than a definition (=)
    note: Note = Note.NONE


@dataclass(frozen=True)
class StepExplanation:
    ball: int
    optimizer: OptimizerKind
    step: int
    moving: bool
    status: BallStatus
    settings: tuple[tuple[str, float], ...]  # (symbol, value), η being this step's η_t
    lines: tuple[Line, ...]
    position: np.ndarray
    next_position: np.ndarray
    look_ahead: np.ndarray | None  # Nesterov's x + ρ·v, where its gradient is taken
    arrows: tuple[Arrow, ...]

    def value(self, symbol: str) -> np.ndarray | float:
        """The value of the last line that defines or updates `symbol`."""
        return next(line.value for line in reversed(self.lines) if line.symbol == symbol)


def explain(preview: NextStep, ball: int, spec: Ball, status: BallStatus = BallStatus.RUNNING) -> StepExplanation:
    """The step ball number `ball` (made from `spec`) is about to take, as `preview` worked it out."""
    kind = spec.optimizer
    x = preview.positions[ball]
    x_next = preview.next_positions[ball]
    exact, noise = preview.gradients[ball], preview.noise[ball]
    g = exact + noise  # what the step follows (the engine's own sum)
    lr = float(preview.lr[ball]) if np.isfinite(preview.lr[ball]) else float(spec.params["lr"])
    params = {h.name: (lr if h.name == "lr" else float(spec.params[h.name])) for h in hyperparameters(kind)}
    # A choice (form, line_search) shows in the formulas, not as a number.
    settings = tuple((h.symbol, params[h.name]) for h in hyperparameters(kind) if not h.choices) \
        + ((("σ", spec.noise),) if spec.noise else ())
    before = {name: states[ball] for name, states in preview.states_before.items()}
    after = {name: states[ball] for name, states in preview.states_after.items()}
    if not preview.moving[ball]:  # a stopped ball takes no step: nothing to tell but its status
        return StepExplanation(ball=ball, optimizer=kind, step=preview.step, moving=False, status=status,
                               settings=settings, lines=(), position=x, next_position=x, look_ahead=None, arrows=())
    torch_form = kind in (OptimizerKind.MOMENTUM, OptimizerKind.NAG) and params["form"] == 1.0
    where = "x̃" if kind is OptimizerKind.NAG and not torch_form else "x"
    # A minibatch ball's g is the mean of the per-point gradients ∇fᵢ over its step's batch of B points.
    gradient_line = Line("g", f"∇f({where})" if spec.batch is None else f"(1/{spec.batch})·Σ∇fᵢ({where})", g)
    update = x_next - x
    gradient_step = -lr * g
    look_ahead = None
    lines: list[Line]
    arrows: list[Arrow] = []
    with np.errstate(all="ignore"):
        if kind is OptimizerKind.SGD:
            lines = [gradient_line, Line("x", "x − η·g", x_next, assigns=True)]
        elif torch_form:  # torch.optim.SGD's buffer b: its step is −η·b (Nesterov: −η·(g + ρ·b))
            nesterov = kind is OptimizerKind.NAG
            buffer = after["velocity"] if nesterov else before["velocity"]
            lines = [Line("b", "", before["velocity"], note=Note.BUFFER_SO_FAR), gradient_line,
                     Line("b", "ρ·b + g", after["velocity"], assigns=True),
                     Line("x", "x − η·(g + ρ·b)" if nesterov else "x − η·b", x_next, assigns=True)]
            arrows.append(Arrow(ArrowKind.VELOCITY, x, -lr * (buffer * params["momentum"])))
        elif kind in (OptimizerKind.MOMENTUM, OptimizerKind.NAG):
            carried = before["velocity"] * params["momentum"]  # the engine's v·ρ, in its order
            lines = [Line("v", "", before["velocity"], note=Note.VELOCITY_SO_FAR)]
            if kind is OptimizerKind.NAG:
                look_ahead = preview.gradient_points[ball]
                lines.append(Line("x̃", "x + ρ·v", look_ahead, note=Note.LOOK_AHEAD))
            lines += [gradient_line, Line("v", "ρ·v − η·g", after["velocity"], assigns=True),
                      Line("x", "x + v", x_next, assigns=True)]
            arrows.append(Arrow(ArrowKind.VELOCITY, x, carried))
        elif kind is OptimizerKind.ADAGRAD:
            lines = [gradient_line, Line("s", "s + g²", after["state_sum"], assigns=True),
                     Line("x", "x − η·g / (√s + ε)", x_next, assigns=True)]
            gradient_step = gradient_step / (np.sqrt(after["state_sum"]) + params["eps"])
        elif kind is OptimizerKind.RMSPROP:
            lines = [gradient_line, Line("s", "α·s + (1 − α)·g²", after["square_avg"], assigns=True),
                     Line("x", "x − η·g / (√s + ε)", x_next, assigns=True)]
            gradient_step = gradient_step / (np.sqrt(after["square_avg"]) + params["eps"])
        elif kind is OptimizerKind.ADAMAX:
            t = int(preview.adam_t[ball])
            m, u = after["exp_avg"], after["exp_inf"]
            m_hat = m / (1 - params["beta1"] ** t)
            lines = [Line("t", "", float(t), note=Note.STEPS_TAKEN), gradient_line,
                     Line("m", "β₁·m + (1 − β₁)·g", m, assigns=True),
                     Line("u", "max(β₂·u, |g| + ε)", u, assigns=True), Line("m̂", "m / (1 − β₁ᵗ)", m_hat),
                     Line("Δx", "−η·m̂ / u", update, note=Note.STEP_TAKEN),
                     Line("x", "x + Δx", x_next, assigns=True)]
            gradient_step = gradient_step / u
            arrows.append(Arrow(ArrowKind.AVERAGE_STEP, x, -lr * m_hat / u))
        elif kind is OptimizerKind.NADAM:
            t = int(preview.adam_t[ball])
            m, s, product = after["exp_avg"], after["exp_avg_sq"], float(after["mu_product"][0])
            mu, mu_next = (params["beta1"] * (1 - 0.5 * 0.96 ** (k * params["momentum_decay"])) for k in (t, t + 1))
            scale = np.sqrt(s / (1 - params["beta2"] ** t)) + params["eps"]
            lines = [Line("t", "", float(t), note=Note.STEPS_TAKEN), gradient_line,
                     Line("m", "β₁·m + (1 − β₁)·g", m, assigns=True),
                     Line("s", "β₂·s + (1 − β₂)·g²", s, assigns=True),
                     Line("μ", "β₁·(1 − 0.5·0.96^(t·ψ))", mu), Line("μ′", "β₁·(1 − 0.5·0.96^((t + 1)·ψ))", mu_next),
                     Line("Π", "Π·μ", product, assigns=True),
                     Line("Δx", "−η·((1 − μ)·g / (1 − Π) + μ′·m / (1 − Π·μ′)) / (√(s / (1 − β₂ᵗ)) + ε)", update,
                          note=Note.STEP_TAKEN),
                     Line("x", "x + Δx", x_next, assigns=True)]
            gradient_step = gradient_step / scale
            arrows.append(Arrow(ArrowKind.AVERAGE_STEP, x, -lr * mu_next * m / (1 - product * mu_next) / scale))
        elif kind is OptimizerKind.RADAM:
            t = int(preview.adam_t[ball])
            m, s = after["exp_avg"], after["exp_avg_sq"]
            m_hat = m / (1 - params["beta1"] ** t)
            beta2_t = params["beta2"] ** t
            rho_inf = 2 / (1 - params["beta2"]) - 1
            rho_t = rho_inf - 2 * t * beta2_t / (1 - beta2_t)
            lines = [Line("t", "", float(t), note=Note.STEPS_TAKEN), gradient_line,
                     Line("m", "β₁·m + (1 − β₁)·g", m, assigns=True),
                     Line("s", "β₂·s + (1 − β₂)·g²", s, assigns=True), Line("m̂", "m / (1 − β₁ᵗ)", m_hat),
                     Line("ρ∞", "2 / (1 − β₂) − 1", rho_inf), Line("ρₜ", "ρ∞ − 2t·β₂ᵗ / (1 − β₂ᵗ)", rho_t)]
            scale = 1.0
            if rho_t > 5:  # the adaptive step, rectified
                r = np.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                scale = (np.sqrt(s) + params["eps"]) / (r * np.sqrt(1 - beta2_t))
                lines += [Line("r", "√((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))", float(r)),
                          Line("Δx", "−η·m̂·r·√(1 − β₂ᵗ) / (√s + ε)", update, note=Note.STEP_TAKEN)]
            else:  # too few steps for the variance of s: momentum SGD
                lines.append(Line("Δx", "−η·m̂", update, note=Note.STEP_TAKEN))
            lines.append(Line("x", "x + Δx", x_next, assigns=True))
            gradient_step = gradient_step / scale
            arrows.append(Arrow(ArrowKind.AVERAGE_STEP, x, -lr * m_hat / scale))
        elif kind is OptimizerKind.ADADELTA:
            s = after["square_avg"]
            scale = np.sqrt(s + params["eps"]) / np.sqrt(before["acc_delta"] + params["eps"])
            lines = [gradient_line,
                     Line("s", "ρ·s + (1 − ρ)·g²", s, assigns=True),
                     Line("Δ", "√(a + ε) / √(s + ε)·g", g / scale),
                     Line("a", "ρ·a + (1 − ρ)·Δ²", after["acc_delta"], assigns=True),
                     Line("x", "x − η·Δ", x_next, assigns=True)]
            gradient_step = gradient_step / scale
        elif kind is OptimizerKind.RPROP:
            step_size, kept = after["step_size"], after["prev"]
            lines = [gradient_line,
                     Line("Δ", "clip(Δ·(η₊ if g·p > 0, η₋ if g·p < 0, else 1), Δmin, Δmax)", step_size, assigns=True),
                     Line("p", "0 if g·p < 0, else g", kept, assigns=True),
                     Line("x", "x − sign(p)·Δ", x_next, assigns=True)]
            gradient_step = -np.sign(g) * step_size  # its step takes only the sign of g
        elif kind is OptimizerKind.LION:
            c = before["exp_avg"] * params["beta1"] + g * (1 - params["beta1"])  # the engine's order
            lines = [gradient_line, Line("c", "β₁·m + (1 − β₁)·g", c),
                     Line("x", "x − η·(sign(c) + λ·x)", x_next, assigns=True),
                     Line("m", "β₂·m + (1 − β₂)·g", after["exp_avg"], assigns=True)]
            gradient_step = -lr * np.sign(c)  # its step takes only the sign of c
        elif kind is OptimizerKind.NEWTON:
            curvatures = after["curvatures"]
            singular = bool(np.any(np.isnan(after["newton_step"])) and np.all(np.isfinite(curvatures)))
            note = Note.SINGULAR if singular else Note.NOT_POSITIVE_DEFINITE if np.min(curvatures) <= 0 else Note.NONE
            lines = [gradient_line, Line("λ", "eig(H + δ·I)", curvatures, note=note),
                     Line("Δx", "−η·(H + δ·I)⁻¹·g", update, note=Note.STEP_TAKEN),
                     Line("x", "x + Δx", x_next, assigns=True)]
            gradient_step = update  # the whole step is the gradient's, rescaled by the curvature
        elif kind is OptimizerKind.LBFGS:
            d, t = after["direction"], float(after["step_length"][0])
            if t == 0.0 and params["lr"] > 0:
                t_line = Line("t", "0", t, note=Note.TRIAL_REFUSED)
            else:
                t_line = Line("t", "η" if t == lr else "min(1, 1/‖g‖₁)·η", t)
            moved = bool(np.any(x_next != x)) or t == 0.0
            lines = [gradient_line, Line("d", "−H̃·g", d), t_line,
                     Line("x", "x + t·d", x_next, assigns=True) if moved
                     else Line("x", "x", x_next, assigns=True, note=Note.NO_DESCENT)]
            gradient_step = update
        else:  # Adam, AdamW and AMSGrad
            t = int(preview.adam_t[ball])
            m, s = after["exp_avg"], after["exp_avg_sq"]
            divided = after["max_exp_avg_sq"] if kind is OptimizerKind.AMSGRAD else s
            m_hat = m / (1 - params["beta1"] ** t)
            s_hat = divided / (1 - params["beta2"] ** t)
            lines = [Line("t", "", float(t), note=Note.STEPS_TAKEN)]
            start = x
            if kind is OptimizerKind.ADAMW:
                start = x * (1 - lr * params["weight_decay"])  # the engine's decay, in its order
                lines.append(Line("x′", "x·(1 − η·λ)", start, note=Note.WEIGHT_DECAY))
            effective = x_next - start
            lines += [gradient_line, Line("m", "β₁·m + (1 − β₁)·g", m, assigns=True),
                      Line("s", "β₂·s + (1 − β₂)·g²", s, assigns=True)]
            if kind is OptimizerKind.AMSGRAD:
                lines.append(Line("s̄", "max(s̄, s)", divided, assigns=True))
            lines += [Line("m̂", "m / (1 − β₁ᵗ)", m_hat),
                      Line("ŝ", f"{'s̄' if kind is OptimizerKind.AMSGRAD else 's'} / (1 − β₂ᵗ)", s_hat),
                      Line("Δx", "−η·m̂ / (√ŝ + ε)", effective, note=Note.STEP_TAKEN),
                      Line("x", f"{'x′' if kind is OptimizerKind.ADAMW else 'x'} + Δx", x_next, assigns=True)]
            scale = np.sqrt(s_hat) + params["eps"]
            gradient_step = gradient_step / scale
            arrows.append(Arrow(ArrowKind.AVERAGE_STEP, x, -lr * m_hat / scale))
    if spec.noise and gradient_line in lines:  # g is ∇f plus this step's noise: say both parts
        at = lines.index(gradient_line)
        lines[at:at + 1] = [Line("∇f", f"∇f({where})", exact), Line("σ·ξ", "", noise, note=Note.NOISE),
                            Line("g", "∇f + σ·ξ", g)]
    gradient_tail = look_ahead if look_ahead is not None else x
    arrows.insert(0, Arrow(ArrowKind.GRADIENT, gradient_tail, gradient_step))
    arrows.append(Arrow(ArrowKind.UPDATE, x, update))
    return StepExplanation(ball=ball, optimizer=kind, step=preview.step, moving=True, status=status,
                           settings=settings, lines=tuple(lines), position=x, next_position=x_next,
                           look_ahead=look_ahead, arrows=tuple(arrows))
