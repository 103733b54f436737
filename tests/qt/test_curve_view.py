"""1-D landscapes: the curve view shows each ball on f, the points it visited and its tangent.

The curve view alone with a controller; the whole window for the curve taking the map's place."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdsim.qt import style
from gdsim.qt.views.curve_view import CurveView
from tests.qt.conftest import color_distance, view_to_widget


@pytest.fixture
def controller(controller):
    """The window's first setup with the parabola chosen, its SGD ball at η = 0.1."""
    controller.set_preset("parabola")
    controller.set_ball_param(0, "lr", 0.1)
    return controller


@pytest.fixture
def curve_view(controller, view_state, show_views):
    view = CurveView(controller, view_state)
    show_views(controller, view)
    return view


def test_curve_view_replaces_contour_and_surface(window):
    window.controller.set_preset("parabola")
    assert window.landscape_stack.currentWidget() is window.curve_view
    assert not window.surface_view.isVisibleTo(window)
    assert not window.control_panel.start_spins[1].isVisibleTo(window)
    assert window.control_panel.formula.text() == "f(x) = x²"


def test_balls_sit_on_the_curve_where_the_model_says(curve_view, controller):
    controller.set_ball_param(2, "lr", 0.02)  # apart from the other two, so none hides another
    controller.advance(3)
    QApplication.processEvents()
    view = curve_view
    image = view.grab().toImage()
    snapshot = controller.snapshot()
    for ball, (x,) in enumerate(snapshot.positions):
        assert snapshot.losses[ball] == x * x
        pixel = view_to_widget(view, (x, x * x))
        ratio = view.devicePixelRatioF()
        drawn = image.pixelColor(int(pixel.x() * ratio), int(pixel.y() * ratio)).getRgb()
        setup = controller.setup
        expected = style.ball_color(setup.balls[setup.placed_from[ball]].color).getRgb()
        assert color_distance(drawn, expected) < 40, (ball, drawn, expected)


def test_visited_points_are_the_history(curve_view, controller):
    controller.advance(4)
    visited = curve_view._history_items[0][0]
    xs = np.array([4 * 0.8 ** k for k in range(5)])  # θ ← θ − 0.1·2θ
    np.testing.assert_allclose(sorted(visited.data["x"]), sorted(xs))
    np.testing.assert_allclose(sorted(visited.data["y"]), sorted(xs ** 2))


def test_tangent_has_the_slope_of_the_gradient_at_the_ball(curve_view, controller):
    controller.advance(2)
    snapshot = controller.snapshot()
    tangent = curve_view._history_items[0][1]
    x0, x1 = tangent.xData[:2]
    y0, y1 = tangent.yData[:2]
    x = snapshot.positions[0, 0]
    assert (y1 - y0) / (x1 - x0) == pytest.approx(2 * x)  # f'(θ) = 2θ
    assert (x0 + x1) / 2 == pytest.approx(x) and (y0 + y1) / 2 == pytest.approx(x * x)


def test_click_on_the_curve_sets_the_start(curve_view, controller, qtbot):
    view = curve_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view_to_widget(view, (-2.5, 10.0)))
    (start,) = controller.setup.start
    assert start == pytest.approx(-2.5, abs=2 * view.getPlotItem().vb.viewPixelSize()[0])
    marker = view.start_marker.pos()
    assert (marker.x(), marker.y()) == pytest.approx((start, start * start))


def test_large_learning_rate_diverges_with_alternating_sign(controller):
    controller.set_ball_param(0, "lr", 1.2)
    controller.advance(5)
    history = controller.snapshot().history_positions[:, 0, 0]
    np.testing.assert_allclose(history, 4 * (-1.4) ** np.arange(6))  # lesson L1: θ₅ ≈ −21.51


@pytest.mark.parametrize(("lesson", "stage"), [("gradient", 0), ("one-weight", 0)])
def test_the_tangent_reaches_well_past_the_ball_and_shows_over_the_curve(controller, view_state, show_views,
                                                                         lesson, stage):
    """L2 and L5 are about the tangent's slope at the start: a stub hidden under the ball and the start's
    cross, drawn on the curve itself, showed none. Both its ends lie well outside the ball, and its dashes
    show in the ball's colour there."""
    from gdsim.qt.panels.lessons import LessonPlayer

    LessonPlayer(controller).open(lesson, stage)
    view = CurveView(controller, view_state)
    show_views(controller, view, size=(560, 700))  # about the map's size in the window at 1280 × 800
    QApplication.processEvents()
    snapshot = controller.snapshot()
    x, f = snapshot.positions[0, 0], snapshot.losses[0]
    tangent = view._history_items[0][1]
    xs, ys = tangent.getData()
    ball = view_to_widget(view, (x, f))
    ends = [view_to_widget(view, (xs[k], ys[k])) for k in (0, 1)]
    reach = [np.hypot(end.x() - ball.x(), end.y() - ball.y()) for end in ends]
    assert min(reach) >= 80, f"the tangent reaches only {reach} px from the ball"
    image = view.grab().toImage()
    ratio = view.devicePixelRatioF()
    color = style.ball_color(controller.setup.balls[0].color).getRgb()
    for end in ends:
        shown = []
        for t in np.linspace(0.5, 0.95, 10):  # along the outer half, past the ball and the cross
            px, py = ball.x() + t * (end.x() - ball.x()), ball.y() + t * (end.y() - ball.y())
            shown += [image.pixelColor(int(px * ratio) + dx, int(py * ratio) + dy).getRgb()
                      for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        assert sum(color_distance(c, color) < 60 for c in shown) >= 10, "the tangent's dashes in the ball's colour"


def test_the_tangent_keeps_its_length_when_the_view_follows_the_ball(controller, view_state, show_views):
    """L1 stage 2: the diverging ball leaves the view, the view grows after the step to follow it, and the
    tangent, sized for the view before, was a stub 15 px long."""
    from gdsim.qt.panels.lessons import LessonPlayer

    LessonPlayer(controller).open("learning-rate", 1)
    view = CurveView(controller, view_state)
    show_views(controller, view, size=(560, 700))
    controller.advance(controller.stage_steps)
    QApplication.processEvents()
    snapshot = controller.snapshot()
    xs, ys = view._history_items[0][1].getData()
    ball = view_to_widget(view, (snapshot.positions[0, 0], snapshot.losses[0]))
    reach = [np.hypot(end.x() - ball.x(), end.y() - ball.y())
             for end in (view_to_widget(view, (xs[k], ys[k])) for k in (0, 1))]
    assert min(reach) >= 80, f"the tangent reaches only {reach} px from the ball"
