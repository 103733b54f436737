"""The ghosts on the map: where a ball whose settings changed mid-run would have gone without the change.

Each ghost (gdsim.model.branching.Ghost, the controller's) is a dashed line in its ball's colour, from the
branch's step to the ghost's end, with its final loss beside the end: "ghost: f = 0.0123".
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Slot

from gdsim.model.branching import Ghost
from gdsim.qt import style

MOST_LINES = 50  # a crowd's ghost draws its first balls' paths: more would be a grey smear
Z_VALUE = 11  # over the trails (10), under the start marker and the balls


def ghost_text(ghost: Ghost) -> str:
    loss = f"{ghost.final_loss:.4g}".replace("-", "−")
    return QCoreApplication.translate("GhostLayer", "ghost: f = {loss}").format(loss=loss)


class GhostLayer(QObject):
    """The controller's ghosts drawn on `view` (a LandscapePlot: its plot_points places them)."""

    def __init__(self, view, controller):
        super().__init__(view)
        self._view = view
        self._ghosts: tuple[Ghost, ...] = ()
        self.lines: list[pg.PlotCurveItem] = []
        self.labels: list[pg.TextItem] = []
        view.installEventFilter(self)
        controller.sigGhostsChanged.connect(self._on_ghosts_changed)

    @Slot(object)
    def _on_ghosts_changed(self, ghosts: tuple[Ghost, ...]) -> None:
        self._ghosts = ghosts
        for item in (*self.lines, *self.labels):
            self._view.removeItem(item)
        self.lines, self.labels = [], []
        for ghost in ghosts:
            if ghost.positions.shape[2] != self._view.dim:
                continue
            color = style.ball_color(ghost.color)
            pen = pg.mkPen(color, width=style.line(2.5), style=Qt.PenStyle.DashLine)
            end = None
            for column in range(min(len(ghost.balls), MOST_LINES)):
                points = self._view.plot_points(ghost.positions[:, column], ghost.losses[:, column])
                points = points[np.isfinite(points).all(axis=1)]
                if not len(points):
                    continue
                line = pg.PlotCurveItem(points[:, 0], points[:, 1], pen=pen)
                line.setZValue(Z_VALUE)
                self._view.addItem(line, ignoreBounds=True)
                self.lines.append(line)
                end = points[-1] if end is None else end
            if end is not None:
                label = pg.TextItem(ghost_text(ghost), color=color, anchor=(0, 1),
                                    fill=pg.mkBrush(255, 255, 255, 200), border=pg.mkPen(color))
                label.setZValue(Z_VALUE + 1)
                label.setPos(float(end[0]), float(end[1]))
                self._view.addItem(label, ignoreBounds=True)
                self.labels.append(label)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            for label, ghost in zip(self.labels, (g for g in self._ghosts if g.positions.shape[2] == self._view.dim),
                                    strict=False):
                label.setText(ghost_text(ghost))
        return False
