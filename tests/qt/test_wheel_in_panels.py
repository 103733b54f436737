"""A plot inside the scrolling side panel leaves the mouse wheel to the panel: the wheel scrolls the panel
and the plot's range stays (Ctrl + wheel still zooms the plot).

The control panel in a scroll area, as in the window, on lesson L2's first stage (a function of x, so
the Derivative tab has its plot), with a controller."""

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea

from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.panels.lessons import LessonPlayer


@pytest.fixture
def scrolling_panel(controller, view_state, show_views):
    LessonPlayer(controller).open("gradient", 0)
    panel = ControlPanel(controller, view_state)
    scroll = QScrollArea()
    scroll.setWidget(panel)
    scroll.setWidgetResizable(True)
    show_views(controller, scroll, size=(340, 420))  # shorter than the panel: it scrolls
    return scroll, panel


def wheel(widget, modifiers=Qt.KeyboardModifier.NoModifier, notches: int = -1) -> None:
    """Turn the mouse wheel by `notches` over the middle of `widget`, as Qt delivers it."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def range_of(plot: pg.PlotWidget):
    return [list(r) for r in plot.getPlotItem().vb.viewRange()]


def same_range(a, b) -> bool:
    """Equal but for a layout's pixel (a notch of the wheel zooms by about 12 %)."""
    return all(abs(x - y) <= 0.01 * (r[1] - r[0]) for r, s in zip(a, b, strict=True) for x, y in zip(r, s, strict=True))


def scrolled_into_view(scroll: QScrollArea, plot: pg.PlotWidget) -> None:
    scroll.ensureWidgetVisible(plot, 0, 0)
    QApplication.processEvents()
    bar = scroll.verticalScrollBar()
    if bar.value() == bar.maximum():  # leave it room to scroll further down
        bar.setValue(bar.maximum() - 40)
    plot.grab()  # drawn once: a view box fits its range to the data when it first paints


@pytest.mark.parametrize("tab", ["derivative", "balls"])
def test_the_wheel_over_a_plot_in_the_panel_scrolls_the_panel(scrolling_panel, tab):
    scroll, panel = scrolling_panel
    panel.tabs.setCurrentWidget(getattr(panel, tab))
    QApplication.processEvents()
    plots = [p for p in panel.findChildren(pg.PlotWidget) if p.isVisible()]
    assert plots, "no plot on the tab"
    for plot in plots:
        scrolled_into_view(scroll, plot)
        before, bar = range_of(plot), scroll.verticalScrollBar()
        value = bar.value()
        wheel(plot.viewport())
        QApplication.processEvents()
        assert bar.value() > value, f"{plot.objectName() or plot} took the wheel"
        assert same_range(range_of(plot), before), (range_of(plot), before)


def test_ctrl_wheel_still_zooms_the_derivative_plot(scrolling_panel):
    scroll, panel = scrolling_panel
    panel.tabs.setCurrentWidget(panel.derivative)
    plot = panel.derivative.plot
    scrolled_into_view(scroll, plot)
    before, value = range_of(plot), scroll.verticalScrollBar().value()
    wheel(plot.viewport(), Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert not same_range(range_of(plot), before)
    assert scroll.verticalScrollBar().value() == value


def test_no_plot_inside_a_scroll_area_of_the_window_takes_the_wheel(window):
    """Every plot the window puts in a scrolling area, whichever page it is on (made first)."""
    from gdsim.qt.support.wheel import enclosing_scroll_area

    for name in ("explain_panel", "comparison", "sweep_panel", "basin_panel"):
        window.analysis_tabs.page(name)
    window.control_panel.tabs.setCurrentWidget(window.control_panel.derivative)
    QApplication.processEvents()
    inside = [p for p in window.findChildren(pg.PlotWidget) if enclosing_scroll_area(p) is not None]
    assert window.control_panel.derivative.plot in inside
    for plot in inside:
        plot.grab()
        before = range_of(plot)
        wheel(plot.viewport())
        assert same_range(range_of(plot), before), plot.objectName() or type(plot.parentWidget()).__name__
