"""Moving through lessons, as a teacher does: PageDown past a lesson's last stage into the next lesson,
the stage list in the Lessons menu and under the stage label, Run to End of Stage (the End key), and
Leave Lesson (Esc) from every lesson back to the setup from before it, with nothing of the lesson left."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdsim.qt import language
from tests.qt.conftest import activate, wheel

LESSON_IDS = ["learning-rate", "gradient", "fitting", "momentum", "one-weight"]


def lessons_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if window.actions["leave_lesson"] in a.menu().actions())


def press(window, qtbot, key) -> None:
    activate(window, qtbot)
    qtbot.keyClick(window.landscape_stack.currentWidget(), key)


def test_page_down_on_the_last_stage_of_momentum_opens_the_next_lesson(window, qtbot):
    window.open_lesson("momentum", 7)  # the last of 8 stages
    strip = window.lesson_bar
    assert strip.next_lesson_button.isVisible() and not strip.next_button.isVisible()
    assert strip.next_lesson_button.isEnabled()
    window.controller.advance(window.controller.stage_steps)
    window.actions["play_pause"].trigger()  # at the stage's end Play only says what comes next
    assert window.statusBar().currentMessage() == "End of this lesson: PageDown for the next lesson"

    press(window, qtbot, Qt.Key.Key_PageDown)
    assert window.controller.lesson.lesson.id == "one-weight" and window.lessons.index == 0
    assert strip.title.text().startswith("L5") and "stage 1 of 2" in strip.stage_label.text()
    assert strip.next_button.isVisible() and not strip.next_lesson_button.isVisible()
    assert window.caption_bar.isVisible() and window.caption_bar.text() == window.lessons.caption()

    window.actions["next_stage"].trigger()  # the last stage of the last lesson: nowhere to go, and it says so
    assert strip.next_lesson_button.isVisible() and not strip.next_lesson_button.isEnabled()
    assert "Next Lesson" in [action.text() for action in lessons_menu(window).actions()]
    window.controller.advance(window.controller.stage_steps)
    window.actions["play_pause"].trigger()
    assert window.statusBar().currentMessage() == "End of the last lesson: Esc leaves the lessons"
    press(window, qtbot, Qt.Key.Key_PageDown)
    assert window.controller.lesson.lesson.id == "one-weight" and window.lessons.index == 1
    assert window.statusBar().currentMessage() == "This is the last lesson: Esc leaves the lessons"


def test_a_middle_stage_still_points_to_the_next_stage(window, qtbot):
    window.open_lesson("learning-rate", 2)
    window.controller.advance(5)
    window.actions["play_pause"].trigger()
    assert window.statusBar().currentMessage() == "End of this stage: PageDown for the next"
    press(window, qtbot, Qt.Key.Key_PageDown)
    assert window.controller.lesson.lesson.id == "learning-rate" and window.lessons.index == 3


def test_the_stage_menu_and_the_stage_label_open_a_chosen_stage(window, qtbot, in_language):
    window.open_lesson("learning-rate", 0)
    stages = window.navigation.stage_menu
    assert stages.menuAction() in lessons_menu(window).actions() and stages.menuAction().isEnabled()
    listed = stages.actions()
    assert len(listed) == 11 and [a.isChecked() for a in listed] == [True] + [False] * 10
    stage_7 = window.lessons.lesson.stages[6].title[in_language]
    assert listed[6].text() == f"7. {stage_7}"

    listed[6].trigger()
    assert window.lessons.index == 6
    label = window.lesson_bar.stage_label.text()
    assert stage_7 in label and ("stage 7 of 11" in label if in_language == "en" else "11단계 중 7단계" in label)
    assert window.caption_bar.text() == window.lessons.caption() != ""
    assert [a.isChecked() for a in stages.actions()].index(True) == 6

    qtbot.mouseClick(window.lesson_bar.stage_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(stages.isVisible, timeout=2000)  # the same list, under the label
    stages.actions()[2].trigger()
    stages.close()
    assert window.lessons.index == 2 and ("stage 3 of 11" in window.lesson_bar.stage_label.text()
                                          if in_language == "en" else True)
    window.actions["leave_lesson"].trigger()
    assert not stages.menuAction().isEnabled() and stages.actions() == []


def test_run_to_end_of_stage_stops_exactly_at_the_stage_end(window, qtbot):
    run_to_end = window.actions["run_to_stage_end"]
    assert not run_to_end.isEnabled()  # not in a lesson
    assert run_to_end in next(a.menu() for a in window.menuBar().actions() if a.text() == "&Run").actions()
    window.open_lesson("learning-rate", 2)  # η = 0.1, 5 steps
    assert run_to_end.isEnabled()
    run_to_end.trigger()
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=5000)
    assert window.controller.step_count == 5 and "after 5 steps" in window.caption_bar.text()
    assert not run_to_end.isEnabled()
    run_to_end.trigger()  # a second time, and Play: the stage has ended
    window.actions["play_pause"].trigger()
    assert not window.controller.playing and window.controller.step_count == 5


def test_the_end_key_plays_a_500_step_stage_to_its_end_in_a_few_seconds(window, qtbot):
    window.open_lesson("learning-rate", 4)  # η = 0.01, 500 steps: 17 s at the 30 steps per second set
    assert window.controller.steps_per_second == 30
    press(window, qtbot, Qt.Key.Key_End)
    assert window.controller.playing
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=8000)
    assert window.controller.step_count == 500 and "after 500 steps" in window.caption_bar.text()
    assert window.playback_bar.step_label.text().strip() == "Step 500"
    steps = [item.getData()[0] for item in window.loss_plot.plot.getPlotItem().listDataItems()]
    assert max(float(np.nanmax(x)) for x in steps if len(x)) == 500  # the loss plot shows the final step
    assert window.controller.steps_per_second == 30  # the set speed is kept for the next Play
    press(window, qtbot, Qt.Key.Key_End)
    assert not window.controller.playing and window.controller.step_count == 500


def choose_landscape(window, name: str) -> None:
    combo = window.control_panel.landscape
    combo.setCurrentIndex(combo.findData(name))


def contour_points_in_view(window) -> int:
    """How much of the level lines the map shows: their points within the map range."""
    (x0, x1), (y0, y1) = window.view_state.map_range
    x, y = window.contour_view.contours.xData, window.contour_view.contours.yData
    return int(np.sum((x > x0) & (x < x1) & (y > y0) & (y < y1)))


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_leave_lesson_from_a_middle_stage_brings_back_the_setup_from_before(window, qtbot, lesson_id):
    choose_landscape(window, "himmelblau")
    window.controller.set_start((1.5, -2.0))
    wheel(window.contour_view, 1)  # zoomed in a little on one's own landscape
    QApplication.processEvents()
    own, title, lines = window.controller.setup, window.windowTitle(), contour_points_in_view(window)
    zoomed = window.view_state.map_range
    assert zoomed[0][1] - zoomed[0][0] < 9.5
    stages = len(window.lessons.find(lesson_id).stages)
    window.open_lesson(lesson_id, stages // 2)
    for _ in range(3):
        window.actions["step"].trigger()
    assert window.lesson_bar.isVisible() and window.controller.step_count == 3

    press(window, qtbot, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert window.controller.setup == own and window.controller.step_count == 0
    assert window.controller.lesson is None and window.windowTitle() == title
    assert not window.lesson_bar.isVisible() and not window.caption_bar.isVisible()
    assert window.caption_bar.text() == ""
    assert not window.data_panel.isVisible() and window.surface_view.isVisible()
    assert window.landscape_stack.currentWidget() is window.contour_view
    assert window.control_panel.landscape.currentData() == "himmelblau"
    assert not window.view_state.follow_balls and window.view_state.aspect_locked
    # As zoomed before, not the lesson's box (within the width a lesson's longer tick labels keep: pyqtgraph
    # shrinks an axis only when its labels are 10 px narrower).
    assert np.allclose(window.view_state.map_range, zoomed, rtol=0.02)
    assert contour_points_in_view(window) >= 0.8 * lines  # its level lines, sampled for this map, not the lesson's
    assert not window.actions["leave_lesson"].isEnabled() and not window.actions["run_to_stage_end"].isEnabled()

    window.actions["undo"].trigger()  # Undo takes the leaving back: the stage as it was set up
    assert window.controller.lesson is not None and window.lessons.index == stages // 2
    assert window.lesson_bar.isVisible()
    window.actions["redo"].trigger()
    assert window.controller.setup == own and not window.lesson_bar.isVisible()


def test_the_new_actions_are_in_the_shortcuts_box_in_korean(window, korean):
    from gdsim.qt.window_menus import shortcut_table

    rows = dict((text, keys) for keys, text in shortcut_table(window.actions))
    assert language.current_language() == "ko"
    assert window.actions["run_to_stage_end"].text() in rows and rows[window.actions["run_to_stage_end"].text()] == "End"
    assert window.actions["run_to_stage_end"].text() != "Run to End of Stage"
