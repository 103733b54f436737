"""The bundled lessons are read just after the window's first paint: the Lessons menu lists them, a menu
opened sooner reads them at once, and a broken file among them is named in the status bar."""

import shutil

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from gdsim.cli.common import lesson_from_argument
from gdsim.qt.main_window import MainWindow
from gdsim.resources import resource_path


def lessons_menu(window) -> QMenu:
    [menu] = [action.menu() for action in window.menuBar().actions()
              if action.menu() is not None and action.menu().objectName() == "lessonsMenu"]
    return menu


def listed(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions() if " · " in action.text()]


def new_window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    return window


def test_the_lessons_menu_lists_the_lessons_read_after_the_first_paint(qtbot):
    window = new_window(qtbot)
    assert not window.lessons.read_already  # the window's first paint does not wait for them
    window.show()
    qtbot.waitUntil(lambda: window.lessons.read_already)
    assert listed(lessons_menu(window))[:2] == ["L1 · The learning rate", "L2 · The gradient"]
    window.actions["lesson:momentum"].trigger()
    assert window.controller.lesson.lesson.id == "momentum"


def test_a_lessons_menu_opened_before_they_were_read_reads_them(qtbot):
    window = new_window(qtbot)
    menu = lessons_menu(window)
    assert listed(menu) == []
    menu.popup(QPoint(0, 0))  # aboutToShow: as a click on the menu bar opens it
    qtbot.waitExposed(menu)
    assert len(listed(menu)) == len(window.lessons.lessons) == 5
    menu.close()


def test_a_bundled_lesson_that_cannot_be_read_is_named_in_the_status_bar(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    shutil.copytree(resource_path("lessons"), folder)
    (folder / "9-broken.toml").write_text('id = "broken"\n[[stages]]\nlandscape = "nowhere"\n', encoding="utf-8")
    monkeypatch.setattr("gdsim.qt.panels.lessons.resource_path", lambda *parts: tmp_path.joinpath(*parts))
    window = new_window(qtbot)
    window.show()
    qtbot.waitUntil(lambda: window.lessons.read_already)
    message = window.statusBar().currentMessage()
    assert message.startswith("Some lessons could not be read: 9-broken.toml")
    assert "landscape" in message
    assert len(listed(lessons_menu(window))) == 5  # the others are there


@pytest.mark.parametrize("stage", [0, 2])
def test_a_lesson_opened_before_the_lessons_are_read_leads_on_to_the_next(qtbot, stage):
    """`gdsim --lesson ID` opens its lesson before the window is shown: PageDown past its end still knows the
    next lesson."""
    window = new_window(qtbot)
    window.controller.load_stage(lesson_from_argument("gradient"), stage)  # as gdsim.app's run_app does
    assert window.actions["next_lesson"].isEnabled()
    window.actions["next_lesson"].trigger()
    assert window.controller.lesson.lesson.id == "fitting"
