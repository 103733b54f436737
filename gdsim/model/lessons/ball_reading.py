"""Reading a stage's balls ([[stages.balls]] tables) and the data fit whose minibatches they may take
(fit = { … }), checked field by field for gdsim.model.lessons.reading."""

from __future__ import annotations

import math
from typing import Any

from gdsim.model.balls import MAX_NAME_LENGTH, PALETTE_SIZE, Ball, GradientSource, checked_noise
from gdsim.model.lessons.field_checks import Where, checked_number, has_control
from gdsim.model.limits import MAX_FIT_NOISE, MAX_LESSON_FIT_POINTS, quoted
from gdsim.model.optimizers import OptimizerKind, checked_params, hyperparameters
from gdsim.model.schedules import ScheduleError, schedule_from_settings


def read_ball(table: Any, where: Where, stage: int, index: int, fit: dict[str, Any]) -> Ball:
    name = f"balls[{index + 1}]"
    if not isinstance(table, dict):
        raise where.error("expected a table with optimizer = \"…\" and its settings", stage, name)
    settings = dict(table)
    batch_name = f"{name}.batch" if "batch" in settings else "fit.batch"
    batch = _batch(settings.pop("batch", fit.get("batch")), fit, where, stage, batch_name)
    kind_name = settings.pop("optimizer", None)
    try:
        kind = OptimizerKind(kind_name)
    except ValueError:
        raise where.error(f"unknown optimizer {quoted(kind_name)}; choose one of: {', '.join(OptimizerKind)}",
                          stage, f"{name}.optimizer") from None
    gradient_name = settings.pop("gradient", "exact")
    try:
        gradient = GradientSource(gradient_name)
    except ValueError:
        raise where.error(f"gradient must be exact or user, got {quoted(gradient_name)}", stage,
                          f"{name}.gradient") from None
    color = settings.pop("color", index % PALETTE_SIZE)
    if not isinstance(color, int) or isinstance(color, bool) or not 0 <= color < PALETTE_SIZE:
        raise where.error(f"color must be a whole number from 0 to {PALETTE_SIZE - 1}, got {quoted(color)}", stage,
                          f"{name}.color")
    noise = checked_number(settings.pop("noise", 0.0), where, stage, f"{name}.noise")
    try:
        noise = checked_noise(noise)
    except ValueError as error:
        raise where.error(str(error), stage, f"{name}.noise") from None
    label = settings.pop("name", "")
    if not isinstance(label, str) or len(label) > MAX_NAME_LENGTH or has_control(label):
        raise where.error(f"name must be text on one line of at most {MAX_NAME_LENGTH} characters", stage, f"{name}.name")
    choice_names = {h.name for h in hyperparameters(kind) if h.choices}  # line_search = "strong_wolfe"
    for key, value in settings.items():  # types first: a message quotes a value shortly, whatever its size
        if key in choice_names:
            continue
        if key != "schedule":
            checked_number(value, where, stage, f"{name}.{key}")
        elif not isinstance(value, str):
            raise where.error(f"expected a schedule's name, got {quoted(value)}", stage, f"{name}.schedule")
    try:
        schedule = schedule_from_settings(settings)
    except ScheduleError as error:
        raise where.error(str(error), stage, f"{name}.{error.key}") from None
    params = {key: value if key in choice_names else checked_number(value, where, stage, f"{name}.{key}")
              for key, value in settings.items()}
    try:
        return Ball(kind, checked_params(kind, params), gradient, schedule, color=color, name=label, batch=batch,
                    noise=noise)
    except ValueError as error:
        raise where.error(str(error), stage, name) from None


def _batch(value: Any, fit: dict[str, Any], where: Where, stage: int, name: str) -> int | None:
    """A ball's minibatch size on a data fit (batch = B, or the fit's batch = B): a whole number from 1 to
    the fit's points; "all" (or none given) uses every point."""
    if value is None or value == "all":
        return None
    if not fit:
        raise where.error("a batch is a share of a fit's data points: give the stage a fit = { model = … }", stage, name)
    from gdsim.model.fitting import DEFAULT_POINTS, PROPORTIONAL_X
    from gdsim.model.minibatch import check_batch

    points = len(PROPORTIONAL_X) if fit["model"] == "proportional" else fit.get("points", DEFAULT_POINTS)
    try:
        return check_batch(value, points)
    except ValueError:
        raise where.error(f"expected \"all\" or a whole number from 1 to the fit's {points:,} points, got "
                          f"{quoted(value)}", stage, name) from None


def read_fit(table: Any, where: Where, stage: int) -> dict[str, Any]:
    """fit = { model = "sine", seed = 0, noise = 1.0, points = 100, batch = 10 }: a data fit (lesson L3, L5).

    Balls with gradient = "user" follow the lecture notebook's buggy gradient of that fit. `batch` is every
    ball's minibatch size (gdsim.model.minibatch; a ball's own batch = B or "all" wins); it is checked, and
    taken out of the table, with the balls.
    """
    from gdsim.model.fitting import FitModel

    if not isinstance(table, dict) or "model" not in table:
        raise where.error("expected a table such as { model = \"sine\", seed = 0 }", stage, "fit")
    unknown = set(table) - {"model", "seed", "noise", "points", "batch"}
    if unknown:
        raise where.error("unknown key; a fit takes model, seed, noise, points, batch", stage,
                          f"fit.{sorted(unknown)[0]}")
    if not isinstance(table["model"], str) or table["model"] not in {str(m) for m in FitModel}:
        raise where.error(f"unknown model {quoted(table['model'])}; choose one of: {', '.join(FitModel)}", stage,
                          "fit.model")
    fit = {"model": table["model"]}
    ranges = {"seed": (int, 0, 2**63 - 1), "points": (int, 1, MAX_LESSON_FIT_POINTS), "noise": (float, 0, MAX_FIT_NOISE)}
    for key, (kind, low, high) in ranges.items():
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                    or (kind is int and value != int(value)) or not low <= value <= high:
                raise where.error(f"expected a {'whole ' if kind is int else ''}number from {low:,} to {high:,}, "
                                  f"got {quoted(value)}", stage, f"fit.{key}")
            fit[key] = kind(value)
    if "batch" in table:
        fit["batch"] = _batch(table["batch"], fit, where, stage, "fit.batch")
    return fit
