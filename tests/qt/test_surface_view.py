"""The 3-D surface, under a real OpenGL context (Xvfb in CI); skipped where none can be made.

The surface view alone with a controller, shown at about its size in the window."""

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from gdsim.qt import style

pytestmark = pytest.mark.gl



def test_surface_draws_landscape_and_balls(surface_view, controller):
    view = surface_view.view
    assert view is not None
    controller.advance(30)
    QApplication.processEvents()
    pixels = view.renderToArray((320, 240))  # (w, h, 4) RGBA
    rgb = pixels[..., [2, 1, 0]].reshape(-1, 3).astype(int)  # renderToArray gives BGRA
    assert len(np.unique(rgb // 16, axis=0)) > 20  # a shaded surface, not a blank canvas
    for index in controller.setup.enabled_indices:
        color = np.array(style.ball_color(controller.setup.balls[index].color).getRgb()[:3])
        assert np.min(np.abs(rgb - color).max(axis=1)) < 30, f"ball {index} not drawn"


def test_trails_follow_the_history(surface_view, controller):
    controller.advance(12)
    trail = surface_view._trails[0]
    assert trail.pos.shape == (2 * 12, 3)  # one segment per step
