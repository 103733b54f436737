"""The curve view, the data panel and the control panel's pages behind its first tab are made when first shown
(the window's first paint does not wait for them): made late, each shows the state of the run and of the look
chosen before it existed, and follows it."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdsim.qt import style
from gdsim.qt.panels.derivative_panel import DerivativePanel
from gdsim.qt.panels.gradient_checker import GradientChecker
from gdsim.qt.views.curve_view import CurveView
from gdsim.qt.views.data_panel import DataPanel


def test_the_curve_view_made_late_shows_the_run_and_the_look_chosen_before(window):
    assert not window.findChildren(CurveView)  # the default window shows a 2-D landscape
    window.actions["presenter"].trigger()  # F5 before there is a curve view
    combo = window.control_panel.landscape
    combo.setCurrentIndex(combo.findData("parabola"))
    view = window.landscape_stack.currentWidget()
    assert isinstance(view, CurveView) and view.isVisible()
    assert window.findChildren(CurveView) == [view]
    snapshot = window.controller.snapshot()
    assert view._ball_items
    for index, item in view._ball_items.items():
        xs, ys = item.getData()
        balls = [ball for ball, placed in enumerate(window.controller.setup.placed_from) if placed == index]
        np.testing.assert_allclose(xs, snapshot.positions[balls, 0])
        np.testing.assert_allclose(ys, snapshot.losses[balls])
        assert item.opts["size"] == pytest.approx(15 * style.PRESENTER_SCALE)
    window.actions["step"].trigger()  # and it follows the run from then on
    stepped = window.controller.snapshot()
    assert stepped.step != snapshot.step
    xs, _ = view._ball_items[0].getData()
    np.testing.assert_allclose(xs, stepped.positions[[0], 0])


def test_the_data_panel_made_late_shows_the_fit_of_the_step_on_screen(window):
    assert not window.findChildren(DataPanel)
    window.actions["lesson:fitting"].trigger()
    window.actions["step"].trigger()
    window.actions["step"].trigger()
    [panel] = window.findChildren(DataPanel)
    assert panel.isVisible() and not window.surface_view.isVisible()
    problem = window.controller.preset.fit
    xs, ys = panel.points.getData()
    np.testing.assert_allclose(np.sort(xs), np.sort(problem.x))
    snapshot = window.controller.snapshot()
    line_xs, line_ys = panel._curves[0].getData()
    np.testing.assert_allclose(line_ys, problem.predict(snapshot.positions[0], line_xs))
    window.controller.set_preset("bowl")
    assert not panel.isVisible() and window.surface_view.isVisible()


def choose_tab(qtbot, tabs, title: str):
    bar = tabs.tabBar()
    [index] = [i for i in range(tabs.count()) if tabs.tabText(i) == title]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index
    return tabs.currentWidget()


def test_the_derivative_tab_made_when_chosen_shows_the_start_and_its_secant(control_panel, controller, view_state,
                                                                            qtbot):
    assert not control_panel.findChildren(DerivativePanel)
    controller.set_preset("parabola")
    controller.set_start((3.0,))
    page = choose_tab(qtbot, control_panel.tabs, "Derivative")
    assert isinstance(page, DerivativePanel) and page.isVisible()
    assert "At x = 3" in page.result.text() and "exact 6" in page.result.text()
    (x0, _), (x1, _) = view_state.secant
    assert (x0 + x1) / 2 == pytest.approx(3.0)  # the central difference: x − h to x + h
    controller.set_start((1.0,))  # and it follows the setup from then on
    assert "At x = 1" in page.result.text()


def test_the_gradient_checker_made_when_chosen_shows_the_gradient_typed_before(control_panel, controller, qtbot):
    assert not control_panel.findChildren(GradientChecker)
    controller.set_expression("x^2 + 3*y^2")
    controller.set_user_gradient(("2*x", "6*y"))
    page = choose_tab(qtbot, control_panel.tabs, "Check my gradient")
    assert isinstance(page, GradientChecker) and page.isVisible()
    assert [edit.text() for edit in page.inputs] == ["2*x", "6*y"]
    assert all(edit.isVisibleTo(page) for edit in page.inputs)
