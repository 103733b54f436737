"""The η slider of the selected ball marks where its optimizer diverges at the minimum it heads for: a tick at
η_max with the values above it shaded, a line that says the bound with its formula, and why there is none for the
adaptive methods or where there is no minimum."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from gdsim.model.optimizers import OptimizerKind
from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.view_state import ViewState


@pytest.fixture
def bowl_panel(controller_for, show_views):
    controller = controller_for("bowl")
    panel = ControlPanel(controller, ViewState())
    show_views(controller, panel, size=(340, 760))
    return panel


def select_ball(qtbot, panel, index: int) -> None:
    """A click on the ball's entry in the list."""
    ball_list = panel.balls.list
    rect = ball_list.visualItemRect(ball_list.item(index))
    qtbot.mouseClick(ball_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.balls.editor.index == index


def choose_optimizer(panel, kind: OptimizerKind) -> None:
    combo = panel.balls.editor.optimizer
    combo.setCurrentIndex(combo.findData(str(kind)))


def type_lr(qtbot, panel, text: str) -> None:
    spin = panel.balls.editor.learning_rate.spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def handle_centre_x(slider) -> float:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderHandle, slider)
    return handle.left() + handle.width() / 2


def reddish(color) -> bool:
    return color.red() > color.green() + 25 and color.red() > color.blue() + 25


def test_sgd_on_the_bowl_shows_its_bound_as_a_tick_with_the_diverging_end_shaded(bowl_panel, qtbot):
    select_ball(qtbot, bowl_panel, 0)
    editor = bowl_panel.balls.editor
    assert editor.bound_line.text().splitlines()[0] == "diverges above η = 1.0 (2/λ₁, λ₁ = 2)"
    assert "best η = 0.5 (2/(λ₁ + λ₂))" in editor.bound_line.text()
    assert "λ₁ = 2, λ₂ = 2" in editor.bound_line.toolTip()
    slider = editor.learning_rate.slider
    tick = slider.bound_x()
    image = slider.grab().toImage()
    assert reddish(image.pixelColor(round(tick) + 6, 1))  # above the groove, right of the tick: shaded
    assert not reddish(image.pixelColor(round(tick) - 5, 1))
    assert slider.best_x() < tick
    type_lr(qtbot, bowl_panel, "1.0")  # the handle moves onto the tick: the tick is where η = 1.0 is
    assert bowl_panel._controller.setup.balls[0].params["lr"] == 1.0
    assert abs(handle_centre_x(slider) - tick) <= 1.0


def test_momentum_and_nesterov_say_their_bounds_and_polyaks_best(bowl_panel, qtbot):
    select_ball(qtbot, bowl_panel, 1)
    line = bowl_panel.balls.editor.bound_line
    assert line.text().splitlines() == ["diverges above η = 1.9 ((2 + 2ρ)/λ₁, λ₁ = 2, ρ = 0.9)",
                                        "Polyak's best: η = 0.5, ρ = 0, rate 0"]
    select_ball(qtbot, bowl_panel, 2)
    assert line.text() == "diverges above η = 0.679 (2(1 + ρ)/(λ₁(1 + 2ρ)), λ₁ = 2, ρ = 0.9)"
    slider = bowl_panel.balls.editor.learning_rate.slider
    assert slider.bound_x() is not None and slider.best_x() is None


def test_an_adaptive_optimizer_has_no_tick_and_the_line_says_why(bowl_panel, qtbot, in_language):
    select_ball(qtbot, bowl_panel, 0)
    choose_optimizer(bowl_panel, OptimizerKind.ADAM)
    editor = bowl_panel.balls.editor
    assert editor.learning_rate.slider.bound_x() is None
    line = editor.bound_line
    qtbot.waitUntil(lambda: line.height() >= line.heightForWidth(line.width()))  # every line of the reason shown
    assert line.visibleRegion().boundingRect().height() >= line.heightForWidth(line.width())
    text = line.text()
    if in_language == "en":
        assert text.startswith("No bound on η: Adam scales each step by a running size of the gradient")
    else:
        assert "Adam" in text and "η" in text and "scales" not in text
        assert any("\uac00" <= c <= "\ud7a3" for c in text)  # Hangul


def test_the_bound_line_reads_in_korean(bowl_panel, qtbot, korean):
    select_ball(qtbot, bowl_panel, 0)
    text = bowl_panel.balls.editor.bound_line.text()
    assert "η = 1.0" in text and "2/λ₁" in text and "diverges" not in text


def test_a_landscape_without_a_minimum_says_so(controller_for, show_views, qtbot):
    controller = controller_for("saddle")
    panel = ControlPanel(controller, ViewState())
    show_views(controller, panel, size=(340, 760))
    select_ball(qtbot, panel, 0)
    assert panel.balls.editor.learning_rate.slider.bound_x() is None
    assert panel.balls.editor.bound_line.text().startswith("No bound on η: no minimum of the landscape")


def test_the_tick_follows_the_ball_and_the_momentum(bowl_panel, qtbot):
    select_ball(qtbot, bowl_panel, 1)
    slider = bowl_panel.balls.editor.learning_rate.slider
    at_0_9 = slider.bound_x()
    spin = bowl_panel.balls.editor.param_inputs["momentum"]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "0.5")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert bowl_panel.balls.editor.bound_line.text().startswith("diverges above η = 1.5 ((2 + 2ρ)/λ₁")
    assert slider.bound_x() < at_0_9


def test_hovering_the_slider_tells_the_bound_and_where_the_curvature_was_taken(bowl_panel, qtbot):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    select_ball(qtbot, bowl_panel, 0)
    slider = bowl_panel.balls.editor.learning_rate.slider
    inside = QPoint(round(slider.bound_x()) + 4, slider.height() // 2)
    QApplication.sendEvent(slider, QHelpEvent(QEvent.Type.ToolTip, inside, slider.mapToGlobal(inside)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    assert QToolTip.text().startswith("diverges above η = 1.0 (2/λ₁, λ₁ = 2)")
    assert "At the minimum (0, 0) the ball heads for: λ₁ = 2, λ₂ = 2." in QToolTip.text()
    QToolTip.hideText()


def test_a_typed_function_flat_at_its_minimum_has_no_bound_and_the_line_says_why(control_panel, qtbot):
    """At the minimum of x⁴ + y² the curvature along x is 0; the difference quotient gave 5e-10, and the line said
    "best η ≈ 1, rate ≈ 1" as if the minimum were a very narrow ravine."""
    from .conftest import type_into

    type_into(qtbot, control_panel.expression, "x^4 + y^2")
    select_ball(qtbot, control_panel, 0)  # SGD
    line = control_panel.balls.editor.bound_line
    qtbot.waitUntil(lambda: line.text().startswith("No bound on η"))
    assert "λ₂ ≤ 0" in line.text() and "best η" not in line.text()
    assert control_panel.balls.editor.learning_rate.slider.bound_x() is None


def test_newton_says_its_bound_and_best_step_and_lbfgs_why_it_has_none(bowl_panel, qtbot):
    select_ball(qtbot, bowl_panel, 0)
    choose_optimizer(bowl_panel, OptimizerKind.NEWTON)
    editor = bowl_panel.balls.editor
    assert editor.bound_line.text().splitlines() == ["diverges above η = 2.0 (2(λ₁ + δ)/λ₁, λ₁ = 2, δ = 0)",
                                                     "best η = 1.0 (2/(c₁ + c₂), cᵢ = λᵢ/(λᵢ + δ)), rate 0"]
    assert editor.learning_rate.slider.bound_x() is not None
    choose_optimizer(bowl_panel, OptimizerKind.LBFGS)
    assert editor.bound_line.text().startswith("No bound on η: L-BFGS builds each step from the steps and gradients")
    assert editor.learning_rate.slider.bound_x() is None
