"""Moving through the lessons: the stage keys, Next Lesson, the list of the lesson's stages and Run to End of Stage.

PageDown on a lesson's last stage opens the next lesson; the stage list is one menu, shown in the Lessons
menu and under the stage label of the lesson strip. Which lesson and stage is on stays the controller's
(its setup); this asks the LessonPlayer to open stages and follows what the setup says.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from gdsim.model.lessons import localized
from gdsim.qt.controller import Controller
from gdsim.qt.panels.lessons import LessonPlayer


class LessonNavigation(QObject):
    """Next stage or next lesson, and the menu of the lesson's stages (current one checked)."""

    sigNotice = Signal(str)  # what a key did not do, said where the user looks (the status bar)

    def __init__(self, controller: Controller, player: LessonPlayer, parent: QWidget):
        super().__init__(parent)
        self._controller = controller
        self._player = player
        player.sigLessonsRead.connect(lambda: controller.set_lesson_order(player.lessons))
        self.stage_menu = QMenu(parent)
        self.stage_menu.setObjectName("stageMenu")
        self._stage_actions = QActionGroup(self)
        self._stage_actions.setExclusive(True)
        player.sigStageChanged.connect(self._fill_stage_menu)  # a new lesson, stage or language
        self._fill_stage_menu()

    def next_lesson_exists(self) -> bool:
        place = self._controller.lesson
        return place is not None and self._lesson_after(place.lesson) is not None

    def _lesson_after(self, lesson):
        self._player.read()  # the order of the lessons is known once they are read
        return self._controller.lesson_after(lesson)

    @Slot()
    def next_stage(self) -> None:
        """PageDown: the next stage, or from a lesson's last stage the next lesson's first."""
        player = self._player
        if player.lesson is None:
            return
        if player.index + 1 < len(player.lesson.stages):
            player.next_stage()
        else:
            self.next_lesson()

    @Slot()
    def next_lesson(self) -> None:
        place = self._controller.lesson
        if place is None:
            return
        after = self._lesson_after(place.lesson)
        if after is None:
            self.sigNotice.emit(self.tr("This is the last lesson: Esc leaves the lessons"))
            return
        self._player.open(after.id)

    @Slot()
    def _fill_stage_menu(self) -> None:
        menu, player = self.stage_menu, self._player
        menu.setTitle(self.tr("&Stages"))
        menu.clear()
        for action in self._stage_actions.actions():
            self._stage_actions.removeAction(action)
            action.deleteLater()
        lesson = player.lesson
        menu.menuAction().setEnabled(lesson is not None)
        if lesson is None:
            return
        for index, stage in enumerate(lesson.stages):
            title = localized(stage.title, player.language).replace("&", "&&")  # plain text: no mnemonic
            action = QAction(f"{index + 1}. {title}", self._stage_actions)
            action.setCheckable(True)
            action.setChecked(index == player.index)
            action.triggered.connect(lambda checked=False, index=index: player.show_stage(index))
            menu.addAction(action)


def add_lesson_actions(add: Callable, window) -> None:
    """Adds the lesson actions with `add` (MainWindow._make_actions' own), and connects them once."""
    navigation = window.navigation
    # A presentation clicker sends PageDown / PageUp.
    add("next_stage", QCoreApplication.translate("MainWindow", "Next stage"), "PgDown", navigation.next_stage,
        QCoreApplication.translate("MainWindow", "Next lesson stage"))
    add("previous_stage", QCoreApplication.translate("MainWindow", "Previous stage"), "PgUp", window.lessons.previous_stage,
        QCoreApplication.translate("MainWindow", "Previous lesson stage"))
    window.actions["next_stage"].setShortcuts([QKeySequence("PgDown"), QKeySequence("Down")])
    window.actions["previous_stage"].setShortcuts([QKeySequence("PgUp"), QKeySequence("Up")])
    add("next_lesson", QCoreApplication.translate("MainWindow", "Next Lesson"), None, navigation.next_lesson,
        QCoreApplication.translate("MainWindow", "The next lesson, from its first stage"))
    add("run_to_stage_end", QCoreApplication.translate("MainWindow", "Run to End of Stage"), "End", window.controller.run_to_stage_end,
        QCoreApplication.translate("MainWindow", "Play the rest of the lesson stage in about 3 seconds, and stop at its end"))
    if window._relabelling:
        return
    controller, next_lesson, run_to_end = window.controller, window.actions["next_lesson"], window.actions["run_to_stage_end"]

    def follow_setup(*args) -> None:
        next_lesson.setEnabled(navigation.next_lesson_exists())
        follow_run()

    def follow_run(*args) -> None:
        run_to_end.setEnabled(controller.steps_left_in_stage > 0)

    controller.sigSetupChanged.connect(follow_setup)
    controller.sigStepped.connect(follow_run)
    controller.sigPlayingChanged.connect(follow_run)
    follow_setup()
    navigation.sigNotice.connect(lambda message: window.statusBar().showMessage(message, 8000))
