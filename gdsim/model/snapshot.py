"""What the views see of a run after a step (Snapshot), and read-only views of the run's buffers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gdsim.model.ball_status import BallStatus


def read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view


@dataclass(frozen=True)
class Snapshot:
    """The state of a run after some step, as the views see it.

    `positions`, `losses`, `gradients` (at the positions), `status` and `stopped_at` are copies. The `history_*` arrays are
    read-only views into the run's buffer: valid until the run advances again.
    """

    run_id: int
    step: int
    positions: np.ndarray
    losses: np.ndarray
    gradients: np.ndarray
    status: np.ndarray
    stopped_at: np.ndarray
    on_flat_ground: np.ndarray  # per ball: converged where the ground has no curvature (ball_status)
    history_steps: np.ndarray = field(repr=False)
    history_positions: np.ndarray = field(repr=False)
    history_losses: np.ndarray = field(repr=False)
    history_thinned: int = 0
    path_lengths: np.ndarray | None = None  # how far each ball has travelled, when the run measures it

    @property
    def finished(self) -> bool:
        return bool(np.all(self.status != BallStatus.RUNNING))
