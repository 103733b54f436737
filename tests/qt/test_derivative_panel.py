"""Numerical differentiation in the window (lesson L2): the secant, the estimate and its error."""

import pytest


def test_central_difference_at_the_start_point_and_its_secant(window):
    window.open_lesson("gradient", 0)  # 0.01x² + 0.1x from x = 5
    panel = window.control_panel.derivative
    window.control_panel.tabs.setCurrentWidget(panel)
    panel.step.setValue(-40)  # h = 1e-4
    assert panel.h == pytest.approx(1e-4)
    assert "exact 0.2" in panel.result.text()
    xs, ys = window.curve_view.secant.getData()
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    assert slope == pytest.approx(0.2, abs=1e-8)


def test_h_of_1e_50_gives_a_zero_difference(window):
    window.open_lesson("gradient", 0)
    panel = window.control_panel.derivative
    window.control_panel.tabs.setCurrentWidget(panel)
    panel.method.setCurrentIndex(panel.method.findData("forward"))
    panel.step.setValue(-500)
    assert "estimate 0," in panel.result.text() and "error 0.2" in panel.result.text()
    xs, ys = window.curve_view.secant.getData()
    assert ys[0] == ys[1]  # a flat secant: the rounding error of the lesson


def test_two_dimensional_landscapes_say_what_to_choose(window):
    assert "functions of x alone" in window.control_panel.derivative.result.text()
    xs, _ = window.curve_view.secant.getData()
    assert xs is None or len(xs) == 0


def test_the_secant_is_drawn_only_while_its_tab_is_shown(window):
    window.open_lesson("gradient", 0)
    window.control_panel.tabs.setCurrentWidget(window.control_panel.derivative)
    assert len(window.curve_view.secant.getData()[0]) == 2
    window.control_panel.tabs.setCurrentIndex(0)
    xs, _ = window.curve_view.secant.getData()
    assert xs is None or len(xs) == 0
