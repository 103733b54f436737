"""Trails and crowds: what is drawn must match the history, after every frame and after a zoom.

Each test builds the views it looks at (the contour map, the loss plot, the ball list) with a controller."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from gdsim.model.analysis import restart_summary
from gdsim.qt import style
from gdsim.qt.panels.ball_list import BallList
from gdsim.qt.views.contour_view import ContourView
from gdsim.qt.views.loss_plot import LossPlot
from tests.qt.conftest import color_distance, view_to_widget


def pixel(view, point):
    QApplication.processEvents()
    image = view.grab().toImage()
    at = view_to_widget(view, point)
    ratio = view.devicePixelRatioF()
    return image.pixelColor(int(at.x() * ratio), int(at.y() * ratio)).getRgb()


@pytest.fixture
def contour_view(controller, view_state, show_views):
    """The contour map alone, shown at about its size in the window."""
    view = ContourView(controller, view_state)
    show_views(controller, view)
    return view


@pytest.fixture
def loss_plot(controller, show_views):
    """The loss plot alone, shown at about its size in the window."""
    plot = LossPlot(controller)
    show_views(controller, plot, size=(420, 300))
    return plot


def test_the_trail_passes_through_every_visited_point(contour_view, controller):
    controller.set_ball_enabled(1, False)
    controller.set_ball_enabled(2, False)
    controller.advance(40)
    history = controller.snapshot().history_positions[:, 0]
    orange = style.ball_color(controller.setup.balls[0].color).getRgb()
    for point in history[5:35:6]:  # away from the start marker and the ball itself
        assert color_distance(pixel(contour_view, point), orange) < 60, point


def test_trails_are_painted_again_after_a_zoom(contour_view, controller):
    controller.set_ball_enabled(1, False)
    controller.set_ball_enabled(2, False)
    controller.advance(40)
    # The start (0.5, 5.8) stays in view: off it, its edge marker's label would lie over the trail's top.
    contour_view.getPlotItem().vb.setRange(xRange=(-1, 2), yRange=(1, 6), padding=0)
    history = controller.snapshot().history_positions[:, 0]
    orange = style.ball_color(controller.setup.balls[0].color).getRgb()
    inside = [p for p in history[3:] if -1 < p[0] < 2 and 1.2 < p[1] < 4.8]
    assert inside
    for point in inside[::5]:
        assert color_distance(pixel(contour_view, point), orange) < 60, point


def test_a_crowd_shows_its_median_loss_and_a_band(controller, show_views):
    loss_plot, balls_panel = LossPlot(controller), BallList(controller)
    show_views(controller, loss_plot, balls_panel, size=(800, 400))
    setup = controller.setup
    rng = np.random.default_rng(3)
    starts = tuple(tuple(rng.uniform(-2, 2, 2)) for _ in range(20))
    controller.set_setup(replace(setup, starts=starts))
    controller.advance(15)
    snapshot = controller.snapshot()
    balls = np.flatnonzero(np.array(controller.setup.placed_from) == 0)  # 20 SGD balls
    assert len(balls) == 20
    median = loss_plot._curves[0].getData()[1]
    expected = np.nanpercentile(snapshot.history_losses[:, balls], 50, axis=1)
    np.testing.assert_allclose(median, expected)
    low, high, fill, _ = loss_plot._bands[0]
    assert np.all(low.getData()[1] <= median + 1e-12) and np.all(high.getData()[1] >= median - 1e-12)
    assert balls_panel.status_of(0).endswith("diverged")


@pytest.mark.parametrize("steps", [5, 300])
def test_the_loss_axes_always_show_every_curve(loss_plot, controller, steps):
    controller.advance(steps)
    QApplication.processEvents()
    (x0, x1), (y0, y1) = loss_plot.plot.getPlotItem().vb.viewRange()
    losses = controller.snapshot().history_losses
    assert x0 == 0 and x1 >= steps
    assert y0 <= np.nanmin(losses) and y1 >= np.nanmax(losses)


def test_random_restarts_ring_the_best_ball_and_count_the_minima(controller, view_state, show_views):
    contour_view, balls = ContourView(controller, view_state), BallList(controller, view_state)
    show_views(controller, contour_view, balls, size=(1000, 720))
    controller.set_preset("himmelblau")
    for _ in range(2):
        controller.remove_ball(1)  # SGD alone
    balls.restart_count.setValue(40)
    balls.restart_seed.setValue(7)
    balls.restart_button.click()
    assert len(controller.setup.starts) == 40
    controller.advance(3000)
    snapshot = controller.snapshot()
    assert snapshot.finished
    best = int(np.argmin(snapshot.losses))
    assert contour_view.best.data["x"][0] == snapshot.positions[best, 0]
    setup = controller.setup
    summary = restart_summary(snapshot, controller.critical_points(setup.preset), setup.landscape)
    assert sum(summary.reached) + summary.elsewhere == 40 and len(summary.reached) == 4
    assert balls.summary.text().startswith("Best f = ")
    assert f"A (-3.78, -3.28): {summary.reached[0]}" in balls.summary.text()  # named as the basin map names it
    first = controller.setup.starts
    balls.restart_button.click()  # same seed, same starts
    assert controller.setup.starts == first
