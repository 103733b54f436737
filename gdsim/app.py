"""The Qt application: start-up, the error dialog, and window screenshots."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from gdsim.resources import resource_path

if TYPE_CHECKING:
    from gdsim.model.lessons import Lesson


def prepare_qt() -> None:
    """Settings that must precede the QApplication.

    pyqtgraph compiles its shader programs once per process, so every OpenGL context must share
    resources, or a second surface view (a new window, a floated dock, full screen) draws nothing.
    Large blocks go back to the system when freed (see gdsim.memory), for whoever builds a window.
    """
    from gdsim.memory import return_large_blocks_to_the_system

    return_large_blocks_to_the_system()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


def application() -> QApplication:
    """The QApplication, made and configured on first use."""
    if QApplication.instance() is None:
        prepare_qt()
        QApplication(sys.argv[:1])
    app = QApplication.instance()
    app.setApplicationName("gdsim")
    app.setOrganizationName("gdsim")
    app.setWindowIcon(QIcon(str(resource_path("icons", "gdsim.svg"))))
    # Wayland compositors show the icon of the .desktop file named by the window's app id.
    app.setDesktopFileName("io.github.gdsim.gdsim")
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="#222")
    from gdsim.qt import language

    language.install_default()  # the system's language, unless one was chosen already
    return app


class ErrorDialogs(QObject):
    """Shows an unexpected exception in a dialog with copyable details, instead of a traceback
    on a terminal nobody watches; the app keeps running. The details also go to stderr.

    An error raised again and again (on every step, say) opens one dialog, not one per frame: each
    distinct error (its type and the line that raised it) has one, whose text counts the repeats.
    """

    sigReported = Signal(str)  # the details of every report, repeats included

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.shown: list[QMessageBox] = []
        self.counts: dict[tuple, int] = {}  # how often each distinct error happened
        self._boxes: dict[tuple, QMessageBox] = {}

    def install(self) -> None:
        sys.excepthook = self.report

    @staticmethod
    def place(kind, tb) -> tuple:
        """What makes two reports the same error: its type and where it was raised."""
        frames = traceback.extract_tb(tb)
        last = frames[-1] if frames else None
        return (kind.__qualname__, last.filename if last else "", last.lineno if last else 0)

    def report(self, kind, value, tb) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        key = self.place(kind, tb)
        count = self.counts[key] = self.counts.get(key, 0) + 1
        self.sigReported.emit(details)
        if count == 1:
            print(details, file=sys.stderr)
        else:
            print(f"gdsim: the same error again ({count} times): {kind.__name__}: {value}", file=sys.stderr)
        if QApplication.instance() is None:
            return
        text = QCoreApplication.translate("ErrorDialogs", "Something went wrong: {error}\n\n"
                                          "Your setup is unchanged; you can keep working.").format(error=value)
        if count > 1:
            text += "\n\n" + QCoreApplication.translate("ErrorDialogs", "(happened {n} times)").format(n=count)
        box = self._boxes.get(key)
        if box is not None:  # still open: count the repeat there
            box.setText(text)
            return
        if count > 1:
            return  # shown once already and closed by the user: the count goes on in stderr
        box = QMessageBox(QMessageBox.Icon.Critical, "gdsim", text)
        box.setDetailedText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(lambda _result, box=box, key=key: self._closed(box, key))
        self.shown.append(box)
        self._boxes[key] = box
        box.open()  # window-modal but not blocking: timers and repaints go on

    def _closed(self, box: QMessageBox, key: tuple) -> None:
        self.shown.remove(box)
        self._boxes.pop(key, None)


class QuitAfterFirstPaint(QObject):
    """Says when the watched widget is first painted, then quits: start-up smoke tests and timing."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("gdsim: first paint", flush=True)  # now, not after work queued behind the paint
            QTimer.singleShot(0, QApplication.quit)
        return False


def run_app(quit_after_first_paint: bool = False, lesson: Lesson | None = None, stage: int = 0,
            presenter: bool = False, language: str | None = None, fan: int | None = None) -> int:
    """The window, with the user's settings, on `lesson` at `stage` (0-based) when given, in presenter
    mode and in `language` for this run when asked."""
    from gdsim.qt.main_window import MainWindow
    from gdsim.qt.settings import Settings

    app = application()
    window = MainWindow(settings=Settings())
    errors = ErrorDialogs(window)
    errors.install()
    _show_as_asked(window, lesson, stage, presenter, language, fan)
    if quit_after_first_paint:
        probe = QuitAfterFirstPaint(window)
        window.contour_view.viewport().installEventFilter(probe)
    window.show()
    return app.exec()


def headless_application() -> QApplication:
    """The QApplication for drawing to a file: offscreen when there is no display to open."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return application()


def save_widget_png(widget, path: str, replace_read_only: bool = False) -> int:
    """Lay out and paint `widget` (already shown or not), then save it as PNG; 0 on success, OSError
    (for the command to word) when the file cannot be written."""
    for _ in range(5):
        QApplication.processEvents()
    from gdsim.qt.export.rendering import grab_with_gl, save_image

    image = grab_with_gl(widget)
    save_image(image, Path(path), replace_read_only=replace_read_only)  # a temporary file, then renamed
    return 0


def _show_as_asked(window, lesson: Lesson | None, stage: int, presenter: bool, language: str | None,
                   fan: int | None = None) -> None:
    """What the command line asked of the window: a language for this run (not remembered), a lesson's
    stage, presenter mode (as F5 turns it on), fans of `fan` runs (Balls ▸ Fan)."""
    if language is not None:
        from gdsim.qt import language as ui_language

        ui_language.set_language(language)  # not window.set_language: that one is remembered
    if lesson is not None:
        window.controller.load_stage(lesson, stage)  # LessonError names the file, the stage and the field
    if presenter and not window.actions["presenter"].isChecked():
        window.actions["presenter"].trigger()
    if fan is not None:
        window.view_state.set_fan(True, fan)


def save_screenshot(path: str, size: tuple[int, int], steps: int | None, lesson: Lesson | None = None,
                    stage: int = 0, presenter: bool = False, language: str | None = None,
                    fan: int | None = None) -> int:
    """Build the main window at `size` (on `lesson` at `stage`, in presenter mode, in `language`, when
    asked), advance `steps` steps from the stage's start (None: to the stage's end), save it as PNG; 0 on
    success."""
    headless_application()
    from gdsim.qt.main_window import MainWindow

    window = MainWindow()
    window.resize(*size)
    window.show()
    try:
        _show_as_asked(window, lesson, stage, presenter, language, fan)
        window.surface_view.ensure_built()
        window.controller.advance(steps if steps is not None else window.controller.stage_steps or 0)
        window.controller.know_every_event()
        return save_widget_png(window, path)
    finally:
        window.close()
