"""A finished run, ball by ball, as plain data: what `gdsim run` writes (gdsim.formats.trajectories)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gdsim.model.ball_status import BallStatus
from gdsim.model.optimizers import readable_params

if TYPE_CHECKING:
    from gdsim.model.simulation import Simulation


def trajectories(simulation: Simulation) -> list[dict]:
    """Per ball: its trajectory and losses up to the step it stopped at (all rows if running)."""
    h = simulation.history
    result = []
    for i, ball in enumerate(simulation.balls):
        last = simulation.stopped_at[i]
        rows = slice(None) if last < 0 else h.steps[:h.length] <= last
        result.append({
            "optimizer": str(ball.optimizer),
            "params": readable_params(ball.optimizer, ball.params),
            "gradient": str(ball.gradient),
            "noise": ball.noise,
            "batch": ball.batch,
            "start": list(ball.start),
            "steps": h.steps[:h.length][rows],
            "trajectory": h.positions[:h.length, i][rows],
            "loss": h.losses[:h.length, i][rows],
            "status": BallStatus(simulation.status[i]).label,
            "stopped_at": None if last < 0 else int(last),
            "on_flat_ground": bool(simulation.on_flat_ground[i]),
        })
    return result

