"""A ball: the one type that lesson files, --ball specs, the panel, fits and the engine all use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from gdsim.model.optimizers import OptimizerKind, checked_params, hyperparameters
from gdsim.model.schedules import Schedule

PALETTE_SIZE = 7  # ball colours are indices into a palette of this many (gdsim.qt.style.BALL_COLORS)
MAX_NAME_LENGTH = 60
SCHEDULE_SEPARATOR = " · "  # between a ball's optimizer settings and its schedule in its label


class GradientSource(StrEnum):
    EXACT = "exact"  # the landscape's own gradient
    USER = "user"  # a gradient the user typed (or a fit's notebook gradient), right or wrong: followed anyway

    @classmethod
    def _missing_(cls, value):
        # The fitting lessons call the student's own derivation "the notebook gradient".
        return cls.USER if str(value).lower() == "notebook" else None


@dataclass(frozen=True)
class Ball:
    """One ball: its optimizer and that optimizer's hyperparameters, which gradient it follows, the
    schedule of its learning rate (None: η stays the `lr` it has), and where it starts.

    A setup's balls have no start of their own: the setup places every ball at every one of its
    starts (`at`), and the engine runs placed balls. In a setup a ball also has an identity that
    outlives edits (`id`), a palette colour, a name ('' shows its settings, `label`) and whether it
    takes part in the run.
    """

    optimizer: OptimizerKind
    params: Mapping[str, float]
    gradient: GradientSource = GradientSource.EXACT
    schedule: Schedule | None = None
    start: tuple[float, ...] | None = None
    enabled: bool = True
    color: int = 0
    name: str = ""
    id: int = 0

    @classmethod
    def make(cls, optimizer: str | OptimizerKind, start: Sequence[float] | None = None, *,
             gradient: str | GradientSource = GradientSource.EXACT, schedule: Schedule | None = None,
             **params: float) -> Ball:
        """A ball with its hyperparameters checked (ValueError names one that is not allowed)."""
        kind = OptimizerKind(optimizer)
        return cls(kind, checked_params(kind, params), GradientSource(gradient), schedule,
                   None if start is None else tuple(float(c) for c in start))

    def at(self, start: Sequence[float]) -> Ball:
        """This ball placed at `start`."""
        return replace(self, start=tuple(float(c) for c in start))

    @property
    def settings_label(self) -> str:
        """E.g. 'Momentum η=0.005 ρ=0.9' or 'Adam η=0.1': η and ρ always, the others where not default;
        then the schedule, if any: 'SGD η=0.5 · cosine restarts every 50 steps, ηₘᵢₙ=0.01'."""
        values = " ".join(f"{h.symbol}={h.text(self.params.get(h.name, h.default))}" for h in hyperparameters(self.optimizer)
                          if h.name in ("lr", "momentum") or self.params.get(h.name, h.default) != h.default)
        schedule = f"{SCHEDULE_SEPARATOR}{self.schedule.label}" if self.schedule is not None else ""
        suffix = " (your ∇f)" if self.gradient == GradientSource.USER else ""
        return f"{self.optimizer.display_name} {values}{schedule}{suffix}"

    @property
    def label(self) -> str:
        """What the ball is called on screen: its name, or else its settings."""
        return self.name or self.settings_label


def placed(balls: Sequence[Ball], starts: Sequence[Sequence[float]]) -> list[Ball]:
    """Every ball at every start, start by start: the order of a run's balls."""
    return [ball.at(start) for start in starts for ball in balls]
