"""Noisy balls and fans as a user meets them: the Noise σ spin box, Step Back and the slider on a noisy run,
the Explain step's noise line, and Balls ▸ Fan's band against numpy's quantiles of the engine's runs."""

import numpy as np
from PySide6.QtCore import Qt

from gdsim.model.simulation import Simulation

from .conftest import activate


def type_sigma(qtbot, editor, text: str) -> None:
    """Click into the selected ball's Noise σ box, select what it holds, type `text`, press Enter."""
    spin = editor.noise
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def give_every_ball_noise(qtbot, panel, text: str) -> None:
    for row in range(panel.balls.list.count()):
        panel.balls.list.setCurrentRow(row)
        type_sigma(qtbot, panel.balls.editor, text)


def engine_at(controller, step: int, seed: int = 0) -> Simulation:
    simulation = Simulation(controller.setup.landscape, controller.setup.placed_balls(), seed=seed)
    simulation.advance(step)
    return simulation


def test_sigma_typed_into_the_spin_box_makes_the_steps_the_engines_with_noise(control_panel, controller, qtbot):
    noiseless = engine_at(controller, 6)
    type_sigma(qtbot, control_panel.balls.editor, "2.5")
    assert controller.setup.balls[0].noise == 2.5
    assert "σ=2.5" in control_panel.balls.list.item(0).text()
    for _ in range(6):
        controller.step()
    shown = controller.snapshot().positions
    np.testing.assert_array_equal(shown, engine_at(controller, 6).positions)
    assert not np.allclose(shown[0], noiseless.positions[0])  # the noisy ball went elsewhere
    np.testing.assert_array_equal(shown[1:], noiseless.positions[1:])  # the others did not
    assert not np.allclose(engine_at(controller, 6, seed=1).positions[0], shown[0])  # another seed, another path


def test_step_back_and_the_slider_on_a_noisy_run_show_the_same_positions(window, qtbot):
    controller = window.controller
    give_every_ball_noise(qtbot, window.control_panel, "3")
    activate(window, qtbot)
    for _ in range(30):
        window.actions["step"].trigger()
    first = engine_at(controller, 30)
    np.testing.assert_array_equal(controller.snapshot().positions, first.positions)
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Left)
    np.testing.assert_array_equal(controller.snapshot().positions, first.history.positions[29])
    slider = window.timeline_bar.slider
    for step in (11, 30, 4):
        slider.setSliderDown(True)
        slider.setValue(step)
        slider.setSliderDown(False)
        np.testing.assert_array_equal(controller.snapshot().positions, first.history.positions[step])
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Right)
    np.testing.assert_array_equal(controller.snapshot().positions, first.history.positions[5])


def test_the_explained_step_shows_the_gradient_the_noise_and_what_is_followed(window, qtbot):
    type_sigma(qtbot, window.control_panel.balls.editor, "1.5")
    window.actions["step"].trigger()
    window.actions["explain_step"].trigger()
    text = window.explain_panel.table.text()
    assert "σ·ξ" in text and "∇f + σ·ξ" in text and "σ = 1.5" in text
    assert "gradient noise, seed 0" in text


def test_balls_fan_draws_bands_whose_quantiles_are_numpys_over_the_seeds(window, qtbot):
    controller = window.controller
    give_every_ball_noise(qtbot, window.control_panel, "2")
    window.actions["fan_runs:20"].trigger()
    window.actions["fan"].trigger()
    assert window.actions["fan"].isChecked()
    for _ in range(25):
        window.actions["step"].trigger()
    layer = window.contour_view.fan_layer
    assert len(layer.bands) == len(controller.setup.balls) == 3
    runs = np.stack([engine_at(controller, 25, seed=r).history.positions[:26] for r in range(20)])
    p10, median, p90 = np.quantile(runs, [0.1, 0.5, 0.9], axis=0)  # (steps + 1, balls, 2)
    for ball, (low, middle, high) in enumerate(layer.curves):
        for curve, expected in ((low, p10), (middle, median), (high, p90)):
            np.testing.assert_array_equal(np.column_stack(curve.getData()), expected[:, ball])
        assert not layer.bands[ball].path().isEmpty()
    slider = window.timeline_bar.slider  # back on the timeline, the fan ends at the step shown
    slider.setSliderDown(True)
    slider.setValue(9)
    slider.setSliderDown(False)
    np.testing.assert_array_equal(np.column_stack(layer.curves[2][0].getData()), p10[:10, 2])
    window.actions["fan"].trigger()
    assert not layer.bands and not window.actions["fan"].isChecked()


def test_a_fan_without_noise_says_why_and_stays_off(window):
    window.actions["fan"].trigger()
    assert not window.actions["fan"].isChecked() and not window.contour_view.fan_layer.bands
    assert "No ball has noise" in window.statusBar().currentMessage()


def test_after_a_jump_ahead_the_fan_catches_up_while_the_window_is_idle(window, qtbot):
    controller = window.controller
    give_every_ball_noise(qtbot, window.control_panel, "2")
    window.actions["fan"].trigger()
    controller.advance(1500)  # as Run to Stage End or a fast play jumps
    layer = window.contour_view.fan_layer
    assert layer.fan.steps < 1500  # the frame was not held up by 1,500 steps of 60 runs
    qtbot.waitUntil(lambda: layer.fan.steps == 1500, timeout=120_000)
    assert len(layer.curves[0][1].getData()[0]) == 1501
