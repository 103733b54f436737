"""The window's layout, the map first: the lesson strip and the caption over three columns, the control
panel, the map, and the side column (the 3-D surface or the data over the analysis tabs). In a narrow
window the side columns give way before the map does; presenter mode folds the control panel away and
gives back exactly the layout from before when it ends."""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QScrollArea, QSplitter, QVBoxLayout, QWidget

from gdsim.qt.support.signals import signals_blocked

PANEL_WIDTH = 320
PANEL_MIN_WIDTH = 280  # below its width the panel scrolls sideways; below this it folds away
PANEL_MAX_WIDTH = PANEL_WIDTH + 120
SIDE_WIDTH = 400
SIDE_MIN_WIDTH = 256  # the surface and the tabs under it: their pages scroll or wrap below their own width
MAIN_SIZES = (PANEL_WIDTH, 560, SIDE_WIDTH)  # control panel, map, side column
SIDE_SIZES = (420, 420, 300)  # surface or data panel (one is hidden), analysis tabs
ANALYSIS_HEIGHT = 430
MAP_SHARE = 0.435  # of the width, the least the map keeps in a narrow window
MAP_ROOM = 520  # pixels: on a wide screen the side columns keep their widths and the map still has this much
PRESENTER_SIDE_SHARE = 0.4  # of the width, the most the side column widens to in presenter mode (the panel folded)
TAB_BAR_ROOM = 4  # pixels beside the analysis tabs' titles
PRESENTER_ANALYSIS_SHARE = 0.5  # of the side column's height: the loss plot stays readable under the 3-D view
MIN_PANE_SIZE = 60  # a splitter pane smaller than this counts as collapsed


def fitted(available: int, panel: int, side: int, panel_min: int, side_min: int) -> tuple[int, int]:
    """The widths of the control panel and the side column in `available` pixels, the map keeping MAP_SHARE
    of them, or MAP_ROOM where that is less: each column keeps the width it was given while there is room, the
    side column narrows to its minimum first, then the panel, then the side column folds away, then the panel."""
    room = available - min(math.ceil(available * MAP_SHARE), MAP_ROOM)
    if panel + side <= room:
        return panel, side
    narrow_side = min(side, max(side_min, room - panel)) if side else 0
    narrow_panel = min(panel, max(panel_min, room - narrow_side)) if panel else 0
    if narrow_panel + narrow_side <= room:
        return narrow_panel, narrow_side
    alone = min(panel, max(panel_min, room)) if panel else 0  # the side column folded
    return (alone, 0) if alone <= room else (0, 0)


def _min_width(widget: QWidget) -> int:
    return max(widget.minimumWidth(), widget.minimumSizeHint().width())


class MapFirstSplitter(QSplitter):
    """The control panel, the map and the side column, side by side. The panel and the side column keep
    the widths last given to them (by a drag or by setSizes) as long as the map keeps half the width;
    a narrower window narrows or folds them first (`fitted`), and they get their widths back as it grows."""

    sigPanelShown = Signal(bool)

    def __init__(self, panel: QWidget, landscape: QWidget, side: QWidget):
        super().__init__(Qt.Orientation.Horizontal)
        for index, widget in enumerate((panel, landscape, side)):
            self.addWidget(widget)
            self.setStretchFactor(index, 1 if widget is landscape else 0)
            self.setCollapsible(index, widget is not landscape)
        self._wanted = (MAIN_SIZES[0], MAIN_SIZES[2])
        self.splitterMoved.connect(self._on_moved)
        self.setSizes(list(MAIN_SIZES))

    def setSizes(self, sizes) -> None:
        self._wanted = (sizes[0], sizes[2])
        super().setSizes(sizes)
        self.sigPanelShown.emit(self.sizes()[0] > 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()

    def fit(self) -> None:
        """The wanted widths, as far as the map's half of the width leaves room for them."""
        available = sum(self.sizes())
        if available <= 0:
            return
        panel, side = fitted(available, *self._wanted, _min_width(self.widget(0)), _min_width(self.widget(2)))
        super().setSizes([panel, available - panel - side, side])
        self.sigPanelShown.emit(panel > 0)

    @Slot(int, int)
    def _on_moved(self, *_) -> None:
        sizes = self.sizes()
        self._wanted = (sizes[0], sizes[2])
        self.sigPanelShown.emit(sizes[0] > 0)


class WindowLayout(QObject):
    """Makes the window's central widget around its views and keeps its proportions: the room of the
    analysis tabs and of the 3-D view, the control panel shown or folded (View ▸ Control Panel), and
    presenter mode's layout."""

    def __init__(self, window: QMainWindow, views: dict[str, QWidget], controls: QAction):
        super().__init__(window)
        self._window = window
        self._controls = controls
        panel_scroll = QScrollArea()
        panel_scroll.setWidget(views["control_panel"])
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setMinimumWidth(PANEL_MIN_WIDTH)
        panel_scroll.setMaximumWidth(PANEL_MAX_WIDTH)
        views["analysis_tabs"].setMinimumWidth(SIDE_MIN_WIDTH)  # not its widest page's: the map comes first
        self.analysis_tabs = views["analysis_tabs"]
        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        for name in ("surface_view", "data_panel", "analysis_tabs"):
            self.side_splitter.addWidget(views[name])
        self.side_splitter.setSizes(list(SIDE_SIZES))
        # The timeline under the map: the steps reached, to be taken back to any of them.
        map_column = QWidget()
        map_layout = QVBoxLayout(map_column)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.setSpacing(0)
        map_layout.addWidget(views["landscape_stack"], 1)
        map_layout.addWidget(views["timeline_bar"])
        self.main_splitter = MapFirstSplitter(panel_scroll, map_column, self.side_splitter)
        self.main_splitter.sigPanelShown.connect(self._on_panel_shown)
        self.central = QWidget()
        column = QVBoxLayout(self.central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(views["lesson_bar"])
        column.addWidget(views["caption_bar"])
        if "prediction_bar" in views:  # over the map while a round of Predict, then reveal is open
            column.addWidget(views["prediction_bar"])
        column.addWidget(self.main_splitter, 1)
        self.analysis_tabs.currentChanged.connect(self._give_analysis_room)
        self._panel_width = PANEL_WIDTH  # what the control panel comes back at
        self._before_presenting: tuple[list[int], list[int]] | None = None

    @property
    def presenting(self) -> bool:
        return self._before_presenting is not None

    def normal_sizes(self) -> tuple[list[int], list[int]]:
        """The splitters' sizes outside presenter mode: the ones to remember."""
        if self._before_presenting is not None:
            return self._before_presenting
        return self.main_splitter.sizes(), self.side_splitter.sizes()

    def set_presenting(self, on: bool, scale: float) -> None:
        """Presenter mode's layout (the control panel folded, the map wider), or the one from before it."""
        if on and self._before_presenting is None:
            self._before_presenting = self.main_splitter.sizes(), self.side_splitter.sizes()
            self._panel_width = min(round(PANEL_WIDTH * scale), PANEL_WIDTH + 40)
            self.show_controls(False)
            self._widen_side_column()
            keys = {name: self._window.actions[name].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                    for name in ("show_controls", "presenter")}
            self._window.statusBar().showMessage(self.tr("Presenter mode: {controls} shows the control panel, "
                                                         "{presenter} ends presenter mode.").format(
                controls=keys["show_controls"], presenter=keys["presenter"]), 8000)
        elif not on and self._before_presenting is not None:
            (main, side), self._before_presenting = self._before_presenting, None
            width = sum(self.main_splitter.sizes())
            self.main_splitter.setSizes(main)
            self.side_splitter.setSizes(side)
            self._panel_width = main[0] or PANEL_WIDTH
            if width != sum(main):  # the window changed size meanwhile
                self.main_splitter.fit()

    def _widen_side_column(self) -> None:
        """Presenter mode's side column: wide enough for the tabs' titles, the control panel being folded, and half of its
        height for the analysis tabs, whose loss plot is what a class reads from afar."""
        panel, landscape, side = self.main_splitter.sizes()
        total = panel + landscape + side
        if side > 0:  # as wide as every tab's whole title needs, while the map keeps most of the width
            titles = sum(self.analysis_tabs.tabBar().full_title_widths()) + TAB_BAR_ROOM
            side = max(side, min(titles, round(total * PRESENTER_SIDE_SHARE)))
            self.main_splitter.setSizes([panel, total - panel - side, side])
            self.main_splitter.fit()
        sizes = self.side_splitter.sizes()
        column = sum(sizes)
        tabs = max(sizes[2], round(column * PRESENTER_ANALYSIS_SHARE))
        above = 0 if sizes[0] > 0 else 1  # the surface, or the data panel shown in its place
        if sizes[above] > 0 and tabs > sizes[2]:
            self.side_splitter.setSizes([column - tabs if i == above else sizes[i] for i in (0, 1)] + [tabs])

    @Slot(bool)
    def show_controls(self, shown: bool) -> None:
        """The control panel shown at the width it had, or folded away with its width given to the map."""
        panel, landscape, side = self.main_splitter.sizes()
        if shown == (panel > 0):
            return
        if shown:
            self.main_splitter.setSizes([self._panel_width, max(landscape - self._panel_width, 0), side])
            self.main_splitter.fit()
        else:
            self._panel_width = panel
            self.main_splitter.setSizes([0, landscape + panel, side])

    @Slot(bool)
    def _on_panel_shown(self, shown: bool) -> None:
        with signals_blocked(self._controls):
            self._controls.setChecked(shown)

    def reset(self) -> None:
        """The sizes the window first opens with."""
        self._before_presenting = None
        self._panel_width = PANEL_WIDTH
        self.main_splitter.setSizes(list(MAIN_SIZES))
        self.side_splitter.setSizes(list(SIDE_SIZES))
        self.main_splitter.fit()

    def open_surface_room(self) -> None:
        """The 3-D view (or the data panel in its place) asked for again after a drag closed it: half the column."""
        sizes = self.side_splitter.sizes()
        if sizes[0] + sizes[1] < MIN_PANE_SIZE and sum(sizes) > 2 * MIN_PANE_SIZE:
            half = sum(sizes) // 2
            self.side_splitter.setSizes([half, half, sum(sizes) - half])

    @Slot(int)
    def _give_analysis_room(self, index: int) -> None:
        """The pages beyond the loss plot need more height than it: take it from the 3-D view, once."""
        sizes = self.side_splitter.sizes()
        wanted = ANALYSIS_HEIGHT
        if self.analysis_tabs.widget(index) is not self.analysis_tabs.loss_plot and sizes[2] < wanted \
                and sum(sizes) > wanted + 150:
            taken = wanted - sizes[2]
            above = 0 if sizes[0] > 0 else 1  # the surface, or the data panel shown in its place
            self.side_splitter.setSizes([max(sizes[i] - taken, 0) if i == above else sizes[i] for i in (0, 1)]
                                        + [wanted])
