"""Lessons: human-editable TOML files of stages, each a landscape, balls, starts, steps and a caption.

A lesson file (resources/lessons/*.toml):

    id = "learning-rate"
    title = { en = "Learning rate on a parabola", ko = "포물선 위의 학습률" }

    [[stages]]
    title = { en = "Too small", ko = "너무 작은 학습률" }
    landscape = "parabola"            # a preset name, or: expression = "x^2"
    starts = [[4.0]]                  # optional; the landscape's own start otherwise
    steps = 5                         # steps to play
    caption = { en = "θ₅ = {ball[0].x:.4f}", ko = "θ₅ = {ball[0].x:.4f}" }
    [[stages.balls]]
    optimizer = "sgd"
    lr = 0.01
    schedule = "cosine-restarts"      # optional: constant, step, exponential, cosine, cosine-restarts,
    T_0 = 50                          # with torch.optim.lr_scheduler's parameter names

Captions quote live values from the engine with a small, closed set of fields (never Python
attribute access on arbitrary names): `{step}`, `{ball[i].x}`, `{ball[i].y}`, `{ball[i].loss}`,
`{ball[i].grad_x}`, `{ball[i].grad_y}`, `{ball[i].stopped_at}` (— while the ball runs), `{ball[i].status}`, with any
format spec such as `:.3f`.
"""

from __future__ import annotations

import math
import numbers
import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gdsim.model.balls import MAX_NAME_LENGTH, PALETTE_SIZE, Ball, GradientSource, placed
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.presets import PRESETS, Preset, preset, typed_preset
from gdsim.model.schedules import ScheduleError, schedule_from_settings
from gdsim.model.simulation import BallStatus, Simulation

LANGUAGES = ("en", "ko")
# {ball[i].status} in the caption's language.
STATUS_WORDS = {"ko": {"running": "진행 중", "converged": "수렴", "diverged": "발산"}}
MAX_STEPS = 1_000_000
BALL_FIELDS = ("x", "y", "loss", "grad_x", "grad_y", "stopped_at", "status")
NOT_STOPPED = "—"  # {ball[i].stopped_at} of a ball still running


class LessonError(ValueError):
    """A mistake in a lesson file; the message names the file, the stage and the field."""


@dataclass(frozen=True)
class Stage:
    """One step of a lesson: what to show, how far to play it, and what to say about it."""

    title: Mapping[str, str]
    landscape: str = ""  # a preset name; empty when `expression` is given
    expression: str = ""
    starts: tuple[tuple[float, ...], ...] = ()
    balls: tuple[Ball, ...] = ()
    steps: int = 0
    caption: Mapping[str, str] = field(default_factory=dict)
    user_gradient: tuple[str, ...] = ()
    source: str = ""  # "file.toml: stage k", for messages about this stage
    fit: Mapping[str, Any] = field(default_factory=dict)  # model, seed, noise, points of a data fit

    def scene(self) -> Preset:
        """The landscape of this stage, dressed as a preset (typed landscapes are compiled here).

        Raises LessonError, naming the stage's field, when the function does not compile or its
        variables do not fit the stage's starts.
        """
        if self.fit:
            from gdsim.model.fitting import make_problem

            problem = make_problem(**self.fit)
            return Preset(problem.landscape, problem.init, {}, problem.landscape.title,
                          known_points=problem.landscape.critical_points, fit=problem,
                          user_gradient=problem.notebook_gradient)
        if not self.expression:
            return preset(self.landscape)
        from gdsim.model.expressions import ExpressionError, landscape_from_expression

        try:
            scene = typed_preset(landscape_from_expression(self.expression))
        except ExpressionError as error:
            raise LessonError(f"{self.source}: field 'expression': {error}") from None
        if any(len(start) != scene.landscape.dim for start in self.starts):
            raise LessonError(f"{self.source}: field 'starts': the function has {scene.landscape.dim} "
                              f"variable(s); each start needs as many numbers")
        return with_starts_in_view(scene, self.starts)

    def placed_balls(self, landscape_start: Sequence[float]) -> list[Ball]:
        return placed(self.balls, self.starts or (tuple(landscape_start),))

    def simulation(self, history_capacity: int | None = None) -> Simulation:
        """A fresh simulation of this stage, not yet advanced."""
        scene = self.scene()
        user_gradient = scene.user_gradient
        if self.user_gradient:
            from gdsim.model.expressions import gradient_from_components

            user_gradient = gradient_from_components(self.user_gradient, scene.landscape.dim)
        capacity = history_capacity or max(self.steps + 1, 2048)
        return Simulation(scene.landscape, self.placed_balls(scene.start), history_capacity=capacity,
                          user_gradient=user_gradient)


def with_starts_in_view(scene: Preset, starts) -> Preset:
    """The scene with its automatic view box widened, if need be, to show every start."""
    if not starts:
        return scene
    box = []
    for axis, (low, high) in enumerate(scene.landscape.view_box):
        values = [start[axis] for start in starts]
        margin = 0.15 * (max(high, *values) - min(low, *values))
        box.append((min(low, min(values) - margin) if min(values) < low else low,
                    max(high, max(values) + margin) if max(values) > high else high))
    if tuple(box) == scene.landscape.view_box:
        return scene
    return replace(scene, landscape=replace(scene.landscape, view_box=tuple(box)))


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Mapping[str, str]
    stages: tuple[Stage, ...]
    path: Path | None = None

    def text(self, language: str) -> str:
        return localized(self.title, language)


def localized(texts: Mapping[str, str], language: str) -> str:
    """The text in `language`, else English, else any."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


class _Where:
    """Builds LessonError messages that say where the mistake is."""

    def __init__(self, source: str):
        self.source = source

    def error(self, message: str, stage: int | None = None, name: str | None = None) -> LessonError:
        where = [self.source]
        if stage is not None:
            where.append(f"stage {stage + 1}")
        if name is not None:
            where.append(f"field '{name}'")
        return LessonError(f"{': '.join(where)}: {message}")


def _texts(value: Any, where: _Where, stage: int | None, name: str) -> dict[str, str]:
    if isinstance(value, str):
        return {"en": value}
    if not isinstance(value, dict) or not value or not all(isinstance(v, str) for v in value.values()):
        raise where.error("expected a text or a table of texts by language, e.g. { en = \"…\", ko = \"…\" }",
                          stage, name)
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise where.error(f"unknown language {sorted(unknown)[0]!r}; use {', '.join(LANGUAGES)}", stage, name)
    return dict(value)


def _number(value: Any, where: _Where, stage: int, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise where.error(f"expected a finite number, got {value!r}", stage, name)
    return float(value)


def _ball(table: Any, where: _Where, stage: int, index: int) -> Ball:
    name = f"balls[{index + 1}]"
    if not isinstance(table, dict):
        raise where.error("expected a table with optimizer = \"…\" and its settings", stage, name)
    settings = dict(table)
    kind_name = settings.pop("optimizer", None)
    try:
        kind = OptimizerKind(kind_name)
    except ValueError:
        raise where.error(f"unknown optimizer {kind_name!r}; choose one of: {', '.join(OptimizerKind)}",
                          stage, f"{name}.optimizer") from None
    gradient_name = settings.pop("gradient", "exact")
    try:
        gradient = GradientSource(gradient_name)
    except ValueError:
        raise where.error(f"gradient must be exact or user, got {gradient_name!r}", stage,
                          f"{name}.gradient") from None
    color = settings.pop("color", index % PALETTE_SIZE)
    if not isinstance(color, int) or isinstance(color, bool) or not 0 <= color < PALETTE_SIZE:
        raise where.error(f"color must be a whole number from 0 to {PALETTE_SIZE - 1}, got {color!r}", stage,
                          f"{name}.color")
    label = settings.pop("name", "")
    if not isinstance(label, str) or len(label) > MAX_NAME_LENGTH:
        raise where.error(f"name must be text of at most {MAX_NAME_LENGTH} characters", stage, f"{name}.name")
    try:
        schedule = schedule_from_settings(settings)
    except ScheduleError as error:
        raise where.error(str(error), stage, f"{name}.{error.key}") from None
    params = {key: _number(value, where, stage, f"{name}.{key}") for key, value in settings.items()}
    try:
        return Ball(kind, checked_params(kind, params), gradient, schedule, color=color, name=label)
    except ValueError as error:
        raise where.error(str(error), stage, name) from None


def _fit(table: Any, where: _Where, stage: int) -> dict[str, Any]:
    """fit = { model = "sine", seed = 0, noise = 1.0, points = 100 }: a data fit (lesson L3, L5).

    Balls with gradient = "user" follow the lecture notebook's buggy gradient of that fit.
    """
    from gdsim.model.fitting import FitModel

    if not isinstance(table, dict) or "model" not in table:
        raise where.error("expected a table such as { model = \"sine\", seed = 0 }", stage, "fit")
    unknown = set(table) - {"model", "seed", "noise", "points"}
    if unknown:
        raise where.error("unknown key; a fit takes model, seed, noise, points", stage, f"fit.{sorted(unknown)[0]}")
    if table["model"] not in {str(m) for m in FitModel}:
        raise where.error(f"unknown model {table['model']!r}; choose one of: {', '.join(FitModel)}", stage,
                          "fit.model")
    fit = {"model": table["model"]}
    for key, kind in (("seed", int), ("points", int), ("noise", float)):
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)) \
                    or not math.isfinite(value) or value < 0:
                raise where.error(f"expected a number >= 0{' (whole)' if kind is int else ''}", stage, f"fit.{key}")
            fit[key] = kind(value)
    return fit


def _random_starts(value: Any, landscape: str, starts: tuple, where: _Where, stage: int) -> tuple:
    """random_starts = { count = 100, seed = 0 }: starts drawn uniformly over a preset's view box."""
    from gdsim.model.analysis import random_starts

    name = "random_starts"
    if not landscape or starts:
        raise where.error("random starts need landscape = \"preset\" and no starts", stage, name)
    if not isinstance(value, dict) or set(value) - {"count", "seed"} or "count" not in value:
        raise where.error("expected { count = 100, seed = 0 }", stage, name)
    count, seed = value["count"], value.get("seed", 0)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (count, seed)) \
            or not 1 <= count <= 10_000 or seed < 0:
        raise where.error("count must be a whole number from 1 to 10,000 and seed a whole number >= 0", stage, name)
    return random_starts(PRESETS[landscape].landscape.view_box, count, seed)


def _point(value: Any, dim: int, where: _Where, stage: int, name: str) -> tuple[float, ...]:
    if not isinstance(value, list) or len(value) != dim:
        raise where.error(f"expected a start of {dim} number{'s' * (dim > 1)}, got {value!r}", stage, name)
    return tuple(_number(v, where, stage, name) for v in value)


def _stage(table: Any, where: _Where, index: int) -> Stage:
    if not isinstance(table, dict):
        raise where.error("expected a table", index)
    known = {"title", "landscape", "expression", "fit", "starts", "random_starts", "balls", "steps", "caption",
             "gradient"}
    unknown = set(table) - known
    if unknown:
        raise where.error(f"unknown field; a stage takes: {', '.join(sorted(known))}", index, sorted(unknown)[0])
    title = _texts(table.get("title", f"Stage {index + 1}"), where, index, "title")
    landscape, expression, fit = table.get("landscape", ""), table.get("expression", ""), table.get("fit", {})
    if sum(map(bool, (landscape, expression, fit))) != 1:
        raise where.error("give exactly one of landscape = \"preset\", expression = \"…\" or fit = { model = \"…\" }",
                          index, "landscape")
    if fit:
        fit = _fit(fit, where, index)
    if landscape and landscape not in PRESETS:
        raise where.error(f"unknown landscape {landscape!r}; choose one of: {', '.join(PRESETS)}", index,
                          "landscape")
    if expression and not isinstance(expression, str):
        raise where.error("expected the function as text, e.g. \"x^2 + y^2\"", index, "expression")
    # A typed function is compiled when its stage is shown (sympy costs ~0.3 s at start-up);
    # until then its dimension is that of the starts, checked against the function at that time.
    starts_value = table.get("starts", [])
    if not isinstance(starts_value, list):
        raise where.error("expected a list of points, e.g. [[0.5, 5.8]]", index, "starts")
    if fit:
        dim = 1 if fit["model"] == "proportional" else 2
    else:
        dim = PRESETS[landscape].landscape.dim if landscape else (
            len(starts_value[0]) if starts_value and isinstance(starts_value[0], list) else 2)
    starts = tuple(_point(p, dim, where, index, "starts") for p in starts_value)
    if "random_starts" in table:
        starts = _random_starts(table["random_starts"], landscape, starts, where, index)
    balls_value = table.get("balls")
    if not isinstance(balls_value, list) or not balls_value:
        raise where.error("expected at least one [[stages.balls]] table", index, "balls")
    balls = tuple(_ball(b, where, index, k) for k, b in enumerate(balls_value))
    steps = table.get("steps", 0)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= MAX_STEPS:
        raise where.error(f"expected a whole number of steps from 0 to {MAX_STEPS:,}", index, "steps")
    gradient = table.get("gradient", [])
    if not isinstance(gradient, list) or not all(isinstance(g, str) for g in gradient):
        raise where.error("expected the typed gradient as a list of texts, one per variable", index, "gradient")
    if any(b.gradient == GradientSource.USER for b in balls) and len(gradient) != dim and not fit:
        raise where.error(f"a ball follows the user's gradient: give {dim} component(s)", index, "gradient")
    caption = _texts(table.get("caption", ""), where, index, "caption") if "caption" in table else {}
    for text in caption.values():
        try:
            check_caption(text, len(balls) * max(len(starts), 1))
        except ValueError as error:
            raise where.error(str(error), index, "caption") from None
    return Stage(title, landscape, expression, starts, balls, steps, caption, tuple(gradient),
                 f"{where.source}: stage {index + 1}", fit)


def parse_lesson(text: str, source: str = "<lesson>", path: Path | None = None) -> Lesson:
    """A lesson from TOML text; LessonError names the source, the stage and the field."""
    where = _Where(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise where.error(f"not valid TOML: {error}") from None
    lesson_id = data.get("id")
    if not isinstance(lesson_id, str) or not lesson_id.strip():
        raise where.error("expected id = \"a-short-name\"", name="id")
    title = _texts(data.get("title", lesson_id), where, None, "title")
    stages = data.get("stages")
    if not isinstance(stages, list) or not stages:
        raise where.error("expected at least one [[stages]] table", name="stages")
    return Lesson(lesson_id, title, tuple(_stage(s, where, k) for k, s in enumerate(stages)), path)


def load_lessons(folder: Path) -> tuple[list[Lesson], list[str]]:
    """Every lesson in `folder`, sorted by file name, and the messages of those that failed to load."""
    lessons, problems = [], []
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            lessons.append(parse_lesson(path.read_text(encoding="utf-8"), path.name, path))
        except (LessonError, OSError, UnicodeDecodeError) as error:
            problems.append(str(error) if isinstance(error, LessonError) else f"{path.name}: {error}")
    return lessons, problems


# --- captions -------------------------------------------------------------------------------------
class _CaptionFormatter(string.Formatter):
    """str.format with a closed set of fields: lesson files are shared, so a caption must not
    reach Python objects through attribute access ({ball[0].__class__…})."""

    def __init__(self, values: dict[str, Any], balls: list[dict[str, Any]]):
        super().__init__()
        self.values = values
        self.balls = balls

    def get_field(self, field_name: str, args, kwargs):
        return self.lookup(field_name), field_name

    def format_field(self, value, format_spec: str):
        if value == NOT_STOPPED:  # a dash takes no number format such as ':d'
            return value
        return super().format_field(value, format_spec)

    def lookup(self, field_name: str):
        if field_name in self.values:
            return self.values[field_name]
        if field_name.startswith("best.") and field_name[5:] in BALL_FIELDS:
            finite = [b for b in self.balls if math.isfinite(b["loss"])]
            return min(finite, key=lambda b: b["loss"])[field_name[5:]] if finite else float("nan")
        if field_name.startswith("ball["):
            index_text, _, rest = field_name[5:].partition("]")
            if index_text.isdigit() and rest.startswith(".") and rest[1:] in BALL_FIELDS:
                index = int(index_text)
                if index < len(self.balls):
                    return self.balls[index][rest[1:]]
                raise ValueError(f"caption field {{{field_name}}}: there are only {len(self.balls)} balls")
        raise ValueError(f"unknown caption field {{{field_name}}}; use {{step}}, {{ball[i].FIELD}} or "
                         f"{{best.FIELD}} with FIELD one of {', '.join(BALL_FIELDS)}")


def check_caption(text: str, ball_count: int) -> None:
    """ValueError when `text` has a field a caption cannot show."""
    sample = {"x": 0.0, "y": 0.0, "loss": 0.0, "grad_x": 0.0, "grad_y": 0.0, "stopped_at": 0, "status": "running"}
    formatter = _CaptionFormatter({"step": 0}, [sample] * ball_count)
    try:
        formatter.format(text)
    except (ValueError, IndexError, KeyError) as error:
        raise ValueError(str(error)) from None


def caption_values(simulation: Simulation, language: str = "en") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The live values a caption can quote, straight from the engine."""
    words = STATUS_WORDS.get(language, {})
    balls = []
    for i in range(len(simulation.balls)):
        position, gradient = simulation.positions[i], simulation.gradients[i]
        balls.append({
            "x": float(position[0]), "y": float(position[1]) if len(position) > 1 else float("nan"),
            "loss": float(simulation.losses[i]), "grad_x": float(gradient[0]),
            "grad_y": float(gradient[1]) if len(gradient) > 1 else float("nan"),
            "stopped_at": int(simulation.stopped_at[i]) if simulation.stopped_at[i] >= 0 else NOT_STOPPED,
            "status": words.get(BallStatus(simulation.status[i]).label, BallStatus(simulation.status[i]).label)})
    return {"step": simulation.step_count}, balls


def render_caption(text: str, simulation: Simulation, language: str = "en") -> str:
    values, balls = caption_values(simulation, language)
    try:
        return _CaptionFormatter(values, balls).format(text)
    except (ValueError, IndexError, KeyError) as error:
        return f"[{error}]"


# --- writing --------------------------------------------------------------------------------------
def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char in "\n\t":
            escaped.append("\\n" if char == "\n" else "\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _toml_number(value: float | int) -> str:
    """An integer as it is, a float in its shortest exact form (repr reads back to the same float)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"a lesson holds finite numbers only, got {value!r}")
    return str(int(value)) if isinstance(value, numbers.Integral) else repr(float(value))


def _toml_point(point: Sequence[float]) -> str:
    return "[" + ", ".join(_toml_number(float(c)) for c in point) + "]"


def lesson_toml(scene: Preset, starts: Sequence[Sequence[float]], balls: Sequence[Ball],
                user_gradient: Sequence[str] = (), steps: int = 0, title: str = "My setup") -> str:
    """A lesson file of one stage that sets the same run up again, as TOML text.

    It holds the landscape (a preset's name, the typed function, or the data fit), every start,
    every ball with its settings, schedule and gradient, the gradient the user typed, and the
    steps to play (at most MAX_STEPS). `parse_lesson` reads it back to the same setup, whose run
    gives the same numbers, with the same ball colours and names. A preset's view box is not
    written (the format has none). ValueError when there is no ball or a number is not finite.
    """
    if not balls:
        raise ValueError("a lesson stage needs at least one ball")
    lesson_id = re.sub(r"[\W_]+", "-", title.lower()).strip("-")[:40] or "setup"
    lines = [f"id = {_toml_string(lesson_id)}", f"title = {_toml_string(title)}", "", "[[stages]]",
             f"title = {_toml_string(title)}"]
    if scene.fit is not None:
        fit = scene.fit
        items = [f"model = {_toml_string(str(fit.model))}"]
        if fit.seed is not None:
            items.append(f"seed = {int(fit.seed)}")
        items += [f"noise = {_toml_number(float(fit.noise))}", f"points = {int(fit.points)}"]
        lines.append(f"fit = {{ {', '.join(items)} }}")
    elif scene.landscape.source:
        lines.append(f"expression = {_toml_string(scene.landscape.source)}")
    else:
        lines.append(f"landscape = {_toml_string(scene.landscape.name)}")
    if len(starts) == 1:
        lines.append(f"starts = [{_toml_point(starts[0])}]")
    else:
        lines += ["starts = ["] + [f"    {_toml_point(start)}," for start in starts] + ["]"]
    lines.append(f"steps = {min(max(int(steps), 0), MAX_STEPS)}")
    if user_gradient:
        lines.append("gradient = [" + ", ".join(_toml_string(g) for g in user_gradient) + "]")
    for ball in balls:
        lines += ["[[stages.balls]]", f"optimizer = {_toml_string(str(ball.optimizer))}"]
        lines += [f"{name} = {_toml_number(value)}" for name, value in ball.params.items()]
        if ball.gradient != GradientSource.EXACT:
            lines.append(f"gradient = {_toml_string(str(ball.gradient))}")
        lines.append(f"color = {int(ball.color)}")
        if ball.name:
            lines.append(f"name = {_toml_string(ball.name)}")
        if ball.schedule is not None:
            lines.append(f"schedule = {_toml_string(ball.schedule.name)}")
            lines += [f"{name} = {_toml_number(value)}" for name, value in ball.schedule.params.items()]
    return "\n".join(lines) + "\n"
