"""The tabs under the surface view: the loss plot, and the analysis pages made on first use."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QWidget

from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.signals import signals_blocked
from gdsim.qt.view_state import ViewState

PAGES = ("explain_panel", "comparison", "sweep_panel", "basin_panel")  # the tabs after the loss plot


class AnalysisTabs(Retranslatable, QTabWidget):
    """The loss plot, then Explain step, Compare, η sweep and Basins.

    The pages beyond the loss plot are made when first shown or asked for (`page`): the window
    then opens about 60 ms sooner, and most lessons never open them.
    """

    def __init__(self, controller: Controller, view_state: ViewState, loss_plot: QWidget,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._view_state = view_state
        self.loss_plot = loss_plot
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
        if name == "sweep_panel":
            from gdsim.qt.analysis.sweep_panel import SweepPanel

            return SweepPanel(self._controller)
        from gdsim.qt.analysis.basin_panel import BasinPanel

        return BasinPanel(self._controller, self._view_state)

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
        titles = {"explain_panel": self.tr("Explain step"), "comparison": self.tr("Compare"),
                  "sweep_panel": self.tr("η sweep"), "basin_panel": self.tr("Basins")}
        self.setTabText(self.indexOf(self.loss_plot), self.tr("Loss"))
        for name, title in titles.items():
            self.setTabText(self.indexOf(self._pages.get(name, self._placeholders[name])), title)
