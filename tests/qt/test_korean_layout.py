"""Korean text where English fitted: the rotated label of the loss plot's vertical axis is whole (its
letters start inside the plot, not at its edge, and stand clear of the tick numbers, Hangul filling its
line to the top), at the normal size and in presenter mode; "Add ball" (공 추가) and its menu arrow
do not overlap."""

import numpy as np
import pytest

from gdsim.qt import language
from gdsim.qt.panels.ball_list import BallList


@pytest.fixture(params=[("en", False), ("ko", False), ("ko", True)], ids=["en", "ko", "ko-presenter"])
def shown_loss_plot(request, window, qtbot):
    code, presenter = request.param
    before = language.chosen_language()
    language.set_language(code)
    if presenter:
        window.actions["presenter"].trigger()
    window.open_lesson("learning-rate", 0)
    window.controller.advance(5)
    window.analysis_tabs.setCurrentWidget(window.loss_plot)
    qtbot.waitUntil(lambda: window.loss_plot.plot.isVisible())
    yield window.loss_plot.plot
    if presenter:
        window.actions["presenter"].trigger()
    language.set_language(before)


def lightness(widget, width: int = 80) -> np.ndarray:
    image = widget.grab().toImage()
    return np.array([[image.pixelColor(x, y).lightness() for x in range(width)] for y in range(image.height())])


def test_the_loss_axis_label_is_whole_and_clear_of_the_ticks(shown_loss_plot, qtbot):
    plot = shown_loss_plot
    label = plot.getPlotItem().getAxis("left").label
    with_label = lightness(plot)
    label.hide()  # only to tell the label's pixels from the ticks' (the layout stays as it is)
    without_label = lightness(plot)
    label.show()
    background = np.median(without_label)
    letters = np.abs(with_label - without_label) > 40
    ticks = np.abs(without_label - background) > 40
    rows = np.flatnonzero(letters.any(axis=1))
    assert rows.size, "no label drawn"
    letter_columns = np.flatnonzero(letters.any(axis=0))
    tick_columns = np.flatnonzero(ticks[rows.min():rows.max() + 1].any(axis=0))
    assert letter_columns.min() >= 4, f"the label's letters touch the plot's left edge: from column {letter_columns.min()}"
    assert tick_columns.min() - letter_columns.max() >= 4, (
        f"the label (columns {letter_columns.min()}–{letter_columns.max()}) runs into the tick numbers "
        f"(from column {tick_columns.min()})")


def ink_runs(columns) -> list[tuple[int, int]]:
    """Runs of consecutive column indices, as (first, last)."""
    runs = []
    for column in columns:
        if runs and column == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs


@pytest.mark.parametrize("code", ["en", "ko"])
def test_add_ball_shows_its_whole_text_beside_its_menu_arrow(controller, show_views, qtbot, code):
    before = language.chosen_language()
    language.set_language(code)
    try:
        balls = BallList(controller)
        show_views(controller, balls, size=(300, 500))
        button = balls.add_button
        assert button.text() == ("공 추가" if code == "ko" else "Add ball")
        inside = lightness(button, button.width())[3:-3, 3:-3]  # within the frame
        runs = ink_runs(np.flatnonzero((np.abs(inside - np.median(inside)) > 50).any(axis=0)))
        *text, arrow = runs
        assert text and arrow[1] - arrow[0] < 12, f"the menu arrow runs into the text: {runs}"
        assert arrow[0] - text[-1][1] >= 3, f"the menu arrow touches the text: {runs}"
        assert button.menu() is not None and len(button.menu().actions()) == len(balls.add_actions)
    finally:
        language.set_language(before)
