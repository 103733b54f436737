"""Branching a run at step k: some balls go on with other settings from their exact state at k, and the
path the unbranched run took from there stays as a ghost.

A branch is a new Simulation of the edited setup (the same balls, placed in the same order, some with
another η, ρ, optimizer or schedule) put at the old run's step k: every ball's position, loss, gradient,
status and path length, the past it drew, and each ball's optimizer state (velocities, moments, Adam's
step count) where its optimizer kind stayed. A ball whose optimizer changed starts fresh optimizer state
where it stands. The balls that were not edited go on exactly as in the unbranched run.

The ghost is the unbranched run itself, taken on from step k by a copy of it (the engine is deterministic:
these are the positions the unbranched run had, or would have had, there). It runs to the furthest step
the unbranched run had reached, and at least GHOST_STEPS beyond k, ending earlier where its balls stop.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gdsim.model.ball_status import BallStatus
from gdsim.model.history import History
from gdsim.model.simulation import Simulation
from gdsim.model.timeline import restore_state, save_state

GHOST_STEPS = 500  # a ghost goes at least this far past the branch, so there is a path to see at once
GHOST_ROWS = 2_000_000  # positions a ghost keeps at most (balls × steps): a crowd's ghost is shorter


class BranchRefused(ValueError):
    """The edit cannot continue from step k exactly (the caller restarts the run instead)."""


@dataclass(frozen=True)
class Ghost:
    """The path the balls placed from one setup ball took in the unbranched run, from the branch's step on."""

    setup_index: int  # which of the setup's balls
    label: str  # its settings before the change, e.g. 'SGD η=0.1'
    color: int
    step: int  # the branch's step k, where the ghost leaves the branch
    balls: np.ndarray  # the run's balls it follows
    positions: np.ndarray  # (steps, balls, dim): step k and every step after, to its end
    losses: np.ndarray  # (steps, balls)
    status: np.ndarray  # each ball's status at the ghost's end
    stopped_at: np.ndarray
    on_flat_ground: np.ndarray
    path_lengths: np.ndarray | None  # from step 0 to the ghost's end

    @property
    def end_step(self) -> int:
        return self.step + len(self.positions) - 1

    @property
    def final_loss(self) -> float:
        """The loss of its first ball at the ghost's end."""
        return float(self.losses[-1, 0])


def continue_branch(new: Simulation, old: Simulation, fresh: np.ndarray) -> None:
    """Put `new` at `old`'s step exactly (see the module's notes); `fresh` marks the balls whose optimizer
    kind changed. BranchRefused when the balls differ in number or place, or when a fresh Adam ball would
    share a step count with Adam balls that have taken k steps (a group keeps one)."""
    if len(new.balls) != len(old.balls) or any(a.start != b.start for a, b in zip(new.balls, old.balls, strict=True)):
        raise BranchRefused("the balls of the run changed")
    state = save_state(old)
    homes = {int(ball): (group, row) for group, (index, _, _) in enumerate(old._groups) for row, ball in enumerate(index)}
    optimizers = []
    for (index, optimizer, _), saved in zip(new._groups, save_state(new).optimizers, strict=True):
        saved = dict(saved)
        kept = [(row, homes[int(ball)]) for row, ball in enumerate(index) if not fresh[ball]]
        for name in optimizer.state_names:
            for row, (group, old_row) in kept:
                saved[name][row] = state.optimizers[group][name][old_row]
        if saved["t"] is not None:
            counts = {state.optimizers[group]["t"] for _, (group, _) in kept}
            if len(kept) < len(index) and counts - {0}:
                raise BranchRefused("a fresh Adam ball cannot share a step count with Adam balls that have run")
            saved["t"] = counts.pop() if counts else 0
        optimizers.append(saved)
    history = History(new.history_capacity, len(new.balls), new.landscape.dim)
    history.copy_until(old.history, old.step_count)
    restore_state(new, replace(state, optimizers=tuple(optimizers)), history)


def ghost_path(copy: Simulation, old: Simulation, balls: np.ndarray, furthest: int) -> tuple:
    """The unbranched run's path of `balls` from `old`'s step on, taken by `copy` (a Simulation of the same
    setup, whose history it replaces): to `furthest` and at least GHOST_STEPS beyond, ending where they all
    stop. Returns (positions, losses) and copy's state at the end."""
    step = old.step_count
    restore_state(copy, save_state(old), History(4, len(copy.balls), copy.landscape.dim))
    steps = min(max(furthest - step, GHOST_STEPS), max(GHOST_ROWS // max(len(balls) * copy.landscape.dim, 1), 1))
    positions = [copy.positions[balls].copy()]
    losses = [copy.losses[balls].copy()]
    for _ in range(steps):
        if not np.any(copy.status[balls] == BallStatus.RUNNING) or not copy.advance(1):
            break
        positions.append(copy.positions[balls].copy())
        losses.append(copy.losses[balls].copy())
    return np.array(positions), np.array(losses)


def make_ghost(copy: Simulation, old: Simulation, setup_index: int, placed_from, label: str, color: int,
               furthest: int) -> Ghost:
    """The ghost of the balls placed from setup ball `setup_index`, from `old`'s step (see ghost_path)."""
    balls = np.array([ball for ball, index in enumerate(placed_from) if index == setup_index], dtype=np.intp)
    positions, losses = ghost_path(copy, old, balls, furthest)
    return Ghost(setup_index, label, color, old.step_count, balls, positions, losses, copy.status[balls].copy(),
                 copy.stopped_at[balls].copy(), copy.on_flat_ground[balls].copy(),
                 None if copy.path_lengths is None else copy.path_lengths[balls].copy())
