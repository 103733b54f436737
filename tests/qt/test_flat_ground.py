"""A ball that stops where the gradient is 0 because the ground is flat (lesson L2's staircase, stage 7) found no
minimum: the ball list, the explain panel, the comparison table and the caption say "stopped on flat ground",
never "converged" (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdsim.qt.analysis_tabs import PAGES

STAIRCASE = 6  # lesson gradient's stage 7, from 0
FLAT = {"en": "stopped on flat ground (gradient 0) at step 0", "ko": "스텝 0에서 평평한 곳에 멈춤 (기울기 0)"}


def open_tab(window, qtbot, name: str):
    """Clicks the analysis tab of page `name`, as a user does; returns the page."""
    tabs = window.analysis_tabs
    index = 1 + PAGES.index(name)  # the loss plot comes first
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(index).center())
    QApplication.processEvents()
    assert tabs.currentIndex() == index
    return tabs.page(name)


def test_the_staircase_ball_stopped_on_flat_ground_in_every_view(window, qtbot, in_language):
    window.open_lesson("gradient", STAIRCASE)
    QApplication.processEvents()
    window.actions["play_pause"].trigger()  # every ball stopped at step 0: Play takes no step
    QApplication.processEvents()
    assert window.controller.step_count == 0
    status = window.control_panel.balls.status_of(0)
    assert status == FLAT[in_language] + ", f = 0.777778"
    explain = open_tab(window, qtbot, "explain_panel")
    assert FLAT[in_language] in explain.table.text()
    comparison = open_tab(window, qtbot, "comparison")
    assert comparison.table.item(0, 1).text() == FLAT[in_language]
    assert comparison.table.item(0, 2).text() == "—"  # no steps to converge: it found no minimum


def test_a_crowd_on_the_staircase_counts_its_balls_on_flat_ground_apart(window):
    window.controller.set_preset("error-rate")
    window.controller.set_random_starts(12, 0)
    QApplication.processEvents()
    assert window.control_panel.balls.status_of(0) == \
        "0 running · 0 converged · 0 diverged · 12 stopped on flat ground"
    window.controller.set_preset("bowl")
    window.controller.set_random_starts(12, 0)
    window.controller.advance(400)
    QApplication.processEvents()
    assert window.control_panel.balls.status_of(0) == "0 running · 12 converged · 0 diverged"
