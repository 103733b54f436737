"""The learning-rate sweep panel: curves per ball, divergence marked and shaded, a click runs that η."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from gdsim.model.landscapes import PresetName
from gdsim.model.setup import Setup
from gdsim.model.simulation import BallStatus
from gdsim.qt import style
from gdsim.qt.controller import Controller
from gdsim.qt.sweep_panel import SweepPanel


def shown_panel(qtbot, preset: PresetName, size=(800, 500)) -> SweepPanel:
    controller = Controller(Setup.from_preset(preset))
    panel = SweepPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def bowl_panel(qtbot):
    panel = shown_panel(qtbot, PresetName.BOWL)
    yield panel
    panel._controller.pause()


def plot_pixel(plot, point):
    """Widget pixel of a point in the plot's view coordinates (log10 η, log10 loss)."""
    scene = plot.getPlotItem().vb.mapViewToScene(QPointF(*point))
    return plot.mapFromScene(scene)


def test_a_sweep_draws_a_curve_per_enabled_ball_in_its_colour(bowl_panel):
    controller = bowl_panel._controller
    assert bowl_panel.run_sweep()
    enabled = controller.setup.active_slots
    assert len(bowl_panel.plot.loss_curves) == len(bowl_panel.plot.steps_curves) == len(enabled) == 3
    for curve, slot in zip(bowl_panel.plot.loss_curves, enabled):
        assert curve.opts["pen"].color() == style.ball_color(controller.setup.balls[slot].color)
        xs, _ = curve.getData()
        assert len(xs) == 60
    assert not bowl_panel.message.isVisible()
    assert "SGD" in bowl_panel.plot.summary.text()


def test_sgd_on_the_bowl_is_marked_and_shaded_where_it_diverges(bowl_panel):
    assert bowl_panel.run_sweep()
    sgd = bowl_panel.plot.sweeps[0]
    lrs = sgd.lrs
    crosses_x, _ = bowl_panel.plot.diverged_markers[0].getData()
    assert sorted(10 ** crosses_x) == pytest.approx(sorted(lrs[lrs > 1]))
    region = bowl_panel.plot.onset_regions[0]
    low, high = region.getRegion()
    assert (10 ** low, 10 ** high) == pytest.approx((lrs[lrs < 1].max(), lrs[lrs > 1].min()))
    assert not region.movable
    shade = region.brush.color()
    assert all(max(abs(shade.red() - style.ball_color(c).red()), abs(shade.green() - style.ball_color(c).green()),
                   abs(shade.blue() - style.ball_color(c).blue())) > 40 for c in range(len(style.BALL_COLORS) - 1))
    # diverged points are not on the loss curve: they are the crosses along the top
    _, ys = bowl_panel.plot.loss_curves[0].getData()
    assert np.isnan(ys[lrs > 1]).all() and np.isfinite(ys[lrs < 1]).all()
    assert min(bowl_panel.plot.diverged_markers[0].getData()[1]) > np.nanmax(ys)


def test_clicking_a_point_runs_that_lr_for_that_ball(bowl_panel, qtbot):
    controller = bowl_panel._controller
    assert bowl_panel.run_sweep()
    plot = bowl_panel.plot
    number = 1  # the Momentum ball's sweep
    slot = bowl_panel._slots[number]
    index = 30
    chosen = plot.sweeps[number].points[index]
    assert chosen.status != BallStatus.DIVERGED
    with qtbot.waitSignal(controller.sigSelectionChanged):
        qtbot.mouseClick(plot.loss_plot.viewport(), Qt.MouseButton.LeftButton,
                         pos=plot_pixel(plot.loss_plot, plot.point_position(number, index)))
    assert controller.setup.balls[slot].params["lr"] == chosen.lr
    assert controller.selected_slot == slot and controller.playing
    assert plot.marker.value() == pytest.approx(math.log10(chosen.lr))
    assert plot.loss_curves, "setting η for a ball the sweep varies keeps the sweep"


def test_clicking_a_diverged_cross_runs_that_lr(bowl_panel, qtbot):
    controller = bowl_panel._controller
    assert bowl_panel.run_sweep()
    plot = bowl_panel.plot
    index = 55
    chosen = plot.sweeps[0].points[index]
    assert chosen.status == BallStatus.DIVERGED
    qtbot.mouseClick(plot.loss_plot.viewport(), Qt.MouseButton.LeftButton,
                     pos=plot_pixel(plot.loss_plot, plot.point_position(0, index)))
    assert controller.setup.balls[bowl_panel._slots[0]].params["lr"] == chosen.lr


def test_a_changed_landscape_or_ball_clears_the_sweep(bowl_panel):
    controller = bowl_panel._controller
    assert bowl_panel.run_sweep()
    controller.set_ball_param(0, "lr", 0.3)  # η alone: the sweep stays
    assert len(bowl_panel.plot.loss_curves) == 3
    controller.set_ball_param(1, "momentum", 0.5)
    assert bowl_panel.plot.loss_curves == [] and bowl_panel.plot.onset_regions == []
    assert "changed" in bowl_panel.message.text() and bowl_panel.message.isVisible()
    assert bowl_panel.run_sweep()
    controller.set_preset(PresetName.HIMMELBLAU)
    assert bowl_panel.plot.loss_curves == []


def test_problems_are_messages_never_exceptions(bowl_panel):
    controller = bowl_panel._controller
    bowl_panel.low.setValue(1.0)
    bowl_panel.high.setValue(0.5)
    assert not bowl_panel.run_sweep()
    assert "below the second" in bowl_panel.message.text() and bowl_panel.plot.loss_curves == []
    bowl_panel.high.setValue(10.0)
    bowl_panel.points.setValue(500)
    bowl_panel.steps.setValue(10_000)
    assert not bowl_panel.run_sweep()
    assert "too many runs" in bowl_panel.message.text()
    bowl_panel.points.setValue(60)
    for slot in range(len(controller.setup.balls)):
        controller.set_ball_enabled(slot, False)
    assert not bowl_panel.run_sweep()
    assert "Enable a ball" in bowl_panel.message.text()


def test_a_one_dimensional_landscape(qtbot):
    panel = shown_panel(qtbot, PresetName.PARABOLA, size=(420, 300))
    assert panel.run_sweep()
    sgd = panel.plot.sweeps[0]
    assert all((p.status == BallStatus.DIVERGED) == (p.lr > 1) for p in sgd.points)


def test_a_ball_following_the_users_gradient(qtbot):
    panel = shown_panel(qtbot, PresetName.BOWL)
    controller = panel._controller
    controller.set_user_gradient(("2*x", "2*y"))
    controller.set_ball_gradient(0, "user")
    assert panel.run_sweep()
    assert panel.plot.sweeps[0].recipe.gradient == "user"
    assert all((p.status == BallStatus.DIVERGED) == (p.lr > 1) for p in panel.plot.sweeps[0].points)


def test_a_negative_minimum_is_subtracted_for_the_log_axis(qtbot):
    panel = shown_panel(qtbot, PresetName.MOMENTUM_DEMO)
    assert panel.run_sweep()
    assert "+ 4.962" in panel.plot.loss_plot.getPlotItem().getAxis("left").labelText
    for curve in panel.plot.loss_curves:
        _, ys = curve.getData()
        assert np.all(np.isnan(ys) | np.isfinite(ys))
    assert panel.last_duration_ms < 2000  # milliseconds to tens of them; generous for a busy machine
