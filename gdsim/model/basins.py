"""Basins of attraction: which minimum each start of a grid over the view box leads to.

On a landscape of one variable the grid is one row of starts along x, and each basin a set of intervals.

Every ball setting (a Ball) runs from every cell centre of a grid at once, in one Simulation
per recipe, so each keeps the engine's one-optimizer fast path. The ends are then sorted:

- a ball that diverged is DIVERGED (−1);
- a ball that converged ends at a critical point. Ends within `merge_radius` of each other (by
  default 1e-3 of the box's diagonal) are one point, whichever recipe reached them, so every
  recipe's labels index the same `minima`. A point is a minimum only where the Hessian is positive
  definite; the few balls that stop on a saddle (from a set of starts of measure zero) count as
  NOT_CONVERGED (−2);
- a ball still running after `steps` counts as having reached a minimum only when it is within
  `merge_radius` of one and both its gradient norm and its last step are below
  SETTLING_FACTOR × `tolerance`: it is settling there, only more slowly than the tolerance asks.
  Any other running ball is NOT_CONVERGED.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from gdsim.model.analysis import minima_order
from gdsim.model.balls import Ball
from gdsim.model.curvature import hessians, without_curvature
from gdsim.model.landscapes import Box, Landscape
from gdsim.model.optimizers import GradientFn
from gdsim.model.simulation import BallStatus, Simulation

DIVERGED = -1
NOT_CONVERGED = -2
# Looser than the engine's 1e-10: a basin needs to know where a ball goes, not the 10th digit of
# where it stops, and looser ends stop most balls hundreds of steps sooner.
BASIN_TOLERANCE = 1e-6
MERGE_SHARE = 1e-3  # of the box's diagonal: ends closer than this are one point
SETTLING_FACTOR = 1e3
# Steps between two calls of the progress callback, and starts run together in one Simulation: a
# 1000 × 1000 grid in one Simulation took 4.5 s to set up and 5 s per 25 steps before a cancel was seen.
# In blocks of 40,000 starts, 5 steps apart, a call comes every few tens of ms whatever the grid, and
# every ball's path is the same (balls never interact).
CHUNK_STEPS = 5
BLOCK_STARTS = 40_000


def minimum_name(index: int) -> str:
    """A, B, …, Z, AA, AB, …: short names for the map, its table and the random starts' summary, free of
    0- or 1-based doubt."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def point_text(point, box) -> str:
    """'(3.58, -1.85)': to a thousandth of the box, without the noise of the last digits (1.2e-10 is 0)."""
    span = max(hi - lo for lo, hi in box)
    decimals = max(0, 3 - math.ceil(math.log10(span))) if span > 0 else 3
    return "(" + ", ".join(f"{round(float(c), decimals) + 0.0:.{decimals}f}" for c in point) + ")"


class Cancelled(Exception):
    """The progress callback of `basin_map` returned False."""


@dataclass(frozen=True)
class BasinShares:
    """The share of one recipe's starts that ends in each minimum, diverges, or does not converge."""

    minima: tuple[float, ...]
    diverged: float
    not_converged: float


@dataclass(frozen=True, eq=False)
class BasinMap:
    """The outcome of every start of a grid, per recipe.

    `labels[r][row, col]` is what the start (xs[col], ys[row]) led to with recipes[r]: an index into
    `minima`, DIVERGED or NOT_CONVERGED. Row 0 is the lowest y, as on the map. `minima` is sorted by
    value (to 1e-9), then by x and y (to 1e-6): see minima_order. On a landscape of one variable, `ys` is
    empty, each labels array is one row (the start xs[col]) and `minima` is (k, 1).
    """

    box: Box
    xs: np.ndarray  # the grid's cell centres along x
    ys: np.ndarray
    minima: np.ndarray  # (k, dim)
    values: np.ndarray  # f at each minimum
    recipes: tuple[Ball, ...]
    labels: tuple[np.ndarray, ...]
    steps: int
    tolerance: float
    # Per recipe, the share of its starts that stopped on flat ground: where the gradient and the curvature
    # are both 0 (a staircase). They belong to no minimum and count as NOT_CONVERGED in `labels` and
    # `shares`; this says why.
    flat: tuple[float, ...] = ()

    @property
    def dim(self) -> int:
        return len(self.box)

    def intervals(self, recipe_index: int = 0) -> list[tuple[int, float, float]]:
        """On a landscape of one variable: the map of recipes[recipe_index] as (label, left, right) runs of
        equal labels along x, left to right, the ends on the edges between grid cells."""
        if self.dim != 1:
            raise ValueError("intervals are the basins of a landscape of one variable")
        row = self.labels[recipe_index][0]
        (x0, x1), = self.box
        edges = x0 + np.arange(len(row) + 1) * (x1 - x0) / len(row)
        changes = np.flatnonzero(row[1:] != row[:-1]) + 1
        firsts = np.concatenate([[0], changes])
        lasts = np.concatenate([changes, [len(row)]])
        return [(int(row[first]), float(edges[first]), float(edges[last])) for first, last in zip(firsts, lasts,
                                                                                                     strict=True)]

    @property
    def shares(self) -> tuple[BasinShares, ...]:
        result = []
        for labels in self.labels:
            counts = np.bincount(labels.ravel() - NOT_CONVERGED, minlength=len(self.minima) + 2) / labels.size
            result.append(BasinShares(tuple(float(c) for c in counts[2:]), float(counts[1]), float(counts[0])))
        return tuple(result)


def grid_starts(box: Box, grid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell centres of a grid × grid division of `box`: axes xs, ys and the starts row by row, y up.
    A box of one variable gives `grid` starts along x and no ys.

    Centres, not edges, so that the map's pixels tile the box exactly and no start sits on its rim.
    """
    (x0, x1), *rest = box
    xs = x0 + (np.arange(grid) + 0.5) * (x1 - x0) / grid
    if not rest:
        return xs, np.empty(0), xs[:, None].copy()
    (y0, y1), = rest
    ys = y0 + (np.arange(grid) + 0.5) * (y1 - y0) / grid
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


@dataclass
class _Ends:
    positions: np.ndarray
    status: np.ndarray
    gradient_norms: np.ndarray
    last_steps: np.ndarray


def _run_recipe(landscape: Landscape, recipe: Ball, starts: np.ndarray, steps: int, tolerance: float,
                user_gradient: GradientFn | None, report: Callable[[float], None]) -> _Ends:
    """Every start run in blocks of BLOCK_STARTS; `report` gets the share of this recipe's work done."""
    blocks = [_run_block(landscape, recipe, starts[first:first + BLOCK_STARTS], steps, tolerance, user_gradient,
                         lambda done, first=first: report((first + done / max(steps, 1) * min(
                             BLOCK_STARTS, len(starts) - first)) / len(starts)))
              for first in range(0, len(starts), BLOCK_STARTS)]
    report(1.0)
    return _Ends(*(np.concatenate([getattr(block, name) for block in blocks])
                   for name in ("positions", "status", "gradient_norms", "last_steps")))


def _run_block(landscape: Landscape, recipe: Ball, starts: np.ndarray, steps: int, tolerance: float,
               user_gradient: GradientFn | None, report: Callable[[int], None]) -> _Ends:
    # History of 4 rows: only the last step is needed, and a long one would cost memory per ball.
    simulation = Simulation(landscape, [recipe.at(start) for start in starts], history_capacity=4,
                            tolerance=tolerance, user_gradient=user_gradient)
    done = 0
    while done < steps and not simulation.finished:
        done += simulation.advance(min(CHUNK_STEPS, steps - done))
        report(done)
    history = simulation.history
    positions = np.ascontiguousarray(simulation.positions)
    with np.errstate(all="ignore"):
        if history.length >= 2:
            last_steps = np.linalg.norm(positions - history.positions[history.length - 2], axis=1)
        else:
            last_steps = np.full(len(positions), np.inf)
        gradient_norms = np.linalg.norm(simulation.gradients, axis=1)
    return _Ends(positions, simulation.status.copy(), gradient_norms, last_steps)


class _PointMerger:
    """Greedy merging of points within `radius`: a point joins the first kept point near it, or is kept.

    Kept points are filed by cells of side `radius`, so a lookup reads 9 cells whatever their number
    (a landscape of thousands of minima, or a flat one where every ball stops at once).
    """

    def __init__(self, radius: float):
        self.radius = radius
        self.points: list[tuple[float, float]] = []
        self._cells: dict[tuple[int, int], list[int]] = {}

    def find(self, point: tuple[float, float]) -> int:
        """The index of a kept point within the radius, or −1."""
        cx, cy = math.floor(point[0] / self.radius), math.floor(point[1] / self.radius)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for index in self._cells.get((cx + dx, cy + dy), ()):
                    kept = self.points[index]
                    if math.hypot(kept[0] - point[0], kept[1] - point[1]) <= self.radius:
                        return index
        return -1

    def add(self, point: tuple[float, float]) -> int:
        """The index of the kept point this one merges with, keeping it when there is none."""
        found = self.find(point)
        if found >= 0:
            return found
        self.points.append(point)
        cell = (math.floor(point[0] / self.radius), math.floor(point[1] / self.radius))
        self._cells.setdefault(cell, []).append(len(self.points) - 1)
        return len(self.points) - 1


def _merge_all(merger: _PointMerger, points: np.ndarray, quality: np.ndarray) -> np.ndarray:
    """Merge `points`, best (lowest `quality`) first, so each kept point is the best of its group.

    Points that share a cell of side radius/2 are within the radius of each other: one of them
    stands for all, so the loop in Python runs about once per distinct end, not once per ball.
    """
    if len(points) == 0:
        return np.empty(0, dtype=np.intp)
    order = np.argsort(quality, kind="stable")
    fine = np.floor(points[order] / (0.5 * merger.radius)).astype(np.int64)
    _, first, inverse = np.unique(fine, axis=0, return_index=True, return_inverse=True)
    representatives = order[first]
    merged_cells = np.empty(len(first), dtype=np.intp)
    for cell in np.argsort(first):  # cells in order of their best point
        x, y = points[representatives[cell]]
        merged_cells[cell] = merger.add((float(x), float(y)))
    merged = np.empty(len(points), dtype=np.intp)
    merged[order] = merged_cells[inverse.reshape(-1)]
    return merged


def _on_plane(positions: np.ndarray) -> np.ndarray:
    """Positions as points of the plane: in 1-D, (x, 0)."""
    if positions.shape[1] == 2:
        return positions
    return np.column_stack([positions[:, 0], np.zeros(len(positions))])


def basin_map(landscape: Landscape, recipes: Sequence[Ball], grid: int = 200, steps: int = 500,
              box: Box | None = None, tolerance: float = BASIN_TOLERANCE, user_gradient: GradientFn | None = None,
              progress: Callable[[float], bool | None] | None = None) -> BasinMap:
    """Run every recipe from every cell centre of a grid × grid division of `box` (default: the view box).

    `progress`, if given, is called every CHUNK_STEPS steps (of at most BLOCK_STARTS balls) with the
    fraction of the work done; returning False cancels the run, which then raises Cancelled (anything
    else goes on; an exception it raises ends the run).
    On a landscape of one variable the grid is `grid` starts along x.
    Raises ValueError for a landscape not of one or two variables, no recipe, a grid below 1 or a ball
    that follows a user gradient when none is given.
    """
    if landscape.dim not in (1, 2):
        raise ValueError(f"a basin map needs a landscape of one or two variables; {landscape.name} has "
                         f"{landscape.dim}")
    if not recipes:
        raise ValueError("a basin map needs at least one ball setting")
    if grid < 1 or steps < 0:
        raise ValueError(f"the grid needs at least 1 cell a side and steps >= 0, got {grid} and {steps}")
    box = tuple((float(lo), float(hi)) for lo, hi in (box or landscape.view_box))
    xs, ys, starts = grid_starts(box, grid)

    def report(recipe_number: int):
        def call(share: float) -> None:
            fraction = (recipe_number + share) / len(recipes)
            if progress is not None and progress(min(fraction, 1.0)) is False:
                raise Cancelled()
        return call

    ends = [_run_recipe(landscape, recipe, starts, steps, tolerance, user_gradient, report(number))
            for number, recipe in enumerate(recipes)]

    merge_radius = MERGE_SHARE * math.hypot(*(high - low for low, high in box))
    merger = _PointMerger(merge_radius)
    converged = [end.status == BallStatus.CONVERGED for end in ends]
    # The merger works in the plane: in 1-D, every end sits on the line y = 0.
    planar = [_on_plane(end.positions) for end in ends]
    merged = _merge_all(merger, np.concatenate([p[c] for p, c in zip(planar, converged, strict=True)]),
                        np.concatenate([end.gradient_norms[c] for end, c in zip(ends, converged, strict=True)]))
    points = np.array(merger.points, dtype=float).reshape(-1, 2)[:, :landscape.dim]
    curvatures = np.linalg.eigvalsh(hessians(landscape, points)) if len(points) else np.empty((0, landscape.dim))
    positive_definite = np.all(curvatures > 0, axis=1)
    flat_point = without_curvature(curvatures, tolerance)
    minima = points[positive_definite]
    values = landscape.value(minima) if len(minima) else np.empty(0)
    order = minima_order(minima, values)
    minima, values = minima[order], values[order]
    # The index in `minima` of each merged point, NOT_CONVERGED for saddles and maxima.
    minimum_of = np.full(len(points), NOT_CONVERGED, dtype=np.intp)
    minimum_of[np.flatnonzero(positive_definite)[order]] = np.arange(len(minima))

    labels, flat = [], []
    offset = 0
    shape = (grid, grid) if landscape.dim == 2 else (1, grid)
    for end, stopped, plane in zip(ends, converged, planar, strict=True):
        label = np.full(len(starts), NOT_CONVERGED, dtype=np.intp)
        label[end.status == BallStatus.DIVERGED] = DIVERGED
        count = int(stopped.sum())
        label[stopped] = minimum_of[merged[offset:offset + count]]
        flat.append(float(np.count_nonzero(flat_point[merged[offset:offset + count]])) / len(starts))
        offset += count
        slack = SETTLING_FACTOR * tolerance
        settling = np.flatnonzero((end.status == BallStatus.RUNNING) & (end.gradient_norms <= slack)
                                  & (end.last_steps <= slack))
        for ball in settling:
            near = merger.find((float(plane[ball, 0]), float(plane[ball, 1])))
            if near >= 0:
                label[ball] = minimum_of[near]
        labels.append(label.reshape(shape))
    return BasinMap(box, xs, ys, minima, values, tuple(recipes), tuple(labels), steps, tolerance, tuple(flat))
