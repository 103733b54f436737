"""Plots inside a scrolling panel leave the mouse wheel to the panel: a wheel turned to scroll down the
panel must not zoom whatever plot passes under the pointer (the Derivative plot went to 10⁻¹⁰⁰…10¹⁰⁰)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


def enclosing_scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area around `widget` (a plot is a scroll area itself: not that one)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


class WheelToPanel(QObject):
    """An event filter on a plot's viewport that hands the wheel to the scroll area around the plot,
    unless Ctrl is held and the plot zooms.

    The wheel is handed over, not just ignored: Qt offers an ignored wheel event to the parents only
    when it came from the window system, not when a program (or a test) sent it.
    """

    def __init__(self, plot: pg.PlotWidget, ctrl_zooms: bool):
        super().__init__(plot)
        self.plot = plot
        self.ctrl_zooms = ctrl_zooms

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel:
            return False
        if self.ctrl_zooms and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        area = enclosing_scroll_area(self.plot)
        if area is None:
            event.ignore()
            return True
        delta = event.angleDelta()
        bar = area.verticalScrollBar() if abs(delta.y()) >= abs(delta.x()) else area.horizontalScrollBar()
        QApplication.sendEvent(bar, event.clone())
        event.accept()
        return True


def leave_wheel_to_panel(plot: pg.PlotWidget, ctrl_zooms: bool = False) -> WheelToPanel:
    """Make `plot`, inside a scroll area, let the wheel scroll the area; with `ctrl_zooms`, Ctrl + wheel zooms it."""
    wheel_filter = WheelToPanel(plot, ctrl_zooms)
    plot.viewport().installEventFilter(wheel_filter)
    return wheel_filter
