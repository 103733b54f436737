"""What a change of a ball's settings mid-run does: the window's question and Edit ▸ Settings Changed Mid-Run.

The controller owns the choice (its branch policy) and asks through `ask_branch_or_restart` while the
policy is "ask"; a remembered answer becomes the policy, kept in the app's settings and changed again in
the Edit menu.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from gdsim.qt.branching import BranchPolicy
from gdsim.qt.support.signals import signals_blocked

SETTING = "edit/branch_policy"
QUESTION = "branchQuestion"  # the dialog's object name (tests find it by it)


translate = QCoreApplication.translate


def ask_branch_or_restart(parent: QWidget, step: int) -> tuple[BranchPolicy, bool]:
    """Asks "Restart from the start, or branch from step k?"; returns the answer and whether to remember
    it. Esc or closing the dialog restarts, as every change did before."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("BranchQuestion", "A setting changed at step {step}").format(step=step),
                      translate("BranchQuestion", "Restart from the start, or branch from step {step}?").format(step=step),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(QUESTION)
    box.setInformativeText(translate("BranchQuestion", "A branch goes on from step {step} with the new setting; the path the ball "
                               "would have taken stays on the map as a dashed ghost.").format(step=step))
    restart = box.addButton(translate("BranchQuestion", "Restart"), QMessageBox.ButtonRole.RejectRole)
    restart.setObjectName("restartButton")
    branch = box.addButton(translate("BranchQuestion", "Branch from step {step}").format(step=step), QMessageBox.ButtonRole.AcceptRole)
    branch.setObjectName("branchButton")
    box.setDefaultButton(branch)
    box.setEscapeButton(restart)
    remember = QCheckBox(translate("BranchQuestion", "Remember my choice"))
    remember.setObjectName("rememberChoice")
    box.setCheckBox(remember)
    box.exec()
    choice = BranchPolicy.BRANCH if box.clickedButton() is branch else BranchPolicy.RESTART
    return choice, remember.isChecked()


def add_branch_actions(add: Callable, window) -> None:
    """Edit ▸ Settings Changed Mid-Run: Ask, Branch or Restart (checkable, one at a time), made with `add`
    (MainWindow._make_actions' own); the first time, connects them, the question and the setting."""
    controller = window.controller
    texts = {BranchPolicy.ASK: (translate("BranchQuestion", "Ask Each Time"), translate("BranchQuestion", "Ask whether to restart or branch")),
             BranchPolicy.BRANCH: (translate("BranchQuestion", "Branch from the Step Shown"),
                                   translate("BranchQuestion", "The changed ball goes on from the step shown; its old path stays as a ghost")),
             BranchPolicy.RESTART: (translate("BranchQuestion", "Restart from the Start"), translate("BranchQuestion", "The run starts again from step 0"))}
    for policy, (text, tip) in texts.items():
        add(f"branch_policy:{policy}", text, None, lambda checked=False, policy=policy: controller.set_branch_policy(policy), tip)
    if window._relabelling:
        return
    group = QActionGroup(window)
    group.setExclusive(True)
    for policy in BranchPolicy:
        action = window.actions[f"branch_policy:{policy}"]
        action.setCheckable(True)
        group.addAction(action)
    settings = window.settings
    if settings is not None:
        controller.set_branch_policy(settings.get(SETTING))

    def on_policy_changed(policy: str) -> None:
        for name in BranchPolicy:
            with signals_blocked(window.actions[f"branch_policy:{name}"]):
                window.actions[f"branch_policy:{name}"].setChecked(name == policy)
        if settings is not None:
            settings.set(SETTING, policy)
            settings.sync()

    controller.sigBranchPolicyChanged.connect(on_policy_changed)
    on_policy_changed(controller.branch_policy)
    controller.set_branch_question(lambda step: ask_branch_or_restart(window, step))


def branch_menu_title() -> str:
    return translate("BranchQuestion", "Settings Changed Mid-Run")
