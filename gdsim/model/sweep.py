"""Learning-rate sweeps: one ball setting over a log range of η, every η at once in one run.

Lesson L1's "too small, just right, too large" as one picture: per η, the final loss, the steps to
converge and whether the ball diverged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from gdsim.model.balls import Ball
from gdsim.model.landscapes import Landscape
from gdsim.model.optimizers import GradientFn, checked_params
from gdsim.model.simulation import BallStatus, Simulation

DEFAULT_LR_RANGE = (1e-4, 10.0)
DEFAULT_POINTS = 60
DEFAULT_STEPS = 300
# The sweep needs only where each ball ended; a short history is thinned now and then at little cost.
HISTORY_ROWS = 64
# When a swept ball counts as converged: its gradient and its last step both below this. The engine's 1e-10
# asks for the last digits of the minimum: Momentum and Adam on the bowl end at losses of 10⁻¹⁵ within 300
# steps and none of them "converged". At 1e-6 a ball converged where the plot shows it at the bottom (a
# final loss of about 10⁻¹² or less on a bowl), and a ball still on its way is not.
SWEEP_TOLERANCE = 1e-6


@dataclass(frozen=True)
class SweepPoint:
    lr: float
    final_loss: float | None  # None when not finite
    steps_to_converge: int | None  # None unless converged
    status: BallStatus


@dataclass(frozen=True)
class DivergenceOnset:
    """Where divergence begins: between `last_stable`, the largest η below `first_diverged` that did
    not diverge (None when even the smallest η did), and `first_diverged`, the smallest η that did."""

    last_stable: float | None
    first_diverged: float


@dataclass(frozen=True)
class Sweep:
    """One ball setting run from one start with each η of `points` (in the order given)."""

    recipe: Ball
    start: tuple[float, ...]
    steps: int
    start_loss: float
    points: tuple[SweepPoint, ...]
    # What converged means: the ball's last step below `tolerance` and its gradient below `gradient_tolerance`
    # (the same, but on a landscape of tiny gradients: see gdsim.model.tolerance).
    tolerance: float = SWEEP_TOLERANCE
    gradient_tolerance: float = SWEEP_TOLERANCE

    @property
    def lrs(self) -> np.ndarray:
        return np.array([p.lr for p in self.points])

    @property
    def final_losses(self) -> np.ndarray:
        """Per point, NaN where the final loss was not finite."""
        return np.array([math.nan if p.final_loss is None else p.final_loss for p in self.points])

    @property
    def divergence_onset(self) -> DivergenceOnset | None:
        """Where divergence begins, or None when no η diverged."""
        diverged = [p.lr for p in self.points if p.status == BallStatus.DIVERGED]
        if not diverged:
            return None
        first = min(diverged)
        below = [p.lr for p in self.points if p.status != BallStatus.DIVERGED and p.lr < first]
        return DivergenceOnset(max(below, default=None), first)


def recipe_label(recipe: Ball) -> str:
    """The recipe's label without its η, which a sweep varies: 'Momentum ρ=0.9', 'SGD'."""
    return re.sub(r" η=\S+", "", recipe.at(()).label)


def log_range(low: float, high: float, points: int) -> np.ndarray:
    """`points` values of η spaced evenly on a log scale from `low` to `high`, both included."""
    if not (math.isfinite(low) and math.isfinite(high) and 0 < low < high):
        raise ValueError(f"the η range needs two finite numbers 0 < low < high, got {low:g}, {high:g}")
    if points < 2:
        raise ValueError(f"a sweep needs at least 2 points, got {points}")
    return np.geomspace(low, high, int(points))


def sweep_status(engine_status: BallStatus, early_peak: float, final_loss: float) -> BallStatus:
    """The engine's status, except that a ball still running whose final loss is above `early_peak`,
    the highest loss of the first half of its run (the start included), counts as diverged.

    The engine calls a ball diverged only once a coordinate passes 1e8 or stops being finite, and
    within a few hundred steps a ball just past the stable η grows too slowly for that: SGD on
    x² + y² with η = 1.001 multiplies x by −1.002 a step. A ball whose loss at the end is above
    everything it had in the first half is still climbing: on a convex bowl that is exactly η > 1,
    and η = 1, which swaps x and −x exactly, keeps the loss equal: running.

    Comparing with the start alone would also call diverged a ball that went far up and came back
    down, though not to where it began (RMSprop on Rosenbrock with η ≥ 2 reaches a loss of 10⁷, then
    wanders at 25–50 from a start at 24.2), or one bouncing about a bounded region (SGD on Rastrigin
    with 0.02 ≤ η < 1). Heavy ball's early overshoot on the bowl, up to 200 times the start's loss at
    0.9 of its stable η, dies away: running by either rule. A converged ball is never called
    diverged, even in a basin higher than its start: it stopped where the gradient vanishes. The
    rule judges the run's horizon only: a ball barely past its stable η whose early swings are
    larger than its slow climb has reached is called running.
    """
    if engine_status == BallStatus.RUNNING and final_loss > early_peak:
        return BallStatus.DIVERGED
    return engine_status


def sweep_learning_rates(landscape: Landscape, start: Sequence[float], recipes: Sequence[Ball],
                         lrs: Sequence[float] | None = None, lr_range: tuple[float, float] = DEFAULT_LR_RANGE,
                         points: int = DEFAULT_POINTS, steps: int = DEFAULT_STEPS,
                         tolerance: float = SWEEP_TOLERANCE, user_gradient: GradientFn | None = None,
                         progress: Callable[[float], object] | None = None, seed: int = 0) -> tuple[Sweep, ...]:
    """A sweep per recipe, every recipe at every η in one simulation.

    A recipe with noise draws it from `seed` and the recipe's own stream, its place among `recipes`: every η of
    its sweep meets the same noise, so the curve compares the η and not the draws.

    η is `lrs` when given, else `points` values spaced on a log scale over `lr_range`; it replaces
    each recipe's own `lr` (a schedule scales the swept η). Raises ValueError for a bad η, range or
    start, or a recipe that follows the user's gradient when none is given.

    `progress`, if given, is called after every step with the fraction of the steps taken; an exception
    it raises ends the sweep (that is how a caller cancels it).
    """
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    rates = log_range(*lr_range, points) if lrs is None else np.asarray(lrs, dtype=float).ravel()
    if not rates.size or not np.all(np.isfinite(rates) & (rates > 0)):
        raise ValueError("every η of a sweep must be a positive finite number")
    start = tuple(float(c) for c in start)
    balls = [replace(recipe, params=checked_params(recipe.optimizer, {**recipe.params, "lr": float(lr)})).at(start)
             for recipe in recipes for lr in rates]
    simulation = Simulation(landscape, balls, history_capacity=HISTORY_ROWS, tolerance=tolerance,
                            user_gradient=user_gradient, seed=seed,
                            noise_streams=[number for number in range(len(recipes)) for _ in rates])
    start_losses = simulation.losses.copy()
    early_peaks = start_losses.copy()
    for step in range(1, steps + 1):
        simulation.advance(1)
        if step <= steps // 2:
            np.fmax(early_peaks, simulation.losses, out=early_peaks)
        if progress is not None:
            progress(step / steps)
    sweeps = []
    for number, recipe in enumerate(recipes):
        own = slice(number * len(rates), (number + 1) * len(rates))
        start_loss = float(start_losses[own][0])
        sweep_points = []
        for lr, loss, status, stopped_at, early_peak in zip(rates, simulation.losses[own], simulation.status[own],
                                                            simulation.stopped_at[own], early_peaks[own], strict=True):
            status = sweep_status(BallStatus(status), float(early_peak), float(loss))
            sweep_points.append(SweepPoint(float(lr), float(loss) if math.isfinite(loss) else None,
                                           int(stopped_at) if status == BallStatus.CONVERGED else None, status))
        sweeps.append(Sweep(recipe, start, steps, start_loss, tuple(sweep_points), tolerance,
                            simulation.gradient_tolerance))
    return tuple(sweeps)


def learning_rate_sweep(landscape: Landscape, start: Sequence[float], recipe: Ball,
                        lrs: Sequence[float] | None = None, lr_range: tuple[float, float] = DEFAULT_LR_RANGE,
                        points: int = DEFAULT_POINTS, steps: int = DEFAULT_STEPS,
                        tolerance: float = SWEEP_TOLERANCE, user_gradient: GradientFn | None = None,
                        progress: Callable[[float], object] | None = None) -> Sweep:
    """One recipe's sweep (see `sweep_learning_rates`)."""
    return sweep_learning_rates(landscape, start, [recipe], lrs, lr_range, points, steps, tolerance, user_gradient,
                                progress)[0]
