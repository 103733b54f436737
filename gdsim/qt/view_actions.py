"""View ▸ Control Panel, 3-D Surface, Gradient Field, Full Screen, Presenter Mode, High Contrast, Language and Reset
to Defaults: the window's actions for how it looks.

The surface, the theme and the defaults stay the window's to change (MainWindow._on_show_surface_toggled,
_on_theme_chosen, reset_settings, set_language): these actions only call them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup

from gdsim.qt import language


def add_view_actions(add: Callable, window) -> None:
    """Adds the View menu's actions, but Language's, with `add` (MainWindow._make_actions' own)."""
    translate = QCoreApplication.translate
    add("show_surface", translate("MainWindow", "3-D Surface"), "F3", window._on_show_surface_toggled,
        translate("MainWindow", "Show or hide the 3-D surface view"))
    window.actions["show_surface"].setCheckable(True)
    window.actions["show_surface"].setChecked(True)
    add("show_controls", translate("MainWindow", "Control Panel"), "F4",
        lambda shown: window.window_layout.show_controls(shown),
        translate("MainWindow", "Show or hide the control panel: the map takes its room"))
    window.actions["show_controls"].setCheckable(True)
    window.actions["show_controls"].setChecked(True)
    add("gradient_field", translate("MainWindow", "Gradient Field"), "G",
        lambda shown: window.view_state.set_gradient_field(shown),
        translate("MainWindow", "Arrows of −∇f on the contour map"))
    window.actions["gradient_field"].setCheckable(True)
    add("full_screen", translate("MainWindow", "Full Screen"), "F11", lambda full: _show_full_screen(window, full),
        translate("MainWindow", "Full screen for the projector"))
    window.actions["full_screen"].setCheckable(True)
    add("presenter", translate("MainWindow", "Presenter Mode"), "F5", window._on_theme_chosen,
        translate("MainWindow", "Larger text, balls and lines for the back row"))
    window.actions["presenter"].setCheckable(True)
    add("high_contrast", translate("MainWindow", "High Contrast"), "F6", window._on_theme_chosen,
        translate("MainWindow", "Darker map and lines for a washed-out projector"))
    window.actions["high_contrast"].setCheckable(True)
    add("reset_settings", translate("MainWindow", "Reset to Defaults"), None, window.reset_settings,
        translate("MainWindow", "Forget the window's size, layout and look, and restore the defaults"))


def _show_full_screen(window, full: bool) -> None:
    if full:
        window.showFullScreen()
    else:
        window.showNormal()


def add_language_actions(window) -> None:
    """View ▸ Language: English, 한국어 (each in its own language) or the system's."""
    group = QActionGroup(window)
    group.setExclusive(True)
    for code in (language.SYSTEM, *language.LANGUAGES):
        action = QAction(language.LANGUAGE_NAMES.get(code, ""), window)
        action.setCheckable(True)
        action.setChecked(code == language.chosen_language())
        action.triggered.connect(lambda checked=False, code=code: window.set_language(code))
        group.addAction(action)
        window.actions[f"language:{code}"] = action
    relabel_language_actions(window)


def relabel_language_actions(window) -> None:
    system = window.actions[f"language:{language.SYSTEM}"]
    system.setText(QCoreApplication.translate("MainWindow", "System language ({language})").format(
        language=language.LANGUAGE_NAMES[language.system_language()]))
    window.actions[f"language:{language.chosen_language()}"].setChecked(True)
