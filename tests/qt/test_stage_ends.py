"""A lesson stage's step count is where it ends: Play stops there and, pressed again, only says so.

Step and edits still explore past the end. The whole window: the Play action, the Space key and the
status bar where the end is said."""

from PySide6.QtCore import Qt

from tests.qt.conftest import activate

END_NOTICE = "End of this stage: PageDown for the next"


def test_a_still_stage_does_not_play_and_says_it_has_ended(window, qtbot):
    window.open_lesson("gradient", 1)  # "…and at x = 10": no steps
    caption = window.caption_bar.text()
    window.actions["play_pause"].trigger()
    assert not window.controller.playing and window.controller.step_count == 0
    assert window.actions["play_pause"].text() == "Play"
    assert window.statusBar().currentMessage() == END_NOTICE
    assert window.caption_bar.text() == caption and "0.3000" in caption  # f′(10), quoted at step 0


def test_play_stops_at_the_stage_end_and_a_second_play_does_not_pass_it(window, qtbot):
    window.open_lesson("learning-rate", 2)  # η = 0.1, 5 steps
    activate(window, qtbot)
    window.controller.set_steps_per_second(200)
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Space)
    assert window.controller.playing
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=5000)
    assert window.controller.step_count == 5 and "after 5 steps" in window.caption_bar.text()
    assert window.statusBar().currentMessage() == END_NOTICE  # said the moment the run stops there

    window.statusBar().clearMessage()
    window.actions["play_pause"].trigger()  # a second Play: the stage has ended
    assert not window.controller.playing and window.controller.step_count == 5
    assert window.statusBar().currentMessage() == END_NOTICE
    qtbot.keyClick(window.contour_view, Qt.Key.Key_Space)
    assert not window.controller.playing and window.controller.step_count == 5

    qtbot.keyClick(window.contour_view, Qt.Key.Key_Right)  # Step still explores past the end
    assert window.controller.step_count == 6 and "after 6 steps" in window.caption_bar.text()
    window.actions["play_pause"].trigger()
    assert not window.controller.playing and window.controller.step_count == 6

    window.controller.set_start((3.0,))  # as dragging the start does: the stage's run starts again
    assert window.controller.step_count == 0
    window.actions["play_pause"].trigger()
    assert window.controller.playing
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=5000)
    assert window.controller.step_count == 5
