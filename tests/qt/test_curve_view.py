"""1-D landscapes: the curve view shows each ball on f, the points it visited and its tangent."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdsim.qt import style
from tests.qt.conftest import color_distance, view_to_widget


@pytest.fixture
def parabola(window):
    window.controller.set_preset("parabola")
    window.controller.set_ball_param(0, "lr", 0.1)
    return window


def test_curve_view_replaces_contour_and_surface(parabola):
    assert parabola.landscape_stack.currentWidget() is parabola.curve_view
    assert not parabola.surface_view.isVisibleTo(parabola)
    assert not parabola.control_panel.start_spins[1].isVisibleTo(parabola)
    assert parabola.control_panel.formula.text() == "f(x) = θ²"


def test_balls_sit_on_the_curve_where_the_model_says(parabola, qtbot):
    parabola.controller.set_ball_param(2, "lr", 0.02)  # apart from the other two, so none hides another
    parabola.controller.advance(3)
    QApplication.processEvents()
    view = parabola.curve_view
    image = view.grab().toImage()
    snapshot = parabola.controller.snapshot()
    for ball, (x,) in enumerate(snapshot.positions):
        assert snapshot.losses[ball] == x * x
        pixel = view_to_widget(view, (x, x * x))
        ratio = view.devicePixelRatioF()
        drawn = image.pixelColor(int(pixel.x() * ratio), int(pixel.y() * ratio)).getRgb()
        setup = parabola.controller.setup
        expected = style.ball_color(setup.balls[setup.placed_from[ball]].color).getRgb()
        assert color_distance(drawn, expected) < 40, (ball, drawn, expected)


def test_visited_points_are_the_history(parabola):
    parabola.controller.advance(4)
    visited = parabola.curve_view._history_items[0][0]
    xs = np.array([4 * 0.8 ** k for k in range(5)])  # θ ← θ − 0.1·2θ
    np.testing.assert_allclose(sorted(visited.data["x"]), sorted(xs))
    np.testing.assert_allclose(sorted(visited.data["y"]), sorted(xs ** 2))


def test_tangent_has_the_slope_of_the_gradient_at_the_ball(parabola):
    parabola.controller.advance(2)
    snapshot = parabola.controller.snapshot()
    tangent = parabola.curve_view._history_items[0][1]
    x0, x1 = tangent.xData[:2]
    y0, y1 = tangent.yData[:2]
    x = snapshot.positions[0, 0]
    assert (y1 - y0) / (x1 - x0) == pytest.approx(2 * x)  # f'(θ) = 2θ
    assert (x0 + x1) / 2 == pytest.approx(x) and (y0 + y1) / 2 == pytest.approx(x * x)


def test_click_on_the_curve_sets_the_start(parabola, qtbot):
    view = parabola.curve_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view_to_widget(view, (-2.5, 10.0)))
    (start,) = parabola.controller.setup.start
    assert start == pytest.approx(-2.5, abs=2 * view.getPlotItem().vb.viewPixelSize()[0])
    marker = view.start_marker.pos()
    assert (marker.x(), marker.y()) == pytest.approx((start, start * start))


def test_large_learning_rate_diverges_with_alternating_sign(parabola):
    parabola.controller.set_ball_param(0, "lr", 1.2)
    parabola.controller.advance(5)
    history = parabola.controller.snapshot().history_positions[:, 0, 0]
    np.testing.assert_allclose(history, 4 * (-1.4) ** np.arange(6))  # lesson L1: θ₅ ≈ −21.51
