"""What the window remembers between sessions: its size and place, its splitters, its look, the
language and the last setup, read from and written to the settings file (gdsim.qt.settings)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QSplitter

from gdsim.qt import language, style
from gdsim.qt.controller import Controller
from gdsim.qt.settings import Settings
from gdsim.qt.window_layout import MIN_PANE_SIZE


def save(window, settings: Settings) -> None:
    """What to remember of `window` for next time."""
    settings.set("language", language.chosen_language())
    try:
        settings.set("setup/last", window.controller.setup.lesson_toml(window.controller.step_count, "Last setup"))
    except Exception:  # no ball on, or a setup the lesson format cannot hold: closing must not fail
        settings.set("setup/last", "")
    normal = window.normalGeometry()
    settings.set("window/geometry", [normal.x(), normal.y(), normal.width(), normal.height()])
    settings.set("window/maximized", window.isMaximized())
    main, side = window.window_layout.normal_sizes()  # presenter mode's folded panel is not the layout to keep
    settings.set("window/main_splitter", main)
    settings.set("window/side_splitter", side)
    settings.set("view/presenter", window.actions["presenter"].isChecked())
    settings.set("view/high_contrast", window.actions["high_contrast"].isChecked())
    settings.set("view/surface", window.actions["show_surface"].isChecked())
    settings.set("view/fan_runs", window.view_state.fan[1])
    settings.set("view/curvature", window.view_state.curvature_shown)
    settings.sync()


def starting_controller(settings: Settings) -> tuple[Controller, str]:
    """The window's controller on the last session's landscape, starts and balls, as a setup of one's own
    (no lesson stage limits it), so that the views draw it first and once; with the note for the status bar
    when the saved setup no longer reads (then on the default setup)."""
    text = settings.get("setup/last")
    if not text:
        return Controller(), ""
    from gdsim.model.lessons import parse_lesson
    from gdsim.model.setup import Setup

    try:  # making the controller compiles what the setup typed and makes its run
        return Controller(Setup.from_stage(parse_lesson(text, "last setup").stages[0])), ""
    except Exception as error:  # whatever a foreign or stale file holds: the defaults stay
        return Controller(), QCoreApplication.translate(
            "MainWindow", "The last setup could not be restored: {error}").format(error=error)


def restore(window, settings: Settings) -> None:
    """The last session's window and look; whatever does not read back keeps its default. The last setup is
    not here: the window's controller starts from it (`starting_controller`)."""
    if settings.get("language") in (language.SYSTEM, *language.LANGUAGES):
        window.set_language(settings.get("language"))
    _restore_geometry(window, settings.get("window/geometry"), settings.get("window/maximized"))
    # The control panel and the side column may have been folded away (View ▸ Control Panel); the map not.
    _restore_splitter(window.main_splitter, settings.get("window/main_splitter"), (1,))
    # The 3-D view and the data panel share one place: the one shown must have room.
    _restore_splitter(window.side_splitter, settings.get("window/side_splitter"), ((0, 1), 2))
    window.view_state.set_fan(False, settings.get("view/fan_runs"))
    if not settings.get("view/surface"):
        window.actions["show_surface"].trigger()
    window.view_state.set_curvature_shown(settings.get("view/curvature"))
    if settings.get("view/presenter") or settings.get("view/high_contrast"):
        window.set_theme(style.Theme(scale=style.PRESENTER_SCALE if settings.get("view/presenter") else 1.0,
                                     high_contrast=settings.get("view/high_contrast")))


def _restore_geometry(window, geometry: list[int] | None, maximized: bool) -> None:
    """The last size and place, kept on the screen the window opens on."""
    if geometry is not None:
        x, y, width, height = geometry
        screen = window.screen().availableGeometry()
        window.resize(min(width, screen.width()), min(height, screen.height()))
        if screen.contains(x, y):
            window.move(x, y)
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def _restore_splitter(splitter: QSplitter, sizes: list[int] | None, panes) -> None:
    """The saved sizes, unless they would leave a pane without room: a layout that hides a view
    the user asked for (say, collapsed by a drag) is repaired to the default sizes."""
    if sizes is None:
        return

    def room(pane) -> int:
        return sum(sizes[i] for i in pane) if isinstance(pane, tuple) else sizes[pane]

    if all(room(pane) >= MIN_PANE_SIZE for pane in panes):
        splitter.setSizes(sizes)
