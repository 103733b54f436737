"""The main window's menus and its Help: the menu bar around the actions registry, the shortcut table and About."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from gdsim import __version__
from gdsim.qt import language
from gdsim.qt.branch_question import branch_menu_title
from gdsim.qt.branching import BranchPolicy
from gdsim.qt.fan_actions import fill_balls_menu

LESSONS_MENU = "lessonsMenu"


def fill_menu_bar(window) -> None:
    """The window's menus, around the actions of its registry (made again on a language change)."""
    file_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))
    file_menu.addAction(window.actions["open_setup"])
    file_menu.addAction(window.actions["save_setup"])
    file_menu.addSeparator()
    file_menu.addAction(window.actions["export"])
    file_menu.addSeparator()
    file_menu.addAction(window.actions["quit"])
    edit_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
    edit_menu.addAction(window.actions["undo"])
    edit_menu.addAction(window.actions["redo"])
    edit_menu.addSeparator()
    branch_menu = edit_menu.addMenu(branch_menu_title())
    for policy in BranchPolicy:
        branch_menu.addAction(window.actions[f"branch_policy:{policy}"])
    view_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&View"))
    view_menu.addAction(window.actions["show_controls"])
    view_menu.addAction(window.actions["show_surface"])
    view_menu.addAction(window.actions["gradient_field"])
    view_menu.addAction(window.actions["curvature"])
    view_menu.addSeparator()
    for name in ("follow_balls", "fit_to_balls", "lock_aspect", "event_markers"):
        view_menu.addAction(window.actions[name])
    view_menu.addSeparator()
    view_menu.addAction(window.actions["full_screen"])
    view_menu.addAction(window.actions["presenter"])
    view_menu.addAction(window.actions["high_contrast"])
    view_menu.addSeparator()
    language_menu = view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Language"))
    for code in (language.SYSTEM, *language.LANGUAGES):
        language_menu.addAction(window.actions[f"language:{code}"])
    view_menu.addSeparator()
    view_menu.addAction(window.actions["reset_settings"])
    run_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Run"))
    for name in ("step_back", "step", "play_pause", "run_to_stage_end", "reset", "explain_step"):
        run_menu.addAction(window.actions[name])
    run_menu.addSeparator()
    for name in ("predict", "predict_outcome", "remove_guess"):
        run_menu.addAction(window.actions[name])
    run_menu.addSeparator()
    run_menu.addAction(window.actions["next_event"])
    run_menu.addAction(window.actions["previous_event"])
    fill_balls_menu(window, window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Balls")))
    lesson_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Lessons"))
    lesson_menu.setObjectName(LESSONS_MENU)
    lesson_menu.aboutToShow.connect(window.lessons.read)  # opened before they were read: read now
    lesson_menu.addSeparator()
    lesson_menu.addAction(window.actions["previous_stage"])
    lesson_menu.addAction(window.actions["next_stage"])
    lesson_menu.addAction(window.actions["next_lesson"])
    lesson_menu.addMenu(window.navigation.stage_menu)  # the window's: it outlives the menus a language change remakes
    lesson_menu.addSeparator()
    lesson_menu.addAction(window.actions["leave_lesson"])
    help_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    help_menu.addAction(window.actions["shortcuts"])
    help_menu.addAction(window.actions["about"])
    if window.lessons.read_already:
        _list_lessons(window, lesson_menu)


def follow_lessons(window) -> None:
    """Once the bundled lessons are read (just after the first paint): list them in the Lessons menu, and
    say in the status bar which could not be read and why."""

    def on_read() -> None:
        for action in window.menuBar().actions():
            if action.menu() is not None and action.menu().objectName() == LESSONS_MENU:
                _list_lessons(window, action.menu())
        if window.lessons.problems:
            window.statusBar().showMessage(QCoreApplication.translate(
                "MainWindow", "Some lessons could not be read: {problems}").format(
                problems="; ".join(window.lessons.problems)))

    window.lessons.sigLessonsRead.connect(on_read)


def _list_lessons(window, menu: QMenu) -> None:
    """An entry for each bundled lesson at the top of the Lessons menu (unless it has them)."""
    first = menu.actions()[0] if menu.actions() else None
    for lesson in window.lessons.lessons:
        action = window.actions.get(f"lesson:{lesson.id}")
        if action is None:  # the window's, not the menu's: it outlives the menus a language change remakes
            action = QAction(window)
            action.triggered.connect(lambda checked=False, lesson_id=lesson.id: window.open_lesson(lesson_id))
            window.actions[f"lesson:{lesson.id}"] = action
        action.setText(lesson.text(window.lessons.language).replace("&", "&&"))  # plain text: no mnemonic
        if action not in menu.actions():
            menu.insertAction(first, action)


def shortcut_table(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(keys, what they do) for every action that has a shortcut, from the actions registry."""
    rows = []
    for action in actions.values():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        if keys:
            rows.append((keys, action.text().replace("&", "")))
    return rows


def open_shortcuts(window) -> QMessageBox:
    """Help ▸ Keyboard Shortcuts, opened (not blocking) over `window`; the caller keeps it."""
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{text}</td></tr>"
                   for keys, text in shortcut_table(window.actions))
    title = QCoreApplication.translate("MainWindow", "Keyboard Shortcuts")
    box = QMessageBox(QMessageBox.Icon.NoIcon, title, f"<table>{rows}</table>", parent=window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_about(window) -> None:
    text = QCoreApplication.translate("MainWindow", "gdsim {version}\nGradient descent, shown: SGD, Momentum and "
                                      "Nesterov balls on one loss landscape.")
    QMessageBox.about(window, QCoreApplication.translate("MainWindow", "About gdsim"), text.format(version=__version__))
