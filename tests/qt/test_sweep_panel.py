"""The learning-rate sweep panel: curves per ball, divergence marked and shaded, a click runs that η; the
sweep runs as a job off the GUI thread, with progress and Cancel, and a change of setup cancels it."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication

from gdsim.model.presets import PresetName
from gdsim.model.setup import Setup
from gdsim.model.simulation import BallStatus
from gdsim.qt import style
from gdsim.qt.analysis.sweep_panel import SweepPanel
from gdsim.qt.controller import Controller


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


def sweep(qtbot, panel: SweepPanel) -> None:
    """Press “Sweep” and wait until the sweep is drawn."""
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
    assert panel.plot.sweeps, panel.message.text()


def start_a_long_sweep(qtbot, panel: SweepPanel) -> None:
    """Press “Sweep” for 3 balls × 200 η × 4,000 steps (about a second here) and wait until it is under way."""
    panel.points.setValue(200)
    panel.steps.setValue(4000)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.running and panel.progress.isVisible() and panel.cancel_button.isEnabled()
    assert not panel.run_button.isEnabled()
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=10_000)


def plot_pixel(plot, point):
    """Widget pixel of a point in the plot's view coordinates (log10 η, log10 loss)."""
    scene = plot.getPlotItem().vb.mapViewToScene(QPointF(*point))
    return plot.mapFromScene(scene)


def test_a_sweep_draws_a_curve_per_enabled_ball_in_its_colour(bowl_panel, qtbot):
    controller = bowl_panel._controller
    sweep(qtbot, bowl_panel)
    enabled = controller.setup.enabled_indices
    assert len(bowl_panel.plot.loss_curves) == len(bowl_panel.plot.steps_curves) == len(enabled) == 3
    for curve, index in zip(bowl_panel.plot.loss_curves, enabled, strict=True):
        assert curve.opts["pen"].color() == style.ball_color(controller.setup.balls[index].color)
        xs, _ = curve.getData()
        assert len(xs) == 60
    assert not bowl_panel.message.isVisible()
    assert "SGD" in bowl_panel.plot.summary.text()


def test_sgd_on_the_bowl_is_marked_and_shaded_where_it_diverges(bowl_panel, qtbot):
    sweep(qtbot, bowl_panel)
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
    sweep(qtbot, bowl_panel)
    plot = bowl_panel.plot
    number = 1  # the Momentum ball's sweep
    index = bowl_panel._indices[number]
    point = 30
    chosen = plot.sweeps[number].points[point]
    assert chosen.status != BallStatus.DIVERGED
    with qtbot.waitSignal(controller.sigSelectionChanged):
        qtbot.mouseClick(plot.loss_plot.viewport(), Qt.MouseButton.LeftButton,
                         pos=plot_pixel(plot.loss_plot, plot.point_position(number, point)))
    assert controller.setup.balls[index].params["lr"] == pytest.approx(chosen.lr, rel=1e-5)
    assert controller.selected_index == index and controller.playing
    assert plot.marker.value() == pytest.approx(math.log10(chosen.lr))
    assert plot.loss_curves, "setting η for a ball the sweep varies keeps the sweep"


def test_clicking_a_diverged_cross_runs_that_lr(bowl_panel, qtbot):
    controller = bowl_panel._controller
    sweep(qtbot, bowl_panel)
    plot = bowl_panel.plot
    index = 55
    chosen = plot.sweeps[0].points[index]
    assert chosen.status == BallStatus.DIVERGED
    qtbot.mouseClick(plot.loss_plot.viewport(), Qt.MouseButton.LeftButton,
                     pos=plot_pixel(plot.loss_plot, plot.point_position(0, index)))
    assert controller.setup.balls[bowl_panel._indices[0]].params["lr"] == pytest.approx(chosen.lr, rel=1e-5)


def test_a_changed_landscape_or_ball_clears_the_sweep(bowl_panel, qtbot):
    controller = bowl_panel._controller
    sweep(qtbot, bowl_panel)
    controller.set_ball_param(0, "lr", 0.3)  # η alone: the sweep stays
    assert len(bowl_panel.plot.loss_curves) == 3
    controller.set_ball_param(1, "momentum", 0.5)
    assert bowl_panel.plot.loss_curves == [] and bowl_panel.plot.onset_regions == []
    assert "changed" in bowl_panel.message.text() and bowl_panel.message.isVisible()
    sweep(qtbot, bowl_panel)
    controller.set_preset(PresetName.HIMMELBLAU)
    assert bowl_panel.plot.loss_curves == []


def test_problems_are_messages_never_exceptions(bowl_panel, qtbot):
    controller = bowl_panel._controller
    bowl_panel.low.setValue(1.0)
    bowl_panel.high.setValue(0.5)
    qtbot.mouseClick(bowl_panel.run_button, Qt.MouseButton.LeftButton)
    assert not bowl_panel.running
    assert "below the second" in bowl_panel.message.text() and bowl_panel.plot.loss_curves == []
    bowl_panel.high.setValue(10.0)
    bowl_panel.points.setValue(500)
    bowl_panel.steps.setValue(10_000)
    qtbot.mouseClick(bowl_panel.run_button, Qt.MouseButton.LeftButton)
    assert not bowl_panel.running
    assert "too many runs" in bowl_panel.message.text()
    bowl_panel.points.setValue(60)
    for index in range(len(controller.setup.balls)):
        controller.set_ball_enabled(index, False)
    qtbot.mouseClick(bowl_panel.run_button, Qt.MouseButton.LeftButton)
    assert not bowl_panel.running
    assert "Enable a ball" in bowl_panel.message.text()


def test_a_one_dimensional_landscape(qtbot):
    panel = shown_panel(qtbot, PresetName.PARABOLA, size=(420, 300))
    sweep(qtbot, panel)
    sgd = panel.plot.sweeps[0]
    assert all((p.status == BallStatus.DIVERGED) == (p.lr > 1) for p in sgd.points)


def test_a_ball_following_the_users_gradient(qtbot):
    panel = shown_panel(qtbot, PresetName.BOWL)
    controller = panel._controller
    controller.set_user_gradient(("2*x", "2*y"))
    controller.set_ball_gradient(0, "user")
    sweep(qtbot, panel)
    assert panel.plot.sweeps[0].recipe.gradient == "user"
    assert all((p.status == BallStatus.DIVERGED) == (p.lr > 1) for p in panel.plot.sweeps[0].points)


def test_a_negative_minimum_is_subtracted_for_the_log_axis(qtbot):
    panel = shown_panel(qtbot, PresetName.MOMENTUM_DEMO)
    sweep(qtbot, panel)
    assert "+ 4.962" in panel.plot.loss_plot.getPlotItem().getAxis("left").labelText
    for curve in panel.plot.loss_curves:
        _, ys = curve.getData()
        assert np.all(np.isnan(ys) | np.isfinite(ys))


def test_the_window_answers_while_a_sweep_runs(bowl_panel, qtbot):
    seen = []  # what the panel showed when the GUI thread got to an event posted just after the click
    bowl_panel.points.setValue(200)
    bowl_panel.steps.setValue(2000)
    qtbot.mouseClick(bowl_panel.run_button, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, lambda: seen.append(len(bowl_panel.plot.loss_curves)))
    qtbot.waitUntil(lambda: len(bowl_panel.plot.loss_curves) == 3, timeout=30_000)
    assert seen == [0]  # the event was handled before the sweep's result arrived
    assert not bowl_panel.progress.isVisible() and not bowl_panel.cancel_button.isEnabled()
    assert bowl_panel.run_button.isEnabled()


def test_cancel_stops_the_sweep_and_nothing_is_drawn(bowl_panel, qtbot):
    start_a_long_sweep(qtbot, bowl_panel)
    job = bowl_panel.job
    job.sigResult.connect(lambda sweeps: pytest.fail("a cancelled sweep delivered its result"))
    with qtbot.waitSignal(job.sigCancelled, timeout=5_000):
        qtbot.mouseClick(bowl_panel.cancel_button, Qt.MouseButton.LeftButton)
    assert bowl_panel.plot.loss_curves == [] and "cancelled" in bowl_panel.message.text()
    assert bowl_panel.run_button.isEnabled() and not bowl_panel.progress.isVisible()
    sweep(qtbot, bowl_panel)  # and the next one runs
    assert len(bowl_panel.plot.loss_curves) == 3


def test_a_change_of_the_landscape_mid_sweep_cancels_it_and_its_result_never_shows(bowl_panel, qtbot):
    controller = bowl_panel._controller
    start_a_long_sweep(qtbot, bowl_panel)
    controller.set_ball_param(0, "lr", 0.3)  # η alone, which the sweep varies: it goes on
    assert bowl_panel.running
    job = bowl_panel.job
    job.sigResult.connect(lambda sweeps: pytest.fail("a stale sweep delivered its result"))
    with qtbot.waitSignal(job.sigFinished, timeout=5_000):
        controller.set_preset(PresetName.HIMMELBLAU)
        assert not bowl_panel.running
    assert bowl_panel.plot.loss_curves == [] and "changed" in bowl_panel.message.text()


def test_a_sweep_result_already_on_its_way_is_dropped_when_the_balls_change(bowl_panel, qtbot):
    controller = bowl_panel._controller
    qtbot.mouseClick(bowl_panel.run_button, Qt.MouseButton.LeftButton)
    job = bowl_panel.job
    job.sigResult.connect(lambda sweeps: pytest.fail("a stale sweep delivered its result"))
    bowl_panel._jobs.wait()  # computed; its result waits in the GUI thread's queue
    with qtbot.waitSignal(job.sigCancelled):
        controller.set_ball_param(1, "momentum", 0.5)
    assert bowl_panel.plot.loss_curves == [] and bowl_panel.run_button.isEnabled()


def test_the_result_says_what_converged_means_and_that_small_steps_converged_on_the_bowl(bowl_panel, qtbot):
    sweep(qtbot, bowl_panel)
    assert bowl_panel.plot.caption.text() == "Converged: gradient and step below 10⁻⁶ within 300 steps; × diverged."
    summary = bowl_panel.plot.summary.text()
    momentum = bowl_panel.plot.sweeps[1]
    converged = [p.lr for p in momentum.points if p.status == BallStatus.CONVERGED]
    assert converged and min(converged) < 0.01, "Momentum with a small η ends at a loss of 10⁻¹⁵: converged"
    assert f"converged for η {min(converged):.3g}–{max(converged):.3g}" in summary
    assert "none converged" not in summary


def test_the_summary_of_three_balls_is_read_whole_in_a_small_window(window, qtbot):
    window.resize(1024, 768)
    window.controller.set_preset("bowl")
    panel = window.sweep_panel
    window.analysis_tabs.setCurrentWidget(panel)
    sweep(qtbot, panel)
    QApplication.processEvents()  # the layout pass the new text asked for, done before the window next paints
    summary = panel.plot.summary
    shown = panel.plot.summary_scroll.viewport().height()  # it scrolls only where there is no room
    assert shown >= summary.heightForWidth(summary.width()), "the last ball's line is cut off"
    window.controller.pause()


def axis_label_text_rect(plot):
    """Where the left axis's label's text is, in the plot widget's pixels (its blank margin left out)."""
    label = plot.getAxis("left").label
    margin = label.document().documentMargin()
    return plot.mapFromScene(label.sceneBoundingRect().adjusted(margin, margin, -margin, -margin)).boundingRect()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_both_plots_and_their_axis_labels_are_whole_in_presenter_mode(window, qtbot, size, in_language):
    """At projector size the two plots ran into each other ("steps to converge" over "final loss") and their
    axis labels were cut off and written over the tick numbers."""
    window.resize(*size)
    window.actions["presenter"].trigger()
    panel = window.sweep_panel
    window.analysis_tabs.setCurrentWidget(panel)
    sweep(qtbot, panel)
    QApplication.processEvents()
    loss, steps = panel.plot.loss_plot, panel.plot.steps_plot
    assert loss.geometry().bottom() < steps.geometry().top(), "the plots overlap"
    for plot in (loss, steps):
        assert plot.rect().contains(axis_label_text_rect(plot)), plot.getAxis("left").labelText
    window.controller.pause()


def test_a_clicked_point_runs_the_lr_its_label_shows_to_six_significant_digits(bowl_panel, qtbot):
    controller = bowl_panel._controller
    sweep(qtbot, bowl_panel)
    plot = bowl_panel.plot
    chosen = plot.sweeps[1].points[30]
    assert repr(chosen.lr) == "0.03486365227678084"
    qtbot.mouseClick(plot.loss_plot.viewport(), Qt.MouseButton.LeftButton,
                     pos=plot_pixel(plot.loss_plot, plot.point_position(1, 30)))
    ball = controller.setup.balls[bowl_panel._indices[1]]
    assert "η=0.0348637" in ball.label
    assert ball.params["lr"] == 0.0348637, "the ball runs the η its label and its η box show"


def test_on_the_staircase_the_sweep_says_it_is_flat(qtbot):
    panel = shown_panel(qtbot, PresetName.ERROR_RATE)
    sweep(qtbot, panel)
    summary = panel.plot.summary.text()
    assert "flat: the gradient at the start is 0, so no η moves the ball" in summary
    assert "fastest η" not in summary, "an η that never moved the ball is not the fastest to converge"


def test_the_plots_tooltip_gives_the_start_to_four_decimals(bowl_panel, qtbot):
    bowl_panel._controller.set_start((-2.00149871234, 4.02184567891))  # as typed with more digits than shown
    sweep(qtbot, bowl_panel)
    assert "from (−2.0015, 4.0218) in" in bowl_panel.plot.toolTip()
