"""Line segments cut to a box (Liang–Barsky), for drawing what leaves a view without lines shooting off it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Clipped:
    """Segments cut to a box: the parts inside (`starts`, `ends`, one row per kept segment), which of
    the given segments have a part inside (`kept`), and of the kept ones, which lost their end (`cut_end`)
    or their start (`cut_start`) to the box."""

    starts: np.ndarray
    ends: np.ndarray
    kept: np.ndarray
    cut_start: np.ndarray
    cut_end: np.ndarray


def clip_segments(starts: np.ndarray, ends: np.ndarray, low, high) -> Clipped:
    """Each segment from starts[i] to ends[i] (rows of any dimension) cut to the box [low, high] per axis.

    Non-finite segments are dropped; a segment that only touches the box is kept.
    """
    starts, ends = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    low, high = np.broadcast_to(np.asarray(low, dtype=float), starts.shape[1:]), np.broadcast_to(
        np.asarray(high, dtype=float), starts.shape[1:])
    delta = ends - starts
    enter, leave = np.zeros(len(starts)), np.ones(len(starts))
    finite = np.all(np.isfinite(starts) & np.isfinite(ends), axis=1)
    with np.errstate(all="ignore"):
        for axis in range(starts.shape[1]):
            d, s = delta[:, axis], starts[:, axis]
            parallel = d == 0
            outside = parallel & ((s < low[axis]) | (s > high[axis]))
            t_low, t_high = (low[axis] - s) / d, (high[axis] - s) / d
            t_in, t_out = np.minimum(t_low, t_high), np.maximum(t_low, t_high)
            enter = np.where(parallel, enter, np.maximum(enter, t_in))
            leave = np.where(parallel, leave, np.minimum(leave, t_out))
            leave = np.where(outside, -1.0, leave)
    kept = finite & (enter <= leave)
    enter, leave = enter[kept], leave[kept]
    return Clipped(starts=starts[kept] + enter[:, None] * delta[kept], ends=starts[kept] + leave[:, None] * delta[kept],
                   kept=kept, cut_start=enter > 0, cut_end=leave < 1)
