"""Every stage of every bundled lesson, played in the window as a user plays it, in English and Korean.

The user opens the stage, presses Play until it stops, takes one Step past the end, and presses Play
again. Every caption the window showed on the way (read from the caption bar) is checked:

- Play stopped at the stage's step count, and the second Play took no step and said that the stage has ended;
- no number is a negative zero ("-0.00");
- every number that quotes a ball is the engine's value at the step it was shown: the expected values
  come from the stage run headless (Stage.simulation, not the window's controller) and are compared with
  the numbers parsed out of the caption's text, within the rounding of the digits printed. The caption's
  template only says where in the text each quoted value stands, not how it is printed;
- no caption shows a template error in brackets;
- a caption that quotes the step at which a ball stopped quotes it for every stopped ball it names.

A known defect that another change is fixing is expected (xfail) only for the check it breaks; every
other check of that stage still has to pass."""

from __future__ import annotations

import re
import string
from functools import partial

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest

from gdsim.model.lessons import load_lessons, localized
from gdsim.model.simulation import BallStatus
from gdsim.qt.main_window import MainWindow
from gdsim.resources import resource_path

LESSONS, _ = load_lessons(resource_path("lessons"))
STAGES = [(lesson.id, index) for lesson in LESSONS for index in range(len(lesson.stages))]

# What {ball[i].status} reads as, written out here rather than taken from the caption renderer.
STATUS_TEXT = {"en": {"running": "running", "converged": "converged", "diverged": "diverged",
                      "undefined": "undefined"},
               "ko": {"running": "진행 중", "converged": "수렴", "diverged": "발산", "undefined": "정의되지 않음"}}
END_NOTICE = partial(QCoreApplication.translate, "Controller", "End of this stage: PageDown for the next")
STILL_RUNNING = "—"  # {ball[i].stopped_at} of a ball that has not stopped
BALL_FIELD = re.compile(r"(?:ball\[(?P<index>\d+)\]|(?P<best>best))\.(?P<name>x|y|loss|grad_x|grad_y|stopped_at|status)")
NUMBER = re.compile(r"(?P<sign>[-+−]?)(?P<whole>\d+)(?:\.(?P<fraction>\d*))?(?:[eE](?P<exponent>[-+]?\d+))?")
NEGATIVE_ZERO = re.compile(r"(?<![\w.])[-−]0(?:\.0*)?(?:[eE][-+]?\d+)?(?![\d.])")

EVERY_BALL_STOPS_EARLY = ("every ball stops before the stage's step count, so Play ends early and a second Play "
                          "says nothing (the end notice is only for the step count)")
KNOWN_DEFECTS = {
    # (lesson, stage from 0): {check: why it fails today}
    ("learning-rate", 9): {"end": EVERY_BALL_STOPS_EARLY},
    ("gradient", 4): {"end": EVERY_BALL_STOPS_EARLY},
    ("gradient", 6): {"end": EVERY_BALL_STOPS_EARLY},
    ("fitting", 4): {"end": EVERY_BALL_STOPS_EARLY},
    ("momentum", 3): {"end": EVERY_BALL_STOPS_EARLY,
                      "status_step": "SGD's status is quoted without the step it converged at (being fixed)"},
}


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


def expected_ball_value(simulation, field: str, language: str):
    """What a ball field quoted in a caption should read, from the engine's arrays."""
    match = BALL_FIELD.fullmatch(field)
    if match["best"]:
        losses = np.asarray(simulation.losses, dtype=float)
        ball = int(np.argmin(np.where(np.isfinite(losses), losses, np.inf)))
    else:
        ball = int(match["index"])
    name = match["name"]
    if name == "status":
        return STATUS_TEXT[language][BallStatus(simulation.status[ball]).label]
    if name == "stopped_at":
        return STILL_RUNNING if simulation.stopped_at[ball] < 0 else int(simulation.stopped_at[ball])
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


def checked_caption(template: str, caption: str, simulation, step: int, language: str) -> dict[str, str]:
    """The checks that `caption`, shown at `step`, breaks: {check: what is wrong}."""
    problems = {}
    where = f"at step {step}: {caption!r}"
    if caption.startswith("[") or "[error" in caption.lower():
        problems["error_text"] = f"template error shown {where}"
    zero = NEGATIVE_ZERO.search(caption)
    if zero:
        problems["negative_zero"] = f"negative zero {zero[0]!r} {where}"
    parts = quoted_parts(template, caption)
    if parts is None:
        problems.setdefault("numbers", f"caption does not follow its template {template!r} {where}")
        return problems
    wrong = []
    for field, text in parts:
        if field == "step":
            expected = step
        elif BALL_FIELD.fullmatch(field):
            expected = expected_ball_value(simulation, field, language)
        else:
            continue  # a field this audit does not know (e.g. the landscape's own points): only (b) and (d)
        if not reads_as(text, expected):
            wrong.append(f"{{{field}}} reads {text!r}, the engine has {expected!r}")
    if wrong:
        problems["numbers"] = "; ".join(wrong) + f" {where}"
    unstepped = stopped_without_step([field for field, _ in parts], simulation)
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


@pytest.mark.parametrize(("lesson_id", "stage_index"), STAGES, ids=[f"{lesson}-{index + 1}" for lesson, index in STAGES])
def test_every_stage_played_to_its_end_and_past_it_quotes_the_engine(in_language, lesson_window, qtbot, monkeypatch,
                                                                     lesson_id, stage_index):
    window = lesson_window
    stage = next(lesson for lesson in LESSONS if lesson.id == lesson_id).stages[stage_index]
    template = localized(stage.caption, in_language)
    controller = window.controller
    shown: list[tuple[int, str]] = []
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
    window.actions["step"].trigger()
    stepped_to = controller.step_count
    window.actions["play_pause"].trigger()
    replayed = controller.playing
    qtbot.waitUntil(lambda: not controller.playing, timeout=60_000)
    controller.sigStepped.disconnect(record)

    problems: dict[str, str] = {}
    if played_to != stage.steps:
        problems["end"] = f"Play stopped at step {played_to}, the stage has {stage.steps} steps"
    elif replayed or controller.step_count != stepped_to:
        problems["end"] = (f"a second Play after a Step to {stepped_to} played on to step {controller.step_count}")
    elif window.statusBar().currentMessage() != END_NOTICE():
        problems["end"] = f"a second Play said {window.statusBar().currentMessage()!r}, not that the stage has ended"
    if stage.caption:
        simulation = stage.simulation()
        for step, caption in shown:
            simulation.advance(step - simulation.step_count)
            if simulation.step_count != step:
                problems.setdefault("numbers", f"the engine stops at step {simulation.step_count}; the window "
                                               f"showed step {step}: {caption!r}")
                break
            for check, problem in checked_caption(template, caption, simulation, step, in_language).items():
                problems.setdefault(check, problem)

    known = KNOWN_DEFECTS.get((lesson_id, stage_index), {})
    unexpected = {check: problem for check, problem in problems.items() if check not in known}
    assert not unexpected, "\n".join(f"{check}: {problem}" for check, problem in unexpected.items())
    if problems:
        pytest.xfail("; ".join(f"{known[check]} ({problems[check]})" for check in problems))
