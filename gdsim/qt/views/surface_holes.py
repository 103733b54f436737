"""The 3-D surface where f is undefined: left out of the mesh, not drawn as a flat shelf.

A NaN height puts every triangle at that vertex out of the picture (OpenGL draws no triangle with a
NaN corner), so the surface ends where f does. The lighting is computed from neighbouring heights:
near the edge it takes the undefined ones as equal to their defined neighbours, so the rim is lit
like the ground beside it.
"""

from __future__ import annotations

import numpy as np


def filled_from_neighbours(heights: np.ndarray) -> np.ndarray:
    """`heights` with each NaN next to a number replaced by the mean of its numbered neighbours (the
    rest by the mean height), for the lighting's slopes."""
    holes = np.isnan(heights)
    if not holes.any():
        return heights
    padded = np.pad(heights, 1, constant_values=np.nan)
    rows, cols = heights.shape
    neighbours = np.stack([padded[1 + dy:1 + dy + rows, 1 + dx:1 + dx + cols]
                           for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1))])
    counted = np.isfinite(neighbours)
    sums = np.where(counted, neighbours, 0.0).sum(axis=0)
    counts = counted.sum(axis=0)
    with np.errstate(invalid="ignore"):
        near = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    filled = np.where(holes, near, heights)
    everywhere = float(np.nanmean(heights)) if (~holes).any() else 0.0
    return np.where(np.isnan(filled), everywhere, filled)


def holed_heights(heights: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mesh's heights, NaN where f is not a number (`values` NaN), and the heights to light it by."""
    holed = np.where(np.isnan(values), np.nan, heights)
    return holed, filled_from_neighbours(holed)
