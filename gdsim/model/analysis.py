"""Questions about a landscape as a whole: where its critical points are, whether a gradient is right."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from gdsim.model.curvature import gradient_and_hessians, hessians
from gdsim.model.landscapes import CriticalKind, CriticalPoint, Landscape
from gdsim.model.messages import QT_TRANSLATE_NOOP, TranslatableError
from gdsim.model.simulation import BallStatus


def central_difference_gradient(landscape: Landscape, points: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of the landscape's value, one column per variable."""
    points = np.asarray(points, dtype=float).reshape(-1, landscape.dim)
    grad = np.empty_like(points)
    for axis in range(landscape.dim):
        step = np.zeros(landscape.dim)
        step[axis] = h
        grad[:, axis] = (landscape.value(points + step) - landscape.value(points - step)) / (2.0 * h)
    return grad


def find_critical_points(landscape: Landscape, seeds_per_axis: int = 24, iterations: int = 60,
                         margin: float = 0.05) -> list[CriticalPoint]:
    """Critical points inside the view box, found by Newton's method from a grid of seeds.

    Points closer than 1e-4 of the box size are merged; each is classified by the signs
    of its Hessian's eigenvalues. Sorted minima first, then by value.
    """
    box = np.array(landscape.view_box, dtype=float)
    axes = [np.linspace(lo, hi, seeds_per_axis) for lo, hi in box]
    points = np.stack([g.ravel() for g in np.meshgrid(*axes)], axis=1)
    settled: list[np.ndarray] = []
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            grad, hess = gradient_and_hessians(landscape, points)
            solvable = np.abs(np.linalg.det(hess)) > 1e-12
            delta = np.zeros_like(points)
            delta[solvable] = np.linalg.solve(hess[solvable], grad[solvable][..., None])[..., 0]
            points = points - delta
            finite = np.all(np.isfinite(points), axis=1)
            # Seeds whose Newton step has become negligible are done; only the others go on.
            done = finite & (np.max(np.abs(delta), axis=1) < 1e-13 * (1.0 + np.max(np.abs(points), axis=1)))
            settled.append(points[done])
            points = points[finite & ~done]
            if len(points) == 0:
                break
    points = np.concatenate(settled + [points])
    span = box[:, 1] - box[:, 0]
    inside = np.all((points >= box[:, 0] - margin * span) & (points <= box[:, 1] + margin * span), axis=1)
    points = points[inside]
    if len(points) == 0:
        return []
    grad_norm = np.linalg.norm(landscape.gradient(points), axis=1)
    points = points[grad_norm < 1e-8 * (1.0 + np.abs(landscape.value(points)))]

    found: list[np.ndarray] = []
    tolerance = 1e-4 * float(np.max(span))
    for p in points:
        if all(np.max(np.abs(p - q)) > tolerance for q in found):
            found.append(p)
    if not found:
        return []
    found_arr = np.array(found)
    eigenvalues = np.linalg.eigvalsh(hessians(landscape, found_arr))
    values = landscape.value(found_arr)
    result = []
    for p, eig, value in zip(found_arr, eigenvalues, values, strict=True):
        if np.all(eig > 0):
            kind = CriticalKind.MINIMUM
        elif np.all(eig < 0):
            kind = CriticalKind.MAXIMUM
        else:
            kind = CriticalKind.SADDLE
        result.append(CriticalPoint(tuple(float(c) for c in p), kind, float(value)))
    order = {CriticalKind.MINIMUM: 0, CriticalKind.SADDLE: 1, CriticalKind.MAXIMUM: 2}
    return sorted(result, key=lambda c: (order[c.kind], c.value))


@dataclass(frozen=True)
class ComponentCheck:
    """How one typed gradient component compares with the exact one over the view box."""

    variable: str
    largest_error: float  # inf where the typed gradient is not finite but the exact one is
    where: tuple[float, ...]
    yours: float
    exact: float
    tolerance: float

    @property
    def right(self) -> bool:
        return self.largest_error <= self.tolerance


# A typed component is right when it is within this of the exact one, relative to the exact
# component's largest size over the view box (or absolutely, where that size is below 1).
GRADIENT_CHECK_TOLERANCE = 1e-6
NOTHING_TO_COMPARE = QT_TRANSLATE_NOOP("GradientCheck", "the exact gradient is undefined everywhere in the view box: "
                                                        "nothing to compare")


def check_gradient(landscape: Landscape, user_gradient, resolution: int = 41) -> list[ComponentCheck]:
    """Compare a typed gradient with the exact one on a grid over the view box, component by component."""
    axes = [np.linspace(lo, hi, resolution) for lo, hi in landscape.view_box]
    points = np.stack([g.ravel() for g in np.meshgrid(*axes)], axis=1)
    exact = landscape.gradient(points)
    with np.errstate(all="ignore"):
        yours = np.asarray(user_gradient(points), dtype=float).reshape(exact.shape)
        defined = np.all(np.isfinite(exact), axis=1)
        if not defined.any():
            raise TranslatableError(NOTHING_TO_COMPARE)
        error = np.where(np.isfinite(yours), np.abs(yours - exact), np.inf)
    checks = []
    for axis, variable in enumerate(landscape.variables):
        column = np.where(defined, error[:, axis], -1.0)
        worst = int(np.argmax(column))
        scale = max(1.0, float(np.max(np.abs(exact[defined, axis]), initial=0.0)))
        checks.append(ComponentCheck(variable, float(column[worst]), tuple(float(c) for c in points[worst]),
                                     float(yours[worst, axis]), float(exact[worst, axis]),
                                     GRADIENT_CHECK_TOLERANCE * scale))
    return checks


def descent_field(landscape: Landscape, per_axis: int = 15) -> tuple[np.ndarray, np.ndarray]:
    """Grid points over the view box and −∇f at each: the direction gradient descent goes."""
    (x0, x1), (y0, y1) = landscape.view_box
    # Cell centres, so that no arrow starts on the box's edge.
    xs = x0 + (np.arange(per_axis) + 0.5) * (x1 - x0) / per_axis
    ys = y0 + (np.arange(per_axis) + 0.5) * (y1 - y0) / per_axis
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    return points, -landscape.gradient(points)


def nearest_minimum(points: np.ndarray, minima: np.ndarray, tolerance: float) -> np.ndarray:
    """For each point, the index of the minimum within `tolerance` of it, or −1."""
    points = np.asarray(points, dtype=float)
    minima = np.asarray(minima, dtype=float).reshape(-1, points.shape[1])
    if len(minima) == 0:
        return np.full(len(points), -1)
    with np.errstate(over="ignore", invalid="ignore"):  # a ball far out is infinitely far: near no minimum
        distance = np.linalg.norm(points[:, None, :] - minima[None, :, :], axis=2)
    index = np.argmin(np.nan_to_num(distance, nan=np.inf), axis=1)
    return np.where(distance[np.arange(len(points)), index] <= tolerance, index, -1)


def random_starts(box, count: int, seed: int) -> tuple[tuple[float, ...], ...]:
    """`count` start points drawn uniformly over a view box, the same ones for the same seed."""
    rng = np.random.default_rng(seed)
    low = np.array([lo for lo, _ in box], dtype=float)
    high = np.array([hi for _, hi in box], dtype=float)
    return tuple(tuple(float(c) for c in p) for p in rng.uniform(low, high, size=(count, len(box))))


@dataclass(frozen=True, eq=False)
class RestartSummary:
    """Where many balls ended: the best one, and how many reached each minimum.

    `minima` are the landscape's known minima and those where balls came to rest, ordered as a basin
    map orders its own (by value, then by coordinates), so the first is the lowest and gets the name A.
    """

    best: int  # index of the ball with the lowest loss, −1 when none is finite
    minima: np.ndarray  # (k, dim)
    values: np.ndarray  # f at each minimum
    reached: tuple[int, ...]  # per minimum, how many balls ended there
    elsewhere: int  # ended somewhere else (still running, diverged, stopped on a saddle)
    best_minimum: int  # the minimum the best ball ended in, −1 when it is elsewhere


def minima_order(minima: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The order in which minima are named A, B, …: by value, then by coordinates. Both rounded, so that
    minima of one depth and mirror images (Rastrigin's) take the same order whichever run found them."""
    return np.lexsort((*np.round(minima, 6).T[::-1], np.round(values, 9)))


def _distinct_minima(landscape: Landscape, points: np.ndarray, radius: float) -> np.ndarray:
    """One point of each group of `points` closer than `radius` (greedy: a point joins the first kept one),
    keeping only those where the Hessian is positive definite."""
    if len(points) == 0:
        return points
    # Balls that came to rest in one minimum agree to far below the radius: one of a cell stands for all.
    _, first = np.unique(np.floor(points / (0.5 * radius)), axis=0, return_index=True)
    points = points[np.sort(first)]
    # Before the greedy pass: on a flat landscape every ball rests where it started, and none is a minimum.
    with np.errstate(all="ignore"):
        points = points[np.all(np.linalg.eigvalsh(hessians(landscape, points)) > 0, axis=1)]
    kept: list[np.ndarray] = []
    for point in points:
        if not kept or np.min(np.linalg.norm(np.asarray(kept) - point, axis=1)) > radius:
            kept.append(point)
    return np.asarray(kept).reshape(-1, points.shape[1])


def summarize_restarts(landscape: Landscape, positions: np.ndarray, losses: np.ndarray, status: np.ndarray,
                       known_minima: np.ndarray) -> RestartSummary:
    """Counts of balls per minimum: a ball counts for a minimum when it ended within 1e-3 of the view box of it.

    The minima are `known_minima` and the points where converged balls stopped and the Hessian is positive
    definite (not a saddle a ball happened to stop on).
    """
    positions = np.asarray(positions, dtype=float)
    dim = positions.shape[1]
    finite = np.isfinite(losses)
    best = int(np.argmin(np.where(finite, losses, np.inf))) if finite.any() else -1
    radius = 1e-3 * max(hi - lo for lo, hi in landscape.view_box)
    known = np.asarray(known_minima, dtype=float).reshape(-1, dim)
    ends = np.where(np.isfinite(positions), positions, np.inf)
    rested = ends[(np.asarray(status) == BallStatus.CONVERGED) & (nearest_minimum(ends, known, radius) < 0)]
    found = _distinct_minima(landscape, rested, radius)
    minima = np.concatenate([known, found])
    values = landscape.value(minima) if len(minima) else np.empty(0)
    order = minima_order(minima, values)
    minima, values = minima[order], values[order]
    nearest = nearest_minimum(ends, minima, radius)
    reached = tuple(int(np.sum(nearest == k)) for k in range(len(minima)))
    return RestartSummary(best, minima, values, reached, int(np.sum(nearest < 0)),
                          int(nearest[best]) if best >= 0 else -1)


def critical_points_of(landscape: Landscape, known: tuple[CriticalPoint, ...] | None = None) -> tuple[CriticalPoint, ...]:
    """The points to mark on a landscape: those a preset knows (none, for a staircase whose flat steps
    are no minima or saddles), else the ones found (searched once per landscape, for the few most
    recently shown: typed landscapes come and go)."""
    return known if known is not None else _found_points(landscape)


@lru_cache(maxsize=32)
def _found_points(landscape: Landscape) -> tuple[CriticalPoint, ...]:
    return tuple(find_critical_points(landscape))


def typed_gradient_check(landscape: Landscape, components: tuple[str, ...]):
    """A typed gradient (one text per variable) against the exact one over the view box (check_gradient).
    Raises ExpressionError for a text that does not compile."""
    from gdsim.model.expressions import gradient_from_components

    return check_gradient(landscape, gradient_from_components(components, landscape.dim))


def restart_summary(snapshot, critical_points, landscape: Landscape) -> RestartSummary:
    """Where the balls of a many-start run ended, against the landscape's minima (summarize_restarts)."""
    known = np.array([p.point for p in critical_points if p.kind == CriticalKind.MINIMUM], dtype=float)
    return summarize_restarts(landscape, snapshot.positions, snapshot.losses, snapshot.status,
                              known.reshape(-1, landscape.dim))
