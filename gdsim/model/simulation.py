"""Many balls on one landscape, advanced together, with bounded histories (gdsim.model.history)."""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

import numpy as np

from gdsim.model.ball_status import BallStatus
from gdsim.model.balls import Ball, GradientSource
from gdsim.model.history import History
from gdsim.model.landscapes import Kernel, Landscape
from gdsim.model.next_step import STATE_NAMES, NextStep
from gdsim.model.noise import GradientNoise, shifted
from gdsim.model.optimizers import OPTIMIZERS, GradientFn, Optimizer
from gdsim.model.snapshot import Snapshot, read_only
from gdsim.model.step_groups import GroupPlan, SchedulePlan, group_plans, schedule_plans
from gdsim.model.stopping import DIVERGENCE_BOUND, mark_stops
from gdsim.model.tolerance import gradient_tolerance, row_norms
from gdsim.model.trajectory_records import trajectories as trajectories  # where gdsim run's callers look

# A ball stops as converged when both its gradient norm and its last step are below this.
# Small on purpose: lesson L2 follows x² + y² down to ~1e-9 over 100 steps.
DEFAULT_TOLERANCE = 1e-10
# ndarray.max and .min go through a Python wrapper: a microsecond a call on every step.
_max, _min = np.maximum.reduce, np.minimum.reduce


class Simulation:
    """Balls with any mix of optimizers and settings, advanced in lockstep on one landscape."""

    _next_run_id = 0

    def __init__(self, landscape: Landscape, balls: Sequence[Ball], history_capacity: int = 2048,
                 tolerance: float = DEFAULT_TOLERANCE, user_gradient: GradientFn | None = None,
                 measure_paths: bool = False, seed: int | Sequence[int] = 0, noise_streams: Sequence[int] | None = None):
        """`measure_paths` adds up the length of every step of every ball: exact whatever the history
        keeps, for a pass or two more per step, which is why headless runs leave it off. A noisy ball
        draws its noise from `seed` (one for all, or one per ball) and its stream, by default its index."""
        for ball in balls:
            if ball.start is None:
                raise ValueError(f"{ball.label} has no start")
            if len(ball.start) != landscape.dim:
                raise ValueError(f"start {ball.start} has {len(ball.start)} coordinates; "
                                 f"{landscape.name} has {landscape.dim}")
            if ball.gradient == GradientSource.USER and user_gradient is None:
                raise ValueError("a ball follows the user's gradient, but none was given")
            if ball.batch is not None and landscape.batch_gradient is None:
                raise ValueError("a ball takes minibatches (batch = B), but the landscape is not a data fit")
        self.landscape = landscape
        self.user_gradient = user_gradient
        self._user_balls = np.array([b.gradient == GradientSource.USER for b in balls], dtype=bool)
        self._batches = np.array([b.batch or 0 for b in balls], dtype=np.int64)  # 0: every data point
        self.balls = tuple(balls)
        self.tolerance = tolerance
        with np.errstate(all="ignore"):
            self.gradient_tolerance = gradient_tolerance(landscape, tolerance)
        self.history_capacity = history_capacity
        Simulation._next_run_id += 1
        self.run_id = Simulation._next_run_id
        n, dim = len(self.balls), landscape.dim
        # Positions, gradients and optimizer states are (n, dim) arrays stored column-major: the
        # landscape works on each coordinate of all balls, and a column of a row-major (n, 2) array
        # is strided, which makes every pass of the arithmetic half again as slow.
        self._starts = np.asfortranarray(np.array([b.start for b in self.balls], dtype=float).reshape(n, dim))
        # Which balls share an optimizer and a gradient, and which follow a schedule: fixed for the run,
        # so worked out once here rather than on every reset (a loop over every ball).
        self._plans: list[GroupPlan] = group_plans(self.balls, self.landscape.gradient, self.user_gradient,
                                                   self._batch_gradient_of)
        self._schedule_plans: list[SchedulePlan] = schedule_plans(self.balls, self._plans)
        # The common case, and the one the benchmark measures: one optimizer for every ball, on the
        # landscape's own gradient. While every ball runs, its step needs no gathering by index.
        self.seed, self.noise_streams = seed, noise_streams
        self.noise = GradientNoise([b.noise for b in self.balls], seed,
                                   range(n) if noise_streams is None else noise_streams, dim)
        self._one_group = (len(self._plans) == 1 and len(self._plans[0][0]) == n and not self._user_balls.any()
                           and not self._batches.any() and not self.noise.any)
        self._kernel: Kernel = self.landscape.workspace(n)
        self._gradients: np.ndarray | None = None
        self._scratch = np.empty(n)
        self.history: History | None = None
        self.measure_paths = measure_paths
        self.reset()

    def reset(self) -> None:
        """Back to step 0: every ball at its start with fresh optimizer state."""
        n, dim = len(self.balls), self.landscape.dim
        self.step_count = 0
        self.positions = self._starts.copy(order="F")
        with np.errstate(all="ignore"):  # a start far out may overflow the landscape or the gradient norm
            self.losses, self.gradients = self._evaluate(self.positions, 0)
        self.status = np.full(n, BallStatus.RUNNING, dtype=np.int8)
        self.stopped_at = np.full(n, -1, dtype=np.int64)
        self.on_flat_ground = np.zeros(n, dtype=bool)
        self.path_lengths = np.zeros(n) if self.measure_paths else None
        self._every_ball_runs = True  # kept by _check, the only writer of status: saves a scan per step
        with np.errstate(all="ignore"):  # e.g. AdamW's 1 − η·λ with η = 1e308: a ball that will diverge
            self._groups: list[tuple[np.ndarray, Optimizer, GradientFn]] = [
                (index, OPTIMIZERS[kind](params, len(index), dim), gradient)
                for index, kind, params, gradient in self._plans]
        for _, optimizer, _ in self._groups:
            if optimizer.needs_values:
                optimizer.values = self.landscape.value
        self._sole_optimizer = self._groups[0][1] if self._one_group else None
        # Nesterov steps by the gradient at its look-ahead point: with a kernel that gives values alone
        # and promises them finite, its steps leave the gradient at the balls until someone asks for it.
        self._gradients_when_asked = bool(
            self._sole_optimizer is not None and not self._sole_optimizer.steps_by_gradient_at_x
            and self._kernel.has_value_alone and self._kernel.finite_within >= DIVERGENCE_BOUND)
        self._scheduled = [(self._groups[number][1], base, parts) for number, base, parts in self._schedule_plans]
        # A reset run reuses its buffers: first writes to fresh memory cost more than the steps.
        if self.history is not None and self.history.positions.shape == (self.history_capacity, n, dim):
            self.history.clear()
        else:
            self.history = History(self.history_capacity, n, dim)
        self.history.append(0, self.positions, self.losses)
        with np.errstate(all="ignore"):
            self._check(self.positions, np.ones(n, dtype=bool), step=0, previous=self.positions)

    @property
    def running(self) -> np.ndarray:
        return self.status == BallStatus.RUNNING

    @property
    def finished(self) -> bool:
        return bool(self.status.all())  # RUNNING is 0

    @property
    def gradients(self) -> np.ndarray:
        """The gradient at every ball's position (a Nesterov run may work it out only now)."""
        if self._gradients is None:
            gradients = np.empty_like(self.positions, order="F")
            with np.errstate(all="ignore"):
                self._kernel.gradient(self.positions, gradients)
            self._gradients = gradients
        return self._gradients

    @gradients.setter
    def gradients(self, gradients: np.ndarray | None) -> None:
        self._gradients = gradients

    @property
    def _on_fast_path(self) -> bool:
        """The next step is `_step_all`'s (every ball runs, one optimizer): `preview` must take the same path."""
        return self._every_ball_runs and self._sole_optimizer is not None

    def advance(self, steps: int = 1) -> int:
        """Take up to `steps` steps; returns how many were taken (fewer once every ball stopped)."""
        taken = 0
        scheduled = bool(self._scheduled)
        with np.errstate(all="ignore"):
            while taken < steps:
                if self._on_fast_path:
                    if scheduled:
                        self._schedule_rates()
                    self._step_all()
                elif not self.finished:
                    if scheduled:
                        self._schedule_rates()
                    self._step()
                else:
                    break
                taken += 1
        return taken

    def _schedule_rates(self) -> None:
        """Set each scheduled group's η to η_t for the coming step t (counted from 0)."""
        t = np.asarray(self.step_count, dtype=np.int64)
        for optimizer, base, parts in self._scheduled:
            lr = base.copy()
            for local, own_lr, schedule in parts:
                lr[local] = schedule._rates(own_lr, t)
            optimizer.set_lr(lr)

    def _step_all(self) -> None:
        """A step of every ball with the one optimizer: the same numbers as `_step`, written in place.

        The positions and losses go straight into the history's next row, and the run's are read-only
        views of it (writing to them would rewrite the past); the gradients are a fresh array, or None
        until asked for (`gradients`). All in
        between lives in buffers the optimizer and the landscape's kernel own."""
        previous = self.positions
        positions, losses = self.history.next_row()
        in_place = self.history.capacity > 5 or not np.may_share_memory(positions, previous)
        if not in_place:  # a history of 4 or 5 rows just thinned: its next row is the newest one
            positions, losses = np.empty_like(previous), np.empty(len(previous))
        self._sole_optimizer.step_into(previous, self._gradients, self._kernel.gradient, positions)
        no_step = self._sole_optimizer.no_step
        if self._gradients_when_asked:
            gradients = None
            self._kernel.value(positions, losses)
        else:
            gradients = np.empty_like(previous)
            self._kernel.value_and_gradient(positions, losses, gradients)
        self.step_count += 1
        if in_place:
            self.history.commit(self.step_count)
            positions, losses = read_only(positions), read_only(losses)
        else:
            self.history.append(self.step_count, positions, losses)
        self.positions, self.losses, self.gradients = positions, losses, gradients
        self._measure(positions, previous)
        self._check(positions, None, self.step_count, previous, no_step)

    def _step(self) -> None:
        active = self.running
        previous = self.positions
        proposed = previous.copy(order="K")
        shifts = self.noise.shifts(self.step_count) if self.noise.any else None
        no_step = np.zeros(len(previous), dtype=bool)
        for index, optimizer, gradient in self._groups:
            followed = self.gradients[index]
            if shifts is not None:  # the gradient followed is g + σ·ξ (g exact, the user's or its batch's mean)
                followed, gradient = followed + shifts[index], shifted(gradient, shifts[index])
            proposed[index] = optimizer.step(previous[index], followed, gradient)
            if optimizer.no_step is not None:
                no_step[index] = optimizer.no_step
        losses, gradients = self._evaluate(proposed, self.step_count + 1)
        self.step_count += 1
        frozen = ~active
        proposed[frozen] = previous[frozen]
        losses[frozen] = self.losses[frozen]
        gradients[frozen] = self.gradients[frozen]
        self.positions, self.losses, self.gradients = proposed, losses, gradients
        self._measure(proposed, previous)
        self._check(proposed, active, self.step_count, previous, no_step)
        self.history.append(self.step_count, self.positions, self.losses)

    def _measure(self, positions: np.ndarray, previous: np.ndarray) -> None:
        if self.path_lengths is not None:
            self.path_lengths += row_norms(positions - previous)  # a stopped ball adds 0

    def _evaluate(self, positions: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
        """Losses, and the gradient each ball follows on step number `step` (counted from 0, the coming one):
        the exact one, the user's for their balls, the mean over its batch for a ball with a batch size."""
        losses = np.empty(len(positions))
        gradients = np.empty_like(positions, order="F")
        self._kernel.value_and_gradient(positions, losses, gradients)
        if self._user_balls.any():
            gradients[self._user_balls] = self.user_gradient(positions[self._user_balls])
        if self._batches.any():
            index = np.flatnonzero(self._batches)
            gradients[index] = self._batch_gradient(positions[index], index, step)
        return losses, gradients

    def _batch_gradient_of(self, index: np.ndarray) -> GradientFn:
        # a look-ahead (Nesterov) takes the batch of the step being taken, number step_count
        return lambda points: self._batch_gradient(points, index, self.step_count)

    def _batch_gradient(self, points: np.ndarray, index: np.ndarray, step: int) -> np.ndarray:
        return self.landscape.batch_gradient(points, index, self._batches[index], self._user_balls[index], step)

    def _nothing_stops(self, positions: np.ndarray, previous: np.ndarray) -> bool:
        """True when no ball can have diverged or converged, judged from a few whole-array numbers.

        Most steps stop no ball, and the per-ball tests cost many passes over the arrays. These
        err only towards "look closer": a NaN makes a max, min or sum NaN and every comparison
        false, and a sum that overflows merely sends the step to the per-ball tests.
        """
        if not (_max(positions, axis=None) <= DIVERGENCE_BOUND and _min(positions, axis=None) >= -DIVERGENCE_BOUND):
            return False
        kernel_promises_finite = self._kernel.finite_within >= DIVERGENCE_BOUND
        if not (kernel_promises_finite or math.isfinite(self.losses.sum() + self.gradients.sum())):
            return False
        # A ball converges only where ‖g‖ and its step are at most their tolerances, so where |∂f/∂x₁|
        # is (twice that here: a margin for the rounding of the norm), or, while the gradient waits
        # until asked for, where its step along x₁ is.
        if self._gradients is None:
            first = np.subtract(positions[:, 0], previous[:, 0], out=self._scratch)
            np.abs(first, out=first)
            return bool(_min(first) > 2.0 * self.tolerance)
        first = np.abs(self._gradients[:, 0], out=self._scratch)
        return bool(_min(first) > 2.0 * self.gradient_tolerance)

    def _check(self, positions: np.ndarray, active: np.ndarray | None, step: int, previous: np.ndarray,
               no_step: np.ndarray | None = None) -> None:
        """Mark the balls that diverged, converged or had no step (`no_step`); `active` None means every ball."""
        no_step = None if no_step is None or not no_step.any() else no_step
        if len(positions) and no_step is None and self._nothing_stops(positions, previous):
            return
        stopped = mark_stops(self, positions, active, step, previous, no_step)
        self._every_ball_runs = self._every_ball_runs and not stopped.any()

    def preview(self) -> NextStep:
        """The coming step of every ball, without taking it (the run is left exactly as it was)."""
        n, dim = len(self.balls), self.landscape.dim
        x = self.positions
        nan = np.full((n, dim), np.nan)
        preview = NextStep(
            step=self.step_count + 1, positions=x.copy(), next_positions=x.copy(), gradient_points=x.copy(),
            gradients=self.gradients.copy(), lr=np.full(n, np.nan), moving=self.running.copy(),
            states_before={name: nan.copy() for name in STATE_NAMES},
            states_after={name: nan.copy() for name in STATE_NAMES}, adam_t=np.zeros(n, dtype=np.int64),
            noise=self.noise.shifts(self.step_count) if self.noise.any else np.zeros((n, dim)))
        if self.finished:
            return preview
        with np.errstate(all="ignore"):
            if self._scheduled:
                self._schedule_rates()  # the rates `advance` would set for this step: it sets them again
            for index, optimizer, gradient in self._groups:
                self._preview_group(preview, index, optimizer, gradient)
        return preview

    def _preview_group(self, preview: NextStep, index: np.ndarray, optimizer: Optimizer, gradient: GradientFn) -> None:
        clone = copy.deepcopy(optimizer)
        looked_at: list[tuple[np.ndarray, np.ndarray]] = []
        if self._on_fast_path:
            def recording_kernel(points: np.ndarray, out: np.ndarray) -> None:
                self._kernel.gradient(points, out)
                looked_at.append((points.copy(), out.copy()))

            step = np.empty_like(self.positions)
            clone.step_into(self.positions, self.gradients, recording_kernel, step)
        else:
            def recording_gradient(points: np.ndarray) -> np.ndarray:
                found = np.broadcast_to(gradient(points), points.shape)
                looked_at.append((points.copy(), np.array(found)))
                return found

            shift = preview.noise[index]  # what `_step` adds, the same numbers
            step = clone.step(self.positions[index], self.gradients[index] + shift, shifted(recording_gradient, shift))
        moving = index[preview.moving[index]]
        local = preview.moving[index]
        preview.next_positions[moving] = step[local]
        if looked_at and not clone.steps_by_gradient_at_x:  # Nesterov's look-ahead (not Newton's differences)
            points, found = looked_at[-1]
            preview.gradient_points[moving] = points[local]
            preview.gradients[moving] = found[local]
        preview.lr[index] = clone.params["lr"][:, 0]
        for name in clone.state_names:
            preview.states_before[name][index] = getattr(optimizer, name)
            preview.states_after[name][index] = getattr(clone, name)
        preview.adam_t[index] = getattr(clone, "t", 0)

    def snapshot(self) -> Snapshot:
        h = self.history
        return Snapshot(
            run_id=self.run_id, step=self.step_count, positions=self.positions.copy(),
            losses=self.losses.copy(), gradients=self.gradients.copy(), status=self.status.copy(),
            stopped_at=self.stopped_at.copy(), on_flat_ground=self.on_flat_ground.copy(),
            history_steps=read_only(h.steps[:h.length]),
            history_positions=read_only(h.positions[:h.length]),
            history_losses=read_only(h.losses[:h.length]),
            history_thinned=h.thinned,
            path_lengths=None if self.path_lengths is None else self.path_lengths.copy())


def run(landscape: Landscape, balls: Sequence[Ball], steps: int,
        tolerance: float = DEFAULT_TOLERANCE, user_gradient: GradientFn | None = None, **noise) -> Simulation:
    """A finished headless run of `steps` steps whose history keeps every step (`noise`: Simulation's
    seed and noise_streams)."""
    simulation = Simulation(landscape, balls, history_capacity=max(steps + 1, 4), tolerance=tolerance,
                            user_gradient=user_gradient, **noise)
    simulation.advance(steps)
    return simulation

