"""A horizontal slider that marks a stability bound: a tick at η_max with the values above it shaded ("diverges
here"), and a second tick at the best η where there is one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QToolTip, QWidget

DIVERGES_SHADE = QColor(200, 30, 30, 70)
BOUND_TICK = QColor(176, 0, 32)
BEST_TICK = QColor(0, 130, 60)


class BoundSlider(QSlider):
    """A QSlider that paints, over its groove, the region of values that diverge and the ticks of `set_marks`
    (given in the slider's own value units, fractions allowed, so they follow whatever mapping the owner uses)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._bound: float | None = None
        self._best: float | None = None
        self.tooltip_source: Callable[[], str] | None = None  # what the slider's tooltip says, asked when shown

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.tooltip_source is not None:
            text = self.tooltip_source()
            if text:
                QToolTip.showText(event.globalPos(), text, self)
                return True
        return super().event(event)

    def set_marks(self, bound: float | None, best: float | None = None) -> None:
        """The slider value where divergence begins (None: no tick, no shade) and that of the best η (None: none)."""
        if (bound, best) != (self._bound, self._best):
            self._bound, self._best = bound, best
            self.update()

    def value_x(self, value: float) -> float:
        """The x (widget pixels) of the handle's centre at slider value `value`, clamped to the groove."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderGroove, self)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderHandle, self)
        span = max(groove.width() - handle.width(), 1)
        fraction = (min(max(value, self.minimum()), self.maximum()) - self.minimum()) / max(
            self.maximum() - self.minimum(), 1)
        return groove.left() + handle.width() / 2 + fraction * span

    def bound_x(self) -> float | None:
        """Where the bound's tick is painted (None: not painted)."""
        return None if self._bound is None else self.value_x(self._bound)

    def best_x(self) -> float | None:
        return None if self._best is None else self.value_x(self._best)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._bound is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        x = self.bound_x()
        painter.fillRect(QRectF(x, 0, self.width() - x, self.height()), DIVERGES_SHADE)
        painter.setPen(QPen(BOUND_TICK, 2))
        painter.drawLine(round(x), 0, round(x), self.height())
        if self._best is not None:
            best = round(self.best_x())
            painter.setPen(QPen(BEST_TICK, 2))
            painter.drawLine(best, self.height() // 4, best, self.height() - self.height() // 4)
        painter.end()
