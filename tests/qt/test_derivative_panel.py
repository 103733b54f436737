"""Numerical differentiation (lesson L2): the secant, the estimate and its error.

The control panel, whose Derivative tab it is, beside the curve view that draws the secant, with a controller."""

import numpy as np
import pytest

from gdsim.model.differentiation import clamped_for_log, error_curve
from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.panels.derivative_panel import LOG_FLOOR
from gdsim.qt.panels.lessons import LessonPlayer
from gdsim.qt.views.curve_view import CurveView
from tests.qt.conftest import type_into


@pytest.fixture
def panel_and_curve(controller, view_state, show_views):
    """The control panel beside the curve view, as in the window on a 1-D landscape."""
    panel, curve_view = ControlPanel(controller, view_state), CurveView(controller, view_state)
    show_views(controller, panel, curve_view, size=(900, 760))
    return panel, curve_view


def open_lesson(controller, lesson_id, stage):
    LessonPlayer(controller).open(lesson_id, stage)


def test_central_difference_at_the_start_point_and_its_secant(panel_and_curve, controller):
    control_panel, curve_view = panel_and_curve
    open_lesson(controller, "gradient", 0)  # 0.01x² + 0.1x from x = 5
    panel = control_panel.derivative
    control_panel.tabs.setCurrentWidget(panel)
    panel.step.setValue(-40)  # h = 1e-4
    assert panel.h == pytest.approx(1e-4)
    assert "exact 0.2" in panel.result.text()
    xs, ys = curve_view.secant.getData()
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    assert slope == pytest.approx(0.2, abs=1e-8)


def test_h_of_1e_50_gives_a_zero_difference(panel_and_curve, controller):
    control_panel, curve_view = panel_and_curve
    open_lesson(controller, "gradient", 0)
    panel = control_panel.derivative
    control_panel.tabs.setCurrentWidget(panel)
    panel.method.setCurrentIndex(panel.method.findData("forward"))
    panel.step.setValue(-500)
    assert "estimate 0," in panel.result.text() and "error 0.2" in panel.result.text()
    xs, ys = curve_view.secant.getData()
    assert ys[0] == ys[1]  # a flat secant: the rounding error of the lesson


def test_two_dimensional_landscapes_say_what_to_choose(panel_and_curve):
    control_panel, curve_view = panel_and_curve
    assert "functions of x alone" in control_panel.derivative.result.text()
    xs, _ = curve_view.secant.getData()
    assert xs is None or len(xs) == 0


def test_the_secant_is_drawn_only_while_its_tab_is_shown(panel_and_curve, controller):
    control_panel, curve_view = panel_and_curve
    open_lesson(controller, "gradient", 0)
    control_panel.tabs.setCurrentWidget(control_panel.derivative)
    assert len(curve_view.secant.getData()[0]) == 2
    control_panel.tabs.setCurrentIndex(0)
    xs, _ = curve_view.secant.getData()
    assert xs is None or len(xs) == 0


def plotted(curve) -> int:
    xs, _ = curve.getData()
    return 0 if xs is None else len(xs)


def test_a_new_landscape_never_shows_the_last_functions_error_plot(control_panel, controller, qtbot):
    panel = control_panel
    derivative = panel.derivative
    panel.tabs.setCurrentWidget(derivative)
    type_into(qtbot, panel.expression, "0.01*x^2 + 0.1*x")
    assert plotted(derivative.forward_curve) > 100 and plotted(derivative.marker) == 1

    panel.landscape.setCurrentIndex(panel.landscape.findData("bowl"))  # a function of x and y
    assert "functions of x alone" in derivative.result.text()
    assert [plotted(c) for c in (derivative.forward_curve, derivative.central_curve, derivative.marker)] == [0, 0, 0]

    type_into(qtbot, panel.expression, "x^3")  # back to one variable, another function
    x = controller.setup.start[0]
    expected = error_curve(controller.setup.landscape, x)
    _, central = derivative.central_curve.getData()  # on the log axis: log10 of the errors
    np.testing.assert_allclose(10 ** central, clamped_for_log(expected.central, LOG_FLOOR), rtol=1e-9)
    assert f"At x = {x:g}" in derivative.result.text()


def test_a_start_where_f_is_not_defined_draws_no_error_curve_and_no_warning(control_panel, controller, qtbot):
    """Found by the monkey: log(x) from x < 0 made every error NaN, and pyqtgraph's bounds of an all-NaN
    curve warned from inside a paint (an error in the window's stderr, a crash in the test)."""
    panel = control_panel
    derivative = panel.derivative
    panel.tabs.setCurrentWidget(derivative)
    type_into(qtbot, panel.expression, "log(x)")
    controller.set_start((-2.0,))
    panel.grab()  # paints: the plot's bounds are taken here
    assert plotted(derivative.marker) == 0 and plotted(derivative.central_curve) == 0
