"""The landscape's curvature where balls stand: Hessians, and whether the ground there is flat."""

from __future__ import annotations

import numpy as np

from gdsim.model.landscapes import Landscape


def hessians(landscape: Landscape, points: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Hessians (n, dim, dim) by central differences of the exact gradient, symmetrised."""
    n, dim = points.shape
    hess = np.empty((n, dim, dim))
    for axis in range(dim):
        step = np.zeros(dim)
        step[axis] = h
        hess[:, :, axis] = (landscape.gradient(points + step) - landscape.gradient(points - step)) / (2.0 * h)
    return 0.5 * (hess + hess.transpose(0, 2, 1))


def without_curvature(curvatures: np.ndarray, tolerance: float) -> np.ndarray:
    """Per row of Hessian eigenvalues (n, dim): every one within `tolerance` of 0, the ground flat every way."""
    return np.all(np.abs(curvatures) <= tolerance, axis=1)


def on_flat_ground(landscape: Landscape, points: np.ndarray, tolerance: float) -> np.ndarray:
    """Per point (n, dim): whether the ground there has no curvature, within `tolerance` (the engine passes its
    gradient's tolerance). A ball stopped there by a gradient of 0 found no minimum: a step of a staircase. A
    valley floor (curved across, flat along) and a minimum as flat as x⁴'s (curvature ~1e-6 where a ball stops)
    are not flat ground."""
    points = np.asarray(points, dtype=float).reshape(-1, landscape.dim)
    if not len(points):
        return np.zeros(0, dtype=bool)
    with np.errstate(all="ignore"):
        curvatures = np.linalg.eigvalsh(np.nan_to_num(hessians(landscape, points), nan=np.inf, posinf=np.inf,
                                                      neginf=-np.inf))
    return without_curvature(curvatures, tolerance)
