"""Which balls stop at a step of a run, and why: diverged, out of the landscape's domain, converged, or no step.

Simulation._check calls this only when a step may stop a ball (most steps stop none, which it tells from a
few whole-array numbers), so none of it is on the path of a step that stops nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gdsim.model.ball_status import BallStatus
from gdsim.model.curvature import on_flat_ground
from gdsim.model.tolerance import careful_row_norms, row_norms

if TYPE_CHECKING:
    from gdsim.model.simulation import Simulation

# A coordinate beyond this counts as diverged, as does any non-finite number.
DIVERGENCE_BOUND = 1e8


def mark_stops(simulation: Simulation, positions: np.ndarray, active: np.ndarray | None, step: int,
               previous: np.ndarray, no_step: np.ndarray | None) -> np.ndarray:
    """Mark in `simulation`'s status, stopped_at and on_flat_ground the balls that diverged, converged or
    had no step (`no_step`) at step `step`; `active` None means every ball. Returns the balls that stopped."""
    if active is None:
        active = np.ones(len(positions), dtype=bool)
    finite = np.isfinite(simulation.losses)
    bounded = np.ones(len(positions), dtype=bool)
    for axis in range(positions.shape[1]):
        finite &= np.isfinite(positions[:, axis]) & np.isfinite(simulation.gradients[:, axis])
        bounded &= np.abs(positions[:, axis]) <= DIVERGENCE_BOUND
    diverged = active & ~(finite & bounded)
    # Below ~1e-150, squares underflow: a tolerance that small needs norms taken without them.
    norms = row_norms if simulation.gradient_tolerance > 1e-140 else careful_row_norms
    converged = (active & ~diverged & (norms(simulation.gradients) <= simulation.gradient_tolerance)
                 & (norms(positions - previous) <= simulation.tolerance))
    simulation.status[diverged] = BallStatus.DIVERGED
    if step == 0:  # a start where f is not defined (log of a negative, 1/0) or not finite
        simulation.status[diverged & bounded] = BallStatus.UNDEFINED
    else:  # a step to where f is not a number (√ of a negative): the ball left the domain, it did not diverge
        not_a_number = np.isnan(simulation.losses) | np.isnan(simulation.gradients).any(axis=1)
        # Nesterov's look-ahead point out of the domain gives a NaN gradient, and a NaN place from a
        # place that was fine: the ball left the domain too. A runaway's numbers pass 1e8 or infinity first.
        with np.errstate(invalid="ignore"):
            came_from_inside = np.all(np.abs(previous) <= DIVERGENCE_BOUND, axis=1)
        looked_out = np.isnan(positions).any(axis=1) & ~np.isinf(positions).any(axis=1) & came_from_inside
        simulation.status[diverged & ((bounded & not_a_number) | looked_out)] = BallStatus.UNDEFINED
    simulation.status[converged] = BallStatus.CONVERGED
    stuck = active & ~diverged & ~converged & (no_step if no_step is not None else False)
    simulation.status[stuck] = BallStatus.NO_STEP
    if converged.any():  # once per ball, at the step it stops: the views and captions only read it
        simulation.on_flat_ground[converged] = on_flat_ground(simulation.landscape, positions[converged],
                                                              simulation.gradient_tolerance)
    stopped = diverged | converged | stuck
    simulation.stopped_at[stopped] = step
    return stopped
