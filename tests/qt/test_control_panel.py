"""Both directions: set the model and look at the widget; set the widget and look at the model."""

import pytest
from PySide6.QtCore import Qt

from gdsim.qt.support.inputs import LearningRateEditor


def editor(window, index):
    """The selected-ball editor, showing ball `index`."""
    window.control_panel.balls.select(index)
    return window.control_panel.balls.editor


def test_model_learning_rate_shows_in_slider_and_spin_box(window):
    window.controller.set_ball_param(0, "lr", 0.0123)
    lr = editor(window, 0).learning_rate
    assert lr.spin.value() == 0.0123
    assert lr.spin.text() == "0.0123"
    assert lr.slider.value() == LearningRateEditor._tick(0.0123)
    assert window.control_panel.balls.list.item(0).text().startswith("SGD η=0.0123")


def test_spin_box_takes_any_learning_rate_and_restarts_the_run(window):
    window.controller.advance(10)
    editor(window, 1).learning_rate.spin.setValue(0.0037)
    assert window.controller.setup.balls[1].params["lr"] == 0.0037
    assert window.controller.snapshot().step == 0


def test_typed_learning_rate_keeps_every_digit(window, qtbot):
    spin = editor(window, 0).learning_rate.spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "0.0012345678")
    qtbot.keyClick(spin.lineEdit(), "\r")
    assert window.controller.setup.balls[0].params["lr"] == 0.0012345678


def test_slider_moves_learning_rate_on_a_log_scale(window):
    lr = editor(window, 0).learning_rate
    lr.slider.setValue(lr.slider.maximum() // 2)  # halfway between 1e-5 and 10 on a log scale
    assert window.controller.setup.balls[0].params["lr"] == pytest.approx(10 ** -2, rel=0.01)
    assert lr.spin.value() == window.controller.setup.balls[0].params["lr"]


def test_momentum_both_ways(window):
    editor(window, 2).param_inputs["momentum"].setValue(0.95)
    assert window.controller.setup.balls[2].params["momentum"] == 0.95
    window.controller.set_ball_param(1, "momentum", 0.5)
    assert editor(window, 1).param_inputs["momentum"].value() == 0.5
    assert "momentum" not in editor(window, 0).param_inputs  # SGD has no ρ


def test_turning_a_ball_off_removes_it_from_the_run(window):
    item = window.control_panel.balls.list.item(1)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert not window.controller.setup.balls[1].enabled
    assert window.controller.snapshot().positions.shape == (2, 2)
    assert window.control_panel.balls.status_of(1) == "off"
    window.controller.set_ball_enabled(1, True)
    assert window.control_panel.balls.list.item(1).checkState() == Qt.CheckState.Checked
    assert window.controller.snapshot().positions.shape == (3, 2)


def test_add_duplicate_and_remove_balls(window):
    balls = window.control_panel.balls
    balls.add_actions["adam"].trigger()
    setup = window.controller.setup
    assert [b.optimizer for b in setup.balls] == ["sgd", "momentum", "nag", "adam"]
    assert balls.list.count() == 4 and balls.selected_index == 3
    assert len({b.color for b in setup.balls}) == 4  # each ball its own colour
    balls.editor.learning_rate.spin.setValue(0.1)
    assert balls.list.item(3).text().startswith("Adam η=0.1")
    balls.select(0)
    balls.duplicate_button.click()
    setup = window.controller.setup
    assert [b.optimizer for b in setup.balls] == ["sgd", "sgd", "momentum", "nag", "adam"]
    assert setup.balls[1].params == setup.balls[0].params and setup.balls[1].color != setup.balls[0].color
    editor(window, 1).learning_rate.spin.setValue(1.2)  # lesson L1: one optimizer at several η
    assert window.controller.snapshot().positions.shape == (5, 2)
    balls.select(4)
    balls.remove_button.click()
    assert [b.optimizer for b in window.controller.setup.balls] == ["sgd", "sgd", "momentum", "nag"]


def test_the_last_ball_cannot_be_removed(window):
    for _ in range(2):
        window.controller.remove_ball(0)
    assert not window.control_panel.balls.remove_button.isEnabled()
    window.controller.remove_ball(0)
    assert len(window.controller.setup.balls) == 1


def test_changing_a_balls_optimizer_keeps_its_learning_rate(window):
    chooser = editor(window, 0).optimizer
    chooser.setCurrentIndex(chooser.findData("rmsprop"))
    ball = window.controller.setup.balls[0]
    assert ball.optimizer == "rmsprop" and ball.params["lr"] == 0.01 and ball.params["alpha"] == 0.99
    assert set(editor(window, 0).param_inputs) == {"alpha", "eps"}


def test_start_point_both_ways(window):
    window.control_panel.start_spins[0].setValue(-1.0)
    assert window.controller.setup.start == (-1.0, 5.8)
    window.controller.set_start((0.25, -2.0))
    assert [s.value() for s in window.control_panel.start_spins] == [0.25, -2.0]
    marker = window.contour_view.start_marker.pos()
    assert (marker.x(), marker.y()) == (0.25, -2.0)


def test_landscape_both_ways(window):
    combo = window.control_panel.landscape
    combo.setCurrentIndex(combo.findData("rosenbrock"))
    assert window.controller.setup.preset_name == "rosenbrock"
    assert "100(y − x²)²" in window.control_panel.formula.text()
    window.controller.set_preset("himmelblau")
    assert combo.currentData() == "himmelblau"
    assert window.windowTitle() == "gdsim — Himmelblau"


def test_a_setting_change_never_changes_a_run_in_flight(window, qtbot):
    controller = window.controller
    controller.set_steps_per_second(400)
    controller.play()
    qtbot.waitUntil(lambda: controller.snapshot().step > 5, timeout=3000)
    editor(window, 0).learning_rate.spin.setValue(0.02)
    snapshot = controller.snapshot()
    assert snapshot.step <= 1 or snapshot.history_steps[0] == 0
    assert snapshot.history_positions[0, 0].tolist() == [0.5, 5.8]
    controller.pause()


def test_a_schedule_both_ways_and_its_rate_plot(window):
    chooser = editor(window, 0).schedule
    chooser.setCurrentIndex(chooser.findData("cosine-restarts"))
    ball = window.controller.setup.balls[0]
    assert ball.schedule is not None and ball.schedule.name == "cosine-restarts"
    assert "cosine-restarts" in window.control_panel.balls.list.item(0).text()
    steps, rates = editor(window, 0).rate_curve.getData()
    assert rates[0] == ball.params["lr"] and rates[25] < rates[0] and rates[50] == ball.params["lr"]  # T₀ = 50
    window.open_lesson("learning-rate", 0)
    assert editor(window, 0).schedule.currentData() == "constant"
