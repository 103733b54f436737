"""The step every ball is about to take, as `Simulation.preview` works it out (for the explain panel)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdsim.model.optimizers import OPTIMIZERS

# Every optimizer state NextStep reports, by its name in torch.optim.
STATE_NAMES = tuple(dict.fromkeys(name for cls in OPTIMIZERS.values() for name in cls.state_names))


@dataclass(frozen=True)
class NextStep:
    """The step every ball is about to take, worked out on copies of the optimizers: the same
    operations in the same order as `Simulation.advance`, so its numbers are the engine's own.

    Arrays are (balls, dim) unless said otherwise. A stopped ball does not move: its next position
    is its position. `states_*` hold each optimizer state by its name in torch.optim (`velocity`,
    `state_sum`, `square_avg`, `exp_avg`, `exp_avg_sq`), NaN for balls whose optimizer has no such
    state; `adam_t` is Adam's step counter after the step (0 for other balls).
    """

    step: int  # the number of the step about to be taken (the first is 1)
    positions: np.ndarray
    next_positions: np.ndarray
    gradient_points: np.ndarray  # where the gradient is taken: x, or Nesterov's look-ahead x + ρ·v
    gradients: np.ndarray  # the exact gradient there (∇f, or the user's); the step follows it + noise
    lr: np.ndarray  # (balls,) η for this step: a schedule's η_t, else the ball's own
    moving: np.ndarray  # (balls,) bool: the ball is running and takes this step
    states_before: dict[str, np.ndarray]
    states_after: dict[str, np.ndarray]
    adam_t: np.ndarray  # (balls,) int
    noise: np.ndarray  # σ·ξ added to the gradient this step (zeros for a ball without noise)
