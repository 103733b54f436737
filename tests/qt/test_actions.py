"""Every action of the window's one registry: triggered in turn, each does its job or opens its
dialog, and the window keeps working afterwards."""

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget


def _close_dialogs() -> None:
    """Close whatever dialog an action opened (modal or not), so the next one can run."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and isinstance(widget, (QDialog, QMessageBox)):
            widget.reject()


def test_every_action_runs_and_the_window_keeps_working(window, qtbot, monkeypatch):
    closer = QTimer()
    closer.timeout.connect(_close_dialogs)
    closer.start(30)
    skipped = {"quit"}
    try:
        for name, action in list(window.actions.items()):
            if name in skipped:
                continue
            assert action.text(), name
            action.trigger()
            QApplication.processEvents()
            if action.isCheckable() and action.isChecked():
                action.trigger()  # back to how it was, for the actions after it
            _close_dialogs()
            if window.isFullScreen():
                window.showNormal()
    finally:
        closer.stop()
    window.controller.reset()
    window.actions["step"].trigger()
    assert window.controller.snapshot().step == 1
    assert isinstance(window, QWidget) and window.isVisible()


def test_shortcuts_are_unique_and_the_issue_s_keys_are_there(window):
    seen = {}
    for name, action in window.actions.items():
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, (text, name, seen.get(text))
            seen[text] = name
    expected = {"Space": "play_pause", "Right": "step", "R": "reset", "PgDown": "next_stage",
                "PgUp": "previous_stage", "F11": "full_screen", "F1": "shortcuts", "Ctrl+E": "export",
                "Ctrl+O": "open_setup", "Ctrl+S": "save_setup", "F5": "presenter", "E": "explain_step"}
    for key, name in expected.items():
        assert seen.get(key) == name, key
