"""The tabs under the surface view: the loss plot, and the analysis pages made on first use."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtWidgets import QProxyStyle, QStyle, QTabBar, QTabWidget, QWidget

from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.signals import signals_blocked
from gdsim.qt.view_state import ViewState

PAGES = ("explain_panel", "comparison", "sweep_panel", "basin_panel", "curvature_panel")  # the tabs after the loss plot


def shared_widths(natural: list[int], room: int) -> list[int]:
    """Widths for tabs of `natural` widths in `room` pixels: the widest narrowed first, to one cap, so
    that short titles (Loss) stay whole while long ones are shortened to "…"."""
    if sum(natural) <= room or not natural:
        return natural
    cap = max(natural)
    low, high = 0, cap
    while low < high:  # the largest cap whose widths still fit
        middle = (low + high + 1) // 2
        if sum(min(n, middle) for n in natural) <= room:
            low = middle
        else:
            high = middle - 1
    return [min(n, low) for n in natural]


class NarrowTabStyle(QProxyStyle):
    """The application's style with half its space beside a tab's title: five titles share a narrow column. Six
    (with the Curvature tab) take a sixth of it where their short titles fit no other way (`tight`)."""

    tight = False

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        space = super().pixelMetric(metric, option, widget)
        if metric != QStyle.PixelMetric.PM_TabBarTabHSpace:
            return space
        return space // 6 if self.tight else space // 2


class FittedTabBar(QTabBar):
    """A tab bar whose tabs all fit its tab widget's width, without scroll arrows: behind them a tab
    such as Basins was never found. Where the full titles do not fit (1024 × 768 in English), the tabs take
    their short titles, which read whole ("Explain", not "Expl…"); only where even those do not fit are the
    longest shortened with "…". The full title is each tab's tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self._style = NarrowTabStyle()
        self._style.setParent(self)
        self.setStyle(self._style)
        self._titles: list[tuple[str, str]] = []  # each tab's (full, short) title

    def set_titles(self, titles: list[tuple[str, str]]) -> None:
        """Each tab's full title (its tooltip) and short one (its title where the full ones do not fit)."""
        self._titles = titles
        for index, (full, _) in enumerate(titles):
            self.setTabToolTip(index, full)
        self.refit()

    def natural_widths(self) -> list[int]:
        """The tabs' widths with their whole titles (0 for a hidden tab: it takes no room)."""
        return [super(FittedTabBar, self).tabSizeHint(i).width() if self.isTabVisible(i) else 0
                for i in range(self.count())]

    def full_title_widths(self) -> list[int]:
        """The tabs' widths with their full titles, whichever titles they show now."""
        if len(self._titles) != self.count():
            return self.natural_widths()
        metrics = self.fontMetrics()
        return [width and width - metrics.horizontalAdvance(self.tabText(index)) + metrics.horizontalAdvance(full)
                for index, (width, (full, _)) in enumerate(zip(self.natural_widths(), self._titles, strict=True))]

    def tabSizeHint(self, index: int) -> QSize:
        hint = super().tabSizeHint(index)
        holder = self.parentWidget()
        if holder is None:
            return hint
        return QSize(shared_widths(self.natural_widths(), holder.width() - 2)[index], hint.height())

    def minimumTabSizeHint(self, index: int) -> QSize:
        return self.tabSizeHint(index)

    def refit(self) -> None:
        """Full or short titles for the tab widget's new width, and the tabs laid out again for it (Qt keeps
        their widths until told)."""
        holder = self.parentWidget()
        if holder is not None and len(self._titles) == self.count():
            self._style.tight = False
            fits = sum(self.full_title_widths()) <= holder.width() - 2
            for index, (title, short) in enumerate(self._titles):
                wanted = title if fits else short
                if self.tabText(index) != wanted:
                    self.setTabText(index, wanted)
            # Short titles whole with less space beside them, rather than the longest cut to "Ex…".
            self._style.tight = sum(self.natural_widths()) > holder.width() - 2
        self.setElideMode(self.elideMode())


class AnalysisTabs(Retranslatable, QTabWidget):
    """The loss plot, then Explain step, Compare, η sweep, Basins and Curvature.

    The pages beyond the loss plot are made when first shown or asked for (`page`): the window
    then opens about 60 ms sooner, and most lessons never open them.
    """

    def __init__(self, controller: Controller, view_state: ViewState, loss_plot: QWidget,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._view_state = view_state
        self.loss_plot = loss_plot
        self.setTabBar(FittedTabBar(self))
        self.setDocumentMode(True)
        self.addTab(loss_plot, "")
        self._pages: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        for name in PAGES:
            self._placeholders[name] = QWidget()
            self.addTab(self._placeholders[name], "")
        self.currentChanged.connect(self._make_shown_page)
        self.currentChanged.connect(self._tell_whether_explaining)
        self._tell_whether_explaining(self.currentIndex())
        self.retranslate()
        # The Curvature tab is there while View ▸ Curvature is on: a sixth tab always there would shorten the
        # others' titles to "Ex…" in a 1024-wide window.
        self._show_curvature_tab(view_state.curvature_shown)
        view_state.sigCurvatureShownChanged.connect(self._show_curvature_tab)

    def resizeEvent(self, event) -> None:
        self.tabBar().refit()
        super().resizeEvent(event)

    def made(self, name: str) -> bool:
        return name in self._pages

    def page(self, name: str) -> QWidget:
        """The analysis page `name`, made now if it was not yet, in its tab's place."""
        if name not in self._pages:
            page = self._make(name)
            self._pages[name] = page
            placeholder = self._placeholders[name]
            index = self.indexOf(placeholder)
            shown = self.currentIndex() == index
            with signals_blocked(self):
                self.insertTab(index, page, self.tabText(index))
                self.setTabToolTip(index, self.tabToolTip(index + 1))
                self.setTabVisible(index, self.isTabVisible(index + 1))
                self.removeTab(index + 1)
                if shown:
                    self.setCurrentIndex(index)
            placeholder.deleteLater()
        return self._pages[name]

    def _make(self, name: str) -> QWidget:
        if name == "explain_panel":
            from gdsim.qt.analysis.explain_panel import ExplainPanel

            return ExplainPanel(self._controller, self._view_state)
        if name == "comparison":
            from gdsim.qt.analysis.comparison_table import ComparisonTable

            return ComparisonTable(self._controller)
        if name == "curvature_panel":
            from gdsim.qt.analysis.curvature_panel import CurvaturePanel

            return CurvaturePanel(self._controller, self._view_state)
        if name == "sweep_panel":
            from gdsim.qt.analysis.sweep_panel import SweepPanel

            return SweepPanel(self._controller)
        from gdsim.qt.analysis.basin_panel import BasinPanel

        return BasinPanel(self._controller, self._view_state)

    @Slot(bool)
    def _show_curvature_tab(self, shown: bool) -> None:
        """Turned on, the Curvature tab comes to the front with the curvature's numbers; turned off, it goes."""
        index = self.indexOf(self._pages.get("curvature_panel", self._placeholders["curvature_panel"]))
        if shown:
            self.setTabVisible(index, True)
            self.setCurrentIndex(index)
        else:
            if self.currentIndex() == index:
                self.setCurrentWidget(self.loss_plot)
            self.setTabVisible(index, False)
        self.tabBar().refit()

    @Slot(int)
    def _make_shown_page(self, index: int) -> None:
        shown = self.widget(index)
        for name, placeholder in self._placeholders.items():
            if placeholder is shown and name not in self._pages:
                self.page(name)

    @Slot(int)
    def _tell_whether_explaining(self, index: int) -> None:
        explain = self._pages.get("explain_panel", self._placeholders["explain_panel"])
        self._view_state.set_explain_open(index == self.indexOf(explain))

    def retranslate(self) -> None:
        # Short titles for a narrow column: "Table" is the comparison of the balls' runs, a table.
        titles = {"": (self.tr("Loss"), self.tr("Loss")),
                  "explain_panel": (self.tr("Explain step"), self.tr("Explain")),
                  "comparison": (self.tr("Compare"), self.tr("Table")),
                  "sweep_panel": (self.tr("η sweep"), self.tr("η sweep")),
                  "basin_panel": (self.tr("Basins"), self.tr("Basins")),
                  "curvature_panel": (self.tr("Curvature"), self.tr("Curv."))}
        by_index = sorted((self.indexOf(self._pages.get(name, self._placeholders.get(name, self.loss_plot))), pair)
                          for name, pair in titles.items())
        for index, (full, _) in by_index:
            self.setTabText(index, full)
        self.tabBar().set_titles([pair for _, pair in by_index])
