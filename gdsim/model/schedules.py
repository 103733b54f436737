"""Learning-rate schedules with torch.optim.lr_scheduler's formulas and parameter names.

η_t is the rate of step t, counted from 0: the learning rate torch's scheduler gives the optimizer's
step t when the scheduler is stepped once after every optimizer step. With η the ball's own lr:

  constant          η_t = η
  step              η_t = η·γ^⌊t / step_size⌋                                  (StepLR; γ = 0.1)
  exponential       η_t = η·γ^t                                                 (ExponentialLR)
  cosine            η_t = η_min + (η − η_min)·(1 + cos(π·t / T_max)) / 2       (CosineAnnealingLR; η_min = 0)
  cosine-restarts   η_t = η_min + (η − η_min)·(1 + cos(π·T_cur / T_i)) / 2     (CosineAnnealingWarmRestarts;
                    T_mult = 1, η_min = 0), where a cycle of T_i steps starts at T_i = T_0 and each
                    restart multiplies it by T_mult, and T_cur counts the steps since the last restart.

These are the closed forms torch documents. torch computes StepLR, ExponentialLR and
CosineAnnealingLR recursively from the previous rate; the two agree to rounding (CosineAnnealingLR
keeps following the cosine past T_max, back up to η at 2·T_max, as its recursion does).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gdsim.model.limits import quoted
from gdsim.model.messages import QT_TRANSLATE_NOOP, Template

SCHEDULE_NAMES = ("constant", "step", "exponential", "cosine", "cosine-restarts")


MAX_WHOLE = 1e9


class ScheduleError(ValueError):
    """A schedule that cannot be: `key` is the setting at fault (`schedule` or a parameter's name)."""

    def __init__(self, message: str, key: str = "schedule"):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class _Parameter:
    name: str
    whole: bool  # a whole number >= 1 (a count of steps or a factor of them)
    default: float | int | None = None  # None: required
    low_inclusive: bool = True  # for real parameters: >= 0 when True, > 0 when False

    def check(self, schedule: str, value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ScheduleError(f"{schedule} schedule: {self.name} must be a number, got {quoted(value)}", self.name)
        if self.whole:
            # Bounded so that step arithmetic stays in 64-bit integers (a run has at most 10⁷ steps anyway).
            if not (math.isfinite(value) and value == int(value) and value >= 1):
                raise ScheduleError(f"{schedule} schedule: {self.name} must be a whole number >= 1, got {value:g}",
                                    self.name)
            if value > MAX_WHOLE:
                raise ScheduleError(f"{schedule} schedule: {self.name} must be at most {MAX_WHOLE:g}, got {value:g}",
                                    self.name)
            return int(value)
        value = float(value)
        if not (math.isfinite(value) and (value >= 0 if self.low_inclusive else value > 0)):
            allowed = "a finite number >= 0" if self.low_inclusive else "a positive finite number"
            raise ScheduleError(f"{schedule} schedule: {self.name} must be {allowed}, got {value:g}", self.name)
        return value


_GAMMA = _Parameter("gamma", whole=False, low_inclusive=False)
_ETA_MIN = _Parameter("eta_min", whole=False, default=0.0)
PARAMETERS: dict[str, tuple[_Parameter, ...]] = {
    "constant": (),
    "step": (_Parameter("step_size", whole=True), _Parameter("gamma", False, 0.1, False)),
    "exponential": (_GAMMA,),
    "cosine": (_Parameter("T_max", whole=True), _ETA_MIN),
    "cosine-restarts": (_Parameter("T_0", whole=True), _Parameter("T_mult", True, 1), _ETA_MIN),
}
# How a label tells a schedule: a phrase that names it with its main settings, then one phrase for
# each other setting not at its default. Templates, so the GUI shows them in its language
# (gdsim.qt.names.ball_label) while the CLI prints them in English.
SCHEDULE_PHRASES: dict[str, Template] = {
    "constant": QT_TRANSLATE_NOOP("Schedules", "constant η"),
    "step": QT_TRANSLATE_NOOP("Schedules", "step decay ×{gamma} every {step_size} steps"),
    "exponential": QT_TRANSLATE_NOOP("Schedules", "exponential decay ×{gamma} every step"),
    "cosine": QT_TRANSLATE_NOOP("Schedules", "cosine annealing over {T_max} steps"),
    "cosine-restarts": QT_TRANSLATE_NOOP("Schedules", "cosine restarts every {T_0} steps"),
}
SETTING_PHRASES: dict[str, Template] = {
    "eta_min": QT_TRANSLATE_NOOP("Schedules", "ηₘᵢₙ={eta_min}"),
    "T_mult": QT_TRANSLATE_NOOP("Schedules", "each cycle ×{T_mult} longer"),
}
PHRASE_SEPARATOR = ", "
# A schedule in a few words, where its full phrase does not fit (the map's legend in a small window).
SCHEDULE_SHORT_NAMES: dict[str, str] = {
    "constant": QT_TRANSLATE_NOOP("Schedules", "constant η"),
    "step": QT_TRANSLATE_NOOP("Schedules", "step decay"),
    "exponential": QT_TRANSLATE_NOOP("Schedules", "exponential decay"),
    "cosine": QT_TRANSLATE_NOOP("Schedules", "cosine annealing"),
    "cosine-restarts": QT_TRANSLATE_NOOP("Schedules", "cosine restarts"),
}
# Every key a schedule may take, besides `schedule` itself: what a ball's settings set apart.
PARAMETER_NAMES: tuple[str, ...] = tuple(dict.fromkeys(p.name for ps in PARAMETERS.values() for p in ps))


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule: its name and its checked parameters (defaults filled in).

    `Schedule("cosine-restarts", {"T_0": 50})` checks and completes its parameters, raising
    ScheduleError (a ValueError) with a message that says what is allowed.
    """

    name: str
    params: Mapping[str, float | int] = field(default_factory=dict)

    def __post_init__(self):
        if self.name not in PARAMETERS:
            raise ScheduleError(f"unknown schedule {quoted(self.name)}; choose one of: {', '.join(SCHEDULE_NAMES)}")
        known = {p.name: p for p in PARAMETERS[self.name]}
        unknown = sorted(set(self.params) - set(known))
        if unknown:
            takes = ", ".join(known) if known else "no parameters"
            raise ScheduleError(f"{self.name} schedule has no parameter {quoted(unknown[0])}; it takes: {takes}",
                                unknown[0])
        checked: dict[str, float | int] = {}
        for name, parameter in known.items():
            if name in self.params:
                checked[name] = parameter.check(self.name, self.params[name])
            elif parameter.default is None:
                raise ScheduleError(f"{self.name} schedule needs {name}", name)
            else:
                checked[name] = parameter.default
        object.__setattr__(self, "params", checked)

    @classmethod
    def make(cls, name: str, **params: float) -> Schedule:
        return cls(name, params)

    @property
    def label(self) -> str:
        """E.g. 'cosine restarts every 50 steps, ηₘᵢₙ=0.01' or 'step decay ×0.5 every 100 steps':
        the schedule's phrase, then each setting that the phrase leaves out and is not at its default."""
        values = {name: f"{value:g}" for name, value in self.params.items()}
        phrase = SCHEDULE_PHRASES[self.name]
        others = [SETTING_PHRASES[p.name].format(**values) for p in PARAMETERS[self.name]
                  if "{" + p.name + "}" not in phrase and self.params[p.name] != p.default]
        return PHRASE_SEPARATOR.join([phrase.format(**values), *others])

    def rate(self, base_lr: float | np.ndarray, t: int | np.ndarray) -> float | np.ndarray:
        """η_t for the step(s) t (whole numbers >= 0), given the ball's own rate η; broadcasts
        base_lr against t. A float for a scalar t and base_lr, else an array."""
        steps = np.asarray(t)
        if steps.dtype.kind not in "iu" and not (
                steps.dtype.kind == "f" and np.all(np.isfinite(steps)) and np.all(steps == np.floor(steps))):
            raise ValueError(f"t must be whole step numbers, got {t!r}")
        if np.any(steps < 0):
            raise ValueError("t must be >= 0")
        steps = steps.astype(np.int64)
        base = np.asarray(base_lr, dtype=float)
        with np.errstate(over="ignore", under="ignore"):  # γ > 1 over many steps: an infinite rate
            rates = self._rates(base, steps)
        return float(rates) if rates.ndim == 0 else rates

    def _rates(self, base: np.ndarray, t: np.ndarray) -> np.ndarray:
        p = self.params
        if self.name == "constant":
            return np.broadcast_to(base, np.broadcast_shapes(base.shape, t.shape)).copy()
        if self.name == "step":
            return base * float(p["gamma"]) ** (t // p["step_size"]).astype(float)
        if self.name == "exponential":
            return base * p["gamma"] ** t.astype(float)
        if self.name == "cosine":
            t_cur, t_i = t.astype(float), float(p["T_max"])
        else:
            t_cur, t_i = _restart_position(t, p["T_0"], p["T_mult"])
        eta_min = p["eta_min"]
        return eta_min + (base - eta_min) * (1 + np.cos(math.pi * t_cur / t_i)) / 2


def _restart_position(t: np.ndarray, t_0: int, t_mult: int) -> tuple[np.ndarray, np.ndarray]:
    """(T_cur, T_i) of CosineAnnealingWarmRestarts at step t, in whole numbers as torch counts them."""
    if t_mult == 1:
        return (t % t_0).astype(float), np.full(t.shape, float(t_0))
    # Cycle n starts at T_0·(T_multⁿ − 1)/(T_mult − 1). The logarithm finds n up to rounding, and the
    # starts, exact whole numbers in floating point below 2⁵³, correct it at the boundaries.
    steps = t.astype(float)
    n = np.floor(np.log(steps / t_0 * (t_mult - 1) + 1) / math.log(t_mult))
    start = lambda k: t_0 * (float(t_mult) ** k - 1) / (t_mult - 1)  # noqa: E731
    n = np.where(steps < start(n), n - 1, n)
    n = np.where(steps >= start(n + 1), n + 1, n)
    return steps - start(n), t_0 * float(t_mult) ** n


def schedule_from_settings(settings: dict[str, Any]) -> Schedule | None:
    """Take `schedule` and the schedule parameters out of a ball's settings (in place) and build the
    schedule; None when there is none. ScheduleError says what is wrong and which key."""
    name = settings.pop("schedule", None)
    values = {key: settings.pop(key) for key in PARAMETER_NAMES if key in settings}
    if name is None:
        if values:
            key = next(iter(values))
            owners = [s for s, ps in PARAMETERS.items() if any(p.name == key for p in ps)]
            raise ScheduleError(f"{key} is a setting of the {' or '.join(owners)} schedule; "
                                f"give schedule={owners[0]} with it", key)
        return None
    if not isinstance(name, str):
        raise ScheduleError(f"unknown schedule {quoted(name)}; choose one of: {', '.join(SCHEDULE_NAMES)}")
    return Schedule(name, values)


# What a schedule chosen in the window's panel starts with (lesson files and the CLI set their own).
ILLUSTRATIVE_PARAMS = {"step": {"step_size": 50, "gamma": 0.5}, "exponential": {"gamma": 0.99},
                       "cosine": {"T_max": 200}, "cosine-restarts": {"T_0": 50, "eta_min": 0.0}}
