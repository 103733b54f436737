"""Run ▸ Next Event (N) and Previous Event (Shift+N), and View ▸ Event Markers: the window's actions for
the moments worth stopping at (gdsim.model.events).

The markers' choice is the ViewState's (event_markers): until the user chooses, the check shows what the
run's size decides (ViewState.event_markers_for), and follows it from run to run.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from gdsim.qt.support.signals import signals_blocked


def add_event_actions(add: Callable, window) -> None:
    """Adds the events' actions with `add` (MainWindow._make_actions' own), and connects them once."""
    controller, view_state = window.controller, window.view_state
    add("next_event", QCoreApplication.translate("MainWindow", "Next Event"), "N", controller.next_event,
        QCoreApplication.translate("MainWindow", "Run on to the selected ball's next event: the loss rose, an "
                                                 "overshoot, a saddle, or where it stopped"))
    add("previous_event", QCoreApplication.translate("MainWindow", "Previous Event"), "Shift+N",
        controller.previous_event,
        QCoreApplication.translate("MainWindow", "Back to the selected ball's event before this step"))
    add("event_markers", QCoreApplication.translate("MainWindow", "Event Markers"), None, view_state.set_event_markers,
        QCoreApplication.translate("MainWindow", "Small labelled markers where the balls' events happened, on the "
                                                 "trails and the loss plot"))
    if window._relabelling:
        return
    markers = window.actions["event_markers"]
    markers.setCheckable(True)
    balls = [len(controller.run_info().balls)]

    def show_check(*args) -> None:
        with signals_blocked(markers):
            markers.setChecked(view_state.event_markers_for(balls[0]))

    def on_run_started(run) -> None:
        balls[0] = len(run.balls)
        show_check()

    show_check()
    controller.sigRunStarted.connect(on_run_started)
    view_state.sigEventMarkersChanged.connect(show_check)
