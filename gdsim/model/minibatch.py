"""Minibatch SGD on a data fit: which data points a ball's gradient averages over at each step.

A ball with `batch = B` on a fit of n points takes ceil(n / B) steps an epoch. Each epoch it draws a
fresh permutation of the n points and walks through it B at a time (the last batch of an epoch takes
what is left, n − (ceil(n / B) − 1)·B points), so no point is used twice in an epoch. Its gradient at
step k is the mean of the per-point gradients over that step's batch: the full-batch gradient with
the mean taken over B points instead of n. The loss the map, the loss plot and the captions show stays
the full-batch loss.

The batch of step k (counted from 0) is a pure function of (seed, ball, epoch, k): the permutation
comes from numpy's Philox generator keyed by SeedSequence((seed, ball, epoch)). A run taken back to
a checkpoint and replayed, a branch and a fresh run therefore draw the same batches, and two seeds
draw different ones. A batch's points are taken in the data's own order, so B = n gives the
full-batch gradient bit for bit.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


def steps_per_epoch(points: int, batch: int | None) -> int:
    """Steps in one pass over `points` data points, `batch` at a time (None: all of them, one step)."""
    if batch is None or batch >= points:
        return 1
    return math.ceil(points / batch)


def epoch_of(step: int, points: int, batch: int | None) -> int:
    """The epoch that step `step` (counted from 1; 0 is the start, epoch 0) belongs to, counted from 1."""
    return -(-int(step) // steps_per_epoch(points, batch))


def check_batch(batch: int, points: int) -> int:
    """`batch` as a whole number from 1 to `points`; ValueError saying so otherwise."""
    if isinstance(batch, bool) or not isinstance(batch, (int, float)) or batch != batch or batch != int(batch) \
            or not 1 <= batch <= points:
        raise ValueError(f"batch must be a whole number from 1 to the number of points ({points:,}), got {batch!r}")
    return int(batch)


@functools.lru_cache(maxsize=64)
def _permutation(seed: int, ball: int, epoch: int, points: int) -> np.ndarray:
    generator = np.random.Generator(np.random.Philox(np.random.SeedSequence((seed, ball, epoch))))
    order = generator.permutation(points)
    order.flags.writeable = False
    return order


def batch_rows(seed: int, ball: int, step: int, batch: int | None, points: int) -> np.ndarray:
    """The data rows ball number `ball` averages over at step `step` (counted from 0), in the data's order."""
    per_epoch = steps_per_epoch(points, batch)
    if per_epoch == 1:
        return np.arange(points)
    epoch, part = divmod(int(step), per_epoch)
    return np.sort(_permutation(int(seed), int(ball), epoch, points)[part * batch:(part + 1) * batch])


@dataclass(frozen=True)
class MinibatchGradient:
    """A data fit's minibatch gradient (Landscape.batch_gradient): `over(point (1, dim), rows, notebook)` is
    the gradient at one point averaged over the data `rows`, and this draws each ball's rows at each step."""

    points: int
    seed: int
    over: Callable[[np.ndarray, np.ndarray, bool], np.ndarray]

    def __call__(self, points: np.ndarray, balls: Sequence[int], batches: Sequence[int], notebook: Sequence[bool],
                 step: int) -> np.ndarray:
        """Per ball (its number in the run, its batch size, whether it follows the notebook gradient), the
        mean gradient over its batch of step `step` (counted from 0)."""
        out = np.empty(points.shape)
        for row, (ball, batch, buggy) in enumerate(zip(balls, batches, notebook, strict=True)):
            rows = batch_rows(self.seed, int(ball), step, int(batch), self.points)
            out[row] = self.over(points[row:row + 1], rows, bool(buggy))
        return out

    def epoch(self, step: int, batch: int | None) -> int:
        return epoch_of(step, self.points, batch)


def epoch_length(landscape, balls) -> tuple[int, int] | None:
    """(steps an epoch, batch size) of the run's smallest minibatch, whose epochs are the shortest in steps;
    None when no ball of the run takes minibatches."""
    sampler = getattr(landscape, "batch_gradient", None)
    batches = [ball.batch for ball in balls if ball.batch is not None]
    if sampler is None or not batches:
        return None
    return steps_per_epoch(sampler.points, min(batches)), min(batches)
