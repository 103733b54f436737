"""What a run keeps of its past: positions and losses per step in a buffer of bounded size."""

from __future__ import annotations

import numpy as np


class History:
    """Positions and losses per step in a fixed buffer.

    When the buffer fills, the older half is thinned to half as many rows spread evenly over
    its steps, so memory stays flat however long a run lasts, the start is always kept, the
    whole run stays covered and recent steps keep full detail.
    """

    def __init__(self, capacity: int, count: int, dim: int):
        if capacity < 4:
            raise ValueError("history capacity must be at least 4")
        self.capacity = capacity
        self.steps = np.zeros(capacity, dtype=np.int64)
        # Each row laid out like the simulation's positions (coordinate-major), so appending one is a
        # straight copy rather than a transposing one, which costs ten times as much.
        self.positions = np.zeros((capacity, dim, count)).transpose(0, 2, 1)
        self.losses = np.zeros((capacity, count))
        self.length = 0
        self.thinned = 0  # how many times the buffer was thinned: views redraw whole trails then

    def clear(self) -> None:
        """Empty, keeping the buffers: the next run writes over memory that is already mapped."""
        self.length = 0
        self.thinned = 0

    def append(self, step: int, positions: np.ndarray, losses: np.ndarray) -> None:
        if self.length == self.capacity:
            self._thin()
        self.steps[self.length] = step
        self.positions[self.length] = positions
        self.losses[self.length] = losses
        self.length += 1

    def next_row(self) -> tuple[np.ndarray, np.ndarray]:
        """Writable views of the positions and losses of the row the next `commit` keeps, for a step to
        write its results into, which spares copying them there afterwards (240 kB a step at 10,000
        balls). Thins first when the buffer is full. Thinning rewrites the older rows, never the
        newest: a row stays as written while it is the newest."""
        if self.length == self.capacity:
            self._thin()
        return self.positions[self.length], self.losses[self.length]

    def commit(self, step: int) -> None:
        """Keep the row `next_row` gave, as the one of `step`."""
        self.steps[self.length] = step
        self.length += 1

    def copy_until(self, source: History, step: int) -> None:
        """Hold `source`'s rows up to `step` instead of its own: a run taken back to an earlier step reads
        its past as it was then. Counts as a thinning, so views redraw whole trails."""
        length = int(np.searchsorted(source.steps[:source.length], step, side="right"))
        self.steps[:length] = source.steps[:length]
        self.positions[:length] = source.positions[:length]
        self.losses[:length] = source.losses[:length]
        self.length = length
        self.thinned = max(self.thinned, source.thinned) + 1

    def _thin(self) -> None:
        # The older half keeps a quarter of the rows, spread evenly over the steps it spans (not
        # every second row, which would squeeze the oldest rows out after a few thinnings).
        half = self.capacity // 2
        old_steps = self.steps[:half]
        targets = np.linspace(old_steps[0], old_steps[-1], half // 2)
        kept_old = np.unique(np.searchsorted(old_steps, targets))
        kept = np.r_[kept_old, np.arange(half, self.capacity)]
        n = len(kept)
        self.steps[:n] = self.steps[kept]
        self.positions[:n] = self.positions[kept]
        self.losses[:n] = self.losses[kept]
        self.length = n
        self.thinned += 1


WINDOW_HISTORY_BUDGET = 2_000_000  # history rows × balls the window keeps: ~48 MB for 2-D positions and losses


def window_capacity(balls: int) -> int:
    """Rows of history for a run in the window: full detail for a few balls over long runs, flat memory
    for crowds."""
    return int(min(max(WINDOW_HISTORY_BUDGET // max(balls, 1), 512), 16384))


def last_seen(history_positions: np.ndarray, history_losses: np.ndarray, balls: np.ndarray,
              bound: float) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `balls` was last seen in a history (rows of steps): its last recorded position
    with every coordinate finite and within ±`bound`, and a finite loss there; NaN where it never was.

    A diverged ball's own position is inf or far past anything a map can show: this is where to mark it."""
    where, loss, _ = last_seen_rows(history_positions, history_losses, balls, bound)
    return where, loss


def last_seen_rows(history_positions: np.ndarray, history_losses: np.ndarray, balls: np.ndarray,
                   bound: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`last_seen`, and the row of the history each was seen in (−1 where never): a label that gives the
    place says from which step it is (history_steps[row]), not the step the ball diverged at."""
    where = np.full((len(balls), history_positions.shape[2]), np.nan)
    loss = np.full(len(balls), np.nan)
    found = np.full(len(balls), -1, dtype=np.intp)
    if not len(history_positions) or not len(balls):
        return where, loss, found
    positions = history_positions[:, balls]
    losses = history_losses[:, balls]
    with np.errstate(invalid="ignore"):
        seen = np.all(np.isfinite(positions) & (np.abs(positions) <= bound), axis=2) & np.isfinite(losses)
    rows = len(seen) - 1 - np.argmax(seen[::-1], axis=0)
    ever = np.flatnonzero(seen.any(axis=0))
    where[ever] = positions[rows[ever], ever]
    loss[ever] = losses[rows[ever], ever]
    found[ever] = rows[ever]
    return where, loss, found
