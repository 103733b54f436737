"""Many polylines as one curve: pyqtgraph draws a NaN-separated array in a single call."""

from __future__ import annotations

import numpy as np


def nan_joined(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns of xs and ys (rows, k) as one pair of flat arrays with a NaN between columns.

    Draw the result with `connect="finite"`.
    """
    rows, count = ys.shape
    xs = np.broadcast_to(xs, (rows, count))
    out_x = np.full((count, rows + 1), np.nan)
    out_y = np.full((count, rows + 1), np.nan)
    out_x[:, :rows] = xs.T
    out_y[:, :rows] = ys.T
    return out_x.ravel(), out_y.ravel()


def group_by_ball(indices: tuple[int, ...]) -> dict[int, np.ndarray]:
    """The run's balls placed from each setup ball (one colour), in order of first appearance."""
    groups: dict[int, list[int]] = {}
    for ball, index in enumerate(indices):
        groups.setdefault(index, []).append(ball)
    return {index: np.array(balls, dtype=np.intp) for index, balls in groups.items()}
