"""A teacher types the function from their slide; the gradient checker catches a wrong derivation.

The control panel with a controller (and the contour map where a test looks at it); the whole window only
for what it alone shows: which view takes the landscape's place, and every view drawn at once."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdsim.model.balls import GradientSource
from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.panels.gradient_checker import GradientChecker
from gdsim.qt.views.contour_view import ContourView
from tests.qt.conftest import type_into


@pytest.fixture
def panel_and_map(controller, view_state, show_views):
    """The control panel beside the contour map, as in the window."""
    panel, view = ControlPanel(controller, view_state), ContourView(controller, view_state)
    show_views(controller, panel, view, size=(900, 760))
    return panel, view


def test_typed_function_becomes_the_landscape_with_its_exact_gradient(panel_and_map, controller, qtbot):
    control_panel, view = panel_and_map
    for index in range(3):
        controller.set_ball_param(index, "lr", 1e-4)  # the balls are kept: make them fit the valley
    type_into(qtbot, control_panel.expression, "(1-x)^2 + 100(y-x^2)^2")
    assert [b.params["lr"] for b in controller.setup.balls] == [1e-4] * 3
    landscape = controller.setup.landscape
    assert landscape.source == "(1-x)^2 + 100(y-x^2)^2" and landscape.dim == 2
    assert control_panel.landscape.currentData() == "expression"
    assert control_panel.gradient_formula.text().startswith("∇f = (")
    np.testing.assert_allclose(landscape.gradient((0.5, 0.5)), [[-51.0, 50.0]])
    assert view.contours.xData.size > 100
    minima = [p for p in controller.run_info().critical_points if p.kind == "minimum"]
    np.testing.assert_allclose(minima[0].point, (1.0, 1.0), atol=1e-6)
    controller.advance(10)
    assert controller.snapshot().step == 10


def test_a_typo_is_pointed_at_and_the_landscape_stays(control_panel, controller, qtbot):
    before = controller.setup, controller.snapshot()
    type_into(qtbot, control_panel.expression, "x^2 + z")
    error = control_panel.expression_error
    assert error.isVisible()
    assert error.text() == "unknown name 'z' at column 7; variables are x and y"
    assert controller.setup is before[0] and controller.snapshot().step == before[1].step
    assert controller.setup.preset_name == "momentum-demo"


def test_a_function_of_x_alone_is_drawn_as_a_curve(window, qtbot):
    type_into(qtbot, window.control_panel.expression, "0.01*x^2 + 0.1*x")
    assert window.landscape_stack.currentWidget() is window.curve_view
    assert window.controller.setup.landscape.dim == 1
    assert window.control_panel.gradient_formula.text().startswith("f′(x) = ")
    np.testing.assert_allclose(window.controller.setup.landscape.gradient([[5.0], [10.0]])[:, 0], [0.2, 0.3])


def test_gradient_checker_names_the_wrong_component(control_panel, qtbot):
    type_into(qtbot, control_panel.expression, "x^2 + y^2")
    checker = control_panel.gradient_checker
    checker.inputs[0].setText("2x")
    checker.inputs[1].setText("y")
    assert not checker.check()
    text = checker.result.text()
    assert "∂f/∂x is right" in text and "∂f/∂y is wrong" in text
    checker.inputs[1].setText("2y")
    assert checker.check()


def test_run_with_my_gradient_puts_a_ball_on_it_beside_the_exact_one(control_panel, controller, qtbot):
    type_into(qtbot, control_panel.expression, "x^2 + y^2")
    checker = control_panel.gradient_checker
    checker.inputs[0].setText("2x")
    checker.inputs[1].setText("y")  # the bug: half the true ∂f/∂y
    checker.run_button.click()
    setup = controller.setup
    followers = [b for b in setup.balls if b.gradient == GradientSource.USER]
    assert len(followers) == 1 and followers[0].label.endswith("(your ∇f)")
    exact_twin = setup.balls[setup.balls.index(followers[0]) - 1]
    assert exact_twin.params == followers[0].params and exact_twin.gradient == GradientSource.EXACT
    controller.advance(5)
    snapshot = controller.snapshot()
    indices = setup.placed_from
    mine, exact = indices.index(setup.balls.index(followers[0])), indices.index(setup.balls.index(exact_twin))
    assert snapshot.positions[mine, 0] == snapshot.positions[exact, 0]  # ∂f/∂x was right
    assert snapshot.positions[mine, 1] != snapshot.positions[exact, 1]  # ∂f/∂y was not


def test_a_bad_gradient_text_is_reported_not_run(control_panel, controller):
    checker = control_panel.gradient_checker
    checker.inputs[0].setText("2x +")
    checker.inputs[1].setText("2y")
    balls = controller.setup.balls
    checker.run_button.click()
    assert controller.setup.balls == balls
    assert "column" in checker.result.text()


def test_the_view_box_can_be_set_and_a_bad_one_is_refused(panel_and_map, controller):
    control_panel, view = panel_and_map
    edits = control_panel.view_box

    def shown() -> list[float]:
        (x0, x1), (y0, y1) = view.getPlotItem().vb.viewRange()  # 1:1: more of one axis than the box
        return [x0, x1, y0, y1]

    # The fields say what the map shows: the box (-3, 3) × (-6, 7), widened by the 1:1 lock.
    assert [float(e.text()) for e in edits] == pytest.approx(shown(), rel=5e-3)
    before = [float(e.text()) for e in edits]
    edits[1].setText("4")
    edits[1].editingFinished.emit()
    assert controller.setup.landscape.view_box == ((before[0], 4.0), (before[2], before[3]))
    x0, x1, y0, y1 = shown()
    assert x0 <= before[0] and x1 >= 4.0 and y0 <= before[2] and y1 >= before[3]
    assert [float(e.text()) for e in edits] == pytest.approx(shown(), rel=5e-3)
    assert controller.setup.preset_name == "momentum-demo"
    box, texts = controller.setup.landscape.view_box, [e.text() for e in edits]
    edits[0].setText("9")  # above "x to": refused, and what the map shows comes back
    edits[0].editingFinished.emit()
    assert controller.setup.landscape.view_box == box
    assert [e.text() for e in edits] == texts


def test_functions_that_overflow_or_are_undefined_draw_without_a_crash(window, qtbot):
    for text in ("exp(x^4 + y^4)", "1/(x^2 + y^2)", "log(x) + y^2", "sqrt(x) + y", "x^64 + y^64"):
        type_into(qtbot, window.control_panel.expression, text)
        assert window.controller.setup.landscape.source == text
        window.controller.advance(20)
        window.grab()


def type_gradient(checker, qtbot, *components):
    for edit, text in zip(checker.inputs, components, strict=False):
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_check_my_gradient_forgets_the_gradient_of_the_previous_landscape(control_panel, qtbot):
    checker = control_panel.gradient_checker
    control_panel.tabs.setCurrentWidget(checker)
    type_into(qtbot, control_panel.expression, "x^2 + y^2")
    type_gradient(checker, qtbot, "2x", "2y")
    qtbot.mouseClick(checker.check_button, Qt.MouseButton.LeftButton)
    assert "∂f/∂y is right" in checker.result.text()

    combo = control_panel.landscape
    combo.setCurrentIndex(combo.findData("rosenbrock"))  # a preset: the typed gradient was for x² + y²
    assert [edit.text() for edit in checker.inputs] == ["", ""]
    assert checker.result.text() == ""
    qtbot.mouseClick(checker.check_button, Qt.MouseButton.LeftButton)
    assert "is right" not in checker.result.text() and "is wrong" not in checker.result.text()

    type_into(qtbot, control_panel.expression, "x^2 + y^2")
    type_gradient(checker, qtbot, "2x", "2y")
    type_into(qtbot, control_panel.expression, "x^4 + y^2")  # another typed function
    assert [edit.text() for edit in checker.inputs] == ["", ""]
    assert checker.result.text() == ""


def test_check_my_gradient_keeps_what_was_typed_when_only_the_view_box_changes(control_panel, controller, qtbot):
    checker = control_panel.gradient_checker
    type_into(qtbot, control_panel.expression, "x^2 + y^2")
    type_gradient(checker, qtbot, "2x", "2y")
    edit = control_panel.view_box[1]
    edit.clear()
    qtbot.keyClicks(edit, "4")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert controller.setup.landscape.view_box[0][1] == 4.0
    assert [e.text() for e in checker.inputs] == ["2x", "2y"]


def test_run_with_my_gradient_copies_the_selected_ball(controller, qtbot):
    checker = GradientChecker(controller)  # alone: it needs no other view to know the selected ball
    qtbot.addWidget(checker)
    controller.set_expression("x^2 + y^2")
    controller.select_ball(2)
    type_gradient(checker, qtbot, "2x", "2y")
    qtbot.mouseClick(checker.run_button, Qt.MouseButton.LeftButton)
    balls = controller.setup.balls
    assert len(balls) == 4
    assert balls[3].gradient == GradientSource.USER
    assert (balls[3].optimizer, balls[3].params) == (balls[2].optimizer, balls[2].params)
