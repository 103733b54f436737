"""Basins on a landscape of one variable: intervals along x behind the curve, minima named A, B… with their
x; a flat landscape (the error-rate staircase) is named flat, not mapped as "not converged"."""

import pytest
from PySide6.QtCore import Qt

from gdsim.model.basins import DIVERGED, NOT_CONVERGED
from tests.qt.conftest import type_into, view_to_widget


def open_basins(window, qtbot):
    tabs = window.analysis_tabs
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=tabs.tabBar().tabRect(tabs.indexOf(window.basin_panel)).center())
    assert tabs.currentWidget() is window.basin_panel
    return window.basin_panel


def run_basins(panel, qtbot):
    panel.every_ball.setChecked(False)  # the selected ball
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert panel.result is not None, panel.message.text()


def test_a_typed_function_of_x_gets_its_basins_as_intervals_along_x(window, qtbot):
    type_into(qtbot, window.control_panel.expression, "x^4 - 3x^2 + x")
    assert window.controller.setup.landscape.dim == 1
    panel = open_basins(window, qtbot)
    window.controller.set_ball_param(window.controller.selected_index, "lr", 0.01)
    run_basins(panel, qtbot)
    layer = window.curve_view.basin_layer
    intervals = layer.intervals
    assert [label for label, _, _ in intervals] == [0, 1], "left of the hump the deep minimum A, right of it B"
    (_, left, middle), (_, middle_again, right) = intervals
    assert middle == middle_again and 0.1 < middle < 0.25  # the maximum of x⁴ − 3x² + x, at x ≈ 0.17
    assert panel.table.item(0, 0).text().startswith("A (-1.30")
    assert panel.table.item(1, 0).text().startswith("B (1.13")
    assert [name.textItem.toPlainText() for name in layer._names] == ["A (-1.30)", "B (1.13)"]
    assert "minima found" in panel.message.text() and not window.contour_view.basin_layer.shown
    qtbot.mouseClick(window.curve_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view_to_widget(window.curve_view, (-2.0, 20.0)))
    assert window.controller.setup.start[0] == pytest.approx(-2.0, abs=0.05), "a click through the map sets the start"


def test_the_staircase_is_named_flat(window, qtbot):
    window.controller.set_preset("error-rate")
    panel = open_basins(window, qtbot)
    run_basins(panel, qtbot)
    assert panel.message.text().startswith("Flat: gradient 0 almost everywhere.")
    names = [panel.table.item(row, 0).text() for row in range(panel.table.rowCount())]
    assert names == ["diverged", "not converged", "flat: gradient 0"]
    assert panel.table.item(2, 1).text() == "100.0%" and panel.table.item(1, 1).text() == "0.0%"
    assert {label for label, _, _ in window.curve_view.basin_layer.intervals} <= {NOT_CONVERGED, DIVERGED}
