"""A lesson stage that talks about the gradient draws the step arrows on the map; leaving the lesson gives
back the arrows the user had. The whole window: the lesson menu's stages, Leave Lesson, the Explain step page."""

import numpy as np
from PySide6.QtCore import Qt

from gdsim.model.explain import ArrowKind
from gdsim.qt.view_state import ArrowsShown


def drawn_gradient_arrow(window) -> np.ndarray:
    """The drawn shaft of the gradient's arrow, from its tail to its tip, in the map's coordinates."""
    x, y = window.contour_view.step_arrows.curves[ArrowKind.GRADIENT].getData()
    return np.array([[x[0], y[0]], [x[1], y[1]]]) if x is not None and len(x) else np.empty((0, 2))


def test_the_gradient_stage_draws_its_step_and_leaving_gives_back_the_users_arrows(window, qtbot):
    window.actions["explain_step"].trigger()  # the Explain step page, with its choice of arrows
    explain = window.explain_panel
    every = next(b for b in explain.arrow_choice.buttons() if b.property("shown") == str(ArrowsShown.EVERY_BALL))
    qtbot.mouseClick(every, Qt.MouseButton.LeftButton)  # the user's own choice
    assert window.view_state.arrows is ArrowsShown.EVERY_BALL
    window.analysis_tabs.setCurrentIndex(0)  # the loss plot in sight: no arrows on the map without their page
    assert not len(drawn_gradient_arrow(window))

    window.open_lesson("gradient", 2)  # "At (3, 4) the gradient is (6, 8)"
    shaft = drawn_gradient_arrow(window)
    assert len(shaft) == 2 and np.allclose(shaft[0], (3, 4))
    direction = (shaft[1] - shaft[0]) / np.linalg.norm(shaft[1] - shaft[0])
    assert np.allclose(direction, -np.array([6, 8]) / 10)  # the step −η·∇f: against the gradient, downhill
    assert "(−0.6, −0.8)" in window.caption_bar.text()

    window.actions["leave_lesson"].trigger()
    assert window.view_state.arrows is ArrowsShown.EVERY_BALL and every.isChecked()
    assert not len(drawn_gradient_arrow(window))  # the Explain step page is not in sight
