"""A run's past kept exactly: its whole state at checkpoints, and any step restored from the nearest one.

The engine is deterministic, so the state at step k is the state at a checkpoint c ≤ k advanced k − c
steps: the same numbers, bit for bit, as a fresh run advanced to k. The checkpoints are at most
`capacity`, at multiples of a spacing that doubles whenever they would be more (as the history's
thinning does), so their memory stays flat however long a run lasts, and step 0 is always one of them.
What the history keeps decides what is drawn, never which steps can be revisited.

`save_state` and `restore_state` read and write the Simulation's own fields: this module is the one
other place that knows them (simulation.py is full), and the tests compare every optimizer's restored
run with a fresh one to catch a field left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdsim.model.history import History
from gdsim.model.simulation import Simulation

CHECKPOINTS = 64  # the most a timeline keeps: a step is replayed from at most 1/32 of the run back
# Balls × checkpoints a window's timeline keeps: ~0.1 kB a ball per checkpoint (Adam, 2-D), so ~25 MB.
CHECKPOINT_BUDGET = 256_000


def checkpoint_capacity(balls: int) -> int:
    """Checkpoints for a run in the window: every one of CHECKPOINTS for up to 4,000 balls, fewer (at
    least 8, so a seek replays at most ~1/4 of the run) for a crowd."""
    return int(min(max(CHECKPOINT_BUDGET // max(balls, 1), 8), CHECKPOINTS))


def _copy(array: np.ndarray | None) -> np.ndarray | None:
    return None if array is None else array.copy(order="K")


@dataclass(frozen=True)
class RunState:
    """Everything a Simulation's coming steps and its snapshot depend on, at one step (copies)."""

    step: int
    positions: np.ndarray
    losses: np.ndarray
    gradients: np.ndarray | None  # None: a Nesterov run had not worked them out yet (they are exact either way)
    status: np.ndarray
    stopped_at: np.ndarray
    on_flat_ground: np.ndarray
    path_lengths: np.ndarray | None
    every_ball_runs: bool
    optimizers: tuple[dict[str, object], ...]  # each group's saved_state, in the simulation's order


def save_state(simulation: Simulation) -> RunState:
    """The simulation's whole state now; `restore_state` returns it exactly here."""
    s = simulation
    return RunState(s.step_count, s.positions.copy(order="F"), s.losses.copy(), _copy(s._gradients),
                    s.status.copy(), s.stopped_at.copy(), s.on_flat_ground.copy(), _copy(s.path_lengths),
                    s._every_ball_runs, tuple(optimizer.saved_state() for _, optimizer, _ in s._groups))


def restore_state(simulation: Simulation, state: RunState, history: History) -> None:
    """Put the simulation at `state`, with `history` as its past up to that step (the state is not shared:
    it can be restored again)."""
    s = simulation
    s.step_count = state.step
    s.positions, s.losses = state.positions.copy(order="F"), state.losses.copy()
    s.gradients = None if state.gradients is None else state.gradients.copy(order="F")
    s.status, s.stopped_at = state.status.copy(), state.stopped_at.copy()
    s.on_flat_ground, s.path_lengths = state.on_flat_ground.copy(), _copy(state.path_lengths)
    s._every_ball_runs = state.every_ball_runs
    for (_, optimizer, _), saved in zip(s._groups, state.optimizers, strict=True):
        optimizer.restore_state(saved)
    s.history = history


class Timeline:
    """A Simulation that can be taken to any step it has reached, exactly (see the module's notes).

    `advance` moves the run on, keeping checkpoints; `seek(k)` shows step k of the same run; a later
    `advance` continues from there into the same future. `furthest` is the furthest step reached. While
    the run is behind it, the timeline also keeps the state and history of that furthest step (the head),
    so that going back there is immediate and the past before any checkpoint is still drawn.
    """

    def __init__(self, simulation: Simulation, capacity: int = CHECKPOINTS):
        """A run at step 0; or a branch (gdsim.model.branching) at its step k, which is then its `origin`:
        the first step it can be taken back to (before it, the run was another's)."""
        if capacity < 2:
            raise ValueError("a timeline needs room for at least 2 checkpoints")
        self.simulation = simulation
        self.capacity = capacity
        self.origin = simulation.step_count
        self._start()

    def _start(self) -> None:
        self.spacing = 1
        self.checkpoints: dict[int, RunState] = {}
        self.furthest = self.simulation.step_count
        self._head: tuple[RunState, History] | None = None
        self._keep(self.simulation.step_count)

    @property
    def step(self) -> int:
        """The step shown: the simulation's."""
        return self.simulation.step_count

    def reset(self) -> None:
        """The run back at step 0 with nothing reached yet (the Simulation's reset; a branch's too)."""
        self.simulation.reset()
        self.origin = 0
        self._start()

    def advance(self, steps: int = 1) -> int:
        """Take up to `steps` steps, as Simulation.advance does, keeping checkpoints on the way."""
        simulation, taken = self.simulation, 0
        while taken < steps:
            step = simulation.step_count
            chunk = min(steps - taken, (step // self.spacing + 1) * self.spacing - step)
            done = simulation.advance(chunk)
            taken += done
            if done:
                self._reached(simulation.step_count)
            if done < chunk:
                break  # every ball has stopped
        return taken

    def seek(self, step: int) -> int:
        """Show the run at `step`, clamped to origin..furthest, exactly as it was (or will be) there; returns it."""
        step = max(self.origin, min(int(step), self.furthest))
        simulation = self.simulation
        now = simulation.step_count
        if step == now:
            return step
        if self._head is None:  # leaving the furthest step: keep it whole, and the past it drew
            s = simulation
            self._head = (save_state(s), s.history)
            s.history = History(s.history_capacity, len(s.balls), s.landscape.dim)
        head_state, head_history = self._head
        if step == self.furthest:
            head_history.thinned = max(head_history.thinned, simulation.history.thinned) + 1
            restore_state(simulation, head_state, head_history)
            self._head = None
            return step
        mark = max(k for k in self.checkpoints if k <= step)
        if not mark <= now < step:  # else the run on screen is nearer: it just goes on
            state, history = self.checkpoints[mark], simulation.history
            history.copy_until(head_history, mark - 1)
            history.append(mark, state.positions, state.losses)  # the trails reach the checkpoint's step
            restore_state(simulation, state, history)
        simulation.advance(step - simulation.step_count)
        return step

    def state_at(self, step: int) -> RunState:
        """The run's whole state at `step` (clamped as `seek` does), leaving the step shown as it was: what a
        branch from step k starts from."""
        shown = self.step
        self.seek(step)
        state = save_state(self.simulation)
        self.seek(shown)
        return state

    def _reached(self, step: int) -> None:
        if step >= self.furthest:
            self.furthest = step
            self._head = None  # the run on screen is the furthest one again
        if step % self.spacing == 0 and step not in self.checkpoints:
            self._keep(step)

    def _keep(self, step: int) -> None:
        self.checkpoints[step] = save_state(self.simulation)
        while len(self.checkpoints) > self.capacity:
            self.spacing *= 2
            self.checkpoints = {k: state for k, state in self.checkpoints.items()
                                if k % self.spacing == 0 or k == self.origin}
