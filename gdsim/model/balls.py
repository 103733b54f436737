"""A ball: the one type that lesson files, --ball specs, the panel, fits and the engine all use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from gdsim.model.limits import MAX_GRADIENT_NOISE, quoted
from gdsim.model.optimizers import Hyperparameter, OptimizerKind, checked_params, hyperparameters
from gdsim.model.schedules import Schedule

PALETTE_SIZE = 7  # ball colours are indices into a palette of this many (gdsim.qt.style.BALL_COLORS)
MAX_NAME_LENGTH = 60
SCHEDULE_SEPARATOR = " · "  # between a ball's optimizer settings and its schedule in its label
# σ of a ball's gradient noise, as a setting for a spin box (checked by `checked_noise`, which allows the bound)
NOISE_SETTING = Hyperparameter("noise", "σ", 0.0, 0.0, MAX_GRADIENT_NOISE, low_inclusive=True)


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
    takes part in the run. On a data fit, `batch` B makes it take minibatch steps over B points
    (gdsim.model.minibatch); None uses every point.
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
    batch: int | None = None
    noise: float = 0.0  # σ of the Gaussian noise added to the gradient it follows (gdsim.model.noise)

    def __post_init__(self):
        # Every setting of its optimizer, a default where none is given: the editor, the engine and the documents
        # read them all, and a ball built by hand or a setup saved before a setting existed (form) lacks some.
        missing = {h.name: h.default for h in hyperparameters(self.optimizer) if h.name not in self.params}
        if missing:
            object.__setattr__(self, "params", {**self.params, **missing})

    @classmethod
    def make(cls, optimizer: str | OptimizerKind, start: Sequence[float] | None = None, *,
             gradient: str | GradientSource = GradientSource.EXACT, schedule: Schedule | None = None,
             batch: int | None = None, noise: float = 0.0, **params: float) -> Ball:
        """A ball with its hyperparameters checked (ValueError names one that is not allowed)."""
        kind = OptimizerKind(optimizer)
        return cls(kind, checked_params(kind, params), GradientSource(gradient), schedule,
                   None if start is None else tuple(float(c) for c in start), batch=batch, noise=checked_noise(noise))

    def at(self, start: Sequence[float]) -> Ball:
        """This ball placed at `start`."""
        return replace(self, start=tuple(float(c) for c in start))

    @property
    def settings_label(self) -> str:
        """E.g. 'Momentum η=0.005 ρ=0.9' or 'Adam η=0.1': η and ρ always, the others where not default,
        then a minibatch's size ('SGD η=0.5 B=10');
        then the schedule, if any: 'SGD η=0.5 · cosine restarts every 50 steps, ηₘᵢₙ=0.01'."""
        values = " ".join(f"{h.symbol}={h.text(self.params[h.name])}" for h in hyperparameters(self.optimizer)
                          if h.name in ("lr", "momentum") or self.params[h.name] != h.default)
        if self.batch is not None:
            values += f" B={self.batch}"
        schedule = f"{SCHEDULE_SEPARATOR}{self.schedule.label}" if self.schedule is not None else ""
        noise = f" σ={self.noise:g}" if self.noise else ""
        suffix = " (your ∇f)" if self.gradient == GradientSource.USER else ""
        return f"{self.optimizer.display_name} {values}{noise}{schedule}{suffix}"

    @property
    def label(self) -> str:
        """What the ball is called on screen: its name, or else its settings."""
        return self.name or self.settings_label


def checked_noise(value) -> float:
    """σ of a ball's gradient noise as a float, or ValueError saying what is allowed."""
    try:
        sigma = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"noise must be a number, got {quoted(value)}") from None
    if not (0.0 <= sigma <= MAX_GRADIENT_NOISE):  # NaN fails too
        raise ValueError(f"noise must be a number from 0 to {MAX_GRADIENT_NOISE:g}, got {sigma:g}")
    return sigma


def placed(balls: Sequence[Ball], starts: Sequence[Sequence[float]]) -> list[Ball]:
    """Every ball at every start, start by start: the order of a run's balls."""
    return [ball.at(start) for start in starts for ball in balls]
