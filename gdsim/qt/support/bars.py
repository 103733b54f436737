"""The strips over the map (the lesson bar, the prediction bar): a tinted background and a bold title."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

from gdsim.qt.support.elided_label import ElidedLabel


def tint(bar: QWidget, colour: str) -> None:
    """Fill `bar`'s background with `colour`. A palette, not a style sheet: a styled widget keeps its font
    when presenter mode scales it."""
    palette = bar.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colour))
    bar.setPalette(palette)
    bar.setAutoFillBackground(True)


def bold_title(name: str) -> ElidedLabel:
    """A title cut with … where the bar is narrow, in bold: only the weight, so its size follows the
    application's font (presenter mode)."""
    title = ElidedLabel(name)
    bold = QFont()
    bold.setBold(True)
    title.setFont(bold)
    return title
