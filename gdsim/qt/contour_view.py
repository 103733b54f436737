"""The contour view: height image, contour lines, critical points, balls and their trails."""

from __future__ import annotations

import contourpy
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy

from gdsim.model.landscapes import Preset
from gdsim.model.simulation import BallStatus, Snapshot
from gdsim.qt import style
from gdsim.qt.controller import Controller, RunInfo
from gdsim.qt.curves import group_by_slot, nan_joined

GRID_RESOLUTION = 300
CONTOUR_LEVELS = 22


def contour_lines(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every contour line of every level as one NaN-separated (x, y) pair of arrays."""
    generator = contourpy.contour_generator(xs, ys, np.where(np.isfinite(z), z, np.nan),
                                            line_type=contourpy.LineType.ChunkCombinedNan)
    pieces = []
    for level in levels:
        points = generator.lines(level)[0][0]  # one chunk, its lines already NaN-separated
        if points is not None:
            pieces.append(points)
    if not pieces:
        return np.empty(0), np.empty(0)
    joined = np.concatenate([np.vstack([p, [np.nan, np.nan]]) for p in pieces])
    return joined[:, 0], joined[:, 1]


class ContourView(pg.PlotWidget):
    """Top-down map of the landscape. A click drops the start point; the start marker can be dragged."""

    sigStartPicked = Signal(object)  # (x, y)

    def __init__(self, controller: Controller, parent=None):
        super().__init__(parent=parent)
        self._controller = controller
        self._groups: dict[int, np.ndarray] = {}
        self._trails: dict[int, pg.PlotCurveItem] = {}
        # pyqtgraph caches rendered symbols by brush identity: reusing one brush per colour keeps
        # a frame from re-rendering every ball.
        self._brushes = [pg.mkBrush(style.ball_color(slot)) for slot in range(len(style.BALL_COLORS))]
        self._ball_brushes = np.empty(0, dtype=object)

        style.prepare_plot(self)
        plot = self.getPlotItem()
        plot.setLabel("bottom", "x")
        plot.setLabel("left", "y")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(style.height_colormap().getLookupTable(nPts=256))
        self.image.setZValue(-20)
        # The landscape does not move while balls do: paint it once into a pixmap.
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.contours = pg.PlotCurveItem(pen=pg.mkPen(style.CONTOUR_LINE, width=1), connect="finite")
        self.contours.setZValue(-10)
        self.contours.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.critical = pg.ScatterPlotItem(size=13, pen=pg.mkPen(style.OUTLINE, width=1.2),
                                           brush=pg.mkBrush("w"))
        self.critical.setZValue(5)
        self.balls = pg.ScatterPlotItem(size=15, pen=pg.mkPen(style.OUTLINE, width=1.5))
        self.balls.setZValue(20)
        self.start_marker = pg.TargetItem(movable=True, size=16, symbol="crosshair",
                                          pen=pg.mkPen(style.OUTLINE, width=2), label="start",
                                          labelOpts={"color": style.OUTLINE, "offset": (8, 2)})
        self.start_marker.setZValue(15)
        for item in (self.image, self.contours, self.critical, self.balls, self.start_marker):
            plot.addItem(item)
        # Above the map, not on it: on a landscape with a minimum in every corner (Himmelblau)
        # any corner of the map would hide one.
        self.legend = pg.LegendItem(labelTextSize="10pt", colCount=2, verSpacing=-6)
        # A long label must not widen the plot past its widget (it would clip the map's right side).
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        plot.layout.removeItem(plot.titleLabel)
        plot.titleLabel.hide()
        plot.layout.addItem(self.legend, 0, 1)

        self.start_marker.sigPositionChangeFinished.connect(self._on_start_dragged)
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.sigStartPicked.connect(controller.set_start)
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        landscape = chosen.landscape
        xs, ys, z = landscape.sample_grid(GRID_RESOLUTION)
        self.image.setImage(style.equalized(z, z), levels=(0.0, 1.0))
        (x0, x1), (y0, y1) = landscape.view_box
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        finite = z[np.isfinite(z)]
        levels = np.unique(np.quantile(finite, np.linspace(0.0, 1.0, CONTOUR_LEVELS + 2)[1:-1])) if finite.size else []
        self.contours.setData(*contour_lines(xs, ys, z, levels))
        self.getPlotItem().vb.setLimits(xMin=None, xMax=None, yMin=None, yMax=None)
        self.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        self._ball_brushes = np.empty(len(run.slots), dtype=object)
        self._ball_brushes[:] = [self._brushes[slot % len(self._brushes)] for slot in run.slots]
        points = run.critical_points
        self.critical.setData(
            pos=np.array([p.point for p in points]).reshape(-1, 2),
            symbol=[style.CRITICAL_POINT_SYMBOLS[p.kind] for p in points],
            brush=[pg.mkBrush("w" if p.kind == "minimum" else "#555") for p in points])
        with pg.SignalBlock(self.start_marker.sigPositionChangeFinished, self._on_start_dragged):
            self.start_marker.setPos(pg.Point(*run.start))
        for item in self._trails.values():
            self.removeItem(item)
        self._groups = group_by_slot(run.slots)
        self._trails = {}
        for slot, balls in self._groups.items():
            item = pg.PlotCurveItem(connect="finite", **style.trail_style(slot, len(balls)))
            item.setZValue(10)
            self.addItem(item)
            self._trails[slot] = item
        self._rebuild_legend(run)

    def _rebuild_legend(self, run: RunInfo) -> None:
        self.legend.clear()
        for slot, balls in self._groups.items():
            sample = pg.ScatterPlotItem(symbol="o", size=12, brush=pg.mkBrush(style.ball_color(slot)),
                                        pen=pg.mkPen(style.OUTLINE, width=1.2))
            name = run.labels[balls[0]] + (f" ×{len(balls)}" if len(balls) > 1 else "")
            self.legend.addItem(sample, name)
        kinds = {p.kind for p in run.critical_points}
        for kind in ("minimum", "saddle", "maximum"):
            if kind in kinds:
                sample = pg.ScatterPlotItem(symbol=style.CRITICAL_POINT_SYMBOLS[kind], size=11,
                                            brush=pg.mkBrush("w" if kind == "minimum" else "#555"),
                                            pen=pg.mkPen(style.OUTLINE, width=1))
                self.legend.addItem(sample, kind)

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        positions = snapshot.positions
        drawable = np.all(np.isfinite(positions), axis=1)
        symbols = np.where(snapshot.status[drawable] == BallStatus.DIVERGED, "x", "o")
        self.balls.setData(pos=positions[drawable], brush=self._ball_brushes[drawable], symbol=symbols)
        history = snapshot.history_positions
        for slot, balls in self._groups.items():
            self._trails[slot].setData(*nan_joined(history[:, balls, 0], history[:, balls, 1]))

    @Slot(object)
    def _on_start_dragged(self, marker: pg.TargetItem) -> None:
        self.sigStartPicked.emit((marker.pos().x(), marker.pos().y()))

    def _on_scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        view_box = self.getPlotItem().vb
        if not view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view_box.mapSceneToView(event.scenePos())
        self.sigStartPicked.emit((point.x(), point.y()))
