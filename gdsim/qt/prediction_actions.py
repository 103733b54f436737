"""Run ▸ Predict (P), Run ▸ Predict: Converges or Diverges? (Shift+P) and Remove Last Guess (Backspace): the
window's actions for Predict, then reveal. The round is the controller's (gdsim.qt.prediction)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from gdsim.model.prediction import PredictionKind


def add_prediction_actions(add: Callable, window) -> None:
    """Adds the actions with `add` (MainWindow._make_actions' own), and connects them once."""
    controller = window.controller
    translate = QCoreApplication.translate

    def predict() -> None:
        # A 1-D curve has no map to click on: there the question is the other kind.
        two_d = controller.preset.landscape.dim == 2
        controller.start_prediction(PredictionKind.WHERE if two_d else PredictionKind.CONVERGE_OR_DIVERGE)

    add("predict", translate("MainWindow", "Predict"), "P", predict,
        translate("MainWindow", "Before Play: the class clicks guesses of where the selected ball will be "
                                "after k steps; Reveal shows the answer"))
    add("predict_outcome", translate("MainWindow", "Predict: Converges or Diverges?"), "Shift+P",
        lambda: controller.start_prediction(PredictionKind.CONVERGE_OR_DIVERGE),
        translate("MainWindow", "Before Play: count the class's votes for converges, diverges or stalls; "
                                "Reveal shows the answer"))
    add("remove_guess", translate("MainWindow", "Remove Last Guess"), "Backspace", controller.remove_last_guess,
        translate("MainWindow", "Take the last guess off the map"))
    if window._relabelling:
        return
    remove = window.actions["remove_guess"]
    remove.setEnabled(False)
    controller.sigPredictionChanged.connect(
        lambda round_: remove.setEnabled(controller.taking_guesses and bool(round_.guesses)))
