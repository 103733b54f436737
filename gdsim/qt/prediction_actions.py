"""Run ▸ Predict (P), Run ▸ Predict: Converges or Diverges? (Shift+P) and Remove Last Guess (Backspace): the
window's actions for Predict, then reveal. The round is the controller's (gdsim.qt.prediction)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt

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
    remove, undo_action = window.actions["remove_guess"], window.actions["undo"]
    remove.setEnabled(False)

    def follow(*_) -> None:
        remove.setEnabled(controller.taking_guesses and bool(controller.prediction.guesses))
        undo_action.setEnabled(remove.isEnabled() or controller.can_undo)

    controller.sigPredictionChanged.connect(follow)
    # Queued: after the window's own slot, which enables Undo for the setup's history alone.
    controller.sigHistoryChanged.connect(follow, Qt.ConnectionType.QueuedConnection)

    # While the class places guesses, Edit ▸ Undo (Ctrl+Z) takes the last guess back, as Backspace does: the
    # last thing done was a guess, not an edit of the setup.
    def undo() -> None:
        if remove.isEnabled():
            controller.remove_last_guess()
        else:
            controller.undo()

    undo_action.triggered.disconnect(controller.undo)
    undo_action.triggered.connect(undo)
