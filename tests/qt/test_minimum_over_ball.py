"""At a stage's end a ball rests on the landscape's minimum: the map shows both, the minimum's star drawn
over the ball as an outline (the legend lists "minimum", so the class looks for it) and the ball around it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gdsim.qt import style
from gdsim.qt.panels.lessons import LessonPlayer
from gdsim.qt.views.contour_view import ContourView
from tests.qt.conftest import view_to_widget


def pixels(view) -> np.ndarray:
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[
        :, :3 * image.width()].reshape(image.height(), image.width(), 3).astype(int)


@pytest.mark.parametrize(("lesson_id", "stage"), [("fitting", 0), ("fitting", 2), ("fitting", 4), ("momentum", 3),
                                                  ("one-weight", 0)])
def test_the_minimum_shows_over_the_ball_resting_on_it(controller, view_state, show_views, lesson_id, stage):
    from gdsim.qt.views.curve_view import CurveView

    LessonPlayer(controller).open(lesson_id, stage)
    view = ContourView(controller, view_state) if controller.setup.landscape.dim == 2 else CurveView(controller,
                                                                                                     view_state)
    show_views(controller, view, size=(640, 640))
    controller.advance(controller.stage_steps)
    QApplication.processEvents()
    minimum = min((p for p in controller.critical_points(controller.setup.preset) if p.kind == "minimum"),
                  key=lambda p: p.value)
    snapshot = controller.snapshot()
    on_it = [i for i in range(len(snapshot.positions))
             if np.allclose(view.plot_points(snapshot.positions[[i]], snapshot.losses[[i]])[0],
                            view.critical_point_positions([minimum])[0], atol=0.02 * np.ptp(
                                view.getPlotItem().vb.viewRange()[0]))]
    assert on_it, "no ball rests on the minimum at this stage's end"
    where = view_to_widget(view, view.critical_point_positions([minimum])[0])
    rgb = pixels(view)
    colors = {controller.setup.balls[snapshot_ball(controller, i)].color for i in on_it}
    is_ball = np.zeros(rgb.shape[:2], dtype=bool)
    for color in colors:  # balls on it of a few colours: the one drawn last shows
        is_ball |= np.abs(rgb - np.array(style.ball_color(color).getRgb()[:3])).max(axis=2) < 40
    rows, columns = np.ogrid[:rgb.shape[0], :rgb.shape[1]]
    distance = np.hypot(rows - where.y(), columns - where.x())
    for ball in on_it:
        at = view_to_widget(view, view.plot_points(snapshot.positions[[ball]], snapshot.losses[[ball]])[0])
        near_ball = np.hypot(rows - at.y(), columns - at.x()) <= style.px(7)
        assert is_ball[near_ball].sum() >= 20, f"ball {ball} does not show under the minimum's star"
    assert (~is_ball[distance <= style.px(4)]).sum() >= 8, "the minimum's star is hidden under the ball"


def snapshot_ball(controller, ball: int) -> int:
    """The setup ball that run ball `ball` was placed from."""
    return controller.run_info().placed_from[ball]
