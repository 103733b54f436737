"""Balls ▸ Fan and Balls ▸ Fan Runs: the window's actions for fans of noisy runs (gdsim.qt.layers.fan_layer).

The choice is the ViewState's (fan): whether noisy balls are drawn as fans, and of how many runs. A fan
means something only with noise: turned on while no ball has any, it says so in the status bar and stays off.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QActionGroup

from gdsim.model.fan import MOST_FANNED_BALLS, noisy_balls
from gdsim.qt.support.signals import signals_blocked

FAN_RUN_CHOICES = (10, 20, 50, 100)


def add_fan_actions(add: Callable, window) -> None:
    """Adds the fan's actions with `add` (MainWindow._make_actions' own), and connects them once."""
    view_state = window.view_state
    add("fan", QCoreApplication.translate("MainWindow", "Fan of Noisy Runs"), None, lambda on: _turn_fan(window, on),
        QCoreApplication.translate("MainWindow", "Run each ball that has noise σ > 0 with many noise seeds: its median path and the band of 10–90 % "
            "of the runs"))
    for runs in FAN_RUN_CHOICES:
        add(f"fan_runs:{runs}", QCoreApplication.translate("MainWindow", "{runs} Runs").format(runs=runs), None,
            lambda checked=False, runs=runs: view_state.set_fan(view_state.fan[0], runs),
            QCoreApplication.translate("MainWindow", "Each fan runs {runs} noise seeds").format(runs=runs))
    if window._relabelling:
        return
    fan = window.actions["fan"]
    fan.setCheckable(True)
    group = QActionGroup(window)
    for runs in FAN_RUN_CHOICES:
        window.actions[f"fan_runs:{runs}"].setCheckable(True)
        group.addAction(window.actions[f"fan_runs:{runs}"])

    def show_choice(shown: bool, runs: int) -> None:
        with signals_blocked(fan):
            fan.setChecked(shown)
        if f"fan_runs:{runs}" in window.actions:
            window.actions[f"fan_runs:{runs}"].setChecked(True)

    show_choice(*view_state.fan)
    view_state.sigFanChanged.connect(show_choice)


def _turn_fan(window, on: bool) -> None:
    noisy = len(noisy_balls(window.controller.run_info().balls))
    if on and not noisy:
        window.statusBar().showMessage(QCoreApplication.translate("MainWindow", "No ball has noise, so every run would be the same: give a ball a "
                                           "noise σ above 0 (Selected ball ▸ Noise σ), then Balls ▸ Fan"), 10000)
        with signals_blocked(window.actions["fan"]):
            window.actions["fan"].setChecked(False)
        return
    if on and (noisy > MOST_FANNED_BALLS or window.controller.preset.landscape.dim != 2):
        window.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Fans are drawn on a 2-D map for at most {count} noisy balls").format(
            count=MOST_FANNED_BALLS), 10000)
    elif on:
        runs = window.view_state.fan[1]
        first = window.controller.setup.seed
        window.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Fan: {runs} runs of each noisy ball, noise seeds {first} to {last}; the band "
                                           "holds 10–90 % of them").format(runs=runs, first=first, last=first + runs - 1), 10000)
    window.view_state.set_fan(on)


def fill_balls_menu(window, menu) -> None:
    """Balls ▸ Fan of Noisy Runs and Balls ▸ Fan Runs ▸ 10 … 100."""
    menu.addAction(window.actions["fan"])
    runs_menu = menu.addMenu(QCoreApplication.translate("MainWindow", "Fan Runs"))
    for runs in FAN_RUN_CHOICES:
        runs_menu.addAction(window.actions[f"fan_runs:{runs}"])
