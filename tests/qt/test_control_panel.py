"""Both directions: set the model and look at the widget; set the widget and look at the model.

The control panel alone with a controller; the window's title is the one thing here only the window shows."""

import pytest
from PySide6.QtCore import Qt

from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.panels.lessons import LessonPlayer
from gdsim.qt.support.inputs import LearningRateEditor
from gdsim.qt.views.contour_view import ContourView

from .conftest import type_into


def editor(panel, index):
    """The selected-ball editor, showing ball `index`."""
    panel.balls.select(index)
    return panel.balls.editor


def test_model_learning_rate_shows_in_slider_and_spin_box(control_panel, controller):
    controller.set_ball_param(0, "lr", 0.0123)
    lr = editor(control_panel, 0).learning_rate
    assert lr.spin.value() == 0.0123
    assert lr.spin.text() == "0.0123"
    assert lr.slider.value() == LearningRateEditor._tick(0.0123)
    assert control_panel.balls.list.item(0).text().startswith("SGD η=0.0123")


def test_spin_box_takes_any_learning_rate_and_restarts_the_run(control_panel, controller):
    controller.advance(10)
    editor(control_panel, 1).learning_rate.spin.setValue(0.0037)
    assert controller.setup.balls[1].params["lr"] == 0.0037
    assert controller.snapshot().step == 0


def test_typed_learning_rate_keeps_every_digit(control_panel, controller, qtbot):
    spin = editor(control_panel, 0).learning_rate.spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "0.0012345678")
    qtbot.keyClick(spin.lineEdit(), "\r")
    assert controller.setup.balls[0].params["lr"] == 0.0012345678


def test_slider_moves_learning_rate_on_a_log_scale(control_panel, controller):
    lr = editor(control_panel, 0).learning_rate
    lr.slider.setValue(lr.slider.maximum() // 2)  # halfway between 1e-5 and 10 on a log scale
    assert controller.setup.balls[0].params["lr"] == pytest.approx(10 ** -2, rel=0.01)
    assert lr.spin.value() == controller.setup.balls[0].params["lr"]


def test_momentum_both_ways(control_panel, controller):
    editor(control_panel, 2).param_inputs["momentum"].setValue(0.95)
    assert controller.setup.balls[2].params["momentum"] == 0.95
    controller.set_ball_param(1, "momentum", 0.5)
    assert editor(control_panel, 1).param_inputs["momentum"].value() == 0.5
    assert "momentum" not in editor(control_panel, 0).param_inputs  # SGD has no ρ


def test_a_choice_setting_is_a_combo_box_both_ways(control_panel, controller, qtbot):
    ball_editor = editor(control_panel, 0)
    ball_editor.optimizer.setCurrentIndex(ball_editor.optimizer.findData("lbfgs"))
    assert set(ball_editor.param_inputs) == {"history_size", "line_search"}
    line_search = ball_editor.param_inputs["line_search"]
    assert [line_search.itemText(i) for i in range(line_search.count())] == ["none", "strong_wolfe"]
    assert line_search.currentText() == "none"
    line_search.setFocus()
    qtbot.keyClick(line_search, Qt.Key.Key_Down)  # the user picks the next choice with the keyboard
    assert controller.setup.balls[0].params["line_search"] == 1.0
    assert control_panel.balls.list.item(0).text().startswith("L-BFGS η=0.01 line search=strong_wolfe")
    ball_editor.param_inputs["history_size"].setValue(3)
    assert controller.setup.balls[0].params["history_size"] == 3.0

    controller.set_ball_param(1, "form", "torch")  # the model first: the combo box follows
    assert editor(control_panel, 1).param_inputs["form"].currentText() == "torch"
    controller.set_ball_param(1, "form", "lecture")
    assert editor(control_panel, 1).param_inputs["form"].currentText() == "lecture"


def test_turning_a_ball_off_removes_it_from_the_run(control_panel, controller):
    item = control_panel.balls.list.item(1)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert not controller.setup.balls[1].enabled
    assert controller.snapshot().positions.shape == (2, 2)
    assert control_panel.balls.status_of(1) == "off"
    controller.set_ball_enabled(1, True)
    assert control_panel.balls.list.item(1).checkState() == Qt.CheckState.Checked
    assert controller.snapshot().positions.shape == (3, 2)


def test_add_duplicate_and_remove_balls(control_panel, controller):
    balls = control_panel.balls
    balls.add_actions["adam"].trigger()
    setup = controller.setup
    assert [b.optimizer for b in setup.balls] == ["sgd", "momentum", "nag", "adam"]
    assert balls.list.count() == 4 and balls.selected_index == 3
    assert len({b.color for b in setup.balls}) == 4  # each ball its own colour
    balls.editor.learning_rate.spin.setValue(0.1)
    assert balls.list.item(3).text().startswith("Adam η=0.1")
    balls.select(0)
    balls.duplicate_button.click()
    setup = controller.setup
    assert [b.optimizer for b in setup.balls] == ["sgd", "sgd", "momentum", "nag", "adam"]
    assert setup.balls[1].params == setup.balls[0].params and setup.balls[1].color != setup.balls[0].color
    editor(control_panel, 1).learning_rate.spin.setValue(1.2)  # lesson L1: one optimizer at several η
    assert controller.snapshot().positions.shape == (5, 2)
    balls.select(4)
    balls.remove_button.click()
    assert [b.optimizer for b in controller.setup.balls] == ["sgd", "sgd", "momentum", "nag"]


def test_the_last_ball_cannot_be_removed(control_panel, controller):
    for _ in range(2):
        controller.remove_ball(0)
    assert not control_panel.balls.remove_button.isEnabled()
    controller.remove_ball(0)
    assert len(controller.setup.balls) == 1


def test_changing_a_balls_optimizer_keeps_its_learning_rate(control_panel, controller):
    chooser = editor(control_panel, 0).optimizer
    chooser.setCurrentIndex(chooser.findData("rmsprop"))
    ball = controller.setup.balls[0]
    assert ball.optimizer == "rmsprop" and ball.params["lr"] == 0.01 and ball.params["alpha"] == 0.99
    assert set(editor(control_panel, 0).param_inputs) == {"alpha", "eps"}


def test_start_point_both_ways(controller, view_state, show_views):
    panel, view = ControlPanel(controller, view_state), ContourView(controller, view_state)
    show_views(controller, panel, view, size=(1000, 760))
    panel.start_spins[0].setValue(-1.0)
    assert controller.setup.start == (-1.0, 5.8)
    controller.set_start((0.25, -2.0))
    assert [s.value() for s in panel.start_spins] == [0.25, -2.0]
    marker = view.start_marker.pos()
    assert (marker.x(), marker.y()) == (0.25, -2.0)


def test_landscape_both_ways(control_panel, controller):
    combo = control_panel.landscape
    combo.setCurrentIndex(combo.findData("rosenbrock"))
    assert controller.setup.preset_name == "rosenbrock"
    assert "100(y − x²)²" in control_panel.formula.text()
    controller.set_preset("himmelblau")
    assert combo.currentData() == "himmelblau"


def test_the_window_title_names_the_landscape_chosen(window):
    combo = window.control_panel.landscape
    combo.setCurrentIndex(combo.findData("rosenbrock"))
    assert window.windowTitle() == "gdsim — Rosenbrock"
    window.controller.set_preset("himmelblau")
    assert window.windowTitle() == "gdsim — Himmelblau"


def test_a_setting_change_never_changes_a_run_in_flight(control_panel, controller, qtbot):
    controller.set_steps_per_second(400)
    controller.play()
    qtbot.waitUntil(lambda: controller.snapshot().step > 5, timeout=3000)
    editor(control_panel, 0).learning_rate.spin.setValue(0.02)
    snapshot = controller.snapshot()
    assert snapshot.step <= 1 or snapshot.history_steps[0] == 0
    assert snapshot.history_positions[0, 0].tolist() == [0.5, 5.8]
    controller.pause()


def test_a_schedule_both_ways_and_its_rate_plot(control_panel, controller):
    chooser = editor(control_panel, 0).schedule
    chooser.setCurrentIndex(chooser.findData("cosine-restarts"))
    ball = controller.setup.balls[0]
    assert ball.schedule is not None and ball.schedule.name == "cosine-restarts"
    assert "cosine restarts every 50 steps" in control_panel.balls.list.item(0).text()
    steps, rates = editor(control_panel, 0).rate_curve.getData()
    assert rates[0] == ball.params["lr"] and rates[25] < rates[0] and rates[50] == ball.params["lr"]  # T₀ = 50
    LessonPlayer(controller).open("learning-rate", 0)
    assert editor(control_panel, 0).schedule.currentData() == "constant"


def test_a_newton_ball_where_h_is_singular_says_why_it_stopped(control_panel, controller, qtbot):
    type_into(qtbot, control_panel.expression, "x^2 + y")  # no curvature along y: H is singular everywhere
    chooser = editor(control_panel, 0).optimizer
    chooser.setCurrentIndex(chooser.findData("newton"))
    controller.advance(3)
    assert control_panel.balls.list.item(0).text().endswith(
        "stopped at step 1: its step is not defined here (H + δ·I is singular)")
