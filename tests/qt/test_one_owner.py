"""One owner for what is on screen: leaving a lesson, colours that belong to the ball, undo and redo.

Each test does what a teacher does (the lesson menu, the landscape box, the keys, Save and Open Setup)
and checks what the window then shows.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdsim.model.balls import GradientSource
from tests.qt.conftest import activate, type_into


def choose_landscape(window, name: str) -> None:
    combo = window.control_panel.landscape
    combo.setCurrentIndex(combo.findData(name))


def shown_colors(window) -> list[int]:
    return [ball.color for ball in window.controller.setup.balls]


def test_a_landscape_chosen_after_a_lesson_leaves_no_trace_of_it(window):
    window.actions["lesson:one-weight"].trigger()
    window.controller.advance(3)
    assert window.lesson_bar.isVisible() and window.caption_bar.isVisible()
    choose_landscape(window, "bowl")
    QApplication.processEvents()
    assert not window.lesson_bar.isVisible()
    assert not window.caption_bar.isVisible() and window.caption_bar.text() == ""
    assert window.controller.lesson is None and window.controller.stage_steps is None
    assert "L5" not in window.windowTitle()
    colors = shown_colors(window)
    assert len(set(colors)) == len(colors), "two balls share a colour"


def test_a_preset_chosen_after_a_typed_function_empties_the_function_box(window, qtbot):
    type_into(qtbot, window.control_panel.expression, "x^2 + 3*y^2")
    assert window.controller.setup.landscape.source
    choose_landscape(window, "rosenbrock")
    assert window.control_panel.expression.text() == ""


def test_esc_and_the_lessons_menu_leave_a_lesson_for_the_setup_before_it(window, qtbot):
    choose_landscape(window, "himmelblau")
    window.controller.set_start((1.5, -2.0))
    own = window.controller.setup
    window.actions["lesson:momentum"].trigger()
    assert window.controller.lesson is not None and window.actions["leave_lesson"].isEnabled()
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.controller.setup == own
    assert not window.lesson_bar.isVisible() and not window.caption_bar.isVisible()
    assert not window.actions["leave_lesson"].isEnabled()
    window.actions["lesson:learning-rate"].trigger()
    window.actions["next_stage"].trigger()  # stages within the lesson: still the same setup to return to
    lesson_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "Lesson" in a.text())
    assert window.actions["leave_lesson"] in lesson_menu.actions()
    window.actions["leave_lesson"].trigger()
    assert window.controller.setup == own


def test_a_ball_keeps_its_colour_through_a_switch_a_removal_and_save_and_open(window, tmp_path):
    window.actions["lesson:one-weight"].trigger()
    choose_landscape(window, "bowl")
    before = shown_colors(window)
    assert len(set(before)) == len(before)
    window.controller.remove_ball(0)
    assert shown_colors(window) == before[1:]
    path = tmp_path / "mine.toml"
    assert window.exports.save_setup_file(path)
    choose_landscape(window, "rosenbrock")
    assert window.exports.open_setup_file(path)
    assert shown_colors(window) == before[1:]


def test_a_ball_following_your_gradient_stays_so_when_the_function_is_entered_again(window, qtbot, tmp_path):
    panel = window.control_panel
    type_into(qtbot, panel.expression, "x^4 - 2*x^2")
    checker = panel.gradient_checker
    panel.tabs.setCurrentWidget(checker)
    type_into(qtbot, checker.inputs[0], "4*x^3 - 4*x")
    checker.run_button.click()
    followers = [b for b in window.controller.setup.balls if b.gradient is GradientSource.USER]
    assert len(followers) == 1
    type_into(qtbot, panel.expression, "x^4 - 2*x^2")  # Enter again, as a student does
    assert [b for b in window.controller.setup.balls if b.gradient is GradientSource.USER] == followers
    assert followers[0].label.endswith("(your ∇f)")
    path = tmp_path / "user.toml"
    assert window.exports.save_setup_file(path)
    assert 'gradient = "user"' in path.read_text()


def test_undo_and_redo_from_the_keys_and_the_edit_menu_walk_the_setups(window, qtbot):
    controller = window.controller
    assert not window.actions["undo"].isEnabled()
    controller.add_ball("adam")
    controller.set_ball_param(0, "lr", 0.0123)
    tuned = controller.setup
    choose_landscape(window, "rosenbrock")
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    assert controller.setup.preset_name == "rosenbrock"
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert controller.setup == tuned  # the Adam ball and the η are back
    assert window.control_panel.landscape.currentData() == "momentum-demo"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert controller.setup.preset_name == "rosenbrock"
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and a.text() == "&Edit")
    assert [a.text() for a in edit_menu.actions()] == ["Undo", "Redo", "", "Settings Changed Mid-Run"]
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    assert len(controller.setup.balls) == 3 and not window.actions["undo"].isEnabled()
    assert window.actions["redo"].isEnabled()


def test_undo_takes_back_opening_a_lesson(window):
    own = window.controller.setup
    window.actions["lesson:gradient"].trigger()
    window.actions["undo"].trigger()
    assert window.controller.setup == own and not window.lesson_bar.isVisible()


def test_undo_keeps_fewer_edits_when_they_hold_thousands_of_random_starts(controller, qtbot):
    """Undo kept 200 setups whatever their size: 200 clicks of Random starts with 5,000 starts held
    240 MB of start tuples. Now what it keeps back stays under 100,000 starts and balls."""
    from gdsim.qt.panels.ball_list import BallList

    balls = BallList(controller)
    qtbot.addWidget(balls)
    balls.show()
    controller.publish()
    balls.restart_count.setValue(5000)
    shown = []
    for seed in range(30):
        balls.restart_seed.setValue(seed)
        balls.restart_button.click()
        shown.append(controller.setup.starts)
    undone = 0
    while controller.can_undo:
        controller.undo()
        undone += 1
        if undone == 1:
            assert controller.setup.starts == shown[-2]  # the last edit is undone exactly
    assert 10 <= undone <= 20
    assert controller.setup.starts == shown[-1 - undone]


def test_edits_that_share_their_random_starts_count_them_once_for_undo(controller):
    controller.set_random_starts(5000, 1)
    # 40 setups of 5,000 starts each would weigh 200,000, twice what undo keeps: shared, they weigh 5,000.
    for step in range(40):
        controller.set_ball_param(0, "lr", 0.001 * (step + 1))
    undone = 0
    while controller.can_undo:
        controller.undo()
        undone += 1
    assert undone == 41  # every η edit, and the random starts
