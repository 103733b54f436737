"""The 3-D view's axes: lines along the surface box's edges, and their labels as plain widgets over the
view, moved to where their 3-D points fall each time the view paints.

Labels are widgets rather than pyqtgraph's GLTextItem: that one paints with a QPainter inside the
OpenGL frame, which QWidget.grab (screenshots) leaves out.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QMatrix4x4, QPalette, QVector3D
from PySide6.QtWidgets import QLabel, QWidget

AXIS_COLOR = (0.25, 0.25, 0.3, 1.0)
LABEL_COLOR = "#3c3c46"


def lowest_shown(sampled: float, span: float, minima: list[float]) -> float:
    """The surface's lowest value as its axis says it: the landscape's lowest minimum where one lies just
    below the sampled grid's lowest (x² + y²: 0, not 0.00353), else that value to a hundredth of `span`."""
    below = [value for value in minima if value <= sampled]
    if below and sampled - max(below) <= 0.02 * span:
        return max(below)
    unit = 10.0 ** np.floor(np.log10(span / 100))
    return float(np.floor(sampled / unit) * unit)


def float_over(widget: QWidget) -> None:
    """`widget` as a native window of its own, so that it shows above a window container it overlaps."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
    widget.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
    widget.raise_()


def label_placer(gl, place):
    """A GL item that draws nothing and calls `place(matrix)` at each paint, with the matrix taking scene
    points to the view's pixels."""
    from pyqtgraph.opengl.GLGraphicsItem import GLGraphicsItem

    class LabelPlacer(GLGraphicsItem):
        def paint(self) -> None:
            rect = QRectF(self.view().rect())
            to_pixels = QMatrix4x4()
            to_pixels.viewport(rect.left(), rect.bottom(), rect.width(), -rect.height())
            place(to_pixels * self.mvpMatrix())

    return LabelPlacer()


class SurfaceAxes:
    """Axis lines in the GL view and their labels, each label centred on its point in the scene."""

    def __init__(self, gl, view, label_parent: QWidget, line_width: float):
        self._view = view
        self._label_parent = label_parent
        self.lines = gl.GLLinePlotItem(mode="lines", width=line_width, color=AXIS_COLOR, antialias=True)
        view.addItem(self.lines)
        self._placer = label_placer(gl, self._place)
        view.addItem(self._placer)
        self.labels: list[tuple[QLabel, QVector3D]] = []

    def set_axes(self, segments: np.ndarray, texts: list[tuple[str, tuple[float, float, float]]]) -> None:
        """Lines (pairs of rows of scene points) and labels (text, scene point)."""
        self.lines.setData(pos=np.asarray(segments, dtype=float))
        while len(self.labels) > len(texts):
            self.labels.pop()[0].deleteLater()
        while len(self.labels) < len(texts):
            label = QLabel(self._label_parent)
            # A palette, not a style sheet: a style-sheeted label keeps the font it had when polished, and
            # presenter mode's larger font never reached it.
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(LABEL_COLOR))
            label.setPalette(palette)
            float_over(label)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # drags still turn the view
            label.show()
            self.labels.append((label, QVector3D()))
        self.labels = [(label, QVector3D(*where)) for (label, _), (_, where) in zip(self.labels, texts, strict=True)]
        for (label, _), (text, _) in zip(self.labels, texts, strict=True):
            label.setText(text)
            label.adjustSize()
        self._view.update()

    def texts(self) -> list[str]:
        return [label.text() for label, _ in self.labels]

    def _place(self, to_pixels: QMatrix4x4) -> None:
        for label, where in self.labels:
            point = to_pixels.map(where)
            x, y = round(point.x() - label.width() / 2), round(point.y() - label.height() / 2)
            if (x, y) != (label.x(), label.y()):
                label.move(x, y)
