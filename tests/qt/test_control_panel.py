"""Both directions: set the model and look at the widget; set the widget and look at the model."""

import pytest

from gdsim.qt.control_panel import LearningRateEditor


def editor(window, slot):
    return window.control_panel.editors[slot]


def test_model_learning_rate_shows_in_slider_and_spin_box(window):
    window.controller.set_ball_param(0, "lr", 0.0123)
    lr = editor(window, 0).learning_rate
    assert lr.spin.value() == 0.0123
    assert lr.spin.text() == "0.0123"
    assert lr.slider.value() == LearningRateEditor._tick(0.0123)


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
    editor(window, 2).momentum.setValue(0.95)
    assert window.controller.setup.balls[2].params["momentum"] == 0.95
    window.controller.set_ball_param(1, "momentum", 0.5)
    assert editor(window, 1).momentum.value() == 0.5
    assert editor(window, 0).momentum is None  # SGD has no ρ


def test_turning_an_optimizer_off_removes_its_ball(window):
    editor(window, 1).setChecked(False)
    assert not window.controller.setup.balls[1].enabled
    assert window.controller.snapshot().positions.shape == (2, 2)
    window.controller.set_ball_enabled(1, True)
    assert editor(window, 1).isChecked()
    assert window.controller.snapshot().positions.shape == (3, 2)


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
    assert window.controller.setup.preset == "rosenbrock"
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
