"""When a ball counts as converged on a landscape of any scale: the gradient's tolerance, and norms that
do not underflow."""

from __future__ import annotations

import numpy as np

from gdsim.model.landscapes import Landscape

# The tolerance on the gradient is meant for landscapes whose gradients over the view box are of order 1
# or more, as every preset's are (the smallest, sigmoid-error's, are ~0.1). Where they are typically
# below this, the gradient's tolerance shrinks with them: on 1e-300·(x² + y²) every gradient is below
# 1e-10, and every ball would stop at step 0, far from the minimum.
GRADIENT_SCALE_FLOOR = 1e-3
_SCALE_SAMPLES = 5  # per axis of the view box


def gradient_tolerance(landscape: Landscape, tolerance: float) -> float:
    """The tolerance on a ball's gradient norm on `landscape`: `tolerance`, scaled down by the typical
    gradient over the view box (the median norm on a small grid) where that is below GRADIENT_SCALE_FLOOR.

    The points are evaluated one at a time: a fit's landscape evaluates every data point for each.
    """
    if landscape.dim > 2:
        return tolerance
    typical = gradient_scale(landscape)
    if typical is None:  # flat (a staircase) or nowhere defined: nothing to scale by
        return tolerance
    return tolerance * min(1.0, typical / GRADIENT_SCALE_FLOOR)


def gradient_scale(landscape: Landscape) -> float | None:
    """The typical gradient norm over the view box: the median of the finite, non-zero norms on a grid of
    _SCALE_SAMPLES points per axis (None where there is none: flat ground, or nowhere defined)."""
    axes = [np.linspace(low, high, _SCALE_SAMPLES) for low, high in landscape.view_box]
    points = np.stack([axis.ravel() for axis in np.meshgrid(*axes)], axis=1)
    norms = np.concatenate([careful_row_norms(landscape.gradient(point[None, :])) for point in points])
    norms = norms[np.isfinite(norms) & (norms > 0)]
    return float(np.median(norms)) if len(norms) else None


def row_norms(rows: np.ndarray) -> np.ndarray:
    """np.linalg.norm(rows, axis=1), summed coordinate by coordinate: reducing along the short
    axis of an (n, 2) array is a strided loop per ball, fifty times slower at 10,000 balls."""
    squares = rows[:, 0] * rows[:, 0]
    for axis in range(1, rows.shape[1]):
        squares += rows[:, axis] * rows[:, axis]
    return np.sqrt(squares, out=squares)


def careful_row_norms(rows: np.ndarray) -> np.ndarray:
    """The norms of rows without squaring: (1e-200)² underflows to 0, as if the gradient had vanished."""
    norms = np.abs(rows[:, 0])
    for axis in range(1, rows.shape[1]):
        norms = np.hypot(norms, rows[:, axis])
    return norms
