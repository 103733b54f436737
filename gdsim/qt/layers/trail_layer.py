"""Trails painted once into an image: a frame costs what the new segments cost, not the history."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from gdsim.model.simulation import Snapshot


class TrailLayer(pg.GraphicsObject):
    """An image over the view box that the trails are painted into.

    Each snapshot adds only the segments since the last one. The whole history is painted
    again only when it has to be: a new run, a thinned history, a zoom, pan or resize.
    Measured at 1280×800: 1,000 balls with 200-step trails cost ~50 ms a frame drawn as curves.
    """

    def __init__(self, view_box: pg.ViewBox, current_snapshot: Callable[[], Snapshot]):
        super().__init__()
        self._view_box = view_box
        self._current_snapshot = current_snapshot
        self._image = QImage()
        self._rect = QRectF()
        self._pens: list[tuple[np.ndarray, QPen]] = []  # (ball indices, pen) per colour
        self._drawn = (None, -1, -1)  # run id, history thinnings, last step painted
        self._last_rows: np.ndarray | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        view_box.sigRangeChanged.connect(self._on_geometry_changed)
        view_box.sigResized.connect(self._on_geometry_changed)

    def set_groups(self, groups: list[tuple[np.ndarray, QPen]]) -> None:
        """Which balls are drawn with which pen; clears the trails."""
        self._pens = groups
        self._drawn = (None, -1, -1)
        self._clear()

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, *args) -> None:
        if self._exportOpts is not False:  # a picture for a slide or a file: the trails as lines, not pixels
            self._paint_for_export(painter, self._exportOpts.get("lineScale", 1.0))
        elif not self._image.isNull():
            painter.drawImage(self._rect, self._image)

    def _paint_for_export(self, painter: QPainter, line_scale: float) -> None:
        rows = self._current_snapshot().history_positions
        if rows.shape[-1] != 2 or not self._pens or self._rect.isEmpty():
            return
        # Far beyond the view, a diverging ball's trail is cut short of Qt's fixed-point limits.
        reach = 1e4 * max(self._rect.width(), self._rect.height())
        center = np.array([self._rect.center().x(), self._rect.center().y()])
        rows = np.clip(rows, center - reach, center + reach)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for balls, pen in self._pens:  # one polyline per ball, so its bends are joined smoothly
            lines = np.concatenate([rows[:, balls], np.full((1, len(balls), 2), np.nan)]).transpose(1, 0, 2)
            lines = lines.reshape(-1, 2)
            wide = QPen(pen)
            wide.setWidthF(max(pen.widthF(), 1.0) * line_scale)
            painter.setPen(wide)
            painter.drawPath(pg.arrayToQPath(lines[:, 0], lines[:, 1], connect="finite"))

    def update_trails(self, snapshot: Snapshot) -> None:
        if snapshot.history_positions.shape[-1] != 2:  # a 1-D run: nothing of it is drawn here
            return
        run, thinned, last = self._drawn
        steps = snapshot.history_steps
        if run != snapshot.run_id or thinned != snapshot.history_thinned or self._image.isNull() or last > steps[-1]:
            self._clear()
            first = 0
        else:
            first = int(np.searchsorted(steps, last))  # the row painted last: new segments start there
        if first < len(steps) - 1:
            self._paint_segments(snapshot.history_positions[first:])
        self._drawn = (snapshot.run_id, snapshot.history_thinned, int(steps[-1]))
        self.update()

    def _paint_segments(self, rows: np.ndarray) -> None:
        """Segments between consecutive rows (rows, balls, 2), in view coordinates."""
        if self._image.isNull() or len(rows) < 2:
            return
        scale_x = self._image.width() / self._rect.width()
        scale_y = self._image.height() / self._rect.height()
        pixels = np.empty_like(rows)
        pixels[..., 0] = (rows[..., 0] - self._rect.left()) * scale_x
        pixels[..., 1] = (rows[..., 1] - self._rect.top()) * scale_y
        np.clip(pixels, -1e5, 1e5, out=pixels)  # a diverging ball must not overflow Qt's fixed point
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for balls, pen in self._pens:
            ends = np.stack([pixels[:-1, balls], pixels[1:, balls]], axis=2)  # (rows-1, balls, 2, 2)
            ends = ends.reshape(-1, 2, 2)
            moving = np.all(np.isfinite(ends), axis=(1, 2)) & np.any(ends[:, 0] != ends[:, 1], axis=1)
            ends = ends[moving].reshape(-1, 2)
            if len(ends):
                path = pg.arrayToQPath(ends[:, 0], ends[:, 1], connect="pairs")
                painter.setPen(pen)
                painter.drawPath(path)
        painter.end()

    def _clear(self) -> None:
        (x0, x1), (y0, y1) = self._view_box.viewRange()
        pixels = self._view_box.size()
        ratio = max(1.0, self._view_box.scene().views()[0].devicePixelRatioF()) if self._view_box.scene() else 1.0
        width, height = max(1, int(pixels.width() * ratio)), max(1, int(pixels.height() * ratio))
        self.prepareGeometryChange()
        self._rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        if self._image.width() != width or self._image.height() != height:
            self._image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        self._image.fill(0)

    def _on_geometry_changed(self, *args) -> None:
        if self._pens:  # the pixels moved: paint the whole history again, once
            self._drawn = (None, -1, -1)
            self.update_trails(self._current_snapshot())
