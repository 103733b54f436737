"""An unexpected exception in a slot opens a dialog with copyable details; the app keeps running."""

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from gdsim.app import ErrorDialogs


class Emitter(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_a_dialog_and_the_app_goes_on(window, qtbot, monkeypatch, capsys):
    errors = ErrorDialogs(window)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    errors.install()
    emitter = Emitter()

    def broken_slot():
        raise RuntimeError("injected failure")

    emitter.fired.connect(broken_slot)
    emitter.fired.emit()

    assert len(errors.shown) == 1
    box = errors.shown[0]
    assert box.isVisible()
    assert "injected failure" in box.text() and "keep working" in box.text()
    assert "Traceback" in box.detailedText() and "broken_slot" in box.detailedText()
    assert "injected failure" in capsys.readouterr().err
    window.controller.step()  # still working
    assert window.controller.snapshot().step == 1
    box.close()
    qtbot.waitUntil(lambda: not errors.shown)


@pytest.mark.qt_no_exception_capture
def test_an_error_on_every_step_opens_one_dialog_that_counts_it(window, qtbot, monkeypatch, capsys):
    errors = ErrorDialogs(window)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install()

    def broken_view(snapshot):
        raise ValueError("a view that breaks on every step")

    window.controller.sigStepped.connect(broken_view)
    for _ in range(30):
        window.actions["step"].trigger()
    window.controller.sigStepped.disconnect(broken_view)

    assert len(errors.shown) == 1
    box = errors.shown[0]
    assert "breaks on every step" in box.text() and "(happened 30 times)" in box.text()
    assert capsys.readouterr().err.count("Traceback") == 1  # then one line per repeat
    other = Emitter()
    other.fired.connect(lambda: 1 / 0)  # another error: a dialog of its own
    other.fired.emit()
    assert len(errors.shown) == 2
    for shown in list(errors.shown):
        shown.close()
    qtbot.waitUntil(lambda: not errors.shown)
