"""Predict, then reveal, as a class uses it: P opens a round, clicks on the map drop numbered guesses,
Backspace takes the last back, the class's votes are counted with the bar's buttons, and Reveal runs to
step k and says how far each guess was; the lessons' predict stages open their rounds when shown."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdsim.model.simulation import Simulation
from tests.qt.conftest import activate, view_to_widget


def press(window, qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    activate(window, qtbot)
    qtbot.keyClick(window.landscape_stack.currentWidget(), key, modifier)


def click_map(window, qtbot, point) -> None:
    contour = window.contour_view
    qtbot.mouseClick(contour.viewport(), Qt.MouseButton.LeftButton, pos=view_to_widget(contour, point))


def engine_position(setup, ball: int, k: int) -> np.ndarray:
    """Where ball `ball` of the setup is after k steps, computed apart from the window's run."""
    run = Simulation(setup.landscape, setup.placed_balls())
    run.advance(k)
    return run.positions[ball].copy()


def reveal(bar, qtbot) -> None:
    """Press Reveal, and wait while it plays the run to step k."""
    qtbot.mouseClick(bar.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.message.text().startswith(("Guess", "Answer", "No guesses")), timeout=20_000)


def open_last_stage(window, lesson_id: str) -> None:
    """Through the Lessons menu's entry and the stage list, as a teacher opens a stage."""
    window.actions[f"lesson:{lesson_id}"].trigger()
    window.navigation.stage_menu.actions()[-1].trigger()


def test_p_opens_a_round_in_which_clicks_drop_numbered_guesses_and_reveal_measures_them(window, qtbot):
    controller, bar = window.controller, window.prediction_bar
    start = controller.setup.start
    assert not bar.isVisible()
    press(window, qtbot, Qt.Key.Key_P)
    assert bar.isVisible() and controller.prediction.kind == "where" and bar.steps_box.value() == 10
    guesses = [(0.0, 3.0), (1.0, 4.5), (-2.0, 0.0)]
    for point in guesses:
        click_map(window, qtbot, point)
    assert controller.setup.start == start  # a guess, not a new start
    assert np.allclose(controller.prediction.guesses, guesses, atol=0.05)
    assert len(window.contour_view.prediction_layer.markers.data) == 3
    assert "3 placed" in bar.message.text()
    press(window, qtbot, Qt.Key.Key_Backspace)
    assert len(controller.prediction.guesses) == 2 and "2 placed" in bar.message.text()
    click_map(window, qtbot, guesses[2])
    press(window, qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo takes a guess back too
    assert len(controller.prediction.guesses) == 2 and controller.setup.start == start

    reveal(bar, qtbot)
    assert controller.step_count == 10
    ball = engine_position(controller.setup, controller.first_ball_of(controller.selected_index), 10)
    distances = [np.linalg.norm(np.array(g) - ball) for g in controller.prediction.guesses]
    closest = int(np.argmin(distances))
    assert bar.message.text() == f"Guess {closest + 1} is closest: {distances[closest]:.2f} away."
    labels = [label.toPlainText() for label in window.contour_view.prediction_layer.labels]
    assert labels == [f"{n + 1}: {d:.2f}" for n, d in enumerate(distances)]
    click_map(window, qtbot, (3.0, 3.0))  # revealed: a click is a start again
    assert controller.prediction is None and np.allclose(controller.setup.start, (3.0, 3.0), atol=0.05)


def test_predict_after_steps_starts_from_the_start_and_says_so(window, qtbot):
    controller = window.controller
    controller.advance(5)
    press(window, qtbot, Qt.Key.Key_P)
    assert controller.step_count == 0 and controller.prediction is not None
    assert window.statusBar().currentMessage() == "Predict starts from the start: the run was reset to step 0."


def test_a_typed_k_is_where_reveal_stops_and_cancel_closes_the_bar(window, qtbot):
    controller, bar = window.controller, window.prediction_bar
    press(window, qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    assert controller.prediction.kind == "converge-or-diverge"
    bar.steps_box.lineEdit().selectAll()
    qtbot.keyClicks(bar.steps_box, "7")
    qtbot.keyClick(bar.steps_box, Qt.Key.Key_Return)
    assert controller.prediction.steps == 7
    reveal(bar, qtbot)
    assert controller.step_count == 7 and "(step 7)" in bar.message.text()
    qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert controller.prediction is None and not bar.isVisible()


def test_l1s_predict_stage_counts_votes_and_reveals_that_it_diverges(window, qtbot):
    open_last_stage(window, "learning-rate")
    controller, bar = window.controller, window.prediction_bar
    assert bar.isVisible() and controller.prediction.kind == "converge-or-diverge"
    assert bar.steps_box.value() == controller.stage_steps == 60
    for name in ("diverges", "diverges", "converges", "stalls", "diverges"):
        qtbot.mouseClick(bar.vote_buttons[name], Qt.MouseButton.LeftButton)
    assert [b.text() for b in bar.vote_buttons.values()] == ["Converges (1)", "Diverges (3)", "Stalls (1)"]
    reveal(bar, qtbot)
    stage = window.lessons.stage
    run = stage.simulation()
    run.advance(stage.steps)
    assert int(run.stopped_at[0]) == controller.step_count  # the engine stopped it on its own before step 60
    assert bar.message.text() == f"Answer: it diverges (step {controller.step_count}): 3 of 5 votes."
    assert "diverged" in window.caption_bar.text() and not any(b.isEnabled() for b in bar.vote_buttons.values())


def test_l4s_predict_stage_asks_where_momentum_is_after_10_steps(window, qtbot):
    open_last_stage(window, "momentum")
    controller, bar = window.controller, window.prediction_bar
    assert controller.taking_guesses and bar.steps_box.value() == 10
    click_map(window, qtbot, (0.0, 4.0))
    click_map(window, qtbot, (2.0, 1.0))
    reveal(bar, qtbot)
    stage = window.lessons.stage
    run = stage.simulation()
    run.advance(10)
    at = run.positions[0]
    assert np.allclose(controller.prediction.answer.position, at)
    distances = [np.linalg.norm(np.array(g) - at) for g in controller.prediction.guesses]
    assert controller.prediction.answer.distances == pytest.approx(distances)
    assert f"({at[0]:.2f}, {at[1]:.2f})" in window.caption_bar.text()
    assert bar.message.text().startswith(f"Guess {int(np.argmin(distances)) + 1} is closest")


def test_the_bar_speaks_korean(window, qtbot, korean):
    press(window, qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    bar = window.prediction_bar
    assert bar.reveal_button.text() == "공개" and bar.vote_buttons["diverges"].text() == "발산 (0)"
    assert window.actions["predict"].text() == "예측"


def test_reveal_plays_the_run_to_k_and_space_pauses_it_unrevealed(window, qtbot):
    controller, bar = window.controller, window.prediction_bar
    press(window, qtbot, Qt.Key.Key_P)
    bar.steps_box.lineEdit().selectAll()
    qtbot.keyClicks(bar.steps_box, "300")
    qtbot.keyClick(bar.steps_box, Qt.Key.Key_Return)
    qtbot.mouseClick(bar.reveal_button, Qt.MouseButton.LeftButton)
    assert controller.playing and controller.step_count < 300 and not controller.prediction.revealed
    press(window, qtbot, Qt.Key.Key_Space)  # a pause on the way is not the answer
    assert not controller.playing and not controller.prediction.revealed and controller.step_count < 300
    reveal(bar, qtbot)  # Reveal again goes on from there
    assert controller.step_count == 300 and controller.prediction.answer.step == 300 and not controller.playing


def test_a_run_played_past_k_answers_the_round_too(window, qtbot):
    open_last_stage(window, "learning-rate")
    controller, bar = window.controller, window.prediction_bar
    qtbot.mouseClick(bar.vote_buttons["converges"], Qt.MouseButton.LeftButton)
    controller.advance(controller.stage_steps)  # Run to End of Stage, or Play, instead of Reveal
    assert bar.message.text() == f"Answer: it diverges (step {controller.step_count}): 0 of 1 votes."


def test_on_a_curve_p_asks_the_other_question(window, qtbot):
    window.open_lesson("learning-rate", 0)  # the parabola: no map to click a guess on
    press(window, qtbot, Qt.Key.Key_P)
    assert window.controller.prediction.kind == "converge-or-diverge"
    assert window.prediction_bar.vote_buttons["stalls"].isVisible()


def test_the_bar_fits_at_1024_by_768_in_presenter_mode(window, qtbot, in_language):
    window.resize(1024, 768)
    window.actions["presenter"].trigger()
    open_last_stage(window, "learning-rate")
    bar = window.prediction_bar
    controls = (bar.steps_box, *bar.vote_buttons.values(), bar.reveal_button, bar.close_button)
    # Not squeezed, once the layout has taken presenter mode's font: each control's whole text shows.
    qtbot.waitUntil(lambda: all(w.width() >= w.minimumSizeHint().width() for w in controls))
    for widget in controls:
        left = widget.mapTo(window, widget.rect().topLeft()).x()
        assert widget.isVisible() and 0 <= left and left + widget.width() <= window.width() == 1024
    assert bar.question.width() > 100 and bar.message.isVisible()
