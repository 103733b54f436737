"""The side panel at projector sizes: it fits its width (no sideways scrolling, no clipped text), its
swatches keep their colours, and its fields are named by the variables on screen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
)

from gdsim.qt import style
from gdsim.qt.panels.lessons import LessonPlayer
from tests.qt.conftest import color_distance

SIZES = [(1024, 768), (1280, 800)]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def clipped_texts(panel) -> list[str]:
    """What in the panel shows less than its text: a label, a button, a box's text or its placeholder."""
    clipped = []
    for widget in panel.findChildren(QLabel) + panel.findChildren(QAbstractButton):
        if not widget.isVisibleTo(panel) or not widget.text() or (isinstance(widget, QLabel) and widget.wordWrap()):
            continue
        if widget.sizeHint().width() > widget.width():
            clipped.append(widget.text())
    for box in panel.findChildren(QLineEdit):
        if box.isVisibleTo(panel) and box.placeholderText() and not box.text():
            room = box.width() - 12  # the frame and the text margins
            if box.fontMetrics().horizontalAdvance(box.placeholderText()) > room:
                clipped.append(box.placeholderText())
    for combo in panel.findChildren(QComboBox):
        if combo.isVisibleTo(panel) and combo.currentText():
            option = QStyleOptionComboBox()
            combo.initStyleOption(option)
            room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                                QStyle.SubControl.SC_ComboBoxEditField, combo).width()
            if combo.fontMetrics().horizontalAdvance(combo.currentText()) > room:
                clipped.append(combo.currentText())
    return clipped


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("where", [("momentum", 3), ("fitting", 2), ("one-weight", 0), ("bowl", None),
                                   ("sigmoid-error", None)])
def test_the_side_panel_fits_its_width_at_projector_sizes(window, in_language, size, where):
    name, stage = where
    window.resize(*size)
    if stage is None:
        window.controller.set_preset(name)
    else:
        window.lessons.open(name, stage)
    scroll = window.control_panel.parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    tabs = window.control_panel.tabs
    for tab in range(tabs.count()):  # Balls, Check my gradient, Derivative
        tabs.setCurrentIndex(tab)
        settle()
        assert not scroll.horizontalScrollBar().isVisible()
        assert window.control_panel.width() <= scroll.viewport().width()
        assert clipped_texts(window.control_panel) == []


def test_the_expression_hint_is_whole_in_its_tooltip(control_panel):
    assert "x^2 + y^2" in control_panel.expression.placeholderText()
    assert control_panel.expression.toolTip().startswith("Type f(x) or f(x, y)")


def test_the_selected_balls_swatch_keeps_its_colour(control_panel, controller, qtbot):
    ball_list = control_panel.balls.list
    controller.select_ball(0)
    settle()
    item = ball_list.item(0)
    assert item.isSelected()
    row = ball_list.viewport().grab(ball_list.visualItemRect(item)).toImage()
    wanted = style.ball_color(controller.setup.balls[0].color)
    pixels = np.array([[row.pixelColor(x, y).getRgb() for x in range(row.width())] for y in range(row.height())])
    close = (np.abs(pixels[..., :3].astype(int) - np.array(wanted.getRgb()[:3])).max(axis=-1) <= 6)
    assert close.sum() >= 10 * 10  # the 14-px square, in the ball's own colour
    assert color_distance(row.pixelColor(2, 2).getRgb(), wanted.getRgb()) > 6  # the row itself is highlighted


def test_the_start_and_view_fields_are_named_by_the_variables_on_screen(control_panel, controller):
    player = LessonPlayer(controller)
    player.open("fitting", 0)
    panel = control_panel
    assert [label.text() for label in panel.start_labels] == ["W", "b"]
    assert panel.view_box_labels[0].text() == "view W" and panel.view_box_labels[2].text() == "view b"
    assert "W" in panel.view_box[0].toolTip()
    controller.set_preset("bowl")
    assert [label.text() for label in panel.start_labels] == ["x", "y"]
    assert panel.view_box_labels[0].text() == "view x" and panel.view_box_labels[2].text() == "view y"
    player.open("one-weight", 0)
    assert panel.start_labels[0].text() == "w" and panel.start_labels[0].isVisibleTo(panel)
    assert not panel.start_labels[1].isVisibleTo(panel)
    assert panel.derivative.result.text().startswith("At w = 1:")


def test_the_compare_table_shows_each_balls_whole_name_at_1024(window):
    window.resize(1024, 768)
    window.lessons.open("momentum", 3)
    window.controller.advance(20)
    window.analysis_tabs.setCurrentWidget(window.comparison)
    settle()
    table = window.comparison.table
    assert table.rowCount() == 3
    for row, ball in enumerate(window.controller.setup.balls):
        item = table.item(row, 0)
        assert " ".join(item.text().split()) == ball.label  # every word of it, on one line or two
        lines = item.text().split("\n")
        needed = max(table.fontMetrics().horizontalAdvance(line) for line in lines) + 14 + 12  # swatch, margins
        assert table.columnWidth(0) >= needed
        assert table.columnViewportPosition(0) + needed <= table.viewport().width()
        assert table.rowHeight(row) >= len(lines) * table.fontMetrics().lineSpacing()
    assert Qt.TextElideMode.ElideNone == table.textElideMode()


def test_the_basins_table_of_three_balls_fits_without_sideways_scrolling_at_1024(window, qtbot):
    window.resize(1024, 768)
    window.controller.set_preset("himmelblau")
    assert len(window.controller.setup.balls) == 3
    panel = window.basin_panel
    window.analysis_tabs.setCurrentWidget(panel)
    panel.grid.setValue(20)
    panel.steps.setValue(100)
    assert panel.run()
    qtbot.waitUntil(lambda: panel.result is not None, timeout=60_000)
    settle()
    table = panel.table
    widths = sum(table.columnWidth(column) for column in range(table.columnCount()))
    assert widths <= table.viewport().width() and not table.horizontalScrollBar().isVisible()
    panel.shutdown()
