"""What the window makes or reads only when it is needed, or just after its first paint: the first paint
does not wait for it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget, QWidget

from gdsim.qt.support.signals import signals_blocked


class BuiltOnDemand(QObject):
    """Holds the place of a view in a splitter, a stacked widget or a tab widget with an empty widget until the
    view is asked for (`view`), then puts the view there, visible or not (or current or not) as the place was.

    The made view subscribes to the controller as any view does, and its `catch_up()` then draws the
    state it missed (the landscape, the run, the step): the view shows the current state from the start.
    """

    def __init__(self, make: Callable[[], QWidget], parent: QObject | None = None):
        super().__init__(parent)
        self._make = make
        self._view: QWidget | None = None
        self.placeholder = QWidget()

    @property
    def built(self) -> bool:
        return self._view is not None

    @property
    def widget(self) -> QWidget:
        """What stands in the view's place now: the view, or the placeholder before it is made."""
        return self._view if self._view is not None else self.placeholder

    @property
    def view(self) -> QWidget:
        """The view, made and put in its place now if it was not yet."""
        if self._view is None:
            self._view = view = self._make()
            self._put_in_place(view)
            view.catch_up()
        return self._view

    def set_visible(self, shown: bool) -> None:
        """Show the view (made now if need be) or hide it; hiding one not made yet makes nothing."""
        if shown or self._view is not None:
            self.view.setVisible(shown)
        else:
            self.placeholder.hide()

    def _put_in_place(self, view: QWidget) -> None:
        placeholder = self.placeholder
        holder = placeholder.parentWidget()
        tabs = holder.parentWidget() if isinstance(holder, QStackedWidget) else None
        if isinstance(tabs, QTabWidget):  # its pages are in a stack of its own, which the tab bar follows
            index = tabs.indexOf(placeholder)
            current = tabs.currentIndex() == index
            with signals_blocked(tabs):  # the same page is current, made
                tabs.insertTab(index, view, tabs.tabText(index))
                tabs.setTabToolTip(index, tabs.tabToolTip(index + 1))
                tabs.removeTab(index + 1)
                if current:
                    tabs.setCurrentIndex(index)
        elif isinstance(holder, QSplitter):
            holder.replaceWidget(holder.indexOf(placeholder), view)  # takes its size and visibility
        elif isinstance(holder, QStackedWidget):
            current = holder.currentWidget() is placeholder
            holder.insertWidget(holder.indexOf(placeholder), view)
            if current:
                holder.setCurrentWidget(view)
            holder.removeWidget(placeholder)
        elif holder is not None:
            raise TypeError(f"a view made on demand stands in a splitter, a stack or tabs, not a {type(holder).__name__}")
        placeholder.setParent(None)
        placeholder.deleteLater()


def make_when_chosen(tabs: QTabWidget, *pages: BuiltOnDemand) -> None:
    """Make each of `pages`, pages of `tabs`, when its tab is first chosen."""

    def make_chosen(index: int) -> None:
        for page in pages:
            if not page.built and tabs.widget(index) is page.placeholder:
                page.view  # noqa: B018 -- asking for the view makes it

    tabs.currentChanged.connect(make_chosen)


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, work: Callable[[], None]):
        super().__init__(widget)
        self._work = work
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._work)  # after the paint is on screen
        return False


def after_first_paint(widget: QWidget, work: Callable[[], None]) -> None:
    """Run `work` once, just after `widget` is first painted."""
    _FirstPaint(widget, work)
