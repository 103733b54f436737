"""Numbers at the edge of double precision, typed or opened by a user, reach the views without an
exception: a range pyqtgraph refuses, a power of ten past 1e308, a fit's data beyond what can be drawn
(issue 18)."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gdsim.model.balls import Ball
from gdsim.model.fitting import make_problem
from gdsim.model.presets import Preset
from gdsim.model.setup import Setup
from gdsim.model.simulation import BallStatus
from gdsim.model.sweep import Sweep, SweepPoint
from gdsim.qt.analysis.sweep_plot import SweepPlot
from gdsim.qt.panels.ball_list import BallList
from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.views.curve_view import CurveView
from gdsim.qt.views.data_panel import DataPanel
from gdsim.qt.views.loss_plot import LossPlot


def shown(qtbot, widget, size=(500, 400)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def finite_view(plot) -> bool:
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    return all(math.isfinite(v) for v in (x0, x1, y0, y1)) and x0 < x1 and y0 < y1


def test_a_function_of_1e308_is_drawn_as_a_curve_and_played(controller, qtbot):
    panel = shown(qtbot, ControlPanel(controller))
    curve = shown(qtbot, CurveView(controller))
    losses = shown(qtbot, LossPlot(controller))
    controller.publish()
    panel.expression.clear()
    qtbot.keyClicks(panel.expression, "1e308*x^2")
    qtbot.keyClick(panel.expression, Qt.Key.Key_Return)
    assert controller.setup.landscape.source == "1e308*x^2"
    assert not panel.expression_error.isVisible()
    controller.advance(3)
    qtbot.waitUntil(lambda: finite_view(curve) and finite_view(losses.plot))


def test_a_fit_of_data_with_a_noise_of_1e308_shows_what_can_be_drawn(controller, qtbot):
    data = shown(qtbot, DataPanel(controller))
    problem = make_problem("line", noise=1e308)
    fit = Preset(problem.landscape, problem.init, {}, problem.landscape.title,
                 known_points=problem.landscape.critical_points, fit=problem)
    controller.set_setup(Setup(fit, (problem.init,), (Ball.make("sgd", None, lr=0.7),)))
    controller.advance(2)
    assert finite_view(data)
    assert np.all(np.abs(data.points.data["y"]) <= 1e300)


def test_a_start_where_f_is_not_defined_says_so_in_the_ball_list(controller, qtbot):
    balls = shown(qtbot, BallList(controller))
    controller.set_expression("log(x) + y^2")
    controller.set_start((-1.0, 1.0))
    assert balls.status_of(0) == "cannot start: f is not defined there"


def sweep_of(losses, statuses):
    lrs = np.geomspace(1e-260, 1e-249, len(losses))
    recipe = Ball.make("sgd", None, lr=0.1)
    return Sweep(recipe, (1.0, 1.0), 100, 1.0,
                 tuple(SweepPoint(float(lr), loss, None, status) for lr, loss, status in zip(lrs, losses, statuses, strict=True)))


@pytest.mark.parametrize("losses, count", [
    ([1e-300, 1e300, 1.0, None, 5.0], 1),  # the losses span 600 decades
    ([1e-3, 1e12, 1.0, None, 5.0], 250),  # 250 balls: 250 rows of crosses
    ([1.7e308, -1.7e308, 1.0, None, 5.0], 1),  # their gap to the lowest overflows
])
def test_a_sweep_at_the_edge_of_double_precision_is_drawn(qtbot, losses, count):
    plot = shown(qtbot, SweepPlot(), (800, 500))
    statuses = [BallStatus.RUNNING] * 3 + [BallStatus.DIVERGED, BallStatus.RUNNING]
    plot.show_sweeps([sweep_of(losses, statuses)] * count, [QColor("red")] * count)
    assert finite_view(plot.loss_plot) and finite_view(plot.steps_plot)
    assert len(plot.diverged_markers) == count
