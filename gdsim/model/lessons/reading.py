"""Reading lesson files, checked field by field: a mistake is reported with its file, stage and field.

A lesson file (resources/lessons/*.toml):

    id = "learning-rate"
    title = { en = "Learning rate on a parabola", ko = "포물선 위의 학습률" }

    [[stages]]
    title = { en = "Too small", ko = "너무 작은 학습률" }
    landscape = "parabola"            # a preset name, or: expression = "x^2", or "quadratic" with
                                      # kappa = 10 (1 to 1,000) and rotation = 30 (degrees)
    starts = [[4.0]]                  # optional; the landscape's own start otherwise
    steps = 5                         # steps to play
    caption = { en = "θ₅ = {ball[0].x:.4f}", ko = "θ₅ = {ball[0].x:.4f}" }
    before = { en = "From θ₀ = {ball[0].x:.0f}", ko = "θ₀ = {ball[0].x:.0f}에서" }  # optional: at step 0
    arrows = "selected"               # optional: the selected ball's step arrows on the map ("every": all)
    seed = 7                          # optional: the seed of the balls' noise, 0 to 2**32 − 1 (default 0),
                                      # as `gdsim run --seed 7`
    [[stages.balls]]
    optimizer = "sgd"
    lr = 0.01
    schedule = "cosine-restarts"      # optional: constant, step, exponential, cosine, cosine-restarts,
    T_0 = 50                          # with torch.optim.lr_scheduler's parameter names
    noise = 0.5                       # optional: σ of seeded Gaussian noise on its gradient

A caption quotes live values from the engine through a closed set of fields (gdsim.model.lessons.captions).

Lesson files are shared, so nothing in one is trusted: the file's size, its encoding (UTF-8, with or
without a byte order mark), how deeply it nests, and every field's type, range and length are checked
before anything is built from it, against the bounds of gdsim.model.limits. Every mistake is one
LessonError that names the file, the stage and the field.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from gdsim.model.balls import MAX_NAME_LENGTH, GradientSource
from gdsim.model.landscapes import Landscape
from gdsim.model.lessons.ball_reading import read_ball, read_fit
from gdsim.model.lessons.captions import check_caption
from gdsim.model.lessons.field_checks import Where, checked_number, has_control
from gdsim.model.lessons.lesson import LANGUAGES, MAX_STEPS, STAGE_ARROWS, STAGE_QUESTIONS, Lesson, LessonError, Stage
from gdsim.model.lessons.nesting import nesting_depth, nesting_problem
from gdsim.model.limits import (
    MAX_BALLS,
    MAX_CAPTION_CHARS,
    MAX_CAPTION_LINES,
    MAX_COORDINATE,
    MAX_LESSON_FILE_BYTES,
    MAX_NESTING,
    MAX_STAGES,
    MAX_TITLE_CHARS,
    quoted,
)
from gdsim.model.noise import checked_seed
from gdsim.model.presets import PRESETS
from gdsim.model.quadratic import QUADRATIC, ROTATION_RANGE, checked_kappa, quadratic_preset


def _texts(value: Any, where: Where, stage: int | None, name: str, limit: int = MAX_TITLE_CHARS,
           lines: int = 1) -> dict[str, str]:
    """A text, or texts by language, each at most `limit` characters on at most `lines` lines."""
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not value or not all(isinstance(v, str) for v in value.values()):
        raise where.error("expected a text or a table of texts by language, e.g. { en = \"…\", ko = \"…\" }",
                          stage, name)
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise where.error(f"unknown language {quoted(sorted(unknown)[0])}; use {', '.join(LANGUAGES)}", stage, name)
    for text in value.values():
        if len(text) > limit:
            raise where.error(f"{len(text):,} characters; at most {limit:,}", stage, name)
        if has_control(text, "\n\t" if lines > 1 else "") or text.count("\n") >= lines:
            raise where.error(f"a control character or more than {lines} line{'s' * (lines > 1)}; "
                              "write plain text" + (" on one line" if lines == 1 else ""), stage, name)
    return dict(value)


def _random_starts(value: Any, landscape: str, starts: tuple, where: Where, stage: int) -> tuple:
    """random_starts = { count = 100, seed = 0 }: starts drawn uniformly over a preset's view box."""
    from gdsim.model.analysis import random_starts

    name = "random_starts"
    if not landscape or starts:
        raise where.error("random starts need landscape = \"preset\" and no starts", stage, name)
    if not isinstance(value, dict) or set(value) - {"count", "seed"} or "count" not in value:
        raise where.error("expected { count = 100, seed = 0 }", stage, name)
    count, seed = value["count"], value.get("seed", 0)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (count, seed)) \
            or not 1 <= count <= MAX_BALLS or seed < 0:
        raise where.error(f"count must be a whole number from 1 to {MAX_BALLS:,} and seed a whole number >= 0",
                          stage, name)
    return random_starts(_named_landscape(landscape).view_box, count, seed)


def _named_landscape(name: str) -> Landscape:
    """The landscape a stage names: a preset's, or the quadratic's (its shape changes neither its box nor its dim)."""
    return quadratic_preset().landscape if name == QUADRATIC else PRESETS[name].landscape


def _shape(table: dict, landscape: str, where: Where, stage: int) -> dict[str, float]:
    """kappa = κ (1 to 1,000) and rotation = degrees, the knobs of landscape = "quadratic" (and of nothing else)."""
    given = {key: table[key] for key in ("kappa", "rotation") if key in table}
    if given and landscape != QUADRATIC:
        raise where.error(f"kappa and rotation shape landscape = \"{QUADRATIC}\" only", stage, sorted(given)[0])
    shape = {key: checked_number(value, where, stage, key) for key, value in given.items()}
    if "kappa" in shape:
        try:
            checked_kappa(shape["kappa"])
        except ValueError as error:
            raise where.error(str(error), stage, "kappa") from None
    low, high = ROTATION_RANGE
    if not low <= shape.get("rotation", 0.0) <= high:
        raise where.error(f"the rotation is a number of degrees from {low:g} to {high:g}, got "
                          f"{quoted(table['rotation'])}", stage, "rotation")
    return shape


def _point(value: Any, dim: int, where: Where, stage: int, name: str) -> tuple[float, ...]:
    if not isinstance(value, list) or len(value) != dim:
        raise where.error(f"expected a start of {dim} number{'s' * (dim > 1)}, got {quoted(value)}", stage, name)
    point = tuple(checked_number(v, where, stage, name) for v in value)
    if any(abs(v) > MAX_COORDINATE for v in point):
        raise where.error(f"a start's coordinates are at most {MAX_COORDINATE:g} in size, got {quoted(value)}",
                          stage, name)
    return point


def _stage(table: Any, where: Where, index: int) -> Stage:
    if not isinstance(table, dict):
        raise where.error("expected a table", index)
    known = {"title", "landscape", "expression", "fit", "starts", "random_starts", "balls", "steps", "caption",
             "gradient", "before", "arrows", "predict", "question", "kappa", "rotation", "seed"}
    unknown = set(table) - known
    if unknown:
        raise where.error(f"unknown field; a stage takes: {', '.join(sorted(known))}", index, sorted(unknown)[0])
    title = _texts(table.get("title", f"Stage {index + 1}"), where, index, "title")
    landscape, expression, fit = table.get("landscape", ""), table.get("expression", ""), table.get("fit", {})
    if sum(map(bool, (landscape, expression, fit))) != 1:
        raise where.error("give exactly one of landscape = \"preset\", expression = \"…\" or fit = { model = \"…\" }",
                          index, "landscape")
    fit = read_fit(fit, where, index) if fit else {}
    if landscape and (not isinstance(landscape, str) or (landscape not in PRESETS and landscape != QUADRATIC)):
        raise where.error(f"unknown landscape {quoted(landscape)}; choose one of: {', '.join((*PRESETS, QUADRATIC))}",
                          index, "landscape")
    shape = _shape(table, landscape, where, index)
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
        dim = _named_landscape(landscape).dim if landscape else (
            len(starts_value[0]) if starts_value and isinstance(starts_value[0], list) else 2)
    if dim not in (1, 2):
        raise where.error("a start has 1 or 2 numbers, one per variable", index, "starts")
    if len(starts_value) > MAX_BALLS:
        raise where.error(f"{len(starts_value):,} starts; at most {MAX_BALLS:,}", index, "starts")
    starts = tuple(_point(p, dim, where, index, "starts") for p in starts_value)
    if "random_starts" in table:
        starts = _random_starts(table["random_starts"], landscape, starts, where, index)
    balls_value = table.get("balls")
    if not isinstance(balls_value, list) or not balls_value:
        raise where.error("expected at least one [[stages.balls]] table", index, "balls")
    if len(balls_value) * max(len(starts), 1) > MAX_BALLS:
        raise where.error(f"{len(balls_value):,} balls × {max(len(starts), 1):,} starts make "
                          f"{len(balls_value) * max(len(starts), 1):,} balls in one run; at most {MAX_BALLS:,}",
                          index, "balls")
    balls = tuple(read_ball(b, where, index, k, fit) for k, b in enumerate(balls_value))
    fit.pop("batch", None)  # on the balls now: the rest of the table makes the fit's data
    steps = table.get("steps", 0)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= MAX_STEPS:
        raise where.error(f"expected a whole number of steps from 0 to {MAX_STEPS:,}", index, "steps")
    gradient = table.get("gradient", [])
    if not isinstance(gradient, list) or not all(isinstance(g, str) for g in gradient):
        raise where.error("expected the typed gradient as a list of texts, one per variable", index, "gradient")
    if len(gradient) != dim and (gradient or (not fit and any(b.gradient == GradientSource.USER for b in balls))):
        raise where.error(f"give the typed gradient as {dim} component(s), one per variable", index, "gradient")
    ball_count = len(balls) * max(len(starts), 1)
    caption = _caption(table, "caption", where, index, ball_count)
    before = _caption(table, "before", where, index, ball_count)
    if before and not steps:
        raise where.error("a stage of no steps shows its caption from the start; before is what a stage with "
                          "steps says at step 0", index, "before")
    arrows = table.get("arrows", "")
    if arrows not in STAGE_ARROWS:
        raise where.error(f"expected arrows = \"selected\" (the selected ball's step arrows) or \"every\" "
                          f"(every ball's), got {quoted(arrows)}", index, "arrows")
    predict_steps, question = _prediction(table, steps, where, index)
    try:
        seed = checked_seed(table.get("seed", 0))
    except ValueError as error:
        raise where.error(str(error), index, "seed") from None
    if predict_steps and dim != 2:
        raise where.error("a guess is a click on the map: predict needs a landscape of two variables (a 1-D "
                          "stage can ask question = \"converge-or-diverge\")", index, "predict")
    return Stage(title, landscape, expression, starts, balls, steps, caption, tuple(gradient),
                 f"{where.source}: stage {index + 1}", fit, before, arrows, predict_steps, question, shape, seed)


def _prediction(table: dict, steps: int, where: Where, index: int) -> tuple[int, str]:
    """predict = { steps = k } (a "where will the ball be after k steps?" round) or question =
    "converge-or-diverge" (about the stage's steps): at most one of them, opened when the stage is shown."""
    if "predict" in table and "question" in table:
        raise where.error("give predict or question, not both", index, "predict")
    predict = table.get("predict")
    if predict is not None:
        k = predict.get("steps") if isinstance(predict, dict) and set(predict) == {"steps"} else None
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_STEPS:
            raise where.error(f"expected predict = {{ steps = k }} with k a whole number from 1 to {MAX_STEPS:,}",
                              index, "predict")
        return k, ""
    question = table.get("question", "")
    if question and question not in STAGE_QUESTIONS:
        raise where.error(f"expected question = \"converge-or-diverge\", got {quoted(question)}", index, "question")
    if question and not steps:
        raise where.error("a question is about the stage's steps: give steps = k", index, "question")
    return 0, question


def _caption(table: dict, name: str, where: Where, index: int, ball_count: int) -> dict[str, str]:
    """A caption's texts by language (caption, or before: what a stage with steps says at step 0), each checked."""
    if name not in table:
        return {}
    texts = _texts(table[name], where, index, name, MAX_CAPTION_CHARS, MAX_CAPTION_LINES)
    for text in texts.values():
        try:
            check_caption(text, ball_count)
        except ValueError as error:
            raise where.error(str(error), index, name) from None
    return texts


def parse_lesson(text: str, source: str = "<lesson>", path: Path | None = None) -> Lesson:
    """A lesson from TOML text; LessonError names the source, the stage and the field."""
    where = Where(source)
    text = text.removeprefix("\ufeff")  # a byte order mark, as Windows editors write
    if len(text) > MAX_LESSON_FILE_BYTES:
        raise where.error(f"{len(text):,} characters; a lesson file has at most {MAX_LESSON_FILE_BYTES:,}")
    problem = nesting_problem(text)
    if problem is not None:
        raise where.error(f"not a lesson file: {problem}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise where.error(f"not valid TOML: {error}") from None
    except RecursionError:
        raise where.error(f"not a lesson file: nested more than {MAX_NESTING} deep") from None
    if nesting_depth(data) > MAX_NESTING:
        raise where.error(f"not a lesson file: nested more than {MAX_NESTING} deep")
    lesson_id = data.get("id")
    if not isinstance(lesson_id, str) or not lesson_id.strip() or len(lesson_id) > MAX_NAME_LENGTH \
            or has_control(lesson_id):
        raise where.error(f"expected id = \"a-short-name\" of at most {MAX_NAME_LENGTH} characters", name="id")
    title = _texts(data.get("title", lesson_id), where, None, "title")
    stages = data.get("stages")
    if not isinstance(stages, list) or not stages:
        raise where.error("expected at least one [[stages]] table", name="stages")
    if len(stages) > MAX_STAGES:
        raise where.error(f"{len(stages):,} stages; a lesson has at most {MAX_STAGES}", name="stages")
    return Lesson(lesson_id, title, tuple(_stage(s, where, k) for k, s in enumerate(stages)), path)


def read_lesson_text(path: str | Path) -> str:
    """The text of the lesson file at `path`: a regular file of at most MAX_LESSON_FILE_BYTES, in UTF-8
    with or without a byte order mark. LessonError, naming the file, otherwise."""
    path = Path(path)
    try:
        with open(path, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # a FIFO or a device would block or never end
                raise LessonError(f"{path.name}: not a regular file")
            data = file.read(MAX_LESSON_FILE_BYTES + 1)
    except OSError as error:
        raise LessonError(f"{path.name}: {error.strerror or error}") from None
    if len(data) > MAX_LESSON_FILE_BYTES:
        raise LessonError(f"{path.name}: larger than {MAX_LESSON_FILE_BYTES:,} bytes; a lesson file is smaller")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LessonError(f"{path.name}: saved as UTF-16; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LessonError(f"{path.name}: not UTF-8 text (byte 0x{data[error.start]:02x} at position "
                          f"{error.start:,}); save it as UTF-8") from None


def names_a_file(text: str) -> bool:
    """Whether `text`, where a lesson id or a lesson file may be given, is the path of a file."""
    return text.lower().endswith(".toml") or "/" in text or os.sep in text


def read_lesson_file(path: str | Path) -> Lesson:
    """The lesson in the file at `path`, read and checked, with its first stage set up once (every text
    it typed compiled), as File ▸ Open Setup and `gdsim lesson run FILE` take it. LessonError, naming the
    file and, where there is one, the stage and the field, for anything wrong."""
    path = Path(path)
    lesson = parse_lesson(read_lesson_text(path), path.name, path)
    lesson.stages[0].check()
    return lesson


def load_lessons(folder: Path) -> tuple[list[Lesson], list[str]]:
    """Every lesson in `folder`, sorted by file name, and the messages of those that failed to load."""
    lessons, problems = [], []
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            lessons.append(parse_lesson(read_lesson_text(path), path.name, path))
        except LessonError as error:
            problems.append(str(error))
    return lessons, problems

