"""A run from many random starts (L1's last stage: 1,000 on Rastrigin) as the class sees it: no single
"start" marker on the map, which would name one ball's start among a thousand, and a Random starts box
that counts the balls on the map."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from gdsim.qt.panels.ball_list import BallList
from gdsim.qt.panels.lessons import LessonPlayer
from gdsim.qt.views.contour_view import ContourView
from tests.qt.conftest import view_to_widget

RANDOM_STARTS_STAGE = 9  # L1 stage 10, counted from 0


def start_shown(view) -> bool:
    marker = view.start_marker
    return marker.isVisible() and marker.label().isVisible()


def test_random_starts_show_no_single_start_marker(controller, view_state, show_views, qtbot):
    contour = ContourView(controller, view_state)
    show_views(controller, contour, size=(640, 640))
    assert start_shown(contour)
    LessonPlayer(controller).open("learning-rate", RANDOM_STARTS_STAGE)
    controller.advance(controller.stage_steps)
    assert len(controller.setup.starts) == 1000
    assert not start_shown(contour)
    start = np.array(controller.setup.start, dtype=float)
    # Nor at the edge: zoomed away from the first start, no triangle says "start (x, y)".
    contour.getPlotItem().vb.setRange(xRange=(start[0] + 20, start[0] + 22), yRange=(start[1] + 20, start[1] + 22),
                                      padding=0)
    controller.advance(1)
    assert contour.edge_markers.marked.size and 1000 not in contour.edge_markers.marked  # the balls', not the start's
    # A click on the map is a single start again, with its marker.
    qtbot.mouseClick(contour.viewport(), Qt.MouseButton.LeftButton, pos=view_to_widget(contour, start + 21))
    assert len(controller.setup.starts) == 1
    assert start_shown(contour)


def test_the_random_starts_box_counts_the_balls_of_a_loaded_setup(controller, qtbot):
    balls = BallList(controller)
    qtbot.addWidget(balls)
    balls.show()
    LessonPlayer(controller).open("learning-rate", RANDOM_STARTS_STAGE)
    assert balls.restart_count.value() == 1000 == len(controller.snapshot().positions)
    # It stays the input of the next draw: 50 typed are 50 starts.
    balls.restart_count.setValue(50)
    qtbot.mouseClick(balls.restart_button, Qt.MouseButton.LeftButton)
    assert len(controller.setup.starts) == 50
    assert balls.restart_count.value() == 50
