"""The basin panel: runs off the GUI thread (the window keeps answering), can be cancelled, drops a
stale run, fills its table, draws the chosen ball's map under the contour lines and follows the selection."""

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from gdsim.model.presets import PresetName
from gdsim.model.setup import Setup
from gdsim.qt.analysis.basin_panel import BasinPanel
from gdsim.qt.controller import Controller
from gdsim.qt.layers.basin_layer import BASIN_ALPHA, basin_color
from gdsim.qt.view_state import ViewState
from gdsim.qt.views.contour_view import ContourView
from tests.qt.conftest import color_distance, view_to_widget


@pytest.fixture
def basins(qtbot):
    """A Himmelblau controller with its contour view and the basin panel side by side, shown."""
    controller = Controller(Setup.from_preset(PresetName.HIMMELBLAU))
    window = QWidget()
    view_state = ViewState()
    view = ContourView(controller, view_state)
    panel = BasinPanel(controller, view_state)
    layout = QHBoxLayout(window)
    layout.addWidget(view, 3)
    layout.addWidget(panel, 2)
    qtbot.addWidget(window)
    controller.publish()
    window.resize(1200, 650)
    window.show()
    qtbot.waitExposed(window)
    yield controller, view, panel
    panel.shutdown()


def run_to_the_end(qtbot, panel, grid=50):
    panel.grid.setValue(grid)
    assert panel.run()
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert panel.result is not None, panel.message.text()


def pixel(view, point):
    """The median colour of a 7 × 7 patch at `point`: it passes over a contour line."""
    spot = view_to_widget(view, point)
    image = view.grab().toImage()
    patch = [image.pixelColor(spot.x() + dx, spot.y() + dy).getRgb()[:3] for dx in range(-3, 4) for dy in range(-3, 4)]
    return tuple(np.median(np.array(patch), axis=0))


def test_a_run_fills_the_table_and_draws_the_selected_balls_map(basins, qtbot):
    controller, view, panel = basins
    inside_a_basin = (-4.2, -4.2)  # near the minimum at (−3.78, −3.28), away from its ring and name
    before = pixel(view, inside_a_basin)
    run_to_the_end(qtbot, panel)
    result = panel.result
    assert result.minima.shape == (4, 2) and len(result.recipes) == 3  # SGD, Momentum, Nesterov
    table = panel.table
    assert table.rowCount() == 4 + 2 and table.columnCount() == 1 + 3
    balls = controller.setup.balls
    assert [table.horizontalHeaderItem(c).toolTip() for c in range(1, 4)] == [b.label for b in balls]
    assert [table.horizontalHeaderItem(c).text() for c in range(1, 4)] == ["1", "2", "3"]  # as in the ball list
    assert [table.item(r, 0).text().split("\n")[0] for r in range(6)] == [
        "A (-3.78, -3.28)", "B (-2.81, 3.13)", "C (3.00, 2.00)", "D (3.58, -1.85)", "diverged", "not converged"]
    assert table.item(0, 0).text().split("\n")[1].startswith("f = ")
    for column in range(1, 4):
        percents = [float(table.item(r, column).text().rstrip("%")) for r in range(6)]
        assert sum(percents) == pytest.approx(100.0, abs=0.3)
    # The selected ball's map is drawn: the basin colour shows under the contour lines.
    assert view.basin_layer.shown and view.basin_layer.recipe_index == controller.selected_index == 0
    alpha = BASIN_ALPHA / 255
    basin = basin_color(view.basin_layer.palette_index[0]).getRgb()[:3]
    expected = (1 - alpha) * np.array(before) + alpha * np.array(basin)
    after = pixel(view, inside_a_basin)
    assert color_distance(after, expected) < 8 and color_distance(after, before) > 15
    panel.show_map.setChecked(False)
    assert not view.basin_layer.image.isVisible()
    assert color_distance(pixel(view, inside_a_basin), before) < 3
    panel.show_map.setChecked(True)
    assert "4 minima" in panel.message.text()


def test_the_map_follows_the_selected_ball(basins, qtbot):
    controller, view, panel = basins
    run_to_the_end(qtbot, panel, grid=30)
    controller.select_ball(2)
    assert panel.map_of.currentIndex() == 2 and view.basin_layer.recipe_index == 2
    panel.map_of.setCurrentIndex(1)
    assert view.basin_layer.recipe_index == 1


def test_the_window_keeps_answering_while_a_run_goes_on_and_cancel_stops_it(basins, qtbot):
    controller, view, panel = basins
    answered = []  # what the window showed when the GUI thread got to an event posted after Run
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)  # 3 balls × 40,000 starts × 500 steps
    QTimer.singleShot(0, lambda: answered.append((panel.running, panel.progress.value())))
    assert panel.running and panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    qtbot.waitUntil(lambda: bool(answered) and panel.progress.value() > answered[0][1], timeout=20_000)
    assert answered[0][0] and panel.running and panel.result is None  # events and progress handled during the run
    job = panel.job
    with qtbot.waitSignal(job.sigCancelled, timeout=5_000):  # it stops at its next few steps
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        assert not panel.running and panel.run_button.isEnabled() and panel.progress.value() == 0
    assert panel.result is None and panel.table.rowCount() == 0 and not view.basin_layer.shown
    assert "Cancelled" in panel.message.text()


def test_a_run_made_stale_by_a_change_of_the_balls_is_dropped(basins, qtbot):
    controller, view, panel = basins
    assert panel.run()
    controller.set_start((1.0, 1.0))  # a map covers every start: the run goes on
    assert panel.running
    job = panel.job
    with qtbot.waitSignal(job.sigFinished, timeout=5_000):
        controller.set_ball_param(0, "lr", 0.005)
        assert not panel.running
    assert "changed" in panel.message.text()
    assert panel.result is None and not view.basin_layer.shown and panel.table.rowCount() == 0


def test_a_result_on_its_way_when_the_landscape_changes_never_shows(basins, qtbot):
    """The job has finished on its thread, its result is queued to the GUI thread, and then the landscape
    changes: the old map must not appear over the new landscape."""
    controller, view, panel = basins
    panel.grid.setValue(10)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    job = panel.job
    job.sigResult.connect(lambda result: pytest.fail("a cancelled job delivered its result"))
    panel._jobs.wait()  # its work is done; its result waits in the GUI thread's queue
    with qtbot.waitSignal(job.sigCancelled):
        controller.set_preset("rastrigin")
    assert panel.result is None and view.basin_layer.basin_map is None and panel.table.rowCount() == 0
    assert "landscape changed" in panel.message.text() and panel.run_button.isEnabled()


def test_a_new_landscape_clears_the_map_and_the_table(basins, qtbot):
    controller, view, panel = basins
    run_to_the_end(qtbot, panel, grid=20)
    controller.set_preset("bowl")
    assert view.basin_layer.basin_map is None and panel.table.rowCount() == 0 and panel.map_of.count() == 0
    run_to_the_end(qtbot, panel, grid=20)
    assert np.allclose(panel.result.minima, [[0.0, 0.0]], atol=1e-6)


def test_problems_are_messages_not_exceptions(basins, qtbot, monkeypatch):
    controller, view, panel = basins

    def broken(*args, **kwargs):
        raise ValueError("a ball follows the user's gradient, but none was given")

    monkeypatch.setattr("gdsim.qt.analysis.basin_panel.basin_map", broken)
    assert panel.run()
    qtbot.waitUntil(lambda: not panel.running, timeout=5_000)
    assert "could not be mapped" in panel.message.text() and "user's gradient" in panel.message.text()
    assert panel.result is None and panel.run_button.isEnabled()
