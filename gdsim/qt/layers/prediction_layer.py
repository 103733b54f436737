"""The class's guesses on the map: numbered markers while a "where" round is open, and after Reveal a dashed
line from each guess to the ball at step k, labelled with its distance (the closest guess's in bold)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from gdsim.model.prediction import PredictionKind, PredictionRound, distance_text
from gdsim.model.rounding import picked_start
from gdsim.qt import style

GUESS_COLOR = "#6a1b9a"  # a deep purple: no ball colour, readable on the pale map and on the dark one
MARKER_PX = 13


class PredictionLayer(QObject):
    """Draws the controller's open round on a contour map and turns map clicks into guesses while it
    takes them (the map asks `take_click` first; a click it does not take moves the start as before).
    A QObject child of the plot, so Qt drops its connection to the controller when the plot is deleted with its
    view (the controller can outlive the view)."""

    def __init__(self, plot: pg.PlotItem, controller):
        super().__init__(plot)
        self._plot = plot
        self._controller = controller
        self.markers = pg.ScatterPlotItem(symbol="o", brush=pg.mkBrush("w"))
        self.lines = pg.PlotCurveItem(connect="finite")
        self.markers.setZValue(30)
        self.lines.setZValue(29)
        plot.addItem(self.lines, ignoreBounds=True)
        plot.addItem(self.markers, ignoreBounds=True)
        self.labels: list[pg.TextItem] = []
        self._round: PredictionRound | None = None
        controller.sigPredictionChanged.connect(self.show_round)

    def take_click(self, event) -> bool:
        """A left click on the map while a "where" round takes guesses: a guess there (True); else False."""
        if not self._controller.taking_guesses or event.button() != Qt.MouseButton.LeftButton or event.double():
            return False
        view_box = self._plot.vb
        if not view_box.sceneBoundingRect().contains(event.scenePos()):
            return False
        point = view_box.mapSceneToView(event.scenePos())
        (x0, x1), _ = view_box.viewRange()
        self._controller.add_guess(picked_start((point.x(), point.y()), x1 - x0))
        return True

    @Slot(object)
    def show_round(self, round_: PredictionRound | None) -> None:
        self._round = round_
        for label in self.labels:
            self._plot.removeItem(label)
        self.labels = []
        guesses = np.array(round_.guesses if round_ is not None and round_.kind is PredictionKind.WHERE else [],
                           dtype=float).reshape(-1, 2)
        pen = pg.mkPen(GUESS_COLOR, width=style.line(2))
        self.markers.setData(pos=guesses, size=style.px(MARKER_PX), pen=pen)
        answer = round_.answer if round_ is not None else None
        if answer is None or not len(guesses):
            self.lines.setData([], [])
        else:
            ends = np.repeat(np.asarray(answer.position, dtype=float)[None, :], len(guesses), axis=0)
            joined = np.stack([guesses, ends, np.full_like(guesses, np.nan)], axis=1).reshape(-1, 2)
            self.lines.setData(joined[:, 0], joined[:, 1])
            self.lines.setPen(pg.mkPen(GUESS_COLOR, width=style.line(2), style=Qt.PenStyle.DashLine))
        for number, guess in enumerate(guesses):
            text = str(number + 1)
            if answer is not None:
                text += f": {distance_text(answer.distances[number])}"
            self._label(text, QPointF(*guess), bold=answer is not None and number == answer.closest)

    def _label(self, text: str, at: QPointF, bold: bool) -> None:
        label = pg.TextItem(text, color=GUESS_COLOR, anchor=(-0.15, 1.05), fill=pg.mkBrush(255, 255, 255, 210))
        font = QFont(QApplication.font())  # the theme's size: a pyqtgraph text keeps the font it was made with
        font.setBold(bold)
        label.setFont(font)
        label.setZValue(31)
        label.setPos(at)
        self._plot.addItem(label, ignoreBounds=True)
        self.labels.append(label)

    def apply_theme(self) -> None:
        self.show_round(self._round)
