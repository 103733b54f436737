"""Minibatch SGD in the window: L3's stage of full batch beside B = 10, reached from the Lessons menu, shows two
paths that differ and the loss plot's epochs; the selected ball's Batch size box sets a ball's batch."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdsim.qt import style

pytestmark = pytest.mark.usefixtures("qapp")


def open_minibatch_stage(window):
    window.actions["lesson:fitting"].trigger()
    for _ in range(5):
        window.actions["next_stage"].trigger()
    QApplication.processEvents()


def colour_pixels(widget, color: str) -> np.ndarray:
    """Where `widget` shows `color` (to a small tolerance), as a mask of its pixels."""
    image = widget.grab().toImage().convertToFormat(widget.grab().toImage().Format.Format_RGB32)
    array = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    wanted = style.ball_color(style.BALL_COLORS.index(color))
    rgb = array[:, :image.width(), 2::-1].astype(int)  # BGRA → RGB
    return np.all(np.abs(rgb - (wanted.red(), wanted.green(), wanted.blue())) <= 12, axis=2)


def test_the_minibatch_stage_shows_a_full_batch_path_and_a_noisy_one(window, qtbot):
    window.resize(1280, 800)
    window.show()
    open_minibatch_stage(window)
    controller = window.controller
    assert "stage 6 of 6" in window.lesson_bar.stage_label.text() and "B = 10" in window.lesson_bar.stage_label.text()
    labels = [ball.label for ball in controller.setup.balls]
    assert labels == ["SGD η=0.7", "SGD η=0.7 B=10"]
    window.actions["run_to_stage_end"].trigger()
    qtbot.waitUntil(lambda: not controller.playing, timeout=10000)
    QApplication.processEvents()
    snapshot = controller.snapshot()
    assert snapshot.step == 100
    full, small = snapshot.history_positions[:, 0], snapshot.history_positions[:, 1]
    assert np.array_equal(full[0], small[0]) and not np.allclose(full[1:], small[1:])
    # Both paths are on the map, each in its ball's colour.
    contour = window.contour_view
    for color in style.BALL_COLORS[:2]:
        assert colour_pixels(contour, color).sum() > 200, color
    # The loss plot counts the B = 10 ball's epochs above its steps: ten of them in 100 steps.
    plot = window.loss_plot
    axis = plot.plot.getPlotItem().getAxis("top")
    assert axis.isVisible()
    values = axis.tickValues(0, 100, 1000)[0][1]
    assert values == [10.0 * k for k in range(1, 11)]
    assert axis.tickStrings(values, 1, 10) == ["epoch 1", *map(str, range(2, 11))]
    # Step Back replays the same batches: step 63 is the fresh run's step 63, bit for bit.
    for _ in range(37):
        window.actions["step_back"].trigger()
    fresh = window.lessons.lesson.stages[5].simulation()
    fresh.advance(63)
    assert controller.step_count == 63
    assert np.array_equal(controller.snapshot().positions, fresh.positions)


def test_the_batch_size_box_gives_a_ball_minibatches_and_back(window, qtbot):
    window.resize(1280, 800)
    window.show()
    window.actions["lesson:fitting"].trigger()
    QApplication.processEvents()
    epoch_axis = window.loss_plot.plot.getPlotItem().getAxis("top")
    assert not epoch_axis.isVisible()  # a full-batch fit counts its epochs in steps
    box = window.control_panel.balls.editor.batch
    assert box.isVisible() and box.text() == "all points" and box.maximum() == 100
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "25")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    controller = window.controller
    assert controller.setup.balls[0].batch == 25
    assert "B=25" in window.control_panel.balls.list.item(0).text()
    controller.advance(8)
    assert epoch_axis.isVisible() and epoch_axis.tickValues(0, 8, 600) == [(4, [4.0, 8.0])]  # 100 / 25 steps an epoch
    box.setValue(0)  # the arrow down to "all points"
    assert controller.setup.balls[0].batch is None


def test_the_batch_size_box_is_hidden_off_a_fit(window):
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    assert not window.control_panel.balls.editor.batch.isVisible()
