"""Every stage of every bundled lesson, played in the window as a user plays it, in English and Korean.

The user opens the stage, presses Play until it stops, takes one Step past the end, and presses Play
again. Every caption the window showed on the way (read from the caption bar) is checked:

- Play stopped at the stage's step count, or earlier where every ball had stopped; the second Play took no
  step and said which (the stage's end, or every ball stopped at step N);
- at step 0 of a stage with steps, the caption is the stage's `before` caption, else only "Press Play to run
  this stage's N steps." (a run whose balls all stopped at their start shows its caption: that is its outcome);
- up to the stage's end the caption carries no note that the run has left the stage; past it the caption is
  still the engine's numbers, followed by exactly that note;
- no number is a negative zero ("-0.00");
- every number that quotes a ball is the engine's value at the step it was shown: the expected values
  come from the stage run headless (Stage.simulation, not the window's controller) and are compared with
  the numbers parsed out of the caption's text, within the rounding of the digits printed. A value at step
  K ({ball[0].x@5}) is that of a fresh run taken K steps (— until the run gets there, unless the ball has
  stopped); a ball's name is the window's name of its optimizer; a minimum is one of the landscape's known
  minima (the lowest, or the nearest to the ball), and the lowest is checked against a grid of the view. The
  caption's template only says where in the text each quoted value stands, not how it is printed;
- no caption shows a template error in brackets;
- a caption that quotes the step at which a ball stopped quotes it for every stopped ball it names."""

from __future__ import annotations

import math
import re
import string
from functools import partial

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest

from gdsim.model.analysis import critical_points_of
from gdsim.model.landscapes import CriticalKind
from gdsim.model.lessons import load_lessons, localized
from gdsim.model.simulation import BallStatus
from gdsim.qt import names
from gdsim.qt.main_window import MainWindow
from gdsim.resources import resource_path

LESSONS, _ = load_lessons(resource_path("lessons"))
STAGES = [(lesson.id, index) for lesson in LESSONS for index in range(len(lesson.stages))]

# What {ball[i].status} reads as, written out here rather than taken from the caption renderer.
STATUS_TEXT = {"en": {"running": "running", "converged": "converged", "diverged": "diverged",
                      "undefined": "undefined", "left": "left the domain", "flat": "stopped on flat ground"},
               "ko": {"running": "진행 중", "converged": "수렴", "diverged": "발산", "undefined": "정의되지 않음",
                      "left": "정의역을 벗어남", "flat": "평평한 곳에 멈춤"}}
# {best.name} names the balls whose losses are this close, relative: those a caption's digits cannot tell apart.
TIED = 1e-9
# What Play says at a stage's end, by what comes next: the next stage, the next lesson, or no more lessons.
END_NOTICE = {"stage": "End of this stage: PageDown for the next",
              "lesson": "End of this lesson: PageDown for the next lesson",
              "none": "End of the last lesson: Esc leaves the lessons"}
STOPPED_NOTICE = {"stage": "Every ball has stopped (step {n}): PageDown for the next",
                  "lesson": "Every ball has stopped (step {n}): PageDown for the next lesson",
                  "none": "Every ball has stopped (step {n}): Esc leaves the lessons"}


def what_comes_after(lesson_id: str, stage_index: int) -> str:
    if (lesson_id, stage_index + 1) in STAGES:
        return "stage"
    return "none" if lesson_id == LESSONS[-1].id else "lesson"
PRESS_PLAY = partial(QCoreApplication.translate, "LessonPlayer", "Press Play to run this stage's {n} steps.")
PAST_THE_END = partial(QCoreApplication.translate, "LessonPlayer", "(past this stage's {n} steps)")
LEFT_STEP_0 = partial(QCoreApplication.translate, "LessonPlayer", "(the run has left this stage, which shows step 0)")
STILL_RUNNING = "—"  # {ball[i].stopped_at} of a ball that has not stopped, {ball[i].x@K} before step K
SUBJECT = r"(?:ball\[(?P<index>\d+)\]|(?P<best>best))"
BALL_FIELD = re.compile(SUBJECT + r"\.(?P<name>x|y|loss|grad_x|grad_y|epoch|stopped_at|status|name)")
AT_STEP_FIELD = re.compile(SUBJECT + r"\.(?P<name>x|y|loss)@(?P<step>\d+)")
MINIMUM_FIELD = re.compile(r"(?:(?P<lowest>lowest_minimum)|" + SUBJECT + r"\.nearest_minimum)\.(?P<name>x|y|loss)")
NUMBER = re.compile(r"(?P<sign>[-+−]?)(?P<whole>\d+)(?:\.(?P<fraction>\d*))?(?:[eE](?P<exponent>[-+]?\d+))?")
NEGATIVE_ZERO = re.compile(r"(?<![\w.])[-−]0(?:\.0*)?(?:[eE][-+]?\d+)?(?![\d.])")


@pytest.fixture(scope="module")
def lesson_window(qapp):
    """One window for every stage, as a teacher keeps one window open through the lessons: a window
    per stage cost more than the stages' play. Each test opens its stage; the language a test chose
    reaches the window as the Language menu's switch does."""
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    assert QTest.qWaitForWindowExposed(window)
    window.surface_view.ensure_built()
    yield window
    window.controller.pause()
    window.close()
    window.deleteLater()


class HeadlessRun:
    """The stage run headless, for the values a caption should quote at each step."""

    def __init__(self, stage):
        self.stage = stage
        self.simulation = stage.simulation()
        self._minima = None

    def ball(self, match) -> int:
        """The ball a field is about: its index, or the lowest (the first of those level with it)."""
        if match["best"]:
            losses = np.asarray(self.simulation.losses, dtype=float)
            return int(np.argmin(np.where(np.isfinite(losses), losses, np.inf)))
        return int(match["index"])

    def minima(self) -> list:
        """The landscape's known minima; the lowest is no higher than any point of a grid over the view."""
        if self._minima is None:
            preset = self.stage.preset()
            self._minima = [p for p in critical_points_of(preset.landscape, preset.known_points)
                            if p.kind == CriticalKind.MINIMUM and np.isfinite(p.value)]
            if self._minima and preset.landscape.dim == 2:
                (x0, x1), (y0, y1) = preset.landscape.view_box
                grid = np.stack(np.meshgrid(np.linspace(x0, x1, 201), np.linspace(y0, y1, 201)), -1).reshape(-1, 2)
                lowest = min(p.value for p in self._minima)
                assert lowest <= np.nanmin(preset.landscape.value(grid)) + 1e-9, "a lower point than the lowest minimum"
        return self._minima

    def expected(self, field: str, step: int, language: str):
        """What `field` quoted in a caption shown at `step` should read; None for a field this audit does not know."""
        simulation = self.simulation
        if field == "step":
            return step
        if match := MINIMUM_FIELD.fullmatch(field):
            minima = self.minima()
            if not minima:
                return STILL_RUNNING
            if match["lowest"]:
                point = min(minima, key=lambda p: p.value)
            else:
                position = np.asarray(simulation.positions[self.ball(match)], dtype=float)
                point = min(minima, key=lambda p: float(np.linalg.norm(np.asarray(p.point) - position)))
            return float(point.value) if match["name"] == "loss" else float(point.point["xy".index(match["name"])])
        if match := AT_STEP_FIELD.fullmatch(field):
            ball, at = self.ball(match), int(match["step"])
            if at > step and simulation.stopped_at[ball] < 0:
                return STILL_RUNNING
            earlier = self.stage.simulation()
            earlier.advance(min(at, step))
            return value_of(earlier, ball, match["name"])
        if match := BALL_FIELD.fullmatch(field):
            ball, name = self.ball(match), match["name"]
            if name == "status":  # undefined at its start, or where it stepped: it left the domain
                label = BallStatus(simulation.status[ball]).label
                left = label == BallStatus.UNDEFINED.label and simulation.stopped_at[ball] > 0
                flat = label == BallStatus.CONVERGED.label and simulation.on_flat_ground[ball]
                return STATUS_TEXT[language]["left" if left else "flat" if flat else label]
            if name == "stopped_at":
                return STILL_RUNNING if simulation.stopped_at[ball] < 0 else int(simulation.stopped_at[ball])
            if name == "epoch":  # the passes over the data begun by its last step: ⌈steps / ⌈n/B⌉⌉, a step a pass without B
                taken = step if simulation.stopped_at[ball] < 0 else int(simulation.stopped_at[ball])
                batch, sampler = simulation.balls[ball].batch, simulation.landscape.batch_gradient
                per_pass = 1 if batch is None else math.ceil(sampler.points / batch)
                return math.ceil(taken / per_pass)
            if name == "name":
                losses, lowest = simulation.losses, simulation.losses[ball]
                tied = np.abs(losses - lowest) <= TIED * np.maximum(np.abs(losses), abs(lowest))
                level = np.flatnonzero(tied) if match["best"] else [ball]
                return ", ".join(simulation.balls[i].name or names.optimizer_name(simulation.balls[i].optimizer)
                                 for i in level)
            return value_of(simulation, ball, name)
        return None


def value_of(simulation, ball: int, name: str) -> float:
    """A ball's x, y, loss or gradient component in the engine's arrays."""
    if name == "loss":
        return float(simulation.losses[ball])
    vector = simulation.positions[ball] if name in ("x", "y") else simulation.gradients[ball]
    axis = 0 if name in ("x", "grad_x") else 1
    return float(vector[axis]) if axis < len(vector) else float("nan")


def quoted_parts(template: str, caption: str) -> list[tuple[str, str]] | None:
    """(field, text) for each field of `template` as it stands in `caption`; None when the caption does not
    have the template's shape (its fixed words changed or are missing)."""
    pattern, fields = [], []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        pattern.append(re.escape(literal))
        if field is not None:
            pattern.append("(.+?)")
            fields.append(field)
    match = re.fullmatch("".join(pattern), caption, re.DOTALL)
    return None if match is None else list(zip(fields, match.groups(), strict=True))


def reads_as(text: str, value) -> bool:
    """Whether the printed `text` is `value` as a person reads it: the same word, the same whole number, or
    a number within half a unit of its last printed digit."""
    if isinstance(value, str) or isinstance(value, int):
        return text == str(value)
    if not np.isfinite(value):
        return text.lower().lstrip("+-") == ("nan" if np.isnan(value) else "inf") and \
            (np.isnan(value) or (text.startswith("-") == (value < 0)))
    number = NUMBER.fullmatch(text.replace(",", ""))
    if number is None:
        return False
    printed = float(text.replace(",", "").replace("−", "-"))
    half_unit = 0.5 * 10.0 ** (int(number["exponent"] or 0) - len(number["fraction"] or ""))
    return abs(printed - value) <= half_unit * (1 + 1e-9) + 1e-300


def expected_template(stage, step: int, run: HeadlessRun, language: str) -> str:
    """The caption's text the window should show at `step`: the stage's `before` caption (or the line that
    says Play runs its steps) at step 0 while a ball is still to move, its caption after that."""
    if stage.steps and step == 0 and not run.simulation.finished:
        return localized(stage.before, language) if stage.before else PRESS_PLAY().format(n=stage.steps)
    return localized(stage.caption, language)


def expected_note(stage, step: int) -> str:
    """What the caption says after its text when the run is past the stage's end: the stage was not written for it."""
    if step <= stage.steps:
        return ""
    return PAST_THE_END().format(n=stage.steps) if stage.steps else LEFT_STEP_0()


def checked_caption(stage, caption: str, run: HeadlessRun, step: int, language: str) -> dict[str, str]:
    """The checks that `caption`, shown at `step`, breaks: {check: what is wrong}."""
    problems = {}
    where = f"at step {step}: {caption!r}"
    if caption.startswith("[") or "[error" in caption.lower():
        problems["error_text"] = f"template error shown {where}"
    zero = NEGATIVE_ZERO.search(caption)
    if zero:
        problems["negative_zero"] = f"negative zero {zero[0]!r} {where}"
    note = expected_note(stage, step)
    if note and not caption.endswith(" " + note):
        problems["left_stage"] = f"past the stage's end the caption does not end with {note!r} {where}"
    elif not note and any(word() in caption for word in (PAST_THE_END, LEFT_STEP_0)):
        problems["left_stage"] = f"within the stage the caption says the run has left it {where}"
    text = caption.removesuffix(" " + note) if note else caption
    template = expected_template(stage, step, run, language)
    parts = quoted_parts(template, text)
    if parts is None:
        problems.setdefault("numbers", f"caption does not follow its template {template!r} {where}")
        return problems
    wrong = []
    for field, printed in parts:
        expected = run.expected(field, step, language)
        if expected is None:
            wrong.append(f"{{{field}}} is a field this audit does not know")
        elif not reads_as(printed, expected):
            wrong.append(f"{{{field}}} reads {printed!r}, the engine has {expected!r}")
    if wrong:
        problems["numbers"] = "; ".join(wrong) + f" {where}"
    unstepped = stopped_without_step([field for field, _ in parts], run.simulation)
    if unstepped:
        problems["status_step"] = f"ball {unstepped} has stopped, but only the other balls' steps are quoted {where}"
    return problems


def stopped_without_step(fields: list[str], simulation) -> list[int]:
    """The stopped balls whose status a caption quotes without the step they stopped at, while it quotes
    that step for another ball ("SGD: converged; Momentum: converged (step 574)")."""
    def balls(name: str) -> set[int]:
        return {int(match["index"]) for match in map(BALL_FIELD.fullmatch, fields)
                if match and match["index"] and match["name"] == name}

    stepped = balls("stopped_at")
    return sorted(ball for ball in balls("status") - stepped if stepped and simulation.stopped_at[ball] >= 0)


def end_problem(stage, played_to: int, stepped_to: int, replayed: bool, step_count: int, notice: str,
                every_ball_stopped: bool, next_up: str) -> str:
    """What is wrong with where Play stopped and what a second Play did ("" when nothing is)."""
    if every_ball_stopped and played_to < stage.steps:
        if stepped_to != played_to:
            return f"every ball had stopped at step {played_to}, yet Step took the run to {stepped_to}"
        expected = QCoreApplication.translate("Controller", STOPPED_NOTICE[next_up]).format(n=played_to)
    elif played_to != stage.steps:
        return f"Play stopped at step {played_to}, the stage has {stage.steps} steps"
    else:
        expected = QCoreApplication.translate("Controller", END_NOTICE[next_up])
    if replayed or step_count != stepped_to:
        return f"a second Play after a Step to {stepped_to} played on to step {step_count}"
    if notice != expected:
        return f"a second Play said {notice!r}, not {expected!r}"
    return ""


@pytest.mark.parametrize(("lesson_id", "stage_index"), STAGES, ids=[f"{lesson}-{index + 1}" for lesson, index in STAGES])
def test_every_stage_played_to_its_end_and_past_it_quotes_the_engine(in_language, lesson_window, qtbot, monkeypatch,
                                                                     lesson_id, stage_index):
    window = lesson_window
    stage = next(lesson for lesson in LESSONS if lesson.id == lesson_id).stages[stage_index]
    controller = window.controller
    shown: list[tuple[int, str]] = []
    window.statusBar().clearMessage()  # what the window says must be of this stage, not the one before
    window.open_lesson(lesson_id, stage_index)
    shown.append((controller.step_count, window.caption_bar.text()))

    def record(_snapshot) -> None:
        shown.append((controller.step_count, window.caption_bar.text()))

    controller.sigStepped.connect(record)
    controller.set_steps_per_second(100_000)
    # Every frame takes all the steps that are due, not only what the measured cost of a step affords: a
    # 5,000-step stage ends in a few frames however busy the machine is, and at the same step.
    monkeypatch.setattr("gdsim.qt.playback.steps_for_frame", lambda due, _ms_per_step: due)

    window.actions["play_pause"].trigger()
    qtbot.waitUntil(lambda: not controller.playing, timeout=60_000)
    played_to = controller.step_count
    every_ball_stopped = controller.every_ball_stopped
    window.actions["step"].trigger()
    stepped_to = controller.step_count
    window.actions["play_pause"].trigger()
    replayed = controller.playing
    qtbot.waitUntil(lambda: not controller.playing, timeout=60_000)
    controller.sigStepped.disconnect(record)
    shown.append((controller.step_count, window.caption_bar.text()))

    problems: dict[str, str] = {}
    end = end_problem(stage, played_to, stepped_to, replayed, controller.step_count,
                      window.statusBar().currentMessage(), every_ball_stopped, what_comes_after(lesson_id, stage_index))
    if end:
        problems["end"] = end
    if stage.caption:
        run = HeadlessRun(stage)
        for step, caption in shown:
            run.simulation.advance(step - run.simulation.step_count)
            if run.simulation.step_count != step:
                problems.setdefault("numbers", f"the engine stops at step {run.simulation.step_count}; the window "
                                               f"showed step {step}: {caption!r}")
                break
            for check, problem in checked_caption(stage, caption, run, step, in_language).items():
                problems.setdefault(check, problem)

    assert not problems, "\n".join(f"{check}: {problem}" for check, problem in problems.items())
