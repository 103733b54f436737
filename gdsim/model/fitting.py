"""Data fitting (lessons L3 and L5): a model's loss over its parameters, as a gdsim landscape.

Models, data and losses, as LESSONS.md writes them:

  line          ŷ = W·x + b       x ~ U(0, 1),  y = 0.2x + 0.5        loss ½·mean((ŷ − y)²)
  sine          ŷ = W·sin x + b   x ~ U(0, 10), y = 10·sin x + 1.5     loss ½·mean((ŷ − y)²)
  proportional  ŷ = w·x           x = [1, 2, 3], y = [2, 4, 6] (L5)    loss mean((ŷ − y)²)

Gradients: ∂/∂W = mean((ŷ − y)·φ(x)) with φ(x) = x (line) or sin x (sine), ∂/∂b = mean(ŷ − y);
for proportional ∂/∂w = mean(2x(xw − y)). The "notebook" gradient repeats L3's mistake: its W
component is mean((ŷ − y)·x) whatever the model, which is wrong only for `sine` (for `line` and
`proportional` x is the right factor, so there it equals the exact gradient).

Data of `line` and `sine` come from `numpy.random.default_rng(seed)`, drawn in this order: the N
x values, then the initial (W, b) from U(−1, 1), then, when σ > 0, the N noise values N(0, σ).
So a run with noise starts from the same (W, b) over the same x as the run without, and this
order reproduces LESSONS.md's L3 numbers over the seeds 0, 1 and 2. `proportional` has L5's fixed
data and starts, as L5 does, at w₀ = 1.0.

A `FitProblem` is the data and its `Landscape` over the parameters ((W, b), or w alone): its
`evaluate` gives the exact loss and the exact gradient, so any gdsim ball can roll on it, and
`notebook_gradient` is the buggy one, for a ball with `GradientSource.USER`. `fit` runs balls a
number of epochs of full-batch gradient descent (one optimizer step per epoch, through
`Simulation`) and records W, b, the loss and mean |ŷ − y| per epoch; a ball with a batch size B
takes minibatch steps instead, ceil(n / B) an epoch (gdsim.model.minibatch).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from gdsim.model.balls import Ball, GradientSource
from gdsim.model.landscapes import CriticalKind, CriticalPoint, Landscape
from gdsim.model.limits import MAX_FIT_POINTS
from gdsim.model.minibatch import MinibatchGradient, epoch_of, steps_per_epoch
from gdsim.model.simulation import BallStatus, Simulation

DEFAULT_POINTS = 100
PROPORTIONAL_X = (1.0, 2.0, 3.0)
PROPORTIONAL_Y = (2.0, 4.0, 6.0)
PROPORTIONAL_START = (1.0,)  # L5's w₀
# Residuals are computed for this many (point, datum) pairs at a time: a 200×200 grid of the
# view box over 100,000 data points would otherwise need 32 GB at once.
_CHUNK_ELEMENTS = 1 << 20


class FitModel(StrEnum):
    LINE = "line"
    SINE = "sine"
    PROPORTIONAL = "proportional"

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return ("w",) if self is FitModel.PROPORTIONAL else ("W", "b")

    @property
    def dim(self) -> int:
        return len(self.parameter_names)

    @property
    def formula(self) -> str:
        return {"line": "ŷ = Wx + b", "sine": "ŷ = W·sin x + b", "proportional": "ŷ = w·x"}[self.value]


def _feature(model: FitModel, x: np.ndarray) -> np.ndarray:
    """φ(x), the factor W multiplies: sin x for the sine model, x for the others."""
    return np.sin(x) if model is FitModel.SINE else x


def make_data(model: FitModel | str, seed: int = 0, points: int = DEFAULT_POINTS,
              noise: float = 0.0) -> tuple[np.ndarray, np.ndarray, tuple[float, ...]]:
    """x, y and the seeded initial parameters of a model's data set (see the module's docstring)."""
    model = FitModel(model)
    if model is FitModel.PROPORTIONAL:
        return np.array(PROPORTIONAL_X), np.array(PROPORTIONAL_Y), PROPORTIONAL_START
    if not 1 <= points <= MAX_FIT_POINTS:
        raise ValueError(f"points must be from 1 to {MAX_FIT_POINTS:,}, got {points:,}")
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    if model is FitModel.LINE:
        x = rng.uniform(0.0, 1.0, points)
        y = 0.2 * x + 0.5
    else:
        x = rng.uniform(0.0, 10.0, points)
        y = 10.0 * np.sin(x) + 1.5
    init = tuple(float(v) for v in rng.uniform(-1.0, 1.0, 2))
    if noise > 0:
        y = y + rng.normal(0.0, noise, points)
    return x, y, init


@dataclass(frozen=True, eq=False)
class FitProblem:
    """A model with its data: the loss over the parameters as a landscape, and the buggy gradient."""

    model: FitModel
    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    seed: int | None  # None for proportional, whose data is fixed
    noise: float
    init: tuple[float, ...]
    optimum: tuple[float, ...]  # the least-squares parameters
    landscape: Landscape = field(repr=False)
    batch_seed: int = 0  # what a minibatch ball's batches are drawn with (gdsim.model.minibatch)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return self.model.parameter_names

    @property
    def points(self) -> int:
        return len(self.x)

    def predict(self, params: Sequence[float], x: np.ndarray | None = None) -> np.ndarray:
        """ŷ at x (the data's x by default) for one parameter vector: what a data panel draws."""
        x = self.x if x is None else np.asarray(x, dtype=float)
        params = [float(p) for p in params]
        with np.errstate(all="ignore"):
            if self.model is FitModel.PROPORTIONAL:
                return params[0] * x
            return params[0] * _feature(self.model, x) + params[1]

    def mean_abs_error(self, params: np.ndarray) -> np.ndarray:
        """mean |ŷ − y| for parameter rows (n, dim): one number per row."""
        params = np.asarray(params, dtype=float).reshape(-1, self.model.dim)
        out = np.empty(len(params))
        with np.errstate(all="ignore"):
            for rows, residuals in _residual_chunks(self.model, self.x, self.y, params):
                out[rows] = np.mean(np.abs(residuals), axis=1)
        return out

    def loss(self, params: np.ndarray) -> np.ndarray:
        return self.landscape.value(params)

    def gradient(self, kind: GradientSource | str = GradientSource.EXACT):
        """The gradient function a ball of this kind follows: points (n, dim) → (n, dim); a fit's
        user gradient (GradientSource.USER, 'notebook') is L3's mistake, x where the W gradient needs sin x."""
        return self.landscape.gradient if GradientSource(kind) is GradientSource.EXACT else self.notebook_gradient

    def notebook_gradient(self, points: np.ndarray) -> np.ndarray:
        """L3's buggy gradient: mean((ŷ − y)·x) for W (and mean(ŷ − y) for b), for a USER ball."""
        points = np.asarray(points, dtype=float).reshape(-1, self.model.dim)
        with np.errstate(all="ignore"):
            return _loss_and_gradient(self.model, self.x, self.y, points, notebook=True)[1]


def _residual_chunks(model: FitModel, x: np.ndarray, y: np.ndarray, points: np.ndarray):
    """(rows, ŷ − y) for slices of the parameter rows, each residual block (rows, N)."""
    phi = _feature(model, x)
    size = max(1, _CHUNK_ELEMENTS // max(len(x), 1))
    for start in range(0, len(points), size):
        rows = slice(start, start + size)
        p = points[rows]
        residuals = p[:, 0:1] * phi
        if model is not FitModel.PROPORTIONAL:
            residuals += p[:, 1:2]
        residuals -= y
        yield rows, residuals


def _loss_and_gradient(model: FitModel, x: np.ndarray, y: np.ndarray, points: np.ndarray,
                       notebook: bool = False) -> tuple[np.ndarray, np.ndarray]:
    values = np.empty(len(points))
    gradients = np.empty((len(points), model.dim))
    w_factor = x if notebook else _feature(model, x)
    for rows, r in _residual_chunks(model, x, y, points):
        if model is FitModel.PROPORTIONAL:
            values[rows] = np.mean(r * r, axis=1)  # mean((ŷ − y)²)
            gradients[rows, 0] = np.mean(2.0 * w_factor * r, axis=1)  # mean(2x(xw − y))
        else:
            values[rows] = 0.5 * np.mean(r * r, axis=1)  # ½·mean((ŷ − y)²)
            gradients[rows, 0] = np.mean(r * w_factor, axis=1)
            gradients[rows, 1] = np.mean(r, axis=1)
    return values, gradients


def _view_box(optimum: Sequence[float], init: Sequence[float]) -> tuple[tuple[float, float], ...]:
    """Around the optimum and every seeded start (U(−1, 1)) or the given one, with a margin."""
    box = []
    for best, start in zip(optimum, init, strict=True):
        low = min(best, start, -1.0) if math.isfinite(best) else min(start, -1.0)
        high = max(best, start, 1.0) if math.isfinite(best) else max(start, 1.0)
        margin = 0.2 * max(high - low, 2.0)
        box.append((float(f"{low - margin:.3g}"), float(f"{high + margin:.3g}")))
    return tuple(box)


_TITLES = {FitModel.LINE: "Fitting a line (lesson L3)", FitModel.SINE: "Fitting a sine (lesson L3)",
           FitModel.PROPORTIONAL: "Loss of one weight (lesson L5)"}
_FORMULAS = {FitModel.LINE: "½·mean((Wx + b − y)²)", FitModel.SINE: "½·mean((W·sin x + b − y)²)",
             FitModel.PROPORTIONAL: "mean((xw − y)²)"}
_GRADIENT_FORMULAS = {FitModel.LINE: ("mean((Wx + b − y)·x)", "mean(Wx + b − y)"),
                      FitModel.SINE: ("mean((W·sin x + b − y)·sin x)", "mean(W·sin x + b − y)"),
                      FitModel.PROPORTIONAL: ("mean(2x(xw − y))",)}


def make_problem(model: FitModel | str, seed: int = 0, points: int = DEFAULT_POINTS, noise: float = 0.0,
                 init: Sequence[float] | None = None, batch_seed: int | None = None) -> FitProblem:
    """A fit problem: the seeded data (fixed for proportional) and its loss landscape.

    `init` replaces the seeded start; it must have one value per parameter. Minibatches are drawn with
    `batch_seed`, the data's seed by default (0 for proportional).
    """
    model = FitModel(model)
    x, y, seeded = make_data(model, seed, points, noise)
    x.flags.writeable = False
    y.flags.writeable = False
    if init is None:
        init = seeded
    init = tuple(float(v) for v in init)
    if len(init) != model.dim or not all(math.isfinite(v) for v in init):
        raise ValueError(f"the start of {model} needs {model.dim} finite number{'s' * (model.dim > 1)} "
                         f"({', '.join(model.parameter_names)}), got {init}")
    design = _feature(model, x)[:, None] if model is FitModel.PROPORTIONAL else \
        np.column_stack([_feature(model, x), np.ones_like(x)])
    optimum = tuple(float(v) for v in np.linalg.lstsq(design, y, rcond=None)[0])

    def evaluate(points_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return _loss_and_gradient(model, x, y, points_)

    data_seed = None if model is FitModel.PROPORTIONAL else seed
    batch_seed = int(batch_seed if batch_seed is not None else data_seed or 0)

    def gradient_over(point: np.ndarray, rows: np.ndarray, notebook: bool) -> np.ndarray:
        return _loss_and_gradient(model, x[rows], y[rows], point, notebook=notebook)[1][0]

    with np.errstate(all="ignore"):
        best_value = float(evaluate(np.array([optimum]))[0][0])
    landscape = Landscape(
        name=f"fit-{model}", title=_TITLES[model], formula=_FORMULAS[model], dim=model.dim,
        view_box=_view_box(optimum, init), evaluate=evaluate, gradient_formulas=_GRADIENT_FORMULAS[model],
        critical_points=(CriticalPoint(optimum, CriticalKind.MINIMUM, best_value),),
        batch_gradient=MinibatchGradient(len(x), batch_seed, gradient_over))
    return FitProblem(model=model, x=x, y=y, seed=data_seed,
                      noise=0.0 if model is FitModel.PROPORTIONAL else float(noise), init=init,
                      optimum=optimum, landscape=landscape, batch_seed=batch_seed)


@dataclass(frozen=True, eq=False)
class FitRun:
    """One ball's fit: a row per step, step 0 being the start; a full-batch ball takes one step an epoch.

    `stopped_at` is the step at which the ball stopped: mean |ŷ − y| fell below the tolerance
    (status "converged"), the engine found it converged (gradient and step below its tolerance)
    or diverged; None when it ran every step.
    """

    ball: Ball
    steps: np.ndarray  # (S,) int
    epochs: np.ndarray  # (S,) int: the epoch each step belongs to (gdsim.model.minibatch.epoch_of)
    params: np.ndarray  # (S, dim)
    loss: np.ndarray  # (S,) the exact full-batch loss, whichever gradient the ball followed
    mean_abs_error: np.ndarray  # (S,)
    status: BallStatus
    stopped_at: int | None

    @property
    def final(self) -> np.ndarray:
        return self.params[-1]


def fit(problem: FitProblem, balls: Sequence[Ball], epochs: int, tol: float | None = None,
        start: Sequence[float] | None = None) -> list[FitRun]:
    """Gradient descent over `epochs` epochs, per ball, from `start` (the problem's init by default):
    one step an epoch for a full-batch ball, ceil(n / B) steps for a ball with `batch` B (minibatch SGD,
    gdsim.model.minibatch); stopping once mean |ŷ − y| < tol when a tolerance is given."""
    if epochs < 0:
        raise ValueError(f"epochs must be >= 0, got {epochs}")
    start = tuple(problem.init if start is None else start)
    return [_fit_one(problem, ball, epochs, tol, start) for ball in balls]


def _fit_one(problem: FitProblem, ball: Ball, epochs: int, tol: float | None,
             start: tuple[float, ...]) -> FitRun:
    # One simulation per ball: each stops at its own step, and the engine's steps are the same
    # numbers whether a ball runs alone or beside others (a minibatch ball is ball number 0 of its run).
    notebook = ball.gradient is GradientSource.USER
    steps = epochs * steps_per_epoch(problem.points, ball.batch)
    simulation = Simulation(problem.landscape, [ball.at(start)], history_capacity=max(steps + 1, 4),
                            user_gradient=problem.notebook_gradient if notebook else None)
    rows_params = [simulation.positions[0].copy()]
    rows_loss = [float(simulation.losses[0])]
    rows_error = [float(problem.mean_abs_error(simulation.positions[0])[0])]
    stopped_at: int | None = None
    status = BallStatus(simulation.status[0])
    if tol is not None and rows_error[0] < tol:
        stopped_at, status = 0, BallStatus.CONVERGED
    elif status != BallStatus.RUNNING:
        stopped_at = 0
    step = 0
    while stopped_at is None and step < steps:
        if simulation.advance(1) == 0:
            break
        step += 1
        rows_params.append(simulation.positions[0].copy())
        rows_loss.append(float(simulation.losses[0]))
        rows_error.append(float(problem.mean_abs_error(simulation.positions[0])[0]))
        status = BallStatus(simulation.status[0])
        if status == BallStatus.DIVERGED:
            stopped_at = step
        elif tol is not None and rows_error[-1] < tol:
            stopped_at, status = step, BallStatus.CONVERGED
        elif status == BallStatus.CONVERGED:
            stopped_at = step
    taken = np.arange(len(rows_loss))
    return FitRun(ball=ball, steps=taken, epochs=np.array([epoch_of(k, problem.points, ball.batch) for k in taken]),
                  params=np.array(rows_params), loss=np.array(rows_loss), mean_abs_error=np.array(rows_error),
                  status=status, stopped_at=stopped_at)


def iteration_radius(problem: FitProblem, lr: float, gradient: GradientSource | str = GradientSource.EXACT) -> float:
    """Plain gradient descent with rate η on these (linear in the parameters) models is the affine
    map p ← p − η·(A·p − c); it settles when the spectral radius of I − ηA is below 1 and blows
    up when it is above. The notebook gradient's A is not symmetric and can have a negative
    eigenvalue: then no η, however small, makes it settle for good."""
    dim = problem.model.dim
    with np.errstate(all="ignore"):
        c = -problem.gradient(gradient)(np.zeros((1, dim)))[0]
        columns = [problem.gradient(gradient)(np.eye(dim)[i:i + 1])[0] + c for i in range(dim)]
    a = np.column_stack(columns)
    return float(np.max(np.abs(np.linalg.eigvals(np.eye(dim) - lr * a))))
