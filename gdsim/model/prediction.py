"""Predict, then reveal: a round of the class's guesses about a run, and the run's answer.

A round asks about the selected ball after `steps` steps from the start, one of two ways:

- "where": each guess is a point (numbered from 1 in the order placed); the answer is the ball's position
  at step k, each guess's distance to it and the closest guess (the first of equally close ones);
- "converge-or-diverge": the class's votes for converges, diverges and stalls; the answer is the outcome.

The outcome is read from the engine's status of the ball at step k (gdsim.model.ball_status):
converged on curved ground → converges; diverged, or stepped out of the domain → diverges; anything else
→ stalls: still running at step k (it has not settled within the steps asked about), or stopped on
flat ground (a gradient of 0 where there is no minimum).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from gdsim.model.ball_status import BallStatus


class PredictionKind(StrEnum):
    WHERE = "where"
    CONVERGE_OR_DIVERGE = "converge-or-diverge"


class Outcome(StrEnum):
    CONVERGES = "converges"
    DIVERGES = "diverges"
    STALLS = "stalls"


OUTCOMES = tuple(Outcome)


def outcome_of(status: int, on_flat_ground: bool) -> Outcome:
    """What a ball's status at step k answers to "converges, diverges or stalls?" (see the module's notes)."""
    if status == BallStatus.CONVERGED and not on_flat_ground:
        return Outcome.CONVERGES
    if status in (BallStatus.DIVERGED, BallStatus.UNDEFINED):
        return Outcome.DIVERGES
    return Outcome.STALLS


@dataclass(frozen=True)
class Answer:
    """What the run did by step k: the ball's position, each guess's distance to it, the closest guess
    (an index into the guesses, None without guesses) and the outcome."""

    step: int
    position: tuple[float, ...]
    distances: tuple[float, ...]
    closest: int | None
    outcome: Outcome


@dataclass(frozen=True)
class PredictionRound:
    """One question to the class: its kind, the steps it asks about, the guesses or votes so far, and the
    answer once revealed. Immutable: every change is a new round (the controller owns the current one)."""

    kind: PredictionKind
    steps: int
    guesses: tuple[tuple[float, ...], ...] = ()
    votes: tuple[int, int, int] = (0, 0, 0)  # converges, diverges, stalls, in OUTCOMES' order
    answer: Answer | None = None

    @property
    def revealed(self) -> bool:
        return self.answer is not None

    def with_guess(self, point) -> PredictionRound:
        return replace(self, guesses=(*self.guesses, tuple(float(v) for v in point)))

    def without_last_guess(self) -> PredictionRound:
        return replace(self, guesses=self.guesses[:-1])

    def with_vote(self, outcome: Outcome) -> PredictionRound:
        index = OUTCOMES.index(Outcome(outcome))
        return replace(self, votes=tuple(v + (i == index) for i, v in enumerate(self.votes)))

    def with_steps(self, steps: int) -> PredictionRound:
        return replace(self, steps=max(1, int(steps)))

    def votes_for(self, outcome: Outcome) -> int:
        return self.votes[OUTCOMES.index(Outcome(outcome))]

    def revealed_by(self, step: int, position, status: int, on_flat_ground: bool) -> PredictionRound:
        """The round with its answer: the selected ball at `step` (k, or where it stopped before k)."""
        at = np.asarray(position, dtype=float)
        distances = tuple(float(np.linalg.norm(np.asarray(g) - at)) for g in self.guesses)
        closest = int(np.argmin(distances)) if distances else None
        return replace(self, answer=Answer(int(step), tuple(float(v) for v in at), distances, closest,
                                           outcome_of(status, on_flat_ground)))


def distance_text(distance: float) -> str:
    """A guess's distance as the map and the prediction bar say it: two decimals, as a class reads it aloud
    (a tiny one in scientific notation, so that no guess reads "0.00 away")."""
    return f"{distance:.2f}" if distance >= 0.005 or distance == 0 else f"{distance:.1e}"
