"""View ▸ Follow Balls, Fit to Balls, Lock Aspect and Curvature: the window's actions for what the map shows.

Their state is the ViewState's (follow_balls, aspect_locked, curvature_shown); the checks follow it, whoever
changes it (a lesson turns following on, a fit frees the aspect).
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
    add("curvature", QCoreApplication.translate("MainWindow", "Curvature"), "C", view_state.set_curvature_shown,
        QCoreApplication.translate("MainWindow", "The Hessian's eigen-directions and a level line of the local "
                                                 "quadratic on the map, where the selected ball is; its numbers in "
                                                 "the Curvature tab"))
    if window._relabelling:
        return
    follow, lock, curvature = window.actions["follow_balls"], window.actions["lock_aspect"], window.actions["curvature"]
    for action, checked, changed in ((follow, view_state.follow_balls, view_state.sigFollowBallsChanged),
                                     (lock, view_state.aspect_locked, view_state.sigAspectLockedChanged),
                                     (curvature, view_state.curvature_shown, view_state.sigCurvatureShownChanged)):
        action.setCheckable(True)
        action.setChecked(checked)
        changed.connect(lambda on, action=action: _check(action, on))
    window.controller.sigLandscapeChanged.connect(lambda chosen: lock.setEnabled(chosen.landscape.dim == 2))
    window.actions["reset_settings"].triggered.connect(lambda: view_state.set_curvature_shown(False))


def _check(action, on: bool) -> None:
    with signals_blocked(action):
        action.setChecked(on)
