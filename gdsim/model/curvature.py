"""The landscape's curvature where balls stand: Hessians, and whether the ground there is flat."""

from __future__ import annotations

import numpy as np

from gdsim.model.landscapes import Landscape


def hessians(landscape: Landscape, points: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Hessians (n, dim, dim) by central differences of the exact gradient, symmetrised."""
    return _differenced(landscape, points, h, with_gradient=False)[1]


def gradient_and_hessians(landscape: Landscape, points: np.ndarray, h: float = 1e-5) -> tuple[np.ndarray, np.ndarray]:
    """The exact gradient (n, dim) and `hessians` at `points`, from one evaluation of the landscape."""
    return _differenced(landscape, points, h, with_gradient=True)


def _differenced(landscape: Landscape, points: np.ndarray, h: float, with_gradient: bool
                 ) -> tuple[np.ndarray | None, np.ndarray]:
    # Every point and its shifted copies in one call: a typed function's call costs ~0.2 ms of Python whatever
    # the number of points, and Newton's search for critical points made five calls a step (x, y, ±h each).
    n, dim = points.shape
    steps = h * np.eye(dim)
    shifted = [points[None] + steps[:, None], points[None] - steps[:, None]]  # (dim, n, dim) each
    if with_gradient:
        shifted.insert(0, points[None])
    gradients = landscape.gradient(np.concatenate(shifted).reshape(-1, dim)).reshape(-1, n, dim)
    gradient, gradients = (gradients[0], gradients[1:]) if with_gradient else (None, gradients)
    hess = ((gradients[:dim] - gradients[dim:]) / (2.0 * h)).transpose(1, 2, 0)  # [point, component, axis]
    return gradient, 0.5 * (hess + hess.transpose(0, 2, 1))


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
