"""A Korean student reads the ball list, the map's legend, the formula and the caption: schedules have
names and symbols, not code names; a formula said in words is Korean and wraps; a staircase has no
saddles; a coordinate that rounds to zero reads 0.00, not -0.00."""

import re

import pytest
from PySide6.QtCore import Qt

from gdsim.qt import language
from tests.qt.test_korean_messages import HANGUL

CODE_NAME = re.compile(r"[A-Za-z_]{2,}")  # "step_size", "cosine", "gamma": what no Korean reader should see


def ball_rows(window) -> list[str]:
    rows = window.control_panel.balls.list
    return [rows.item(i).text() for i in range(rows.count())]


def legend_texts(window) -> list[str]:
    return [label.text for _, label in window.landscape_stack.currentWidget().legend.items]


@pytest.mark.usefixtures("korean")
@pytest.mark.parametrize(("lesson", "stage"), [("momentum", 6), ("learning-rate", 8)])
def test_in_korean_a_scheduled_ball_is_named_in_korean_in_the_list_and_the_legend(window, lesson, stage):
    window.open_lesson(lesson, stage)
    scheduled = [text for text in ball_rows(window) + legend_texts(window) if " · " in text]
    assert len(scheduled) >= 2 if lesson == "learning-rate" else len(scheduled) >= 6  # list and legend
    for text in scheduled:
        schedule = text.split(" · ", 1)[1].split("\n")[0]
        assert HANGUL.search(schedule), text
        assert not CODE_NAME.search(schedule) and "_" not in schedule, text


@pytest.mark.usefixtures("korean")
def test_the_momentum_schedules_read_as_the_caption_says_them(window):
    window.open_lesson("momentum", 6)
    rows = " ".join(ball_rows(window))
    assert "계단식 (100 스텝마다 ×0.5)" in rows
    assert "지수 (매 스텝 ×0.99)" in rows
    assert "코사인 어닐링 (300 스텝)" in rows


def test_in_english_the_schedules_have_names_a_person_writes(window):
    window.open_lesson("learning-rate", 8)
    rows = " ".join(ball_rows(window))
    assert "cosine restarts every 40 steps" in rows
    assert "_" not in rows


def test_nesterov_is_titled_with_the_rho_its_caption_and_legend_use(window):
    window.open_lesson("momentum", 2)
    assert "ρ = 0.9" in window.lesson_bar.stage_label.text()
    assert "γ" not in window.lesson_bar.stage_label.text()
    assert any("ρ=0.9" in text for text in legend_texts(window))


@pytest.mark.usefixtures("korean")
def test_the_error_rates_formula_is_korean_and_wraps_inside_the_panel(window):
    window.open_lesson("gradient", 7)  # the sigmoid: the longest formula in words
    formula = window.control_panel.formula
    assert formula.text().startswith("f(x) = ") and HANGUL.search(formula.text())
    assert "over the" not in formula.text()
    assert shown_whole(formula, window)
    window.open_lesson("gradient", 6)
    assert HANGUL.search(formula.text()) and "share" not in formula.text()
    language.set_language("en")
    assert "share of the 9 points" in formula.text()
    window.open_lesson("gradient", 7)
    assert "over the 9 points" in formula.text() and shown_whole(formula, window)


def shown_whole(label, window) -> bool:
    """The label's text ends inside the visible part of the scrolled control panel (it wraps, not clips)."""
    viewport = window.control_panel.parentWidget()
    right = label.mapTo(viewport, label.rect().topLeft()).x() + label.fontMetrics().boundingRect(
        label.rect(), label.alignment() | Qt.TextFlag.TextWordWrap, label.text()).width()
    return right <= viewport.width()


def test_the_staircase_marks_no_saddle_points(window):
    window.open_lesson("gradient", 6)
    view = window.landscape_stack.currentWidget()
    assert len(view.critical.data) == 0
    assert not any("saddle" in text for text in legend_texts(window))


def test_the_best_of_the_random_restarts_is_written_without_a_negative_zero(window):
    window.open_lesson("learning-rate", 9)
    window.controller.advance(window.controller.stage_steps)
    caption = window.caption_bar.text()
    assert "at (0.00, 0.00)" in caption  # the global minimum, whatever the sign of a coordinate near 0
    assert "-0.00" not in caption


def test_a_long_schedule_name_leaves_the_whole_map_in_a_small_window(window, qtbot):
    """At 1024×768 the legend names a ball's schedule shortly rather than widen the map past its widget
    (which hid the map's right side, with the start); the full name is its tooltip."""
    window.resize(1024, 768)
    window.open_lesson("learning-rate", 8)
    view = window.landscape_stack.currentWidget()
    qtbot.waitUntil(lambda: view.width() < 480)
    assert any("cosine restarts" in text for text in legend_texts(window))
    assert any("cosine restarts every 40 steps" in label.toolTip() for _, label in view.legend.items)
    assert view.getPlotItem().geometry().right() <= view.width()
    assert view.legend.layout.minimumWidth() <= view.width()
