"""The 3-D surface, under a real OpenGL context (Xvfb in CI); skipped where none can be made.

The surface view alone with a controller, shown at about its size in the window."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gdsim.qt import style

pytestmark = pytest.mark.gl



def test_surface_draws_landscape_and_balls(surface_view, controller):
    view = surface_view.view
    assert view is not None
    controller.advance(30)
    QApplication.processEvents()
    # What the export reads (renderToArray draws into its own framebuffer, which the axis labels'
    # painter leaves for the widget's).
    image = view.grabFramebuffer().convertToFormat(QImage.Format.Format_RGB888)
    rgb = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[
        :, :3 * image.width()].reshape(-1, 3).astype(int)
    assert len(np.unique(rgb // 16, axis=0)) > 20  # a shaded surface, not a blank canvas
    for index in controller.setup.enabled_indices:
        color = np.array(style.ball_color(controller.setup.balls[index].color).getRgb()[:3])
        assert np.min(np.abs(rgb - color).max(axis=1)) < 30, f"ball {index} not drawn"


def test_trails_follow_the_history(surface_view, controller):
    controller.advance(12)
    assert surface_view.trails.points(0).shape == (2 * 12, 3)  # one segment per step


def axis_texts(surface_view) -> list[str]:
    return surface_view.axes.texts()


def test_the_axes_are_labelled_with_the_landscapes_variables(surface_view, controller):
    texts = axis_texts(surface_view)
    assert {"x", "y", "f(x, y)"} <= set(texts)
    surface_view.view.grabFramebuffer()  # a paint: the labels go where their points fall
    QApplication.processEvents()
    view_rect = surface_view.view.rect()
    for label, _ in surface_view.axes.labels:  # widgets over the view: in screenshots too
        assert label.isVisible() and view_rect.contains(label.geometry().center()), label.text()
    (x0, x1), (y0, y1) = controller.setup.landscape.view_box
    assert {f"{x0:g}".replace("-", "−"), f"{x1:g}", f"{y1:g}"} <= set(texts)  # the ends of the view box
    controller.set_preset("rosenbrock")
    (x0, x1), _ = controller.setup.landscape.view_box
    assert f"{x1:g}" in axis_texts(surface_view)


def test_reset_view_brings_the_camera_back_after_a_drag(surface_view, qtbot):
    from PySide6.QtCore import QPoint, Qt

    view = surface_view.view
    before = {k: view.opts[k] for k in ("azimuth", "elevation", "distance")}
    middle = QPoint(view.width() // 2, view.height() // 2)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(view, middle + QPoint(60, 25))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=middle + QPoint(60, 25))
    view.setCameraParams(distance=before["distance"] * 1.7)  # and zoomed out
    assert view.opts["azimuth"] != before["azimuth"]
    assert surface_view.reset_button.isVisible()
    qtbot.mouseClick(surface_view.reset_button, Qt.MouseButton.LeftButton)
    assert {k: view.opts[k] for k in before} == before


def test_a_ball_escaping_to_minus_infinity_leaves_no_trail_outside_the_surface_box(surface_view, controller):
    from gdsim.qt.views.surface_view import FOOTPRINT, HEIGHT

    controller.set_preset("saddle")  # x² − y²: the balls slide off along y, f → −∞
    controller.advance(400)
    QApplication.processEvents()
    assert np.abs(controller.snapshot().positions[:, 1]).max() > 10  # far off the view box
    for ball in surface_view.trails.setup_balls():
        points = surface_view.trails.points(ball)
        assert len(points)
        assert np.abs(points[:, :2]).max() <= FOOTPRINT / 2 + 1e-4
        assert points[:, 2].min() >= -1e-4 and points[:, 2].max() <= HEIGHT + 0.2
    shown = surface_view.balls.pos
    assert len(shown) == 0 or np.abs(shown[:, :2]).max() <= FOOTPRINT / 2 + 1e-4


def test_a_diverging_trail_runs_on_the_surface_up_to_the_box_side(surface_view, controller):
    from gdsim.qt.panels.lessons import LessonPlayer
    from gdsim.qt.views.surface_view import BALL_LIFT, FOOTPRINT

    LessonPlayer(controller).open("gradient", 4)  # stage 5: η too large, the ball diverges out of the bowl
    controller.advance(controller.stage_steps)
    QApplication.processEvents()
    assert np.abs(controller.snapshot().history_positions).max() > 10  # the steps leave the view box
    (x0, x1), (y0, y1) = controller.setup.landscape.view_box
    for ball in surface_view.trails.setup_balls():
        scene = surface_view.trails.points(ball)
        assert np.abs(scene[:, :2]).max() <= FOOTPRINT / 2 + 1e-4
        points = np.column_stack([x0 + (scene[:, 0] / FOOTPRINT + 0.5) * (x1 - x0),
                                  y0 + (scene[:, 1] / FOOTPRINT + 0.5) * (y1 - y0)])
        on_surface = surface_view._heights(controller.setup.landscape.value(points)) + BALL_LIFT
        assert np.abs(scene[:, 2] - on_surface).max() < 0.05  # no chord floating over the bowl


def test_the_value_axis_starts_at_the_true_minimum(surface_view, controller):
    from gdsim.qt.panels.lessons import LessonPlayer

    LessonPlayer(controller).open("gradient", 2)  # x² + y²: its minimum is 0, the sampled grid's lowest is not
    assert "0" in axis_texts(surface_view)
    assert not any(text.startswith("0.00") for text in axis_texts(surface_view))


def test_the_box_and_its_labels_stay_in_a_short_wide_view(surface_view, controller):
    surface_view.resize(520, 260)  # presenter mode's side column over half its height
    QApplication.processEvents()
    surface_view.view.grabFramebuffer()  # a paint: the labels go where their points fall
    QApplication.processEvents()
    view_rect = surface_view.view.rect()
    for label, _ in surface_view.axes.labels:
        assert view_rect.contains(label.geometry()), (label.text(), label.geometry(), view_rect)


def framebuffer_rgb(surface_view) -> np.ndarray:
    """The 3-D view's pixels as (rows, columns, 3) ints."""
    image = surface_view.view.grabFramebuffer().convertToFormat(QImage.Format.Format_RGB888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[
        :, :3 * image.width()].reshape(image.height(), image.width(), 3).astype(int)


def box_outline(surface_view):
    """The surface box (footprint × [0, HEIGHT]) as it falls on the view's pixels: its 8 corners' convex hull."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMatrix4x4, QPolygonF, QVector3D

    from gdsim.qt.views.surface_view import FOOTPRINT, HEIGHT

    view = surface_view.view
    viewport = view.getViewport()
    to_pixels = QMatrix4x4()
    to_pixels.viewport(0, view.height(), view.width(), -view.height())
    matrix = to_pixels * view.projectionMatrix(viewport, viewport) * view.viewMatrix()
    half = FOOTPRINT / 2
    corners = [matrix.map(QVector3D(x, y, z)) for x in (-half, half) for y in (-half, half) for z in (0, HEIGHT)]
    points = np.array([(p.x(), p.y()) for p in corners])
    hull = [int(np.argmin(points[:, 0]))]  # gift wrapping: 8 points
    while True:
        candidate = (hull[-1] + 1) % len(points)
        for other in range(len(points)):
            a, b, c = points[hull[-1]], points[candidate], points[other]
            if (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) < 0:
                candidate = other
        if candidate == hull[0]:
            break
        hull.append(candidate)
    return QPolygonF([QPointF(*points[i]) for i in hull])


def test_a_crowd_of_balls_is_drawn_small_and_inside_the_surface_box(surface_view, controller):
    from PySide6.QtCore import QPointF

    from gdsim.qt.panels.lessons import LessonPlayer

    LessonPlayer(controller).open("learning-rate", 9)  # 1,000 random starts on Rastrigin
    controller.advance(controller.stage_steps)
    QApplication.processEvents()
    rgb = framebuffer_rgb(surface_view)
    color = np.array(style.ball_color(controller.setup.balls[0].color).getRgb()[:3])
    ball = np.abs(rgb - color).max(axis=2) < 30
    assert ball.sum() > 500, "the crowd is not drawn"
    outline = box_outline(surface_view)
    rows, columns = np.nonzero(ball)
    outside = [(x, y) for y, x in zip(rows, columns, strict=True)
               if not outline.containsPoint(QPointF(x + 0.5, y + 0.5), Qt.FillRule.OddEvenFill)]
    assert len(outside) < 0.01 * ball.sum(), f"{len(outside)} of {ball.sum()} ball pixels outside the box"
    # Small: the balls and their trails cover a fraction of the surface, which shows between them.
    assert ball.mean() < 0.08, ball.mean()


def test_a_screenshot_shows_the_surface_and_its_labels(surface_view, controller):
    """`gdsim --screenshot` grabs the window: the 3-D view is an OpenGL window in a container, which
    QWidget.grab alone leaves blank."""
    from PySide6.QtGui import QColor

    from gdsim.qt.export.rendering import grab_with_gl, image_array
    from gdsim.qt.views.surface_view import BACKGROUND

    controller.advance(10)
    QApplication.processEvents()
    pixels = image_array(grab_with_gl(surface_view).toImage())[..., :3].astype(int)
    frame = surface_view.frame.geometry()
    inside = pixels[frame.top():frame.bottom(), frame.left():frame.right()].reshape(-1, 3)
    background = np.array(QColor(BACKGROUND).getRgb()[:3])
    assert (np.abs(inside - background).max(axis=1) > 30).mean() > 0.2  # the surface, not the frame's background
    label_text = np.abs(inside - (0x3c, 0x3c, 0x46)).max(axis=1) < 40
    assert label_text.sum() > 50  # the axis labels, drawn over it


def test_the_wheel_zooms_the_surface(surface_view, qtbot):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    view = surface_view.view
    before = view.opts["distance"]
    middle = QPointF(view.width() / 2, view.height() / 2)
    wheel = QWheelEvent(middle, view.mapToGlobal(middle), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, wheel)
    assert view.opts["distance"] < before  # rolled forward: closer


def test_a_process_that_leaves_the_3d_view_standing_exits_cleanly():
    """The window container deletes its OpenGL window; Python deleted it too, at exit, and the process
    crashed in QApplication's destructor (as `gdsim bench` did, which leaves its windows to the end)."""
    import subprocess
    import sys

    script = ("from gdsim.bench.window import frame_times\n"
              "frame_times(3, 1, with_surface=True)\n")  # closes its window and leaves it to be deleted
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]



def test_a_window_left_open_with_its_3d_view_at_quit_exits_cleanly():
    """The user quits with the window open: QApplication goes down with the 3-D view's window container and
    its OpenGL window still standing, and the process must not crash on the way out."""
    import subprocess
    import sys

    script = ("from PySide6.QtWidgets import QApplication\n"
              "from gdsim.app import application\n"
              "from gdsim.qt.main_window import MainWindow\n"
              "app = application()\n"
              "window = MainWindow()\n"
              "window.show()\n"
              "window.surface_view.ensure_built()\n"
              "window.controller.advance(5)\n"
              "for _ in range(20):\n"
              "    QApplication.processEvents()\n"
              "assert window.surface_view.view is not None, window.surface_view.problem\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_presenter_mode_turned_on_over_a_built_3d_view_enlarges_its_labels_and_button(window, qtbot):
    """Turned on after the 3-D view was made, presenter mode left its axis labels at the old font and
    cut Reset View's text to "Res…iew" (the button kept its old width)."""
    surface = window.surface_view
    label = surface.axes.labels[0][0]
    before = label.font().pointSizeF()
    window.actions["presenter"].trigger()
    QApplication.processEvents()
    assert label.font().pointSizeF() > before
    assert label.width() >= label.sizeHint().width()
    button = surface.reset_button
    assert button.width() >= button.sizeHint().width(), "Reset View's text is cut"


def _drawn(view) -> np.ndarray:
    image = view.grabFramebuffer().convertToFormat(QImage.Format.Format_RGB888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[
        :, :3 * image.width()].reshape(image.height(), image.width(), 3).astype(int)


def test_the_surface_is_drawn_anew_when_the_camera_turns_or_the_landscape_changes(surface_view, controller, qtbot):
    """The surface's picture is kept between frames; a drag or another landscape must still show at once."""
    from PySide6.QtCore import QPoint

    view = surface_view.view
    first = _drawn(view)
    middle = QPoint(view.width() // 2, view.height() // 2)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(view, middle + QPoint(80, 0))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=middle + QPoint(80, 0))
    turned = _drawn(view)
    assert (np.abs(turned - first).max(axis=2) > 30).mean() > 0.05, "the surface did not turn with the camera"
    qtbot.mouseClick(surface_view.reset_button, Qt.MouseButton.LeftButton)
    assert (np.abs(_drawn(view) - first).max(axis=2) > 30).mean() < 0.01, "back where it started"
    controller.set_preset("himmelblau")
    QApplication.processEvents()
    assert (np.abs(_drawn(view) - first).max(axis=2) > 30).mean() > 0.05, "still the old landscape"


@pytest.mark.parametrize("random_starts", [0, 100])
def test_trails_drawn_a_step_at_a_time_look_as_when_drawn_whole(surface_view, controller, qtbot, random_starts):
    """Each step's trail is added onto the kept picture; hiding and showing the view draws every trail anew.
    Both must show the same trails (a step lost between frames would leave a gap)."""
    if random_starts:
        controller.set_random_starts(random_starts, 0)
    for step in range(70):  # a crowd's trails change stride at 41 steps
        controller.advance(1)
        if step % 3:  # and some steps come two to a frame
            QApplication.processEvents()
    stepped = _drawn(surface_view.view)
    surface_view.hide()
    surface_view.show()
    QApplication.processEvents()
    whole = _drawn(surface_view.view)
    trail_pixels = (np.abs(whole - _drawn_without_trails(surface_view)).max(axis=2) > 24).sum()
    assert trail_pixels > 500, "no trails drawn"
    assert (np.abs(stepped - whole).max(axis=2) > 24).sum() < 0.05 * trail_pixels


def _drawn_without_trails(surface_view) -> np.ndarray:
    items = (surface_view.trails.kept, surface_view.trails.tail)
    for item in items:
        item.setVisible(False)
    surface_view.view.backdrop_changed()
    try:
        return _drawn(surface_view.view)
    finally:
        for item in items:
            item.setVisible(True)
