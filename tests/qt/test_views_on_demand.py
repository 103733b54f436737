"""The curve view and the data panel are made when first shown (the window's first paint does not wait for
them): made late, each shows the state of the run and of the look chosen before it existed, and follows it."""

import numpy as np
import pytest

from gdsim.qt import style
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
