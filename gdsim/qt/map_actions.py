"""View ▸ Follow Balls, Fit to Balls and Lock Aspect: the window's actions for what the map shows.

Their state is the ViewState's (follow_balls, aspect_locked); the checks follow it, whoever changes it
(a lesson turns following on, a fit frees the aspect).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from gdsim.qt.support.signals import signals_blocked


def add_map_actions(add: Callable, window) -> None:
    """Adds the map's actions with `add` (MainWindow._make_actions' own), and connects them once."""
    view_state = window.view_state
    add("follow_balls", QCoreApplication.translate("MainWindow", "Follow Balls"), "F", view_state.set_follow_balls,
        QCoreApplication.translate("MainWindow", "Zoom the map out, smoothly, so every running ball and the start stay in view"))
    add("fit_to_balls", QCoreApplication.translate("MainWindow", "Fit to Balls"), "B",
        lambda: window.landscape_stack.currentWidget().fit_to_balls(),
        QCoreApplication.translate("MainWindow", "Show every running ball and the start"))
    add("lock_aspect", QCoreApplication.translate("MainWindow", "Lock Aspect"), None, view_state.set_aspect_locked,
        QCoreApplication.translate("MainWindow", "One unit as long across as up: level lines cross paths at right angles"))
    if window._relabelling:
        return
    follow, lock = window.actions["follow_balls"], window.actions["lock_aspect"]
    for action, checked, changed in ((follow, view_state.follow_balls, view_state.sigFollowBallsChanged),
                                     (lock, view_state.aspect_locked, view_state.sigAspectLockedChanged)):
        action.setCheckable(True)
        action.setChecked(checked)
        changed.connect(lambda on, action=action: _check(action, on))
    window.controller.sigLandscapeChanged.connect(lambda chosen: lock.setEnabled(chosen.landscape.dim == 2))


def _check(action, on: bool) -> None:
    with signals_blocked(action):
        action.setChecked(on)
