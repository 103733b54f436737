"""The window as a user meets it: what it shows, what clicks and keys do, what it draws where."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gdsim.model.presets import PRESETS, PresetName
from gdsim.model.simulation import BallStatus
from gdsim.qt import style, window_menus
from tests.qt.conftest import activate, color_distance, view_to_widget


def test_opens_on_the_momentum_lesson(window):
    setup = window.controller.setup
    assert setup.preset_name == PresetName.MOMENTUM_DEMO
    assert setup.start == (0.5, 5.8)
    assert [(b.optimizer, b.params) for b in setup.balls] == [
        ("sgd", {"lr": 0.01}), ("momentum", {"lr": 0.005, "momentum": 0.9, "form": 0.0}),
        ("nag", {"lr": 0.005, "momentum": 0.9, "form": 0.0})]
    assert len({style.ball_color(b.color).name() for b in setup.balls}) == 3
    assert window.control_panel.landscape.currentData() == "momentum-demo"


def test_window_fits_a_projector(window):
    assert window.minimumSizeHint().width() <= 1280
    assert window.minimumSizeHint().height() <= 800
    assert window.size().width() == 1280 and window.size().height() == 800
    for view in (window.contour_view, window.loss_plot, window.control_panel):
        assert view.isVisible() and view.width() > 200 and view.height() > 200


def test_every_action_has_a_name_and_works(window, qtbot):
    assert {"step", "play_pause", "reset", "quit", "about"} <= set(window.actions)
    window.actions["step"].trigger()
    assert window.controller.snapshot().step == 1
    window.actions["reset"].trigger()
    assert window.controller.snapshot().step == 0
    window.actions["play_pause"].trigger()
    assert window.controller.playing and window.actions["play_pause"].text() == "Pause"
    window.actions["play_pause"].trigger()
    assert not window.controller.playing and window.actions["play_pause"].text() == "Play"


def test_keyboard_steps_and_plays(window, qtbot):
    activate(window, qtbot)
    window.contour_view.setFocus()
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Right)
    assert window.controller.snapshot().step == 1
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Space)
    assert window.controller.playing
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Space)
    assert not window.controller.playing


def test_click_on_contour_view_drops_the_start_point(window, qtbot):
    target = (-1.2, 2.5)
    qtbot.mouseClick(window.contour_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view_to_widget(window.contour_view, target))
    start = window.controller.setup.start
    pixel = (window.contour_view.getPlotItem().vb.viewPixelSize())
    assert abs(start[0] - target[0]) <= 2 * pixel[0] and abs(start[1] - target[1]) <= 2 * pixel[1]
    snapshot = window.controller.snapshot()
    assert snapshot.step == 0
    np.testing.assert_allclose(snapshot.positions, [start] * 3)
    assert window.control_panel.start_spins[0].value() == pytest.approx(start[0], abs=1e-4)


def test_a_clicked_start_has_four_decimals_and_the_ball_starts_there(window, qtbot):
    qtbot.mouseClick(window.contour_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view_to_widget(window.contour_view, (-2.0015, 4.0218)))
    start = window.controller.setup.start
    assert all(c == round(c, 4) for c in start), start
    shown = [spin.text() for spin in window.control_panel.start_spins[:2]]
    assert [float(text) for text in shown] == list(start), "the start box shows the start the ball runs from"
    np.testing.assert_array_equal(window.controller.snapshot().positions[0], start)


def _send_mouse(widget, kind, pos, button, buttons):
    event = QMouseEvent(kind, QPointF(pos), widget.mapToGlobal(QPointF(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_dragging_the_start_marker_moves_the_start(window, qtbot):
    view = window.contour_view
    begin = view_to_widget(view, (0.5, 5.8))
    end = view_to_widget(view, (-1.5, 3.0))
    viewport = view.viewport()
    left = Qt.MouseButton.LeftButton
    _send_mouse(viewport, QEvent.Type.MouseButtonPress, begin, left, left)
    for t in np.linspace(0.1, 1.0, 8):
        point = begin + (end - begin) * t
        _send_mouse(viewport, QEvent.Type.MouseMove, point, Qt.MouseButton.NoButton, left)
    _send_mouse(viewport, QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)
    start = window.controller.setup.start
    assert start[0] == pytest.approx(-1.5, abs=0.1) and start[1] == pytest.approx(3.0, abs=0.1)


def test_balls_are_drawn_where_the_model_says(window, qtbot):
    window.controller.advance(40)
    QApplication.processEvents()
    image = window.contour_view.grab().toImage()
    snapshot = window.controller.snapshot()
    setup = window.controller.setup
    pixels = [view_to_widget(window.contour_view, point) for point in snapshot.positions]
    ratio = window.contour_view.devicePixelRatioF()
    for ball, pixel in enumerate(pixels):
        x, y = float(pixel.x()), float(pixel.y())
        # Two balls may overlap: look a little to the side away from the nearest other one.
        others = [(p.x() - x, p.y() - y) for other, p in enumerate(pixels) if other != ball]
        dx, dy = min(others, key=lambda d: np.hypot(*d), default=(0.0, 0.0))
        if 0 < np.hypot(dx, dy) < 15:
            x, y = x - 4 * dx / np.hypot(dx, dy), y - 4 * dy / np.hypot(dx, dy)
        expected = style.ball_color(setup.balls[setup.placed_from[ball]].color).getRgb()
        # The nearest of the pixels within 2 px: an outline or a ball beside it may cross the point itself.
        around = [image.pixelColor(int((x + ex) * ratio), int((y + ey) * ratio)).getRgb()
                  for ex in range(-2, 3) for ey in range(-2, 3)]
        drawn = min(around, key=lambda color: color_distance(color, expected))
        assert color_distance(drawn, expected) < 40, (ball, drawn, expected)


def test_play_advances_and_pause_stops_the_timer(window, qtbot):
    controller = window.controller
    controller.set_steps_per_second(500)
    controller.play()
    qtbot.waitUntil(lambda: controller.snapshot().step >= 20, timeout=5000)
    controller.pause()
    assert not controller.playing and not controller._timer.isActive()  # nothing is left to add steps
    step = controller.snapshot().step
    QApplication.processEvents()  # what was already queued runs now
    assert controller.snapshot().step == step


def test_several_steps_per_frame_when_the_speed_is_high(window, qtbot):
    controller = window.controller
    frames = []
    controller.sigStepped.connect(lambda s: frames.append(s.step))
    controller.set_steps_per_second(3000)
    controller.play()
    qtbot.waitUntil(lambda: controller.snapshot().step >= 300, timeout=5000)
    controller.pause()
    assert len(frames) < controller.snapshot().step  # steps per second does not depend on frames painted


def test_timer_stops_when_every_ball_has_stopped(window, qtbot):
    controller = window.controller
    controller.set_preset("bowl")
    controller.set_ball_param(0, "lr", 0.5)  # x − 0.5·2x lands on the minimum at step 1, rests at step 2
    controller.set_ball_param(1, "lr", 5.0)  # diverges
    controller.set_ball_enabled(2, False)
    controller.set_steps_per_second(1000)
    controller.play()
    qtbot.waitUntil(lambda: not controller.playing, timeout=5000)
    assert not controller._timer.isActive()
    snapshot = controller.snapshot()
    assert list(snapshot.status) == [BallStatus.CONVERGED, BallStatus.DIVERGED]
    balls = window.control_panel.balls
    assert balls.status_of(0).startswith("converged at step 2")
    assert balls.status_of(1).startswith("diverged at step")
    assert balls.status_of(2) == "off"


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_draws_and_runs(window, qtbot, name):
    window.control_panel.landscape.setCurrentIndex(window.control_panel.landscape.findData(name))
    assert window.controller.setup.preset_name == name
    assert window.controller.setup.start == PRESETS[name].start
    window.controller.advance(25)
    landscape = PRESETS[name].landscape
    view = window.contour_view if landscape.dim == 2 else window.curve_view
    assert window.landscape_stack.currentWidget() is view
    assert window.surface_view.isVisibleTo(window) == (landscape.dim == 2)
    x_range, y_range = view.getPlotItem().vb.viewRange()
    # The map shows the view box, more of it along one axis on a 1:1 map.
    assert x_range[0] <= landscape.view_box[0][0] + 1e-9 and x_range[1] >= landscape.view_box[0][1] - 1e-9
    assert len(view.critical.data) >= (0 if PRESETS[name].known_points == () else 1)  # the staircases have none
    if landscape.dim == 2:
        assert y_range[0] <= landscape.view_box[1][0] + 1e-9 and y_range[1] >= landscape.view_box[1][1] - 1e-9
        assert view.contours.xData.size > 100
    else:
        assert view.curve.xData.size > 100


def test_log_scale_plots_the_gap_to_the_minimum(window, qtbot):
    window.controller.advance(10)
    window.loss_plot.log_scale.setChecked(True)
    snapshot = window.controller.snapshot()
    curve = window.loss_plot._curves[0]
    minimum = window.controller.run_info().critical_points[0].value
    shown = curve.getData()[1]
    expected = np.log10(snapshot.history_losses[:, 0] - minimum)
    np.testing.assert_allclose(shown[:len(expected)], expected)
    assert "minimum" in window.loss_plot.plot.getPlotItem().getAxis("left").labelText


def test_without_opengl_the_2d_views_work_and_say_why(window_without_opengl, qtbot):
    window = window_without_opengl
    assert window.surface_view.view is None
    assert "3-D view unavailable" in window.surface_view.note.text()
    assert "GDSIM_NO_OPENGL" in window.statusBar().currentMessage()
    window.controller.advance(5)
    assert window.controller.snapshot().step == 5


def test_3d_view_is_set_up_after_the_first_paint(qtbot):
    from gdsim.qt.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.surface_view.built  # the 2-D views paint first
    window.show()
    qtbot.waitUntil(lambda: window.surface_view.built, timeout=5000)
    assert (window.surface_view.view is None) == (window.surface_view.problem is not None)


def test_hidden_surface_catches_up_when_shown_again(window, opengl, qtbot):
    window.actions["show_surface"].trigger()
    assert not window.surface_view.isVisible()
    window.controller.advance(7)
    window.actions["show_surface"].trigger()
    assert window.surface_view.isVisible()
    assert window.surface_view.trails.points(0).shape == (2 * 7, 3)


def test_every_action_with_a_shortcut_is_in_the_shortcuts_help(window):
    table = dict(window_menus.shortcut_table(window.actions))
    for name, action in window.actions.items():
        for key in action.shortcuts():
            assert any(key.toString() in keys for keys in table), name
    assert {"Space", "Right", "R", "PgDown, Down", "F11", "F1"} <= set(table)
    window.actions["shortcuts"].trigger()
    assert window.shortcuts_box.isVisible() and "F11" in window.shortcuts_box.text()
    window.shortcuts_box.close()


def test_f11_toggles_full_screen(window, qtbot):
    window.actions["full_screen"].trigger()
    qtbot.waitUntil(lambda: window.isFullScreen(), timeout=3000)
    window.actions["full_screen"].trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
