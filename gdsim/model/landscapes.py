"""Loss landscapes: a value and its exact analytic gradient, vectorized over many points.

The named ones of the class are in gdsim.model.presets; typed ones come from gdsim.model.expressions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

import numpy as np

from gdsim.model.messages import Note

# points (n, dim) -> (values (n,), gradients (n, dim)); computed together because most terms are shared.
Evaluator = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
Box = tuple[tuple[float, float], ...]


class Kernel:
    """A landscape's value and gradient for `count` points, written into arrays the caller owns.

    The engine evaluates every ball on every step. At thousands of balls the arithmetic is cheap
    and the traffic is not: each temporary array is one more pass through memory and one more
    allocation. A kernel keeps its scratch arrays between calls and writes its results with `out=`.
    It computes the gradient with the same operations whether or not it also computes the value,
    so `gradient` and `value_and_gradient` agree bit for bit (a Nesterov ball needs the gradient
    alone at its look-ahead point). Call it under `np.errstate(all="ignore")`: a diverging ball
    overflows. Its scratch makes it single-threaded: give each user its own (`Landscape.workspace`).
    """

    # Values and gradients are finite wherever every |coordinate| is at most this (0: nothing promised).
    # A polynomial of degree 4 with small coefficients stays far below 1e308 out to 1e60, and the
    # engine then need not scan its results for NaN or infinity while the balls stay in bounds.
    finite_within: float = 0.0
    # It has `value`, which skips the gradient: an engine stepping by gradients taken elsewhere (Nesterov's,
    # at the look-ahead point) then needs the gradient at the balls only when someone asks for it.
    has_value_alone: bool = False

    def __init__(self, count: int, dim: int):
        self.count = count
        self.dim = dim

    def value_and_gradient(self, points: np.ndarray, values: np.ndarray, gradients: np.ndarray) -> None:
        """Fill values (count,) and gradients (count, dim) at points (count, dim)."""
        raise NotImplementedError

    def gradient(self, points: np.ndarray, gradients: np.ndarray) -> None:
        raise NotImplementedError

    def value(self, points: np.ndarray, values: np.ndarray) -> None:
        """Fill values alone, bit for bit value_and_gradient's: only where `has_value_alone`."""
        raise NotImplementedError


class _EvaluatorKernel(Kernel):
    """The kernel of a landscape that has only an evaluator (typed ones, most presets): it copies."""

    def __init__(self, count: int, dim: int, landscape: Landscape):
        super().__init__(count, dim)
        self.landscape = landscape

    def value_and_gradient(self, points, values, gradients):
        found_values, found_gradients = self.landscape.evaluate(points)
        np.copyto(values, found_values)
        np.copyto(gradients, found_gradients)

    def gradient(self, points, gradients):
        np.copyto(gradients, self.landscape.evaluate(points)[1])


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
    kernel: type[Kernel] | None = field(default=None, repr=False)  # an in-place `evaluate`, when written
    # A typed one's note, "undefined where x < 0", found when first asked for (sympy may take 0.4 s).
    find_undefined_where: Callable[[], Note | None] | None = field(default=None, repr=False)
    # A data fit's minibatch gradient (gdsim.model.minibatch): (points (m, dim), the balls' numbers in the
    # run (m,), their batch sizes (m,), whether each follows the notebook gradient (m,), the step counted
    # from 0) → the gradient each ball follows at that step, (m, dim). None for a landscape without data.
    batch_gradient: Callable[..., np.ndarray] | None = field(default=None, repr=False)

    @cached_property
    def undefined_where(self) -> Note | None:
        return self.find_undefined_where() if self.find_undefined_where is not None else None

    @property
    def undefined_where_known(self) -> bool:
        """Whether `undefined_where` is at hand without working it out."""
        return self.find_undefined_where is None or "undefined_where" in self.__dict__

    @property
    def variables(self) -> tuple[str, ...]:
        return ("x", "y")[:self.dim] if self.dim <= 2 else tuple(f"x{i}" for i in range(self.dim))

    def value_and_gradient(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        points = np.asarray(points, dtype=float).reshape(-1, self.dim)
        with np.errstate(all="ignore"):
            return self.evaluate(points)

    def value(self, points: np.ndarray) -> np.ndarray:
        return self.value_and_gradient(points)[0]

    def workspace(self, count: int) -> Kernel:
        """A kernel for `count` points: this landscape's own in-place one, or one that copies."""
        if self.kernel is not None:
            return self.kernel(count, self.dim)
        return _EvaluatorKernel(count, self.dim, self)

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

