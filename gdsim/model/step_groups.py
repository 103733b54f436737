"""Which balls of a run share an optimizer and a gradient, and which follow a learning-rate schedule.

Fixed for the run, so gdsim.model.simulation works them out once, when it is built, rather than on
every reset (a loop over every ball)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from gdsim.model.balls import Ball, GradientSource
from gdsim.model.optimizers import GradientFn, OptimizerKind, hyperparameters
from gdsim.model.schedules import Schedule

# Per group: its balls' indices, their optimizer, their settings (one array per hyperparameter) and
# the gradient they follow.
GroupPlan = tuple[np.ndarray, OptimizerKind, dict[str, np.ndarray], GradientFn]
# Per group that has a scheduled ball: its number, its balls' own η, and per schedule which of its
# balls follow it with their own η.
SchedulePlan = tuple[int, np.ndarray, list[tuple[np.ndarray, np.ndarray, Schedule]]]


def group_plans(balls: Sequence[Ball], exact_gradient: GradientFn, user_gradient: GradientFn | None,
                batch_gradient_of: Callable[[np.ndarray], GradientFn]) -> list[GroupPlan]:
    """The groups of balls that share an optimizer and a gradient, in the order of OptimizerKind.

    `batch_gradient_of(index)` is the gradient the balls `index` follow when they take minibatches."""
    members: dict[tuple[OptimizerKind, GradientSource, bool], list[int]] = {}
    for i, ball in enumerate(balls):
        members.setdefault((ball.optimizer, ball.gradient, ball.batch is not None), []).append(i)
    plans: list[GroupPlan] = []
    for kind, source, batched in sorted(members, key=lambda key: (list(OptimizerKind).index(key[0]), *key[1:])):
        index = np.array(members[kind, source, batched], dtype=np.intp)
        params = {h.name: np.array([balls[i].params[h.name] for i in index])
                  for h in hyperparameters(kind)}
        gradient = user_gradient if source == GradientSource.USER else exact_gradient
        if batched:
            gradient = batch_gradient_of(index)
        plans.append((index, kind, params, gradient))
    return plans


def schedule_plans(balls: Sequence[Ball], plans: Sequence[GroupPlan]) -> list[SchedulePlan]:
    """Scheduled learning rates: per group that has a scheduled ball, its balls' own η and, per
    schedule, which of its balls follow it (balls without one keep their η). Before each step the
    group's η column is set to η_t; groups without schedules never pay for it."""
    result: list[SchedulePlan] = []
    for number, (index, _, params, _) in enumerate(plans):
        followers: dict[int, tuple[Schedule, list[int]]] = {}
        for local, i in enumerate(index):
            schedule = balls[i].schedule
            if schedule is not None:
                key = next((k for k, (s, _) in followers.items() if s == schedule), len(followers))
                followers.setdefault(key, (schedule, []))[1].append(local)
        if followers:
            base = params["lr"]
            parts = [(np.array(local, dtype=np.intp), base[local], schedule)
                     for schedule, local in followers.values()]
            result.append((number, base, parts))
    return result
