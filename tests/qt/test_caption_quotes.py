"""Captions name what they quote: the landscape's minimum is the landscape's, not a ball's; the lowest
ball is named; every stopped ball gives its step; and a run that has left its stage says so.

The whole window: the Lessons menu, PageDown, the Play and Step actions, the keys, and the caption bar."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdsim.model.lessons.captions import STATUS_WORDS, ball_name
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.simulation import BallStatus
from gdsim.qt import names
from tests.qt.conftest import activate

MINIMUM = "(0.4824, -4.2560), f = -4.9622"  # momentum-demo's one minimum in view (LESSONS.md L4)
WORDS = {"en": {"minimum": "The landscape's minimum: ", "converged": "converged", "step": "step",
                "lowest": "Lowest now ", "Nesterov": "Nesterov", "Momentum": "Momentum", "past": "(past this stage's 5 steps)",
                "changed": "(the run has left this stage: its start or balls were changed)"},
         "ko": {"minimum": "지형의 최솟값: ", "converged": "수렴", "step": "스텝", "lowest": "지금 가장 낮은 공 ",
                "Nesterov": "네스테로프", "Momentum": "모멘텀", "past": "(이 단계의 5 스텝을 지났습니다)",
                "changed": "(이 단계를 벗어났습니다: 시작점이나 공이 바뀌었습니다)"}}


def caption(window) -> str:
    return window.caption_bar.text().replace("−", "-")


def open_all_three(window, qtbot):
    """L4 from the Lessons menu, then PageDown to its stage 4 (SGD, Momentum and Nesterov together)."""
    window.actions["lesson:momentum"].trigger()
    activate(window, qtbot)
    for _ in range(3):
        qtbot.keyClick(window.contour_view, Qt.Key.Key_PageDown)
    assert window.lessons.index == 3


def test_the_minimum_is_the_landscapes_from_step_0_to_the_end(in_language, window, qtbot):
    words = WORDS[in_language]
    open_all_three(window, qtbot)
    assert window.controller.step_count == 0
    assert words["minimum"] + MINIMUM in caption(window)  # not the start (0.5, 5.8), f = 22.74
    assert words["lowest"] not in caption(window)  # before Play its `before` caption: no ball has gone anywhere

    window.controller.set_steps_per_second(100_000)
    window.actions["play_pause"].trigger()
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=60_000)
    snapshot = window.controller.snapshot()
    assert snapshot.finished and snapshot.step > 0
    assert words["minimum"] + MINIMUM in caption(window)
    sgd_stopped = int(snapshot.stopped_at[0])  # SGD is the last to arrive: its step is the run's end
    assert sgd_stopped == snapshot.step
    assert f"SGD: {words['converged']} ({words['step']} {sgd_stopped})" in caption(window)


def test_the_lowest_ball_is_named_where_the_caption_says_which_is_lowest(in_language, window, qtbot):
    words = WORDS[in_language]
    open_all_three(window, qtbot)
    for _ in range(10):
        window.actions["step"].trigger()
    losses = window.controller.snapshot().losses
    assert int(np.argmin(losses)) == 2  # Nesterov, below Momentum at step 10
    assert f"{words['lowest']}(f = {losses[2]:.4f}): {words['Nesterov']}." in caption(window)


def test_stepping_past_the_stage_end_or_moving_the_start_says_the_run_has_left_the_stage(in_language, window, qtbot):
    words = WORDS[in_language]
    window.open_lesson("learning-rate", 2)  # η = 0.1, 5 steps
    activate(window, qtbot)
    window.controller.set_steps_per_second(200)
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=5000)
    assert window.controller.step_count == 5
    at_the_end = caption(window)
    assert words["past"] not in at_the_end and words["changed"] not in at_the_end

    qtbot.keyClick(window.contour_view, Qt.Key.Key_Right)  # Step explores past the end
    assert window.controller.step_count == 6 and caption(window).endswith(" " + words["past"])
    assert "x₅ = 4·0.8⁵ = 1.311" in caption(window)  # what it quotes of step 5 stays true after it
    window.actions["reset"].trigger()
    assert words["past"] not in caption(window)

    window.controller.set_start((3.0,))  # as dragging the start does
    assert caption(window).endswith(" " + words["changed"])
    window.actions["undo"].trigger()
    assert words["changed"] not in caption(window)  # the stage's own start again


@pytest.mark.parametrize("index", [0, 1])
def test_a_still_stage_stepped_on_says_it_shows_step_0(window, qtbot, index):
    window.open_lesson("gradient", index)
    activate(window, qtbot)
    window.actions["step"].trigger()
    assert window.controller.step_count == 1
    assert caption(window).endswith(" (the run has left this stage, which shows step 0)")


def test_a_captions_ball_names_and_statuses_are_the_windows_words(korean):
    """The model names balls and statuses in a caption's language itself (it has no Qt): the same words
    the list and the legend use."""
    for kind in OptimizerKind:
        assert ball_name("", kind, "ko") == names.optimizer_name(kind)
    for status in BallStatus:
        assert STATUS_WORDS["ko"][status.label] == names.status_word(status)
