"""The Qt application: start-up, the error dialog, and window screenshots."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from gdsim.resources import resource_path


def _application():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("gdsim")
    app.setOrganizationName("gdsim")
    app.setWindowIcon(QIcon(str(resource_path("icons", "gdsim.svg"))))
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="#222")
    return app


def install_error_dialog() -> None:
    """Show unexpected exceptions in a dialog with copyable details; the app keeps running."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def hook(kind, value, tb):
        details = "".join(traceback.format_exception(kind, value, tb))
        print(details, file=sys.stderr)
        if QApplication.instance() is None:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "gdsim",
                          f"Something went wrong: {value}\n\nYour setup is unchanged; you can keep working.")
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook


def run_app() -> int:
    from gdsim.qt.main_window import MainWindow

    app = _application()
    install_error_dialog()
    window = MainWindow()
    window.show()
    return app.exec()


def save_screenshot(path: str, size: tuple[int, int], steps: int) -> int:
    """Build the main window at `size`, advance `steps` steps, save it as PNG; 0 on success."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gdsim.qt.main_window import MainWindow

    _application()
    window = MainWindow()
    window.resize(*size)
    window.show()
    window.controller.advance(steps)
    for _ in range(5):
        QApplication.processEvents()
    image = window.grab()
    target = Path(path)
    if not image.save(str(target), "PNG"):
        print(f"gdsim: error: could not write {target}", file=sys.stderr)
        return 1
    window.close()
    return 0
