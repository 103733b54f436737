"""The main window: the views side by side around the controller, and every action in one dict."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from gdsim.formats import ExportError
from gdsim.model.lessons import names_a_file
from gdsim.model.presets import Preset
from gdsim.qt import language, names, style, window_memory, window_menus
from gdsim.qt.analysis_tabs import AnalysisTabs
from gdsim.qt.controller import Controller
from gdsim.qt.export.actions import ExportActions
from gdsim.qt.export.rendering import ExportView, one_colour
from gdsim.qt.language import Retranslatable
from gdsim.qt.lesson_actions import LessonNavigation, add_lesson_actions
from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.panels.lessons import CaptionBar, LessonBar, LessonPlayer
from gdsim.qt.panels.playback_bar import PlaybackBar
from gdsim.qt.panels.prediction_bar import PredictionBar
from gdsim.qt.panels.timeline_bar import TimelineBar
from gdsim.qt.prediction_actions import add_prediction_actions
from gdsim.qt.settings import Settings
from gdsim.qt.support.on_demand import BuiltOnDemand, after_first_paint
from gdsim.qt.support.signals import signals_blocked
from gdsim.qt.views.contour_view import ContourView
from gdsim.qt.views.loss_plot import LossPlot

if TYPE_CHECKING:
    from gdsim.qt.analysis.basin_panel import BasinPanel
    from gdsim.qt.analysis.comparison_table import ComparisonTable
    from gdsim.qt.analysis.explain_panel import ExplainPanel
    from gdsim.qt.analysis.sweep_panel import SweepPanel
    from gdsim.qt.views.curve_view import CurveView
    from gdsim.qt.views.data_panel import DataPanel
from gdsim.qt.branch_question import add_branch_actions
from gdsim.qt.event_actions import add_event_actions
from gdsim.qt.fan_actions import add_fan_actions
from gdsim.qt.map_actions import add_map_actions
from gdsim.qt.view_actions import add_language_actions, add_view_actions, relabel_language_actions
from gdsim.qt.view_state import ArrowsShown, ViewState
from gdsim.qt.views.surface_view import SurfaceView
from gdsim.qt.window_layout import WindowLayout


class MainWindow(Retranslatable, QMainWindow):
    """Control panel on the left; contour view, 3-D surface and loss plot in resizable splitters."""

    _relabelling = False  # _make_actions is making scratch actions for their texts (see _relabel_actions)

    def __init__(self, controller: Controller | None = None, parent: QWidget | None = None,
                 settings: Settings | None = None):
        super().__init__(parent)
        # Only the app's own window remembers (run_app passes the user's settings): tests, screenshots,
        # exports and the benchmark start from the defaults and leave the user's file alone.
        self.settings = settings
        # The last session's setup is where the controller starts: the views draw it first, and once.
        setup_problem = ""
        if controller is None:
            controller, setup_problem = (window_memory.starting_controller(settings) if settings is not None
                                         else (Controller(), ""))
            controller.setParent(self)
        self.controller = controller
        self.lessons = LessonPlayer(self.controller, self)
        self.navigation = LessonNavigation(self.controller, self.lessons, self)
        self.exports = ExportActions(self.controller, self.lessons, self.widget_for_export, self)
        self.actions: dict[str, QAction] = {}
        self.view_state = ViewState(self)
        self._make_actions()
        add_language_actions(self)

        self.contour_view = ContourView(self.controller, self.view_state)
        # A 2-D landscape shows its contour map and surface; a 1-D one its curve, in the same place. The curve
        # view and the data panel (a fit's) are made when first shown: most sessions start on a 2-D landscape.
        self._curve_view = BuiltOnDemand(self._make_curve_view, self)
        self._data_panel = BuiltOnDemand(self._make_data_panel, self)
        self.landscape_stack = QStackedWidget()
        self.landscape_stack.addWidget(self.contour_view)
        self.landscape_stack.addWidget(self._curve_view.placeholder)
        self.surface_view = SurfaceView(self.controller, self.view_state)
        self.loss_plot = LossPlot(self.controller, self.view_state)
        # Under the surface: the loss, and what looks inside a step or across runs, one at a time.
        self.analysis_tabs = AnalysisTabs(self.controller, self.view_state, self.loss_plot)
        self.control_panel = ControlPanel(self.controller, self.view_state)
        self._data_panel.placeholder.hide()
        self.lesson_bar = LessonBar(self.lessons, self.actions, self.navigation.stage_menu)
        self.caption_bar = CaptionBar(self.lessons)
        self.timeline_bar = TimelineBar(self.controller)
        self.prediction_bar = PredictionBar(self.controller)
        self.window_layout = WindowLayout(self, {
            "control_panel": self.control_panel, "landscape_stack": self.landscape_stack,
            "surface_view": self.surface_view, "data_panel": self._data_panel.placeholder, "analysis_tabs": self.analysis_tabs,
            "lesson_bar": self.lesson_bar, "caption_bar": self.caption_bar, "timeline_bar": self.timeline_bar,
            "prediction_bar": self.prediction_bar}, self.actions["show_controls"])
        self.main_splitter = self.window_layout.main_splitter
        self.side_splitter = self.window_layout.side_splitter
        self.setCentralWidget(self.window_layout.central)

        self.playback_bar = PlaybackBar(self.controller, self.actions)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.playback_bar)
        window_menus.fill_menu_bar(self)
        window_menus.follow_lessons(self)
        after_first_paint(self.menuBar(), self.lessons.read)
        self.surface_view.sigUnavailable.connect(self._on_surface_unavailable)
        self.lessons.sigProblem.connect(lambda message: self.statusBar().showMessage(message))
        self.resize(1280, 800)

        self.controller.sigPlayingChanged.connect(self._on_playing_changed)
        self.controller.sigHistoryChanged.connect(self._on_history_changed)
        self.controller.sigSetupChanged.connect(self._on_setup_changed)
        self.controller.sigNotice.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.exports.sigStatus.connect(self.statusBar().showMessage)
        self.controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        self.controller.publish()
        if setup_problem:
            self.statusBar().showMessage(setup_problem)
        if self.settings is not None:
            window_memory.restore(self, self.settings)

    def _make_actions(self) -> None:
        def add(name: str, text: str, shortcut: str | QKeySequence.StandardKey | None, handler, tip: str = "") -> None:
            action = QAction(text, None if self._relabelling else self)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{tip or text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                              if shortcut is not None else tip or text)
            if not self._relabelling:
                action.triggered.connect(handler)
                self.addAction(action)  # shortcuts work wherever the focus is in the window
            self.actions[name] = action

        add("step_back", self.tr("Step Back"), "Left", self.controller.step_back, self.tr("Go back one step, exactly"))
        add("step", self.tr("Step"), "Right", self.controller.step, self.tr("Take one step"))
        add("play_pause", self.tr("Play"), "Space", self.controller.toggle_play, self.tr("Play or pause"))
        add("reset", self.tr("Reset"), "R", self.controller.reset, self.tr("Back to the start point"))
        add("undo", self.tr("Undo"), "Ctrl+Z", self.controller.undo,
            self.tr("Take back the last change of the landscape, the balls or the starts"))
        add("redo", self.tr("Redo"), "Ctrl+Shift+Z", self.controller.redo, self.tr("Make the change you took back again"))
        add("leave_lesson", self.tr("Leave Lesson"), "Esc", self.controller.leave_lesson,
            self.tr("Back to your own setup from before the lesson"))
        add("quit", self.tr("Quit"), "Ctrl+Q", self.close)
        add("export", self.tr("Export…"), "Ctrl+E", self.exports.export,
            self.tr("Save or copy a picture of a view, record an animation, or save the trajectories"))
        add("open_setup", self.tr("Open Setup…"), "Ctrl+O", self.exports.open_setup,
            self.tr("Open a lesson file and play it"))
        add("save_setup", self.tr("Save Setup as Lesson…"), "Ctrl+S", self.exports.save_setup,
            self.tr("Save the landscape, starts, balls and steps as a lesson file"))
        add("explain_step", self.tr("Explain Step"), "E", self._explain_step,
            self.tr("The selected ball's coming step, with its numbers and arrows"))
        add_view_actions(add, self)
        add("shortcuts", self.tr("Keyboard Shortcuts"), "F1", self._show_shortcuts)
        add("about", self.tr("About gdsim"), None, lambda: window_menus.show_about(self))
        add_map_actions(add, self)
        add_event_actions(add, self)
        add_fan_actions(add, self)
        add_lesson_actions(add, self)
        add_prediction_actions(add, self)
        add_branch_actions(add, self)

    def set_language(self, code: str) -> None:
        """Show the GUI in 'en', 'ko' or the system's language ('system'), at once: the run goes on."""
        language.set_language(code)
        self.actions[f"language:{language.chosen_language()}"].setChecked(True)
        if self.settings is not None:
            self.settings.set("language", code)

    def retranslate(self) -> None:
        """Every text of the window in the current language; the widgets inside retranslate themselves."""
        self.lessons.set_language(language.current_language())
        self._relabel_actions()
        relabel_language_actions(self)
        self._on_playing_changed(self.controller.playing)
        for action in self.menuBar().actions():  # menus are made again, around the same actions
            self.menuBar().removeAction(action)
            if action.menu() is not None:
                action.menu().deleteLater()
        window_menus.fill_menu_bar(self)
        self.setWindowTitle(self._window_title(self.controller.preset))

    def _relabel_actions(self) -> None:
        """The texts and tips of the registry's actions in the current language.

        _make_actions runs again into a scratch registry of unconnected, unparented actions, whose
        texts are then copied: every action it makes is relabelled, and nothing else changes.
        """
        kept, self.actions = self.actions, {}
        self._relabelling = True
        try:
            self._make_actions()
        finally:
            scratch, self.actions, self._relabelling = self.actions, kept, False
        for name, fresh in scratch.items():
            if name in kept:
                kept[name].setText(fresh.text())
                kept[name].setToolTip(fresh.toolTip())

    # --- the views and analysis pages made on first use -----------------------------------------
    @property
    def curve_view(self) -> CurveView:
        return self._curve_view.view

    @property
    def data_panel(self) -> DataPanel:
        return self._data_panel.view

    def _make_curve_view(self) -> CurveView:
        from gdsim.qt.views.curve_view import CurveView

        return CurveView(self.controller, self.view_state)

    def _make_data_panel(self) -> DataPanel:
        from gdsim.qt.views.data_panel import DataPanel

        return DataPanel(self.controller)

    @property
    def explain_panel(self) -> ExplainPanel:
        return self.analysis_tabs.page("explain_panel")

    @property
    def comparison(self) -> ComparisonTable:
        return self.analysis_tabs.page("comparison")

    @property
    def sweep_panel(self) -> SweepPanel:
        return self.analysis_tabs.page("sweep_panel")

    @property
    def basin_panel(self) -> BasinPanel:
        return self.analysis_tabs.page("basin_panel")

    @staticmethod
    def _window_title(scene: Preset) -> str:
        return f"gdsim — {names.landscape_title(scene.landscape)}"

    def widget_for_export(self, view: ExportView) -> QWidget:
        """The widget that shows `view`, brought to the front (ExportError when it cannot be drawn)."""
        if view is ExportView.LANDSCAPE:
            return self.landscape_stack.currentWidget()
        if view is ExportView.LOSS:
            self.analysis_tabs.setCurrentWidget(self.loss_plot)
            return self.loss_plot
        if view is ExportView.SURFACE:
            surface = self.surface_view
            if not surface.isVisible():
                raise ExportError(self.tr("The 3-D surface is not shown: show it with View ▸ 3-D Surface (F3)."))
            surface.ensure_built()
            if surface.view is None:
                raise ExportError(self.tr("3-D view unavailable: {problem}").format(problem=surface.problem))
            if one_colour(surface.view.grabFramebuffer()):
                raise ExportError(self.tr("The 3-D view drew nothing here (OpenGL gave a blank picture); nothing "
                                          "was written. The 2-D views and the whole window can be exported."))
            return surface.frame
        return self

    def open_lesson(self, lesson_id: str, stage: int = 0) -> None:
        """Show a lesson from a stage (0-based), or play the lesson file whose path `lesson_id` is (as File ▸
        Open Setup does); KeyError names the lessons there are."""
        if names_a_file(lesson_id):
            self.exports.open_setup_file(lesson_id)
            return
        self.lessons.open(lesson_id, stage)

    @Slot()
    def _explain_step(self) -> None:
        """Step mode: pause, show the selected ball's coming step in the panel and on the map."""
        self.controller.pause()
        self.analysis_tabs.setCurrentWidget(self.explain_panel)
        if self.view_state.arrows is ArrowsShown.NONE:
            self.view_state.set_arrows(ArrowsShown.SELECTED)

    @Slot(bool)
    def _on_show_surface_toggled(self, shown: bool) -> None:
        scene = self.controller.preset
        self.surface_view.setVisible(shown and scene.landscape.dim == 2 and scene.fit is None)
        if shown:
            self.window_layout.open_surface_room()  # dragged shut: asking for the view again opens it

    @Slot(str)
    def _on_surface_unavailable(self, problem: str) -> None:
        self.statusBar().showMessage(self.tr("3-D view unavailable: {problem}").format(problem=problem))

    @Slot(bool, bool)
    def _on_history_changed(self, can_undo: bool, can_redo: bool) -> None:
        self.actions["undo"].setEnabled(can_undo)
        self.actions["redo"].setEnabled(can_redo)

    @Slot(object)
    def _on_setup_changed(self, setup) -> None:
        self.actions["leave_lesson"].setEnabled(setup.lesson is not None)

    @Slot(bool)
    def _on_playing_changed(self, playing: bool) -> None:
        self.actions["play_pause"].setText(self.tr("Pause") if playing else self.tr("Play"))

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        self.setWindowTitle(self._window_title(chosen))
        one_dimensional = chosen.landscape.dim == 1
        self.landscape_stack.setCurrentWidget(self.curve_view if one_dimensional else self.contour_view)
        self.actions["show_surface"].setEnabled(not one_dimensional and chosen.fit is None)
        self._data_panel.set_visible(chosen.fit is not None)  # a fit shows its data where the surface was
        self._on_show_surface_toggled(self.actions["show_surface"].isChecked())

    @Slot()
    def _on_theme_chosen(self, *args) -> None:
        self.set_theme(style.Theme(scale=style.PRESENTER_SCALE if self.actions["presenter"].isChecked() else 1.0,
                                   high_contrast=self.actions["high_contrast"].isChecked()))

    def set_theme(self, theme: style.Theme) -> None:
        """Draw everything with `theme`: fonts, ball sizes and line widths, and the map's contrast."""
        with signals_blocked(self.actions["presenter"], self.actions["high_contrast"]):
            self.actions["presenter"].setChecked(theme.scale != 1.0)
            self.actions["high_contrast"].setChecked(theme.high_contrast)
        self.view_state.set_theme(theme)
        for plot in self.findChildren(pg.PlotWidget):
            style.apply_plot_fonts(plot)
        self.caption_bar.follow_application_font()
        self.controller.republish_run()  # the run's items are made again at the theme's sizes
        self.window_layout.set_presenting(theme.scale != 1.0, theme.scale)

    def closeEvent(self, event) -> None:
        if self.analysis_tabs.made("basin_panel"):
            self.basin_panel.shutdown()  # a worker thread must end before the window that owns it
        if self.settings is not None:
            self.save_settings()
        super().closeEvent(event)

    def save_settings(self) -> None:
        window_memory.save(self, self.settings)

    @Slot()
    def reset_settings(self) -> None:
        """Forget what was remembered and show the window as it first opened."""
        if self.settings is not None:
            self.settings.reset()
        self.set_language(language.SYSTEM)
        self.set_theme(style.Theme())
        if not self.actions["show_surface"].isChecked():
            self.actions["show_surface"].trigger()
        if self.isFullScreen():
            self.actions["full_screen"].trigger()
        self.resize(1280, 800)
        self.window_layout.reset()

    @Slot()
    def _show_shortcuts(self) -> None:
        self.shortcuts_box = window_menus.open_shortcuts(self)
