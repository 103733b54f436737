"""The moments of a run worth stopping at, per ball and with their exact step: the loss rose, the step
overshot a valley, the ball came near a saddle, and the engine's own stops (converged, diverged, left
the domain).

They are found by following a run step by step (`EventRecorder`), on a copy of it where the run on
screen is concerned: the engine's step stays as fast as it was (the benchmark's numbers do not move),
and every step is looked at, however much the run's history thins. The engine is deterministic, so the
copy takes exactly the run's steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from gdsim.model.ball_status import BallStatus
from gdsim.model.balls import Ball
from gdsim.model.curvature import hessians
from gdsim.model.landscapes import Landscape
from gdsim.model.optimizers import GradientFn
from gdsim.model.simulation import DEFAULT_TOLERANCE, Simulation
from gdsim.model.timeline import RunState, restore_state
from gdsim.model.tolerance import gradient_scale, row_norms

# A ball keeps its first this many events; later ones are counted as left out (`EventRecorder.truncated`).
MAX_EVENTS_PER_BALL = 10_000
# "Small" for a gradient near a saddle: at most this fraction of the landscape's gradient scale (the median
# gradient norm over its view box, gdsim.model.tolerance.gradient_scale). A visit ends once the gradient
# is above twice that, so a ball that hovers at the edge is near a saddle once, not at every other step.
SADDLE_GRADIENT_FRACTION = 0.1
# An indefinite Hessian: one eigenvalue below −τ and one above +τ, with τ this fraction of the gradient
# scale (the finite differences of the Hessian are far below it; a valley floor's 0 stays 0).
CURVATURE_FRACTION = 1e-6
# The loss rose: the new loss is above the old by more than a few roundings of the larger of the two.
LOSS_RISE_RELATIVE = 8 * np.finfo(float).eps


class EventKind(StrEnum):
    LOSS_ROSE = "loss-rose"
    OVERSHOOT = "overshoot"
    SADDLE = "saddle"
    CONVERGED = "converged"
    DIVERGED = "diverged"
    LEFT_DOMAIN = "left-domain"


@dataclass(frozen=True)
class Event:
    """Something a ball did at `step`, where it was then and its loss there (the last finite place for a ball
    that left or ran away)."""

    step: int
    kind: EventKind
    position: tuple[float, ...]
    loss: float


class EventRecorder:
    """Follows a simulation step by step and notes each ball's events (the first MAX_EVENTS_PER_BALL).

    Only `advance` moves the simulation it follows; a run advanced elsewhere is not looked at."""

    def __init__(self, simulation: Simulation, cap: int = MAX_EVENTS_PER_BALL):
        self.simulation = simulation
        self.cap = cap
        n = len(simulation.balls)
        with np.errstate(all="ignore"):
            scale = gradient_scale(simulation.landscape) if simulation.landscape.dim <= 2 else None
        self.gradient_scale = scale or 1.0
        self.small_gradient = SADDLE_GRADIENT_FRACTION * self.gradient_scale
        self.curvature_tolerance = CURVATURE_FRACTION * self.gradient_scale
        self.events: list[list[Event]] = [[] for _ in range(n)]
        self.truncated = np.zeros(n, dtype=bool)
        self._near_saddle = np.zeros(n, dtype=bool)
        # Noise makes a ball's loss rise and its step cross the valley at most steps near a minimum: for a noisy
        # ball these two would bury the events that matter, so only its saddles and stops are noted.
        self._steady = np.array([ball.noise == 0 for ball in simulation.balls], dtype=bool)
        with np.errstate(all="ignore"):
            self._slopes = self._landscape_gradient(simulation.positions)
            self._note_saddles(simulation.positions, simulation.losses, self._slopes, simulation.step_count,
                               np.ones(n, dtype=bool))
        stopped = simulation.status != BallStatus.RUNNING
        self._note_stops(stopped, simulation.positions, simulation.losses, simulation.positions, simulation.losses)
        self._status = simulation.status.copy()

    @classmethod
    def replaying(cls, simulation: Simulation, cap: int = MAX_EVENTS_PER_BALL,
                  start: RunState | None = None) -> EventRecorder:
        """A recorder on a fresh copy of `simulation`'s run from step 0, or from `start`: a branch's state at
        its step k, before which the run was another's (the run itself is left alone)."""
        copy = Simulation(simulation.landscape, simulation.balls, history_capacity=8,
                          tolerance=simulation.tolerance, user_gradient=simulation.user_gradient,
                          seed=simulation.seed, noise_streams=simulation.noise_streams)
        if start is not None and start.step > 0:
            restore_state(copy, start, copy.history)
        return cls(copy, cap)

    @property
    def step(self) -> int:
        return self.simulation.step_count

    def advance(self, steps: int) -> int:
        """Take up to `steps` steps of the simulation, looking at each; returns how many were taken."""
        taken = 0
        with np.errstate(all="ignore"):
            while taken < steps and self._advance_one():
                taken += 1
        return taken

    def advance_to(self, step: int) -> None:
        self.advance(max(0, step - self.step))

    def events_of(self, ball: int, up_to: int | None = None) -> list[Event]:
        """Ball `ball`'s events so far, or those at steps up to `up_to`."""
        events = self.events[ball]
        return events if up_to is None else [e for e in events if e.step <= up_to]

    def at_step(self, ball: int, step: int) -> list[Event]:
        """Ball `ball`'s events at `step` (following the run to there first)."""
        self.advance_to(step)
        return [e for e in self.events[ball] if e.step == step]

    def next_event(self, ball: int, after: int, within: int) -> Event | None:
        """Ball `ball`'s first event after step `after`, following the run at most `within` steps past it
        (None when there is none by then, or the run stopped first)."""
        self.advance_to(after)
        found = next((e for e in self.events[ball] if e.step > after), None)
        while found is None and self.step < after + within and self.advance(1):
            found = next((e for e in self.events[ball] if e.step > after), None)
        return found

    def previous_event(self, ball: int, before: int) -> Event | None:
        self.advance_to(before)
        return next((e for e in reversed(self.events[ball]) if e.step < before), None)

    def _advance_one(self) -> bool:
        simulation = self.simulation
        previous, previous_losses, previous_slopes = simulation.positions.copy(), simulation.losses.copy(), self._slopes
        if not simulation.advance(1):
            return False
        positions, losses, step = simulation.positions, simulation.losses, simulation.step_count
        slopes = self._landscape_gradient(positions)
        moved = positions - previous
        rose = losses - previous_losses > LOSS_RISE_RELATIVE * np.maximum(np.abs(losses), np.abs(previous_losses))
        crossed = (np.sum(previous_slopes * moved, axis=1) < 0) & (np.sum(slopes * moved, axis=1) > 0)
        rose &= self._steady
        crossed &= self._steady
        for ball in np.flatnonzero(rose | crossed):  # both are false where a number is not finite
            if rose[ball]:
                self._note(ball, step, EventKind.LOSS_ROSE, positions[ball], losses[ball])
            if crossed[ball]:
                self._note(ball, step, EventKind.OVERSHOOT, positions[ball], losses[ball])
        self._note_saddles(positions, losses, slopes, step, self._status == BallStatus.RUNNING)
        self._note_stops((simulation.status != BallStatus.RUNNING) & (self._status == BallStatus.RUNNING),
                         positions, losses, previous, previous_losses)
        self._status = simulation.status.copy()
        self._slopes = slopes
        return True

    def _landscape_gradient(self, points: np.ndarray) -> np.ndarray:
        """The landscape's own slope (a ball that follows the user's gradient still crosses the real valley)."""
        return np.broadcast_to(self.simulation.landscape.gradient(points), points.shape)

    def _note_saddles(self, positions: np.ndarray, losses: np.ndarray, slopes: np.ndarray, step: int,
                      moved: np.ndarray) -> None:
        """`moved`: the balls that took this step (a stopped ball stays where it was, near a saddle or not)."""
        if positions.shape[1] < 2:  # a 1×1 Hessian is never indefinite: a curve has no saddles
            return
        limit = np.where(self._near_saddle, 2.0 * self.small_gradient, self.small_gradient)
        candidates = np.flatnonzero(moved & (row_norms(slopes) <= limit))
        near = self._near_saddle & ~moved
        if len(candidates):
            curvatures = np.linalg.eigvalsh(np.nan_to_num(hessians(self.simulation.landscape, positions[candidates])))
            tau = self.curvature_tolerance
            near[candidates] = (curvatures[:, 0] < -tau) & (curvatures[:, -1] > tau)
        for ball in np.flatnonzero(near & ~self._near_saddle):
            self._note(ball, step, EventKind.SADDLE, positions[ball], losses[ball])
        self._near_saddle = near

    def _note_stops(self, stopped: np.ndarray, positions: np.ndarray, losses: np.ndarray, previous: np.ndarray,
                    previous_losses: np.ndarray) -> None:
        simulation = self.simulation
        for ball in np.flatnonzero(stopped):
            step, status = int(simulation.stopped_at[ball]), simulation.status[ball]
            if (status == BallStatus.UNDEFINED and step == 0) or status == BallStatus.NO_STEP:
                continue  # a start where f is undefined, or no step defined (the list says why): nothing happened
            kind = {BallStatus.CONVERGED: EventKind.CONVERGED, BallStatus.DIVERGED: EventKind.DIVERGED,
                    BallStatus.UNDEFINED: EventKind.LEFT_DOMAIN}[BallStatus(status)]
            if np.isfinite(positions[ball]).all() and np.isfinite(losses[ball]):
                self._note(ball, step, kind, positions[ball], losses[ball])
            else:
                self._note(ball, step, kind, previous[ball], previous_losses[ball])

    def _note(self, ball: int, step: int, kind: EventKind, position: np.ndarray, loss: float) -> None:
        if len(self.events[ball]) >= self.cap:
            self.truncated[ball] = True
            return
        self.events[ball].append(Event(int(step), kind, tuple(float(c) for c in position), float(loss)))


def run_with_events(landscape: Landscape, balls: Sequence[Ball], steps: int, tolerance: float = DEFAULT_TOLERANCE,
                    user_gradient: GradientFn | None = None, **noise) -> EventRecorder:
    """`gdsim.model.simulation.run` (every step kept) with the events of every step noted: the recorder, whose
    `simulation` is the finished run."""
    simulation = Simulation(landscape, balls, history_capacity=max(steps + 1, 4), tolerance=tolerance,
                            user_gradient=user_gradient, **noise)
    return recorded_run(simulation, steps)


def recorded_run(simulation: Simulation, steps: int) -> EventRecorder:
    """`simulation` advanced by `steps` steps with its events noted (as `Simulation.advance`, step by step)."""
    recorder = EventRecorder(simulation)
    recorder.advance(steps)
    return recorder
