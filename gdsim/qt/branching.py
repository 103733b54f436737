"""The controller's half that branches a run: a ball's η, ρ, optimizer or schedule changed at step k > 0.

A mixin of gdsim.qt.controller.Controller, which owns the state it reads and writes (the setup, the
timeline, the ghosts, the runs kept for Undo): one object still changes the run. Whether such an edit
restarts the run or branches it is the branch policy: ask (the window's question, `set_branch_question`),
branch, or restart. At step 0, in a lesson stage and with no question to ask, the run restarts as any
edit does.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import numpy as np
from PySide6.QtCore import QCoreApplication

from gdsim.model.branching import BranchRefused, Ghost, continue_branch, make_ghost
from gdsim.model.setup import Setup
from gdsim.model.timeline import Timeline, checkpoint_capacity

KEPT_RUNS = 8  # runs kept whole for Undo and Redo around branches (each with its checkpoints)


class BranchPolicy(StrEnum):
    ASK = "ask"
    BRANCH = "branch"
    RESTART = "restart"


# The window's question: given step k, the choice (BRANCH or RESTART) and whether to remember it.
BranchQuestion = Callable[[int], tuple[BranchPolicy, bool]]


class Branching:
    """Branching edits, the ghosts and the runs Undo returns to, for the Controller."""

    def _start_branching(self) -> None:
        self._branch_policy = BranchPolicy.ASK
        self._branch_question: BranchQuestion | None = None
        self._ghosts: tuple[Ghost, ...] = ()
        self._kept_runs: list[tuple[Setup, Timeline, tuple[Ghost, ...]]] = []

    @property
    def ghosts(self) -> tuple[Ghost, ...]:
        """The unbranched runs' paths of the balls whose settings changed mid-run (none after a restart)."""
        return self._ghosts

    @property
    def first_step(self) -> int:
        """The first step the timeline goes back to: 0, or the step a branch left the run it came from."""
        return self._timeline.origin

    @property
    def branch_policy(self) -> BranchPolicy:
        return self._branch_policy

    def set_branch_policy(self, policy: str) -> None:
        """What a change of a ball's settings at step k > 0 does: ask, branch, or restart the run."""
        policy = BranchPolicy(policy)
        if policy != self._branch_policy:
            self._branch_policy = policy
            self.sigBranchPolicyChanged.emit(str(policy))

    def set_branch_question(self, question: BranchQuestion | None) -> None:
        """How to ask the user whether to branch (the window's dialog); None: never ask, restart."""
        self._branch_question = question

    def _edit_ball(self, setup: Setup, index: int) -> None:
        """Apply an edit of ball `index`'s settings: a branch from the step shown, or a restart."""
        step = self._timeline.step
        if setup is self._setup or step == 0 or self._setup.lesson is not None or self._replaying:
            self._apply(setup)
            return
        if self._choose(step) != BranchPolicy.BRANCH:
            self._apply(setup)
            return
        try:
            run = self._branched_run(setup, index)
        except BranchRefused:
            self.sigNotice.emit(QCoreApplication.translate(
                "Controller", "This change cannot go on from step {step}: the run restarted.").format(step=step))
            self._apply(setup)
            return
        self._apply(setup, run=run)

    def _choose(self, step: int) -> BranchPolicy:
        if self._branch_policy != BranchPolicy.ASK:
            return self._branch_policy
        if self._branch_question is None:
            return BranchPolicy.RESTART
        was_playing = self.playing
        self.pause()
        choice, remember = self._branch_question(step)
        if remember:
            self.set_branch_policy(choice)
        if was_playing:
            self.play()
        return choice

    def _branched_run(self, setup: Setup, index: int) -> tuple[Timeline, tuple[Ghost, ...]]:
        old, before = self._timeline.simulation, self._setup
        if setup.placed_from != before.placed_from or setup.starts != before.starts:
            raise BranchRefused("the balls of the run changed")
        new = self._new_simulation(setup)
        changed = before.balls[index].optimizer != setup.balls[index].optimizer
        fresh = np.array([changed and placed == index for placed in setup.placed_from], dtype=bool)
        continue_branch(new, old, fresh)
        ball = before.balls[index]
        ghost = make_ghost(self._new_simulation(before), old, index, before.placed_from, ball.label, ball.color,
                           self._timeline.furthest)
        kept = tuple(g for g in self._ghosts if g.setup_index != index)
        return Timeline(new, checkpoint_capacity(len(new.balls))), (*kept, ghost)

    def _run_for(self, setup: Setup, left: Setup, run: tuple[Timeline, tuple[Ghost, ...]] | None):
        """The run to show for `setup`, leaving `left`'s: a branch's, one kept for Undo, or a new one."""
        if run is not None or self._ghosts or self._timeline.origin > 0:
            self._kept_runs = [r for r in self._kept_runs if r[0] is not left][-(KEPT_RUNS - 1):]
            self._kept_runs.append((left, self._timeline, self._ghosts))
        if run is None:
            run = next(((timeline, ghosts) for kept, timeline, ghosts in self._kept_runs if kept is setup), None)
        return run or (self._new_timeline(setup), ())
