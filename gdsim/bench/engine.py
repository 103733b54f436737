"""Engine throughput for `gdsim bench`: ball-steps per second of the numpy engine, and of torch.optim
on the same batch in the same process when torch is importable (it is never a dependency of gdsim).

A sample is one headless run of the engine as the window and the CLI drive it: `Simulation.advance`
with statuses checked and the history recorded at every step. The torch sample is the loop people
write: zero_grad, the loss summed over the batch, backward, step, on one (balls, 2) float64 tensor.
The two samples alternate, so a busy machine slows both alike and the ratio stays meaningful.
Both compute in float64 on one thread: numpy's element-wise loops use one, and torch is set to one.
The same work on both sides, and a little more on gdsim's: torch's autograd takes the gradient of the
loss as written, gdsim its landscape's own numpy gradient, and gdsim also keeps the history and
checks every ball's status after every step.

Before timing, both run the same batch for a few steps and the positions are compared. torch's
momentum keeps buf = ρ·buf + g and steps x −= η·buf, which is gdsim's v = −η·buf. Its Nesterov
steps from g(x) + ρ·buf at its own parameter, which is gdsim's look-ahead point x + ρ·v; gdsim's
position is torch's parameter plus ρ·η·buf. With a constant η the trajectories are the same
sequence of points up to rounding.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from gdsim.model.balls import Ball
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.presets import preset
from gdsim.model.simulation import Simulation

ENGINE_BALLS = (1, 100, 10_000, 100_000)
ENGINE_OPTIMIZERS = ("sgd", "momentum", "nag", "adam")
ENGINE_LANDSCAPES = ("momentum-demo", "rosenbrock")
PARITY_STEPS = 50
PARITY_TOLERANCE = 1e-12
# Starts spread over ±5% of the view box around the preset's start: with the preset's settings every
# ball keeps running for hundreds of steps, so no sample times a half-frozen batch.
SPREAD = 0.05
MAX_STEPS = 200  # per sample; the momentum balls of momentum-demo converge after about a thousand
BUDGET = {"balls": 10_000, "ratio": 3.0}  # for every optimizer on every landscape (issue 15)


def _torch_losses(torch) -> dict[str, Callable]:
    """The presets' formulas as a torch user writes them; the loss of a batch is the sum over balls."""

    def momentum_demo(p):
        x, y = p[:, 0], p[:, 1]
        return (0.4 * x**2 * y**2 + 0.3 * x**2 * y + 0.3 * x**2 + 0.3 * y**2 - 0.25 * x * y**2
                + 0.31 * x * y - 0.2 * x + 2.1 * y).sum()

    def rosenbrock(p):
        x, y = p[:, 0], p[:, 1]
        return ((1 - x) ** 2 + 100 * (y - x**2) ** 2).sum()

    return {"momentum-demo": momentum_demo, "rosenbrock": rosenbrock}


def _torch_optimizer(torch, kind: str, params: dict[str, float], tensor):
    if kind == "sgd":
        return torch.optim.SGD([tensor], lr=params["lr"])
    if kind in ("momentum", "nag"):
        return torch.optim.SGD([tensor], lr=params["lr"], momentum=params["momentum"], nesterov=kind == "nag")
    if kind == "adam":
        return torch.optim.Adam([tensor], lr=params["lr"], betas=(params["beta1"], params["beta2"]), eps=params["eps"])
    raise ValueError(f"no torch.optim counterpart for {kind}")


def _torch_run(torch, loss, kind: str, params: dict[str, float], starts: np.ndarray,
               steps: int) -> tuple[float, np.ndarray]:
    """Seconds for `steps` steps of the usual torch.optim loop, and the final positions in gdsim's terms."""
    x = torch.tensor(starts, dtype=torch.float64, requires_grad=True)
    optimizer = _torch_optimizer(torch, kind, params, x)
    start = time.perf_counter()
    for _ in range(steps):
        optimizer.zero_grad()
        loss(x).backward()
        optimizer.step()
    elapsed = time.perf_counter() - start
    positions = x.detach().numpy().copy()
    if kind == "nag" and steps:
        # torch's parameter is gdsim's look-ahead point x + ρ·v, with v = −η·buf.
        buffer = optimizer.state[x]["momentum_buffer"].numpy()
        positions += params["momentum"] * params["lr"] * buffer
    return elapsed, positions


def _import_torch():
    try:
        import torch
    except ImportError:
        return None
    return torch


def _rates(balls: int, steps: int, seconds: Sequence[float]) -> tuple[float, float]:
    """Median ball-steps per second over the samples, and its interquartile range."""
    rates = balls * steps / np.asarray(seconds)
    q1, median, q3 = np.percentile(rates, [25, 50, 75])
    return float(median), float(q3 - q1)


def _starts(landscape_name: str, count: int) -> np.ndarray:
    chosen = preset(landscape_name)
    span = np.array([high - low for low, high in chosen.landscape.view_box])
    rng = np.random.default_rng(20261)
    return np.array(chosen.start) + rng.uniform(-SPREAD, SPREAD, size=(count, len(span))) * span


def engine_figures(quick: bool, balls: Sequence[int] = ENGINE_BALLS,
                   optimizers: Sequence[str] = ENGINE_OPTIMIZERS, landscapes: Sequence[str] = ENGINE_LANDSCAPES,
                   use_torch: bool = True) -> list[dict]:
    """One figure per landscape, optimizer and batch size: gdsim's ball-steps per second (median and
    IQR over the samples) and, where torch is importable and `use_torch`, torch.optim's on the same
    batch, their ratio and the largest difference in position after PARITY_STEPS steps."""
    torch = _import_torch() if use_torch else None
    samples = 5 if quick else 15
    sample_seconds = 0.03 if quick else 0.1  # how long a sample of both should take, roughly
    threads = None
    if torch is not None:
        # numpy computes on one core; torch would spread a large batch over every core, and on a
        # shared two-core machine its threads wait on each other (100,000 balls ran 100× slower).
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
    figures = []
    try:
        for landscape_name in landscapes:
            chosen = preset(landscape_name)
            all_starts = _starts(landscape_name, max(balls))
            start_tuples = [tuple(start) for start in all_starts.tolist()]
            losses = _torch_losses(torch) if torch is not None else {}
            for kind_name in optimizers:
                kind = OptimizerKind(kind_name)
                params = checked_params(kind, chosen.suggested_params(kind_name))
                # One checked settings mapping shared by every ball: Ball.make would check it 100,000 times.
                specs = [Ball(kind, params, start=start) for start in start_tuples]
                for count in balls:
                    figures.append(_figure(chosen.landscape, kind_name, params, specs[:count], all_starts[:count],
                                           samples, sample_seconds, torch, losses.get(landscape_name)))
    finally:
        if torch is not None:
            torch.set_num_threads(threads)
    return figures


def _figure(landscape, kind: str, params: dict[str, float], specs: list[Ball], starts: np.ndarray,
            samples: int, sample_seconds: float, torch, loss) -> dict:
    count = len(specs)
    use_torch = torch is not None and loss is not None
    figure = {"kind": "engine", "optimizer": kind, "landscape": landscape.name, "balls": count, "steps": None,
              "samples": samples, "ball_steps_per_s": None, "iqr": None, "every_ball_ran": True,
              "torch_version": None, "torch_threads": None, "torch_ball_steps_per_s": None, "torch_iqr": None,
              "ratio_vs_torch": None, "max_abs_difference_vs_torch": None, "torch_agrees": None}
    simulation = Simulation(landscape, specs, history_capacity=max(MAX_STEPS, PARITY_STEPS) + 1)
    simulation.advance(PARITY_STEPS)  # also the warm-up: the history's memory is written once
    figure["every_ball_ran"] = bool(simulation.step_count == PARITY_STEPS and not simulation.status.any())
    torch_per_step = 0.0
    if use_torch:
        seconds, torch_positions = _torch_run(torch, loss, kind, params, starts, PARITY_STEPS)
        torch_per_step = seconds / PARITY_STEPS
        difference = float(np.max(np.abs(simulation.positions - torch_positions)))
        figure.update(torch_version=torch.__version__, torch_threads=torch.get_num_threads(),
                      max_abs_difference_vs_torch=difference, torch_agrees=bool(difference <= PARITY_TOLERANCE))
    simulation.reset()
    start = time.perf_counter()
    simulation.advance(3)
    gdsim_per_step = (time.perf_counter() - start) / 3
    # A sample of both takes about sample_seconds; the step count is the same for both.
    steps = figure["steps"] = int(min(MAX_STEPS, max(3, sample_seconds / (gdsim_per_step + torch_per_step))))
    gdsim_seconds, torch_seconds = [], []
    for _ in range(samples):
        simulation.reset()
        start = time.perf_counter()
        taken = simulation.advance(steps)
        gdsim_seconds.append(time.perf_counter() - start)
        figure["every_ball_ran"] &= bool(taken == steps and not simulation.status.any())
        if use_torch:
            torch_seconds.append(_torch_run(torch, loss, kind, params, starts, steps)[0])
    figure["ball_steps_per_s"], figure["iqr"] = _rates(count, steps, gdsim_seconds)
    if use_torch:
        figure["torch_ball_steps_per_s"], figure["torch_iqr"] = _rates(count, steps, torch_seconds)
        figure["ratio_vs_torch"] = figure["ball_steps_per_s"] / figure["torch_ball_steps_per_s"]
    return figure


def _rate(value: float | None, spread: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:9.3g} ±{100 * spread / value:3.0f}%"


def format_engine_figures(figures: Sequence[dict]) -> str:
    """A table for people: one row per figure, then the budget's line."""
    lines = []
    with_torch = [f for f in figures if f["torch_ball_steps_per_s"] is not None]
    if with_torch:
        first = with_torch[0]
        lines.append(f"engine: ball-steps per second, median ± IQR; torch {first['torch_version']} "
                     f"(torch.optim, {first['torch_threads']} thread; gdsim's numpy, 1 thread) on the same batch, float64, "
                     "in this process")
    else:
        lines.append("engine: ball-steps per second, median ± IQR (torch is not importable: no comparison)")
    lines.append(f"{'landscape':14} {'optimizer':9} {'balls':>7} {'steps':>5} {'gdsim':>16} {'torch.optim':>16}"
                 f" {'ratio':>6} {'max |Δx| vs torch':>17}")
    for f in figures:
        ratio = "—" if f["ratio_vs_torch"] is None else f"{f['ratio_vs_torch']:5.2f}×"
        difference = f["max_abs_difference_vs_torch"]
        agreement = "—" if difference is None else f"{difference:9.1e} {'ok' if f['torch_agrees'] else 'DIFFERS'}"
        note = "" if f["every_ball_ran"] else "  (some balls stopped)"
        lines.append(f"{f['landscape']:14} {OptimizerKind(f['optimizer']).display_name:9} {f['balls']:>7,} "
                     f"{f['steps']:>5} {_rate(f['ball_steps_per_s'], f['iqr']):>16} "
                     f"{_rate(f['torch_ball_steps_per_s'], f['torch_iqr']):>16} {ratio:>6} {agreement:>17}{note}")
    budget = [f for f in figures if f["balls"] == BUDGET["balls"] and f["ratio_vs_torch"] is not None]
    if budget:
        lowest = min(budget, key=lambda f: f["ratio_vs_torch"])
        met = all(f["ratio_vs_torch"] >= BUDGET["ratio"] and f["torch_agrees"] for f in budget)
        lines.append(f"budget: every optimizer on every landscape at {BUDGET['balls']:,} balls ≥ {BUDGET['ratio']:g}× "
                     f"torch.optim, equal to {PARITY_TOLERANCE:g}: lowest {lowest['ratio_vs_torch']:.2f}× "
                     f"({OptimizerKind(lowest['optimizer']).display_name} on {lowest['landscape']}) — "
                     f"{'met' if met else 'MISSED'}")
    return "\n".join(lines)
