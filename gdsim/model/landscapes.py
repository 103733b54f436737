"""Loss landscapes: a value and its exact analytic gradient, vectorized over many points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

# points (n, dim) -> (values (n,), gradients (n, dim)); computed together because most terms are shared.
Evaluator = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
Box = tuple[tuple[float, float], ...]


class CriticalKind(StrEnum):
    MINIMUM = "minimum"
    SADDLE = "saddle"
    MAXIMUM = "maximum"


@dataclass(frozen=True)
class CriticalPoint:
    point: tuple[float, ...]
    kind: CriticalKind
    value: float


@dataclass(frozen=True, eq=False)
class Landscape:
    """A differentiable loss function of `dim` variables with a view box to draw it in."""

    name: str
    title: str
    formula: str
    dim: int
    view_box: Box
    evaluate: Evaluator = field(repr=False)
    gradient_formulas: tuple[str, ...] = ()  # readable ∂f/∂x, ∂f/∂y, when known symbolically
    source: str = ""  # the text a typed landscape was made from; empty for presets
    critical_points: tuple[CriticalPoint, ...] | None = field(default=None, repr=False)  # when already found

    @property
    def variables(self) -> tuple[str, ...]:
        return ("x", "y")[:self.dim] if self.dim <= 2 else tuple(f"x{i}" for i in range(self.dim))

    def value_and_gradient(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        points = np.asarray(points, dtype=float).reshape(-1, self.dim)
        with np.errstate(all="ignore"):
            return self.evaluate(points)

    def value(self, points: np.ndarray) -> np.ndarray:
        return self.value_and_gradient(points)[0]

    def gradient(self, points: np.ndarray) -> np.ndarray:
        return self.value_and_gradient(points)[1]

    def sample_curve(self, resolution: int, box: Box | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Values of a 1-D landscape at `resolution` points over its view box."""
        (x0, x1), = box or self.view_box
        xs = np.linspace(x0, x1, resolution)
        return xs, self.value(xs[:, None])

    def sample_grid(self, resolution: int, box: Box | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Values on a regular grid over `box`: axes xs, ys and Z indexed [iy, ix]."""
        (x0, x1), (y0, y1) = box or self.view_box
        xs = np.linspace(x0, x1, resolution)
        ys = np.linspace(y0, y1, resolution)
        gx, gy = np.meshgrid(xs, ys)
        z = self.value(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
        return xs, ys, z


def _polynomial_evaluator(f: Callable, fx: Callable, fy: Callable) -> Evaluator:
    def evaluate(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = p[:, 0], p[:, 1]
        return f(x, y), np.column_stack([fx(x, y), fy(x, y)])

    return evaluate


def _momentum_demo(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = p[:, 0], p[:, 1]
    xy = x * y
    f = (0.4 * xy * xy + 0.3 * x * xy + 0.3 * x * x + 0.3 * y * y
         - 0.25 * xy * y + 0.31 * xy - 0.2 * x + 2.1 * y)
    gx = 0.8 * xy * y + 0.6 * xy + 0.6 * x - 0.25 * y * y + 0.31 * y - 0.2
    gy = 0.8 * x * xy + 0.3 * x * x + 0.6 * y - 0.5 * xy + 0.31 * x + 2.1
    return f, np.column_stack([gx, gy])


def _rosenbrock(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = p[:, 0], p[:, 1]
    a = 1.0 - x
    b = y - x * x
    return a * a + 100.0 * b * b, np.column_stack([-2.0 * a - 400.0 * x * b, 200.0 * b])


def _himmelblau(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = p[:, 0], p[:, 1]
    a = x * x + y - 11.0
    b = x + y * y - 7.0
    return a * a + b * b, np.column_stack([4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b])


def _beale(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = p[:, 0], p[:, 1]
    y2 = y * y
    y3 = y2 * y
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y2
    c = 2.625 - x + x * y3
    gx = 2.0 * (a * (y - 1.0) + b * (y2 - 1.0) + c * (y3 - 1.0))
    gy = 2.0 * x * (a + 2.0 * y * b + 3.0 * y2 * c)
    return a * a + b * b + c * c, np.column_stack([gx, gy])


def _rastrigin(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    two_pi = 2.0 * np.pi
    f = 20.0 + np.sum(p * p - 10.0 * np.cos(two_pi * p), axis=1)
    return f, 2.0 * p + 10.0 * two_pi * np.sin(two_pi * p)


def _parabola(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return p[:, 0] * p[:, 0], 2.0 * p


def _local_minimum(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # A tilted double well in x: the left basin is deeper than the right one.
    x, y = p[:, 0], p[:, 1]
    x2 = x * x
    f = 0.25 * x2 * x2 - x2 + 0.5 * x + 0.5 * y * y
    return f, np.column_stack([x * x2 - 2.0 * x + 0.5, y])


class PresetName(StrEnum):
    MOMENTUM_DEMO = "momentum-demo"
    PARABOLA = "parabola"
    BOWL = "bowl"
    RAVINE = "ravine"
    SADDLE = "saddle"
    LOCAL_MINIMUM = "local-minimum"
    ROSENBROCK = "rosenbrock"
    HIMMELBLAU = "himmelblau"
    BEALE = "beale"
    RASTRIGIN = "rastrigin"


@dataclass(frozen=True)
class Preset:
    """A named landscape with the start and the hyperparameters that make its point in class.

    `ball_params` maps an optimizer name to the keyword values the preset suggests for it.
    `known_points`, when given, replaces the automatic critical-point search (Rastrigin has
    hundreds of critical points; only the global minimum is worth marking).
    """

    landscape: Landscape
    start: tuple[float, ...]
    ball_params: dict[str, dict[str, float]]
    description: str
    known_points: tuple[CriticalPoint, ...] | None = None

    def suggested_params(self, optimizer: str) -> dict[str, float]:
        """The preset's settings for an optimizer; for adaptive ones it has none for, a learning
        rate scaled to the view box (their steps are about η long, whatever the gradient)."""
        if optimizer in self.ball_params:
            return dict(self.ball_params[optimizer])
        share = {"adam": 0.01, "adamw": 0.01, "rmsprop": 0.005, "adagrad": 0.05}.get(optimizer)
        if share is None:
            return {}
        span = max(high - low for low, high in self.landscape.view_box)
        return {"lr": float(f"{share * span:.1g}")}


def _preset(name: PresetName, title: str, formula: str, box: Box, evaluate: Evaluator,
            start: tuple[float, ...], ball_params: dict[str, dict[str, float]], description: str,
            known_points: tuple[CriticalPoint, ...] | None = None) -> Preset:
    landscape = Landscape(name=str(name), title=title, formula=formula, dim=len(box), view_box=box,
                          evaluate=evaluate)
    return Preset(landscape, start, ball_params, description, known_points)


def _params(sgd: float, momentum_lr: float, rho: float = 0.9) -> dict[str, dict[str, float]]:
    return {"sgd": {"lr": sgd},
            "momentum": {"lr": momentum_lr, "momentum": rho},
            "nag": {"lr": momentum_lr, "momentum": rho}}


PRESETS: dict[PresetName, Preset] = {p.landscape.name: p for p in [
    _preset(PresetName.MOMENTUM_DEMO, "Momentum demo (lesson L4)",
            "0.4x²y² + 0.3x²y + 0.3x² + 0.3y² − 0.25xy² + 0.31xy − 0.2x + 2.1y",
            ((-3.0, 3.0), (-6.0, 7.0)), _momentum_demo, (0.5, 5.8), _params(1e-2, 5e-3),
            "SGD, Momentum and Nesterov from (0.5, 5.8): the momentum balls overshoot, then turn."),
    _preset(PresetName.PARABOLA, "Parabola (lesson L1)", "θ²", ((-5.0, 5.0),), _parabola, (4.0,),
            _params(0.1, 0.05),
            "J(θ) = θ² from θ₀ = 4: try η = 0.01 (crawls), 0.1 (steady) and 1.2 (diverges)."),
    _preset(PresetName.BOWL, "Bowl", "x² + y²", ((-5.0, 5.0), (-5.0, 5.0)),
            _polynomial_evaluator(lambda x, y: x * x + y * y, lambda x, y: 2.0 * x, lambda x, y: 2.0 * y),
            (-3.0, 4.0), _params(0.1, 0.05),
            "The simplest convex bowl: every optimizer reaches the minimum at the origin."),
    _preset(PresetName.RAVINE, "Ravine", "0.01x² + 2y²", ((-10.0, 10.0), (-3.0, 3.0)),
            _polynomial_evaluator(lambda x, y: 0.01 * x * x + 2.0 * y * y,
                                  lambda x, y: 0.02 * x, lambda x, y: 4.0 * y),
            (-9.0, 2.0), _params(0.45, 0.1),
            "A narrow valley: SGD zig-zags across it and crawls along it; momentum builds speed."),
    _preset(PresetName.SADDLE, "Saddle", "x² − y²", ((-3.0, 3.0), (-3.0, 3.0)),
            _polynomial_evaluator(lambda x, y: x * x - y * y, lambda x, y: 2.0 * x, lambda x, y: -2.0 * y),
            (-2.8, 0.01), _params(0.05, 0.02),
            "Start near the ridge: the balls slide to the saddle point, stall, then escape along y."),
    _preset(PresetName.LOCAL_MINIMUM, "Local minimum", "x⁴/4 − x² + x/2 + y²/2",
            ((-2.6, 3.0), (-2.0, 2.0)), _local_minimum, (2.4, 1.5), _params(0.05, 0.02),
            "Two basins: SGD settles in the shallow right one, momentum rolls over into the deep left one."),
    _preset(PresetName.ROSENBROCK, "Rosenbrock", "(1 − x)² + 100(y − x²)²", ((-2.0, 2.0), (-1.0, 3.0)),
            _rosenbrock, (-1.2, 1.0), _params(1.5e-3, 2e-4),
            "A curved, flat-bottomed valley: finding it is easy, following it to (1, 1) is slow."),
    _preset(PresetName.HIMMELBLAU, "Himmelblau", "(x² + y − 11)² + (x + y² − 7)²",
            ((-5.0, 5.0), (-5.0, 5.0)), _himmelblau, (0.0, 0.0), _params(0.01, 0.002),
            "Four minima of equal depth: which one a ball reaches depends on where it starts."),
    _preset(PresetName.BEALE, "Beale",
            "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            ((-4.5, 4.5), (-4.5, 4.5)), _beale, (1.0, 1.4), _params(0.01, 1e-3),
            "Flat plateaus and steep walls; the minimum is at (3, 0.5)."),
    _preset(PresetName.RASTRIGIN, "Rastrigin", "20 + x² − 10cos 2πx + y² − 10cos 2πy",
            ((-5.12, 5.12), (-5.12, 5.12)), _rastrigin, (3.2, 2.2), _params(0.002, 0.002),
            "A field of local minima: every ball stops in one near its start, far from the global minimum at the origin.",
            known_points=(CriticalPoint((0.0, 0.0), CriticalKind.MINIMUM, 0.0),)),
]}


def typed_preset(landscape: Landscape) -> Preset:
    """A landscape the user typed, dressed as a preset: a start inside its box and plain settings."""
    start = tuple(low + 0.8 * (high - low) for low, high in landscape.view_box)
    return Preset(landscape, start, _params(0.01, 0.01), "Your own function. Its gradient is exact: "
                  "derived symbolically, not by finite differences.", known_points=landscape.critical_points)


def preset(name: str) -> Preset:
    """The preset called `name`; raises KeyError with the allowed names."""
    try:
        return PRESETS[PresetName(name)]
    except ValueError:
        raise KeyError(f"unknown landscape {name!r}; choose one of: {', '.join(PRESETS)}") from None
