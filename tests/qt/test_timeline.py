"""The timeline as a user drives it: the slider under the map, Step Back (← and its button), and every view
at the step shown, exactly the engine's state there."""

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt

from gdsim.model.balls import Ball
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.simulation import Simulation

from .conftest import activate

END_NOTICE = "End of this stage: PageDown for the next"


def engine_at(controller, step: int) -> Simulation:
    """A fresh run of the window's setup advanced to `step`: what the views must show there."""
    simulation = Simulation(controller.setup.landscape, controller.setup.placed_balls())
    simulation.advance(step)
    return simulation


def balls_on_map(window) -> np.ndarray:
    """Where the map draws each ball (one setup ball per item, in the run's order here)."""
    items = window.contour_view._ball_items
    return np.concatenate([np.column_stack(items[index].getData()) for index in sorted(items)])


def assert_map_shows(window, simulation: Simulation):
    np.testing.assert_array_equal(balls_on_map(window), simulation.positions)


def loss_cursor(window) -> float | None:
    """The step the loss plot's cursor marks, or None when none is drawn."""
    cursor = window.loss_plot.cursor
    drawn = cursor.isVisible() and cursor.scene() is window.loss_plot.plot.scene()
    return cursor.value() if drawn else None


def drag_slider_to(window, step: int):
    """What a drag of the slider's handle does: the slider's value changes, tracking the pointer."""
    slider = window.timeline_bar.slider
    slider.setSliderDown(True)
    slider.setValue(step)
    slider.setSliderDown(False)


def table_cells(window) -> list[list[str]]:
    table = window.analysis_tabs.page("comparison").table
    return [[table.item(row, column).text() for column in range(table.columnCount())]
            for row in range(table.rowCount())]


def explain_texts(window) -> tuple[str, str]:
    panel = window.analysis_tabs.page("explain_panel")
    return panel.title.text(), panel.table.text()


def show_tab(window, name: str):
    window.analysis_tabs.setCurrentWidget(window.analysis_tabs.page(name))


def test_dragging_the_slider_shows_every_view_at_that_step(window, qtbot):
    controller = window.controller
    show_tab(window, "explain_panel")
    controller.advance(12)
    explained_at_12 = explain_texts(window)
    show_tab(window, "comparison")
    table_at_12 = table_cells(window)
    controller.advance(28)
    assert window.timeline_bar.slider.maximum() == 40 and window.timeline_bar.label.text() == "40 / 40"
    assert loss_cursor(window) is None

    drag_slider_to(window, 12)
    assert controller.step_count == 12
    assert_map_shows(window, engine_at(controller, 12))
    assert window.playback_bar.step_label.text().strip() == "Step 12"
    assert window.timeline_bar.label.text() == "12 / 40"
    assert loss_cursor(window) == 12
    assert window.loss_plot.plot.getPlotItem().vb.viewRange()[0][1] >= 40  # the axis still shows the whole run
    assert table_cells(window) == table_at_12
    drag_slider_to(window, 40)
    show_tab(window, "explain_panel")
    drag_slider_to(window, 12)
    assert explain_texts(window) == explained_at_12

    window.timeline_bar.slider.setFocus()
    qtbot.keyClick(window.timeline_bar.slider, Qt.Key.Key_End)  # the slider's own keys
    assert controller.step_count == 40 and loss_cursor(window) is None
    assert_map_shows(window, engine_at(controller, 40))
    qtbot.keyClick(window.timeline_bar.slider, Qt.Key.Key_Home)
    assert controller.step_count == 0 and loss_cursor(window) == 0
    assert_map_shows(window, engine_at(controller, 0))


def test_step_back_after_step_is_the_identity_with_the_key_and_the_button(window, qtbot):
    controller = window.controller
    activate(window, qtbot)
    controller.advance(7)
    before = controller.snapshot()
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Right)
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Left)
    after = controller.snapshot()
    for name in ("positions", "losses", "gradients", "status", "path_lengths"):
        np.testing.assert_array_equal(getattr(after, name), getattr(before, name), strict=True)
    assert_map_shows(window, engine_at(controller, 7))
    assert loss_cursor(window) == 7  # step 8 was reached

    button = window.playback_bar.widgetForAction(window.actions["step_back"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert controller.step_count == 6 and window.playback_bar.step_label.text().strip() == "Step 6"
    assert_map_shows(window, engine_at(controller, 6))
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Right)  # Step from a step back: the same future
    assert_map_shows(window, engine_at(controller, 7))
    assert window.timeline_bar.label.text() == "7 / 8"


def test_step_3_of_a_50000_step_run_is_exact_though_the_trails_kept_far_fewer_rows(window):
    controller = window.controller
    controller.set_preset("rosenbrock")
    crawling = Ball(OptimizerKind.MOMENTUM, {"lr": 1e-4, "momentum": 0.5})  # still moving at step 50,000
    controller.set_setup(replace(controller.setup, balls=(crawling,)))
    assert controller.advance(50_000) == 50_000
    assert 3 not in controller.snapshot().history_steps  # the history has thinned step 3 away

    drag_slider_to(window, 3)
    assert_map_shows(window, engine_at(controller, 3))
    assert controller.snapshot().history_steps.tolist() == [0, 1, 2, 3]  # the trail up to step 3
    assert loss_cursor(window) == 3
    drag_slider_to(window, 50_000)
    assert_map_shows(window, engine_at(controller, 50_000))


def test_the_slider_moves_along_while_playing_and_play_goes_on_from_a_scrubbed_step(window, qtbot):
    controller = window.controller
    controller.advance(30)
    drag_slider_to(window, 10)
    controller.set_steps_per_second(200)
    window.actions["play_pause"].trigger()
    qtbot.waitUntil(lambda: controller.step_count >= 35, timeout=5000)
    window.actions["play_pause"].trigger()
    step = controller.step_count
    assert window.timeline_bar.slider.value() == step and window.timeline_bar.slider.maximum() == step
    assert_map_shows(window, engine_at(controller, step))


def test_in_a_lesson_a_step_back_from_the_end_then_play_runs_to_the_end_again(window, qtbot):
    window.open_lesson("learning-rate", 2)  # η = 1.2, 5 steps
    activate(window, qtbot)
    controller = window.controller
    controller.set_steps_per_second(200)
    window.actions["play_pause"].trigger()
    qtbot.waitUntil(lambda: not controller.playing, timeout=5000)
    assert controller.step_count == 5
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Left)
    assert controller.step_count == 4 and "after 4 steps" in window.caption_bar.text()
    window.statusBar().clearMessage()
    window.actions["play_pause"].trigger()
    qtbot.waitUntil(lambda: not controller.playing, timeout=5000)
    assert controller.step_count == 5 and "after 5 steps" in window.caption_bar.text()
    assert window.statusBar().currentMessage() == END_NOTICE


def test_a_seek_is_not_an_edit_and_an_edit_after_it_restarts_the_run(window):
    controller = window.controller
    controller.advance(20)
    undo = controller.can_undo
    drag_slider_to(window, 5)
    assert controller.can_undo == undo  # nothing to take back: the setup is the same
    window.actions["branch_policy:restart"].trigger()  # Edit ▸ Settings Changed Mid-Run (else it asks)
    controller.set_ball_param(0, "lr", controller.setup.balls[0].params["lr"] / 2)
    assert controller.step_count == 0 and window.timeline_bar.slider.maximum() == 0
    assert loss_cursor(window) is None


def test_the_map_draws_the_trail_up_to_the_step_shown_and_again_to_the_end(controller, view_state, show_views):
    from gdsim.qt import style
    from gdsim.qt.views.contour_view import ContourView
    from tests.qt.conftest import color_distance
    from tests.qt.test_trails import pixel

    view = ContourView(controller, view_state)
    show_views(controller, view)
    controller.set_ball_enabled(1, False)
    controller.set_ball_enabled(2, False)
    controller.advance(40)
    path = controller.snapshot().history_positions[:, 0]
    orange = style.ball_color(controller.setup.balls[0].color).getRgb()

    def painted(point) -> bool:
        return color_distance(pixel(view, point), orange) < 60

    controller.seek(12)  # what the slider does
    assert all(painted(point) for point in path[4:9:2])  # away from the start marker and the ball
    assert not any(painted(point) for point in path[22:36:4])  # the path after step 12 is not drawn
    controller.seek(40)
    assert all(painted(point) for point in path[5:35:6])
