"""The optimizers of issue 17 part 3: the contract of test_optimizers.py against each one's written rule,
and each against torch.optim itself on Rosenbrock over 300 steps (skipped without torch).

The rules, per coordinate, with g = ∇f(x), t counting steps from 1 and every state starting at 0:
  Adamax     m ← β₁·m + (1 − β₁)·g;  u ← max(β₂·u, |g| + ε);  x ← x − η·m / ((1 − β₁ᵗ)·u)
  NAdam      μₜ = β₁·(1 − 0.5·0.96^(t·ψ));  Π ← Π·μₜ;  Adam's m and s;
             x ← x − η·((1 − μₜ)·g / (1 − Π) + μₜ₊₁·m / (1 − Π·μₜ₊₁)) / (√(s / (1 − β₂ᵗ)) + ε)
  RAdam      Adam's m and s;  ρₜ = ρ∞ − 2t·β₂ᵗ / (1 − β₂ᵗ) with ρ∞ = 2 / (1 − β₂) − 1;  x ← x − η·m̂·r·√(1 − β₂ᵗ) / (√s + ε)
             with r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ)) when ρₜ > 5, else x ← x − η·m̂
  Adadelta   s ← ρ·s + (1 − ρ)·g²;  Δ = √(a + ε) / √(s + ε)·g;  a ← ρ·a + (1 − ρ)·Δ²;  x ← x − η·Δ
  Rprop      Δ ← clip(Δ·(η₊ if g·p > 0, η₋ if g·p < 0, else 1), Δmin, Δmax) from Δ = η;
             p ← 0 if g·p < 0, else g;  x ← x − sign(p)·Δ
  AMSGrad    Adam's m and s;  s̄ ← max(s̄, s);  x ← x − η·m̂ / (√ŝ + ε)  with ŝ = s̄ / (1 − β₂ᵗ)
"""

import math

import numpy as np
import pytest
from test_optimizers import OptimizerContract, zeros_like

from gdsim.model.balls import Ball
from gdsim.model.presets import preset
from gdsim.model.schedules import Schedule
from gdsim.model.simulation import BallStatus, Simulation

# Two settings each, for test_optimizers.py's run of every optimizer side by side.
SIDE_BY_SIDE_SETTINGS = {"amsgrad": [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9}],
                         "adamax": [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9}],
                         "nadam": [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "momentum_decay": 0.1}],
                         "radam": [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.99}],
                         "adadelta": [{"lr": 1.0}, {"lr": 0.5, "rho": 0.5}],
                         "rprop": [{"lr": 0.01}, {"lr": 0.05, "eta_minus": 0.3, "step_max": 1.0}],
                         "lbfgs": [{"lr": 0.1}, {"lr": 0.2, "history_size": 3, "line_search": "strong_wolfe"}],
                         "newton": [{"lr": 0.05}, {"lr": 0.02, "damping": 1.0}],
                         "lion": [{"lr": 0.01}, {"lr": 0.02, "beta1": 0.5, "weight_decay": 0.1}]}


def amsgrad_reference_step(point, state, params, gradient):
    lr, beta1, beta2, eps = params["lr"], params["beta1"], params["beta2"], params["eps"]
    t = state.get("t", 0) + 1
    m, s = state.get("m", zeros_like(point)), state.get("s", zeros_like(point))
    s_max = state.get("s_max", zeros_like(point))
    g = gradient(*point)
    m = tuple(beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g, strict=True))
    s = tuple(beta2 * si + (1 - beta2) * gi * gi for si, gi in zip(s, g, strict=True))
    s_max = tuple(max(a, b) for a, b in zip(s_max, s, strict=True))
    m_hat = tuple(mi / (1 - beta1 ** t) for mi in m)
    s_hat = tuple(si / (1 - beta2 ** t) for si in s_max)
    point = tuple(x - lr * mh / (math.sqrt(sh) + eps) for x, mh, sh in zip(point, m_hat, s_hat, strict=True))
    return point, {"t": t, "m": m, "s": s, "s_max": s_max}


class TestAMSGrad(OptimizerContract):
    kind = "amsgrad"
    defaults = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    bowl_params = {"lr": 0.1}
    reference_params = [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9},
                        {"lr": 0.02, "beta1": 0.0, "beta2": 0.0},
                        {"lr": 0.2, "beta1": 0.95, "beta2": 0.99, "eps": 1e-3}]
    reference_step = staticmethod(amsgrad_reference_step)


def adamax_reference_step(point, state, params, gradient):
    lr, beta1, beta2, eps = params["lr"], params["beta1"], params["beta2"], params["eps"]
    t = state.get("t", 0) + 1
    m, u = state.get("m", zeros_like(point)), state.get("u", zeros_like(point))
    g = gradient(*point)
    m = tuple(beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g, strict=True))
    u = tuple(max(beta2 * ui, abs(gi) + eps) for ui, gi in zip(u, g, strict=True))
    point = tuple(x - lr * mi / ((1 - beta1 ** t) * ui) for x, mi, ui in zip(point, m, u, strict=True))
    return point, {"t": t, "m": m, "u": u}


class TestAdamax(OptimizerContract):
    kind = "adamax"
    defaults = {"lr": 0.002, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    bowl_params = {"lr": 0.1}
    reference_params = [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9},
                        {"lr": 0.02, "beta1": 0.0, "beta2": 0.0},
                        {"lr": 0.2, "beta1": 0.95, "beta2": 0.99, "eps": 1e-3}]
    reference_step = staticmethod(adamax_reference_step)


def nadam_reference_step(point, state, params, gradient):
    lr, beta1, beta2, eps, psi = (params[name] for name in ("lr", "beta1", "beta2", "eps", "momentum_decay"))
    t = state.get("t", 0) + 1
    m, s = state.get("m", zeros_like(point)), state.get("s", zeros_like(point))
    mu, mu_next = (beta1 * (1 - 0.5 * 0.96 ** (k * psi)) for k in (t, t + 1))
    product = state.get("product", 1.0) * mu
    g = gradient(*point)
    m = tuple(beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g, strict=True))
    s = tuple(beta2 * si + (1 - beta2) * gi * gi for si, gi in zip(s, g, strict=True))
    point = tuple(x - lr * ((1 - mu) * gi / (1 - product) + mu_next * mi / (1 - product * mu_next))
                  / (math.sqrt(si / (1 - beta2 ** t)) + eps) for x, gi, mi, si in zip(point, g, m, s, strict=True))
    return point, {"t": t, "m": m, "s": s, "product": product}


class TestNAdam(OptimizerContract):
    kind = "nadam"
    defaults = {"lr": 0.002, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "momentum_decay": 0.004}
    bowl_params = {"lr": 0.1, "momentum_decay": 0.1}  # at ψ = 0.004, μ stays near β₁/2 for 400 steps
    reference_params = [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "momentum_decay": 0.1},
                        {"lr": 0.02, "beta1": 0.0, "beta2": 0.0, "momentum_decay": 0.0},
                        {"lr": 0.2, "beta1": 0.95, "beta2": 0.99, "eps": 1e-3}]
    reference_step = staticmethod(nadam_reference_step)


def radam_reference_step(point, state, params, gradient):
    lr, beta1, beta2, eps = params["lr"], params["beta1"], params["beta2"], params["eps"]
    t = state.get("t", 0) + 1
    m, s = state.get("m", zeros_like(point)), state.get("s", zeros_like(point))
    g = gradient(*point)
    m = tuple(beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g, strict=True))
    s = tuple(beta2 * si + (1 - beta2) * gi * gi for si, gi in zip(s, g, strict=True))
    m_hat = tuple(mi / (1 - beta1 ** t) for mi in m)
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * beta2 ** t / (1 - beta2 ** t)
    if rho_t > 5:
        r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        point = tuple(x - lr * mh * r * math.sqrt(1 - beta2 ** t) / (math.sqrt(si) + eps)
                      for x, mh, si in zip(point, m_hat, s, strict=True))
    else:
        point = tuple(x - lr * mh for x, mh in zip(point, m_hat, strict=True))
    return point, {"t": t, "m": m, "s": s}


class TestRAdam(OptimizerContract):
    kind = "radam"
    defaults = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    bowl_params = {"lr": 0.1}
    # β₂ = 0.9 is rectified from step 6 on, β₂ = 0.5 never (ρ∞ = 3): both branches, side by side.
    reference_params = [{"lr": 0.01}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9},
                        {"lr": 0.005, "beta1": 0.0, "beta2": 0.5},
                        {"lr": 0.02, "beta1": 0.95, "beta2": 0.99, "eps": 1e-3}]
    reference_step = staticmethod(radam_reference_step)


def adadelta_reference_step(point, state, params, gradient):
    lr, rho, eps = params["lr"], params["rho"], params["eps"]
    s, a = state.get("s", zeros_like(point)), state.get("a", zeros_like(point))
    g = gradient(*point)
    s = tuple(rho * si + (1 - rho) * gi * gi for si, gi in zip(s, g, strict=True))
    delta = tuple(math.sqrt(ai + eps) / math.sqrt(si + eps) * gi for ai, si, gi in zip(a, s, g, strict=True))
    a = tuple(rho * ai + (1 - rho) * di * di for ai, di in zip(a, delta, strict=True))
    return tuple(x - lr * di for x, di in zip(point, delta, strict=True)), {"s": s, "a": a}


class TestAdadelta(OptimizerContract):
    kind = "adadelta"
    defaults = {"lr": 1.0, "rho": 0.9, "eps": 1e-6}
    bowl_params = {"lr": 0.5, "eps": 0.1}  # ε sets the length of its first steps, about η·√ε
    reference_params = [{"lr": 1.0}, {"lr": 0.5, "rho": 0.5}, {"lr": 2.0, "rho": 0.0, "eps": 1e-4},
                        {"lr": 0.1, "rho": 0.99, "eps": 1e-3}]
    reference_step = staticmethod(adadelta_reference_step)


def rprop_reference_step(point, state, params, gradient):
    lr, minus, plus, low, high = (params[k] for k in ("lr", "eta_minus", "eta_plus", "step_min", "step_max"))
    p, steps = state.get("p", zeros_like(point)), state.get("steps", (lr,) * len(point))
    g = gradient(*point)
    new_steps, new_p = [], []
    for gi, pi, step in zip(g, p, steps, strict=True):
        factor = plus if gi * pi > 0 else minus if gi * pi < 0 else 1.0
        new_steps.append(min(max(step * factor, low), high))
        new_p.append(0.0 if gi * pi < 0 else gi)
    point = tuple(x - math.copysign(1.0, pi) * step * (pi != 0) for x, pi, step in zip(point, new_p, new_steps, strict=True))
    return point, {"p": tuple(new_p), "steps": tuple(new_steps)}


class TestRprop(OptimizerContract):
    kind = "rprop"
    defaults = {"lr": 0.01, "eta_minus": 0.5, "eta_plus": 1.2, "step_min": 1e-6, "step_max": 50.0}
    bowl_params = {"lr": 0.1, "step_min": 0.0}
    reference_params = [{"lr": 0.01}, {"lr": 0.05, "eta_minus": 0.3, "eta_plus": 1.5, "step_max": 1.0},
                        {"lr": 0.2, "step_min": 0.01, "step_max": 0.5},
                        {"lr": 0.001, "eta_minus": 0.9, "eta_plus": 2.0, "step_min": 0.0, "step_max": 10.0}]
    reference_step = staticmethod(rprop_reference_step)


def test_amsgrad_differs_from_adam():
    # Guards the reference test: without its maximum, AMSGrad would be Adam.
    landscape = preset("momentum-demo").landscape
    runs = [Simulation(landscape, [Ball.make(kind, (0.5, 5.8), lr=0.1, beta2=0.9)]) for kind in ("adam", "amsgrad")]
    for run in runs:
        run.advance(40)
    assert np.max(np.abs(runs[0].positions - runs[1].positions)) > 1e-3


# ---- against torch.optim ----

TORCH_STEPS = 300
TORCH_TOLERANCE = 1e-12  # test_torch_parity.py's
ROSENBROCK_STARTS = [(-1.2, 1.0), (0.5, 2.5), (-1.8, -0.5), (1.5, 0.0)]


def torch_optimizer(torch, kind, parameter, params):
    optim = torch.optim
    if kind == "amsgrad":
        return optim.Adam([parameter], lr=params["lr"], betas=(params["beta1"], params["beta2"]),
                          eps=params["eps"], amsgrad=True)
    if kind == "adamax":
        return optim.Adamax([parameter], lr=params["lr"], betas=(params["beta1"], params["beta2"]), eps=params["eps"])
    if kind == "nadam":
        return optim.NAdam([parameter], lr=params["lr"], betas=(params["beta1"], params["beta2"]), eps=params["eps"],
                           momentum_decay=params["momentum_decay"])
    if kind == "radam":
        return optim.RAdam([parameter], lr=params["lr"], betas=(params["beta1"], params["beta2"]), eps=params["eps"])
    if kind == "adadelta":
        return optim.Adadelta([parameter], lr=params["lr"], rho=params["rho"], eps=params["eps"])
    if kind == "rprop":
        return optim.Rprop([parameter], lr=params["lr"], etas=(params["eta_minus"], params["eta_plus"]),
                           step_sizes=(params["step_min"], params["step_max"]))
    if kind == "lbfgs":
        return optim.LBFGS([parameter], lr=params["lr"], max_iter=1, history_size=int(params["history_size"]),
                           line_search_fn=(None, "strong_wolfe")[int(params["line_search"])])
    if kind in ("momentum", "nag"):
        assert params["form"] == 1.0  # form=torch
        return optim.SGD([parameter], lr=params["lr"], momentum=params["momentum"], nesterov=kind == "nag")
    raise AssertionError(kind)


STEP_SCHEDULE = Schedule("step", {"step_size": 30, "gamma": 0.5})  # torch's StepLR(step_size=30, gamma=0.5)
TORCH_SETTINGS = [
    ("amsgrad", {"lr": 0.01}),
    ("amsgrad", {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "eps": 1e-6}),
    ("adamax", {"lr": 0.01}),
    # Not β₁ = 0.5 with η ≥ 0.02: its steps of nearly η·sign(g) hop across the valley chaotically, and a
    # difference of rounding at step 1 (7e-18: torch's addcdiv may fuse) grows to 1e-2 by step 300.
    ("adamax", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    ("nadam", {"lr": 0.01}),
    ("radam", {"lr": 0.001}),
    ("rprop", {"lr": 0.01}),
    ("rprop", {"lr": 0.001, "eta_minus": 0.3, "eta_plus": 1.5, "step_min": 0.0, "step_max": 1.0}),
    ("adadelta", {"lr": 0.5}),  # at η = 1 it crosses the valley unstably from step 200: differences of rounding grow ×1.5 a step
    ("adadelta", {"lr": 1.0, "rho": 0.95}),
    ("radam", {"lr": 0.0005, "beta1": 0.8, "beta2": 0.9, "eps": 1e-6}),
    ("nadam", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "momentum_decay": 0.1}),
    ("lbfgs", {"line_search": "strong_wolfe"}),
    ("lbfgs", {"lr": 0.5, "history_size": 5, "line_search": "strong_wolfe"}),
    ("momentum", {"lr": 1e-4, "form": "torch"}),
    ("nag", {"lr": 1e-4, "form": "torch"}),
    ("momentum", {"lr": 5e-4, "form": "torch", "schedule": STEP_SCHEDULE}),
    ("nag", {"lr": 5e-4, "form": "torch", "schedule": STEP_SCHEDULE}),
]
# Without a line search, L-BFGS at η = 1 jumps across Rosenbrock's valley (to x = 2.65 at step 33) and its
# quasi-Newton updates magnify differences of rounding (torch's dot products against gdsim's sums): 1e-16
# at step 1, 3e-12 by step 33, 2e-5 by step 300. Its own bound, measured with some room.
LOOSER = [("lbfgs", {"line_search": "none"}, 1e-4), ("lbfgs", {"lr": 0.5}, 1e-7)]


def rosenbrock(x):
    return ((1 - x[:, 0]) ** 2 + 100 * (x[:, 1] - x[:, 0] ** 2) ** 2).sum()


def largest_deviation_from_torch(kind, params, steps=TORCH_STEPS):
    """The largest |gdsim − torch| over every coordinate of every step, and the positions gdsim reached.

    L-BFGS gets one torch optimizer per ball: torch's treats all its parameters as one vector."""
    torch = pytest.importorskip("torch")
    params = dict(params)
    schedule = params.pop("schedule", None)
    balls = [Ball.make(kind, start, schedule=schedule, **params) for start in ROSENBROCK_STARTS]
    simulation = Simulation(preset("rosenbrock").landscape, balls, history_capacity=steps + 1)
    simulation.advance(steps)
    assert simulation.step_count == steps
    assert np.all(simulation.status == BallStatus.RUNNING)  # no frozen ball hides a difference
    starts = [[start] for start in ROSENBROCK_STARTS] if kind == "lbfgs" else [ROSENBROCK_STARTS]
    xs = [torch.tensor(rows, dtype=torch.float64, requires_grad=True) for rows in starts]
    optimizers = [torch_optimizer(torch, kind, x, balls[0].params) for x in xs]
    schedulers = [torch.optim.lr_scheduler.StepLR(o, step_size=schedule.params["step_size"], gamma=schedule.params["gamma"])
                  for o in optimizers] if schedule is not None else []

    def positions():
        return np.concatenate([x.detach().numpy() for x in xs])

    rows = [positions()]
    default_dtype = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # NAdam keeps its product of μ in the default dtype: float64, as gdsim
    try:
        for _ in range(steps):
            for x, optimizer in zip(xs, optimizers, strict=True):
                def closure(x=x, optimizer=optimizer):
                    optimizer.zero_grad()
                    loss = rosenbrock(x)
                    loss.backward()
                    return loss
                optimizer.step(closure)
            for scheduler in schedulers:
                scheduler.step()
            rows.append(positions())
    finally:
        torch.set_default_dtype(default_dtype)
    history = simulation.history.positions[:simulation.history.length]
    assert np.max(np.abs(history[-1] - history[0])) > 0.05  # the balls went somewhere
    return float(np.max(np.abs(history - np.array(rows))))


@pytest.mark.parametrize(("kind", "params"), TORCH_SETTINGS)
def test_trajectories_on_rosenbrock_equal_torch_optim(kind, params):
    assert largest_deviation_from_torch(kind, params) <= TORCH_TOLERANCE


@pytest.mark.parametrize(("kind", "params", "tolerance"), LOOSER)
def test_lbfgs_without_a_line_search_equals_torch_to_its_magnified_rounding(kind, params, tolerance):
    assert largest_deviation_from_torch(kind, params) <= tolerance


def test_the_momentum_forms_agree_for_a_constant_rate_and_part_once_a_schedule_changes_it():
    # README's numbers: η = 5e-4 (halved every 30 steps, or constant), 120 steps on Rosenbrock from (−1.2, 1).
    def run(kind, form, schedule):
        simulation = Simulation(preset("rosenbrock").landscape,
                                [Ball.make(kind, (-1.2, 1.0), lr=5e-4, form=form, schedule=schedule)])
        simulation.advance(120)
        return simulation

    def apart(kind, schedule):
        # torch's Nesterov moves the look-ahead point x + ρ·v of the lecture form: compare it with that
        lecture, torch_form = run(kind, "lecture", schedule), run(kind, "torch", schedule)
        lecture_point = lecture.preview().gradient_points[0] if kind == "nag" else lecture.positions[0]
        return float(np.max(np.abs(lecture_point - torch_form.positions[0])))

    assert apart("momentum", None) < 1e-12
    assert apart("nag", None) < 1e-12
    assert 0.08 < apart("momentum", STEP_SCHEDULE) < 0.1  # 9.0e-2
    assert 0.05 < apart("nag", STEP_SCHEDULE) < 0.06  # 5.6e-2
