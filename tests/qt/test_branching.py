"""Branching as a user does it: step to k, change η in the control panel, answer the question; the ball
goes on from its exact state at k, the unbranched path stays as a ghost, and Undo takes the branch back."""

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton

from gdsim.model.optimizers import _factor
from gdsim.model.simulation import Simulation
from gdsim.qt.branch_question import QUESTION

from .test_timeline import balls_on_map, show_tab, table_cells

K, FURTHEST, AFTER, NEW_LR = 25, 30, 10, 0.05


def answer(qtbot, button: str, remember: bool = False) -> list[str]:
    """Answers the question when it comes, as a user would (clicking); returns the questions seen."""
    seen = []

    def click():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != QUESTION:
            return
        seen.append(box.text())
        if remember:
            qtbot.mouseClick(box.findChild(QCheckBox, "rememberChoice"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(box.findChild(QPushButton, button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)
    return seen


def step_to_k(window):
    """Step to FURTHEST, then back to K: the run has been further than the step shown."""
    for _ in range(FURTHEST):
        window.actions["step"].trigger()
    for _ in range(FURTHEST - K):
        window.actions["step_back"].trigger()
    assert window.controller.step_count == K


def type_learning_rate(window, qtbot, text: str):
    balls = window.control_panel.balls
    balls.select(0)
    spin = balls.editor.learning_rate.spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def unbranched(setup, steps: int) -> Simulation:
    simulation = Simulation(setup.landscape, setup.placed_balls())
    simulation.advance(steps)
    return simulation


def engine_with_lr(setup, ball: int, lr: float, steps_before: int, steps_after: int) -> Simulation:
    """The engine's own branch: advance, change ball's η in its optimizer keeping its state, advance."""
    simulation = unbranched(setup, steps_before)
    for index, optimizer, _ in simulation._groups:
        if ball in index:
            column = optimizer.params["lr"].copy()
            column[list(index).index(ball)] = lr
            optimizer.params["lr"], optimizer._factors["lr"] = column, _factor(column)
    simulation.advance(steps_after)
    return simulation


def test_branch_from_step_k_goes_on_exactly_with_the_ghost_the_unbranched_path(window, qtbot):
    controller = window.controller
    before = controller.setup
    show_tab(window, "comparison")
    step_to_k(window)
    seen = answer(qtbot, "branchButton")
    type_learning_rate(window, qtbot, str(NEW_LR))
    assert seen == [f"Restart from the start, or branch from step {K}?"]
    assert controller.setup.balls[0].params["lr"] == NEW_LR
    assert controller.step_count == K and controller.first_step == K
    np.testing.assert_array_equal(balls_on_map(window), unbranched(before, K).positions)
    for _ in range(AFTER):
        window.actions["step"].trigger()
    np.testing.assert_array_equal(balls_on_map(window), engine_with_lr(before, 0, NEW_LR, K, AFTER).positions)

    ghost, = controller.ghosts
    fresh = unbranched(before, K)
    for row in range(len(ghost.positions)):  # the ghost: the unbranched run's path of ball 0 from K
        np.testing.assert_array_equal(ghost.positions[row, 0], fresh.positions[0])
        fresh.advance(1)
    line, = window.contour_view.ghosts.lines
    np.testing.assert_array_equal(np.column_stack(line.getData()), ghost.positions[:, 0])
    assert line.opts["pen"].style() == Qt.PenStyle.DashLine
    label, = window.contour_view.ghosts.labels
    assert label.textItem.toPlainText() == f"ghost: f = {ghost.final_loss:.4g}".replace("-", "−")

    names = [cells[0] for cells in table_cells(window)]
    assert names[0].startswith("SGD\nη=0.05")
    assert names[1] == f"SGD\nη={before.balls[0].params['lr']:g}\n(before the change at step {K})"
    assert len(names) == 4

    window.actions["undo"].trigger()
    assert controller.setup == before and controller.step_count == K and controller.furthest_step == FURTHEST
    np.testing.assert_array_equal(balls_on_map(window), unbranched(before, K).positions)
    assert controller.ghosts == () and window.contour_view.ghosts.lines == []
    assert len(table_cells(window)) == 3
    window.actions["redo"].trigger()
    assert controller.step_count == K + AFTER and len(controller.ghosts) == 1
    np.testing.assert_array_equal(balls_on_map(window), engine_with_lr(before, 0, NEW_LR, K, AFTER).positions)


def test_restart_starts_the_run_again_from_step_0(window, qtbot):
    step_to_k(window)
    seen = answer(qtbot, "restartButton")
    type_learning_rate(window, qtbot, str(NEW_LR))
    assert len(seen) == 1
    assert window.controller.step_count == 0 and window.controller.ghosts == ()
    assert window.controller.setup.balls[0].params["lr"] == NEW_LR


def test_a_remembered_choice_is_not_asked_again_and_the_edit_menu_shows_it(window, qtbot):
    step_to_k(window)
    seen = answer(qtbot, "branchButton", remember=True)
    type_learning_rate(window, qtbot, "0.02")
    assert len(seen) == 1 and window.actions["branch_policy:branch"].isChecked()
    for _ in range(5):
        window.actions["step"].trigger()
    type_learning_rate(window, qtbot, "0.03")  # no question: a second branch at step K + 5
    assert window.controller.first_step == K + 5 and len(window.controller.ghosts) == 1
    window.actions["branch_policy:restart"].trigger()
    type_learning_rate(window, qtbot, "0.04")
    assert window.controller.step_count == 0


def test_a_lesson_stage_always_restarts_without_a_question(window, qtbot):
    window.lessons.open("learning-rate", 1)
    for _ in range(3):
        window.actions["step"].trigger()
    seen = answer(qtbot, "branchButton")
    type_learning_rate(window, qtbot, "0.02")
    qtbot.wait(0)
    assert seen == [] and window.controller.step_count == 0


def test_a_branch_s_events_are_its_own_from_step_k(window, qtbot):
    """The markers and Next/Previous Event of a branch come from the branch, not from the edited setup run
    again from step 0 (whose early steps the branch never took)."""
    from gdsim.model.events import EventRecorder

    controller = window.controller
    before = controller.setup
    step_to_k(window)
    answer(qtbot, "branchButton")
    type_learning_rate(window, qtbot, str(NEW_LR))
    for _ in range(AFTER):
        window.actions["step"].trigger()
    branch = engine_with_lr(before, 0, NEW_LR, K, 0)
    expected = EventRecorder(branch)
    expected.advance(AFTER)
    shown = controller.events_of(0)
    assert all(event.step >= K for event in shown)
    assert [(e.step, e.kind) for e in shown] == [(e.step, e.kind) for e in expected.events_of(0)]
