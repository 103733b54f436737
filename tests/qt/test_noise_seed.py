"""The run's noise seed in the window, as a user meets it: the Noise seed box beside a noisy ball's σ, a
lesson's seed = N, the last setup, Balls ▸ Fan and the Explain step, against the engine and `gdsim run`."""

import numpy as np
from PySide6.QtCore import Qt

from gdsim.cli import main
from gdsim.model.simulation import Simulation
from gdsim.qt.main_window import MainWindow
from gdsim.qt.settings import Settings
from tests.strict_json import strict_json

NOISY_LESSON = """id = "seeded"
title = "Seeded"
[[stages]]
title = "One noisy ball"
landscape = "himmelblau"
starts = [[-0.5, 0.5]]
steps = 20
seed = {seed}
[[stages.balls]]
optimizer = "sgd"
lr = 0.01
noise = 3.0
"""


def type_number(qtbot, spin, text: str) -> None:
    """Click into a spin box, select what it holds, type `text`, press Enter."""
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def give_the_first_ball_noise(qtbot, panel, sigma: str = "2") -> None:
    panel.balls.list.setCurrentRow(0)
    type_number(qtbot, panel.balls.editor.noise, sigma)


def step(window, times: int) -> None:
    for _ in range(times):
        window.actions["step"].trigger()


def engine_at(setup, steps: int, seed: int) -> np.ndarray:
    simulation = Simulation(setup.landscape, setup.placed_balls(), seed=seed)
    simulation.advance(steps)
    return simulation.positions


def test_the_seed_box_is_shown_beside_a_noisy_balls_sigma_only(control_panel, qtbot):
    editor = control_panel.balls.editor
    assert not editor.form.isRowVisible(editor.seed)
    give_the_first_ball_noise(qtbot, control_panel)
    assert editor.form.isRowVisible(editor.seed) and editor.seed.isVisible()
    assert editor.form.labelForField(editor.seed).text() == "Noise seed"
    control_panel.balls.list.setCurrentRow(1)  # a ball without noise: its seed would mean nothing
    assert not editor.form.isRowVisible(editor.seed)


def test_a_seed_typed_into_the_box_gives_the_engines_run_of_that_seed(window, qtbot):
    controller, editor = window.controller, window.control_panel.balls.editor
    give_the_first_ball_noise(qtbot, window.control_panel)
    type_number(qtbot, editor.seed, "3")
    assert controller.setup.seed == 3
    step(window, 12)
    shown = controller.snapshot().positions
    np.testing.assert_array_equal(shown, engine_at(controller.setup, 12, seed=3))
    assert not np.allclose(shown[0], engine_at(controller.setup, 12, seed=0)[0])  # not the old seed's path
    type_number(qtbot, editor.seed, "4")  # mid-run: a seed names a whole run, so it starts again
    assert controller.step_count == 0 and controller.setup.seed == 4
    step(window, 12)
    four = controller.snapshot().positions
    np.testing.assert_array_equal(four, engine_at(controller.setup, 12, seed=4))
    assert not np.allclose(four[0], shown[0])  # another seed, another path
    np.testing.assert_array_equal(four[1:], shown[1:])  # the balls without noise go as before
    window.actions["undo"].trigger()
    assert controller.setup.seed == 3 and editor.seed.value() == 3
    qtbot.keyClick(editor.seed, Qt.Key.Key_Up)  # the next seed, at a key press: another path to show
    assert controller.setup.seed == 4 and controller.step_count == 0


def test_the_largest_seed_fits_the_box_and_one_beyond_is_not_taken(control_panel, controller, qtbot):
    editor = control_panel.balls.editor
    give_the_first_ball_noise(qtbot, control_panel)
    type_number(qtbot, editor.seed, "4294967295")
    assert controller.setup.seed == 2**32 - 1
    type_number(qtbot, editor.seed, "4294967296")
    assert controller.setup.seed == 2**32 - 1


def test_the_seed_comes_back_with_the_last_setup_after_a_restart_of_the_window(qtbot):
    first = MainWindow(settings=Settings())
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    give_the_first_ball_noise(qtbot, first.control_panel, "1.5")
    type_number(qtbot, first.control_panel.balls.editor.seed, "7")
    first.close()
    second = MainWindow(settings=Settings())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.controller.setup.seed == 7
    second.control_panel.balls.list.setCurrentRow(0)
    assert second.control_panel.balls.editor.seed.value() == 7
    step(second, 9)
    np.testing.assert_array_equal(second.controller.snapshot().positions, engine_at(second.controller.setup, 9, 7))


def test_a_lesson_stage_with_seed_7_plays_as_gdsim_run_seed_7_and_saves_it(window, qtbot, tmp_path, capsys):
    path = tmp_path / "seeded.toml"
    path.write_text(NOISY_LESSON.format(seed=7), encoding="utf-8")
    assert window.exports.open_setup_file(path)
    assert window.control_panel.balls.editor.seed.value() == 7
    step(window, 20)
    assert main(["run", "--landscape", "himmelblau", "--start", "-0.5,0.5", "--ball", "sgd:lr=0.01,noise=3",
                 "--steps", "20", "--seed", "7"]) == 0
    (ball,) = strict_json(capsys.readouterr().out)["balls"]
    np.testing.assert_array_equal(window.controller.snapshot().positions[0], ball["trajectory"][-1])
    saved = tmp_path / "saved.toml"
    assert window.exports.save_setup_file(saved)
    assert "seed = 7" in saved.read_text(encoding="utf-8").splitlines()


def test_a_bad_seed_in_a_lesson_file_is_refused_in_one_line_and_nothing_changes(window, tmp_path):
    path = tmp_path / "seeded.toml"
    path.write_text(NOISY_LESSON.format(seed=-1), encoding="utf-8")
    before = window.controller.setup
    assert not window.exports.open_setup_file(path)
    said = window.exports.message.text().splitlines()
    assert ("seeded.toml: stage 1: field 'seed': the seed must be a whole number from 0 to 4,294,967,295, got -1"
            in said)
    window.exports.message.close()
    assert window.controller.setup is before


def test_balls_fan_runs_the_seed_chosen_and_the_next_ones(window, qtbot):
    controller = window.controller
    give_the_first_ball_noise(qtbot, window.control_panel)
    type_number(qtbot, window.control_panel.balls.editor.seed, "5")
    window.actions["fan_runs:10"].trigger()
    window.actions["fan"].trigger()
    assert "noise seeds 5 to 14" in window.statusBar().currentMessage()
    step(window, 15)
    runs = []
    for seed in range(5, 15):
        simulation = Simulation(controller.setup.landscape, controller.setup.placed_balls(), seed=seed)
        simulation.advance(15)
        runs.append(simulation.history.positions[:16, 0])
    p10, median, p90 = np.quantile(np.stack(runs), [0.1, 0.5, 0.9], axis=0)
    (low, middle, high), = window.contour_view.fan_layer.curves
    for curve, expected in ((low, p10), (middle, median), (high, p90)):
        np.testing.assert_array_equal(np.column_stack(curve.getData()), expected)


def test_the_explained_step_names_the_seed_of_its_noise(window, qtbot, in_language):
    give_the_first_ball_noise(qtbot, window.control_panel, "1.5")
    type_number(qtbot, window.control_panel.balls.editor.seed, "3")
    window.actions["explain_step"].trigger()
    text = window.explain_panel.table.text()
    assert ("gradient noise, seed 3" if in_language == "en" else "시드 3") in text
