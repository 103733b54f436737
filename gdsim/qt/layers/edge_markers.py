"""Signs on the map for what is not plainly on it: a triangle at the edge for each point outside the
view, pointing at it, with its value; and a note beside a diverged ball's ✕ ("diverged at step k")."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from gdsim.model.simulation import BallStatus
from gdsim.qt import style

MAX_LABELS = 12  # 100 random restarts off the map: their triangles, but no wall of text
EDGE_INSET_PX = 9  # a triangle's centre from the edge
LABEL_GAP_PX = 12  # its label's near side from the triangle's centre


def edge_placement(points: np.ndarray, x_range, y_range, inset: tuple[float, float]):
    """For points (n, 2) outside the box x_range × y_range: where their triangles go (clamped inside the
    box by `inset`, in units) and which edge each is on ('left', 'right', 'top', 'bottom'); only the
    finite points outside are placed. Returns (which points, their triangle positions, their edges)."""
    (x0, x1), (y0, y1) = x_range, y_range
    finite = np.all(np.isfinite(points), axis=1)
    safe = np.where(finite[:, None], points, 0.0)
    inside = (safe[:, 0] >= x0) & (safe[:, 0] <= x1) & (safe[:, 1] >= y0) & (safe[:, 1] <= y1)
    marked = np.flatnonzero(finite & ~inside)
    xs, ys = safe[marked, 0], safe[marked, 1]
    # How far past the edge, in widths of the view: the larger overshoot names the edge pointed across.
    over_x = (xs - np.clip(xs, x0, x1)) / (x1 - x0)
    over_y = (ys - np.clip(ys, y0, y1)) / (y1 - y0)
    across = np.abs(over_x) >= np.abs(over_y)
    edges = np.where(across, np.where(over_x > 0, "right", "left"), np.where(over_y > 0, "top", "bottom"))
    ix, iy = min(inset[0], 0.45 * (x1 - x0)), min(inset[1], 0.45 * (y1 - y0))
    placed = np.column_stack([np.clip(xs, x0 + ix, x1 - ix), np.clip(ys, y0 + iy, y1 - iy)])
    return marked, placed, edges


def value_text(position: np.ndarray) -> str:
    """A point as an edge label gives it: '(7.43e+06, -9.9e+06)', or one number on a curve."""
    values = ", ".join(f"{value:.3g}" for value in position)
    return f"({values})" if len(position) > 1 else values


def stopped_note(status: int, stopped_at: int) -> str:
    """The note by a stopped ball's ✕: '✕ diverged at step 6', '✕ left the domain at step 1'."""
    if status == BallStatus.UNDEFINED:
        return "✕ " + QCoreApplication.translate("LandscapePlot", "left the domain at step {step}").format(step=stopped_at)
    return "✕ " + QCoreApplication.translate("LandscapePlot", "diverged at step {step}").format(step=stopped_at)


def stopped_label(position: np.ndarray, seen_step: int, status: int, stopped_at: int) -> str:
    """An off-map ✕'s label: where the ball was, and when it stopped. A diverged ball is shown where it was
    last seen, steps before it diverged: then the label says which step that place is from."""
    note = stopped_note(status, stopped_at)
    if seen_step < 0 or seen_step == stopped_at:
        return f"{value_text(position)} {note}"
    place = QCoreApplication.translate("LandscapePlot", "last at {place}, step {step}").format(
        place=value_text(position), step=seen_step)
    return f"{place} · {note}"


# pyqtgraph's triangles: 't' points down, 't1' up, 't2' right, 't3' left.
_SYMBOL = {"right": "t2", "left": "t3", "top": "t1", "bottom": "t"}
# A label's anchor (which of its points sits at its position) and its step inward, in pixels (x, y up).
_LABEL = {"right": ((1, 0.5), (-1, 0)), "left": ((0, 0.5), (1, 0)),
          "top": ((0.5, 0), (0, -1)), "bottom": ((0.5, 1), (0, 1))}


class EdgeMarkers:
    """Triangles at the plot's edge for points outside its view, each in its ball's colour and with its
    value; and notes beside points on it (a diverged ball's step). Placed again whenever the view moves."""

    def __init__(self, plot: pg.PlotItem):
        self._view_box = plot.vb
        self._plot = plot
        self.triangles = pg.ScatterPlotItem(pxMode=True)
        self.triangles.setZValue(40)
        plot.addItem(self.triangles, ignoreBounds=True)
        self.labels: list[pg.TextItem] = []  # the triangles' labels, then the notes, made as needed
        self._points = np.empty((0, 2))
        self._brush_of: Callable[[int], object] = lambda index: None
        self._text_of: Callable[[int], str] = str
        self._notes: list[tuple[float, float, str]] = []
        self.marked = np.empty(0, dtype=int)  # which of the points have a triangle, after the last placing
        self._view_box.sigRangeChanged.connect(self.place)
        self._view_box.sigResized.connect(self.place)

    def set_points(self, points: np.ndarray, brush_of: Callable[[int], object], text_of: Callable[[int], str],
                   notes: list[tuple[float, float, str]] = ()) -> None:
        """The points to watch (n, 2) in plot units, each one's brush and label (`brush_of(index)`,
        `text_of(index)`: asked only of the points marked, a few of thousands), and notes to write
        beside points (x, y, text) when those are in view."""
        self._points = np.asarray(points, dtype=float).reshape(-1, 2)
        self._brush_of = brush_of
        self._text_of = text_of
        self._notes = list(notes)
        self.place()

    def place(self, *args) -> None:
        x_range, y_range = self._view_box.viewRange()
        width, height = max(self._view_box.width(), 1.0), max(self._view_box.height(), 1.0)
        unit = ((x_range[1] - x_range[0]) / width, (y_range[1] - y_range[0]) / height)  # per pixel
        inset = (style.px(EDGE_INSET_PX) * unit[0], style.px(EDGE_INSET_PX) * unit[1])
        marked, placed, edges = edge_placement(self._points, x_range, y_range, inset)
        if marked.size or self.marked.size:  # nothing off the map, frame after frame: nothing to redo
            self.triangles.setData(pos=placed, symbol=[_SYMBOL[e] for e in edges], size=style.px(17),
                                   brush=[self._brush_of(int(i)) for i in marked], pen=style.outline_pen(1.2))
        self.marked = marked
        wanted = []
        for (x, y), edge, index in zip(placed[:MAX_LABELS], edges[:MAX_LABELS], marked[:MAX_LABELS], strict=False):
            anchor, (sx, sy) = _LABEL[str(edge)]
            # Along its edge, a label leans away from the nearer corner, so that it stays on the map.
            if sx == 0:
                anchor = ((x - x_range[0]) / (x_range[1] - x_range[0]), anchor[1])
            else:
                anchor = (anchor[0], (y_range[1] - y) / (y_range[1] - y_range[0]))
            gap = style.px(LABEL_GAP_PX)
            wanted.append((x + sx * gap * unit[0], y + sy * gap * unit[1], anchor, self._text_of(int(index))))
        (x0, x1), (y0, y1) = x_range, y_range
        for x, y, text in self._notes[:MAX_LABELS]:
            if x0 <= x <= x1 and y0 <= y <= y1:
                right = x > 0.5 * (x0 + x1)  # towards the middle, away from the edge
                wanted.append((x + (-1 if right else 1) * style.px(LABEL_GAP_PX) * unit[0], y,
                               (1 if right else 0, 0.5), text))
        self._show_labels(wanted)

    def apply_theme(self) -> None:
        """Labels in the theme's font size (presenter mode), triangles at its size."""
        for label in self.labels:
            label.setFont(QApplication.font())
        self.place()

    def _show_labels(self, wanted) -> None:
        while len(self.labels) < len(wanted):
            label = pg.TextItem(color=style.OUTLINE, fill=pg.mkBrush(255, 255, 255, 210))
            label.setFont(QApplication.font())  # a pyqtgraph text keeps the font it was made with
            label.setZValue(41)
            self._plot.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        for label, (x, y, anchor, text) in zip(self.labels, wanted, strict=False):
            label.setAnchor(anchor)
            if label.toPlainText() != text:
                label.setText(text)
            label.setPos(x, y)
            label.show()
        for label in self.labels[len(wanted):]:
            if label.isVisible():
                label.hide()

    def shown_texts(self) -> list[str]:
        """The labels on the map now (for a test, or a reader of the picture)."""
        return [label.toPlainText() for label in self.labels if label.isVisible()]
