"""The named landscapes of the class (PRESETS), each with the start and the settings that make its
point, and their value-and-gradient functions; `typed_preset` dresses a typed landscape the same way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from gdsim.model.landscapes import Box, CriticalKind, CriticalPoint, Evaluator, Kernel, Landscape
from gdsim.model.limits import quoted
from gdsim.model.messages import QT_TRANSLATE_NOOP


def _constant(value: float) -> np.ndarray:
    # A 0-d array, not a float: numpy converts a Python float on every call, which costs about as
    # much as the arithmetic on a hundred points.
    array = np.array(value, dtype=float)
    array.flags.writeable = False
    return array


def _kernel_evaluator(kernel: type[Kernel], dim: int) -> Evaluator:
    """The plain evaluator of a kernel-backed landscape: fresh arrays, so callers may keep them."""

    def evaluate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        count = len(points)
        values = np.empty(count)
        gradients = np.empty((count, dim), order="F")
        kernel(count, dim).value_and_gradient(points, values, gradients)
        return values, gradients

    return evaluate


def _polynomial_evaluator(f: Callable, fx: Callable, fy: Callable) -> Evaluator:
    def evaluate(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = p[:, 0], p[:, 1]
        return f(x, y), np.column_stack([fx(x, y), fy(x, y)])

    return evaluate


_0_4, _0_3, _MINUS_0_25, _0_31, _MINUS_0_2, _2_1 = (_constant(c) for c in (0.4, 0.3, -0.25, 0.31, -0.2, 2.1))


class _MomentumDemoKernel(Kernel):
    """0.4x²y² + 0.3x²y + 0.3x² + 0.3y² − 0.25xy² + 0.31xy − 0.2x + 2.1y, written as a quadratic in y
    whose coefficients are polynomials in x:

        f = A·y² + B·y + C,   A = 0.4x² − 0.25x + 0.3,   B = 0.3x² + 0.31x + 2.1,   C = 0.3x² − 0.2x
        ∂f/∂x = A′·y² + B′·y + C′,   ∂f/∂y = 2A·y + B = (A·y + B) + A·y,   f = (A·y + B)·y + C

    Each coefficient c₂x² + c₁x + c₀ comes from p = c₂x and q = p + c₁ as q·x + c₀, and its
    derivative as p + q, so a derivative costs one pass: 19 passes for the gradient and 22 with
    the value (14 for the value alone), where the expanded sums take 25 and 41.
    """

    finite_within = 1e60
    has_value_alone = True

    def __init__(self, count, dim):
        super().__init__(count, dim)
        # Five scratch arrays, reused as terms die: at 10,000 points the working set then fits the
        # core's cache along with the points and the results.
        self._s = tuple(np.empty(count) for _ in range(5))

    def _gradient(self, x, y, gx, gy):
        mul, add = np.multiply, np.add
        s1, s2, s3, s4, s5 = self._s
        mul(x, _0_4, s1)
        add(s1, _MINUS_0_25, s2)
        add(s1, s2, s1)  # A′ = 0.8x − 0.25
        mul(s2, x, s2)
        add(s2, _0_3, s2)  # A
        mul(x, _0_3, s3)
        add(s3, _0_31, s4)  # 0.3x + 0.31, which times x plus 2.1 is B
        add(s3, _MINUS_0_2, s5)  # 0.3x − 0.2, which times x is C
        add(s3, s4, gy)  # B′ = 0.6x + 0.31, parked in gy until ∂f/∂x is done
        add(s3, s5, s3)  # C′ = 0.6x − 0.2
        mul(s1, y, gx)
        add(gx, gy, gx)
        mul(gx, y, gx)
        add(gx, s3, gx)  # ∂f/∂x = (A′·y + B′)·y + C′
        mul(s4, x, s4)
        add(s4, _2_1, s4)  # B
        mul(s2, y, s1)  # A·y
        add(s1, s4, s4)  # A·y + B, kept for the value
        add(s4, s1, gy)  # ∂f/∂y = (A·y + B) + A·y

    def gradient(self, points, gradients):
        self._gradient(points[:, 0], points[:, 1], gradients[:, 0], gradients[:, 1])

    def value_and_gradient(self, points, values, gradients):
        x, y = points[:, 0], points[:, 1]
        self._gradient(x, y, gradients[:, 0], gradients[:, 1])
        self._value_from_terms(x, y, values)

    def value(self, points, values):
        """The value in 14 passes: A, B and C as `_gradient` makes them, without the derivatives."""
        mul, add = np.multiply, np.add
        x, y = points[:, 0], points[:, 1]
        s1, s2, s3, s4, s5 = self._s
        mul(x, _0_4, s1)
        add(s1, _MINUS_0_25, s2)
        mul(s2, x, s2)
        add(s2, _0_3, s2)  # A
        mul(x, _0_3, s3)
        add(s3, _0_31, s4)
        add(s3, _MINUS_0_2, s5)  # C / x
        mul(s4, x, s4)
        add(s4, _2_1, s4)  # B
        mul(s2, y, s1)
        add(s1, s4, s4)  # A·y + B
        self._value_from_terms(x, y, values)

    def _value_from_terms(self, x, y, values):
        _, _, _, ay_plus_b, c_over_x = self._s
        np.multiply(ay_plus_b, y, values)
        np.multiply(c_over_x, x, c_over_x)
        np.add(values, c_over_x, values)  # f = (A·y + B)·y + C


_ONE, _100, _200, _MINUS_2, _400 = (_constant(c) for c in (1.0, 100.0, 200.0, -2.0, 400.0))


class _RosenbrockKernel(Kernel):
    """(1 − x)² + 100(y − x²)², in the same operations as the plain formula, so the same numbers."""

    finite_within = 1e60
    has_value_alone = True

    def __init__(self, count, dim):
        super().__init__(count, dim)
        # Two scratch arrays, the terms' results kept in the outputs: a step's working set is about the
        # size of the core's cache at 10,000 balls, and each array more pushes others out.
        self._a, self._b = np.empty(count), np.empty(count)

    def _differences(self, x, y):
        np.subtract(_ONE, x, self._a)  # a = 1 − x
        np.multiply(x, x, self._b)
        np.subtract(y, self._b, self._b)  # b = y − x²

    def _gradient(self, x, gx, gy):
        a, b = self._a, self._b
        np.multiply(a, _MINUS_2, gx)
        np.multiply(x, _400, gy)
        np.multiply(gy, b, gy)
        np.subtract(gx, gy, gx)  # ∂f/∂x = −2a − 400x·b
        np.multiply(b, _200, gy)

    def _value(self, values):
        a, b = self._a, self._b
        np.multiply(b, _100, values)
        np.multiply(values, b, values)
        np.multiply(a, a, a)
        np.add(values, a, values)  # f = (100b)·b + a², the same sum as a² + (100b)·b: + commutes exactly

    def gradient(self, points, gradients):
        self._differences(points[:, 0], points[:, 1])
        self._gradient(points[:, 0], gradients[:, 0], gradients[:, 1])

    def value(self, points, values):
        self._differences(points[:, 0], points[:, 1])
        self._value(values)

    def value_and_gradient(self, points, values, gradients):
        self.gradient(points, gradients)
        self._value(values)


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


# Lesson L2's "why the loss and not the accuracy": a threshold classifier at x over nine points
# t that all belong right of it. Its error rate is a staircase (zero gradient almost everywhere);
# the sigmoid version of the same count is smooth.
_THRESHOLDS = np.linspace(-4.0, 4.0, 9)
_SIGMOID_SHARPNESS = 1.5


def _error_rate(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    wrong = p[:, :1] < _THRESHOLDS  # point t is classified wrongly while the threshold is left of it
    return wrong.mean(axis=1), np.zeros_like(p)


def _sigmoid_error(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = 1.0 / (1.0 + np.exp(-_SIGMOID_SHARPNESS * (_THRESHOLDS - p[:, :1])))
    value = s.mean(axis=1)
    slope = (-_SIGMOID_SHARPNESS * s * (1.0 - s)).mean(axis=1)
    return value, slope[:, None]


def _local_minimum(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # A tilted double well in x: the left basin is deeper than the right one.
    x, y = p[:, 0], p[:, 1]
    x2 = x * x
    f = 0.25 * x2 * x2 - x2 + 0.5 * x + 0.5 * y * y
    return f, np.column_stack([x * x2 - 2.0 * x + 0.5, y])


class PresetName(StrEnum):
    MOMENTUM_DEMO = "momentum-demo"
    PARABOLA = "parabola"
    ERROR_RATE = "error-rate"
    SIGMOID_ERROR = "sigmoid-error"
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
    fit: object | None = None  # a fitting.FitProblem when the landscape is a fit's loss over (W, b)
    user_gradient: Callable[[np.ndarray], np.ndarray] | None = None  # what "gradient = user" balls follow
    # The knobs a shaped preset was made with, as a lesson file writes them: the quadratic's {"kappa", "rotation"}.
    shape: Mapping[str, float] = field(default_factory=dict)

    @property
    def variables(self) -> tuple[str, ...]:
        """What the balls move in, for every label: a fit's parameters (W, b), else the landscape's (x, y)."""
        return self.fit.parameter_names if self.fit is not None else self.landscape.variables

    def suggested_params(self, optimizer: str) -> dict[str, float]:
        """The preset's settings for an optimizer; for adaptive ones it has none for, a learning
        rate scaled to the view box (their steps are about η long, whatever the gradient)."""
        if optimizer in self.ball_params:
            return dict(self.ball_params[optimizer])
        share = {"adam": 0.01, "adamw": 0.01, "amsgrad": 0.01, "adamax": 0.01, "nadam": 0.01, "radam": 0.01, "rmsprop": 0.005, "adagrad": 0.05}.get(optimizer)
        if share is None:
            return {}
        span = max(high - low for low, high in self.landscape.view_box)
        return {"lr": float(f"{share * span:.1g}")}


def _preset(name: PresetName, title: str, formula: str, box: Box, evaluate: Evaluator | type[Kernel],
            start: tuple[float, ...], ball_params: dict[str, dict[str, float]], description: str,
            known_points: tuple[CriticalPoint, ...] | None = None) -> Preset:
    kernel = evaluate if isinstance(evaluate, type) else None
    if kernel is not None:
        evaluate = _kernel_evaluator(kernel, len(box))
    landscape = Landscape(name=str(name), title=title, formula=formula, dim=len(box), view_box=box,
                          evaluate=evaluate, kernel=kernel)
    return Preset(landscape, start, ball_params, description, known_points)


def _params(sgd: float, momentum_lr: float, rho: float = 0.9) -> dict[str, dict[str, float]]:
    return {"sgd": {"lr": sgd},
            "momentum": {"lr": momentum_lr, "momentum": rho},
            "nag": {"lr": momentum_lr, "momentum": rho}}


PRESETS: dict[PresetName, Preset] = {p.landscape.name: p for p in [
    _preset(PresetName.MOMENTUM_DEMO, "Momentum demo (lesson L4)",
            "0.4x²y² + 0.3x²y + 0.3x² + 0.3y² − 0.25xy² + 0.31xy − 0.2x + 2.1y",
            ((-3.0, 3.0), (-6.0, 7.0)), _MomentumDemoKernel, (0.5, 5.8), _params(1e-2, 5e-3),
            "SGD, Momentum and Nesterov from (0.5, 5.8): the momentum balls overshoot, then turn.",
            # Its only real critical point in the whole plane (∂f/∂x = 0 gives x(y); ∂f/∂y = 0 is then a quintic in y
            # with one real root), as the search finds it: the first window marks it without searching (~45 ms).
            known_points=(CriticalPoint((0.48238424713734307, -4.255968289210564), CriticalKind.MINIMUM,
                                        -4.962203155151477),)),
    _preset(PresetName.PARABOLA, "Parabola (lesson L1)", "x²", ((-5.0, 5.0),), _parabola, (4.0,),
            _params(0.1, 0.05),
            "f(x) = x² from x₀ = 4: try η = 0.01 (crawls), 0.1 (steady) and 1.2 (diverges)."),
    _preset(PresetName.ERROR_RATE, "Error rate (a staircase)",
            # Formulas in words are templates: the GUI shows them in its language (gdsim.qt.names).
            QT_TRANSLATE_NOOP("Landscapes", "share of the 9 points tᵢ with tᵢ > x (wrongly classified)"),
            ((-6.0, 6.0),), _error_rate, (-2.5,), _params(1.0, 0.5),
            "Accuracy as an objective: a staircase, flat almost everywhere, so its gradient is 0 and no "
            "ball moves.", known_points=()),
    _preset(PresetName.SIGMOID_ERROR, "Sigmoid error (smooth)",
            QT_TRANSLATE_NOOP("Landscapes", "mean σ(1.5(tᵢ − x)) over the 9 points tᵢ"),
            ((-6.0, 6.0),), _sigmoid_error, (-2.5,), _params(1.0, 0.5),
            "The same count made smooth with a sigmoid: the slope is never 0, so gradient descent moves.",
            known_points=()),
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
            _RosenbrockKernel, (-1.2, 1.0), _params(1.5e-3, 2e-4),
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
        raise KeyError(f"unknown landscape {quoted(name)}; choose one of: {', '.join(PRESETS)}") from None
