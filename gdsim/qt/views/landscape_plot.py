"""What the contour view (2-D) and the curve view (1-D) share: balls, start marker, legend, picking."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication

from gdsim.model.landscapes import Box, CriticalPoint, Landscape
from gdsim.model.presets import Preset
from gdsim.model.rounding import picked_start
from gdsim.model.setup import RunInfo
from gdsim.model.simulation import Snapshot
from gdsim.qt import style
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.layers.edge_markers import EdgeMarkers
from gdsim.qt.layers.event_markers import EventMarkers
from gdsim.qt.layers.ghost_layer import GhostLayer
from gdsim.qt.support import pg_compat
from gdsim.qt.support.curves import group_by_ball
from gdsim.qt.view_state import ViewState
from gdsim.qt.views.ball_marks import mark_edges, place_crosses
from gdsim.qt.views.landscape_sampling import box_to_sample, covers
from gdsim.qt.views.legend_layout import LegendEntry, lay_out_legend
from gdsim.qt.views.map_framing import MapFraming
from gdsim.qt.views.run_legend import run_legend_entries
from gdsim.qt.views.start_label import place_start_label

START_MARKER_PX = 16  # the start crosshair's size, before the theme scales it


class LandscapePlot(Retranslatable, pg.PlotWidget):
    """A plot of one landscape with its balls; subclasses draw the landscape and the histories.

    It is active only for landscapes of its `dim`, and ignores the others. A click drops the
    start point, and the start marker can be dragged. It shows ViewState.map_range (see MapFraming),
    with a triangle at the edge for each ball outside it.
    """

    dim: ClassVar[int]
    range_ignores_drawing: ClassVar[bool] = False  # a curve's height range is taken from the drawn curve
    sigStartPicked = Signal(object)  # the new start, a tuple of `dim` floats

    def __init__(self, controller: Controller, view_state: ViewState | None = None, parent=None):
        super().__init__(parent=parent)
        self._controller = controller
        # Alone (in a test, an export), a view keeps drawing choices of its own.
        self.view_state = view_state or ViewState(self)
        self._landscape: Landscape | None = None
        self._sampled_box: Box = ()
        self._groups: dict[int, np.ndarray] = {}
        # pyqtgraph caches rendered symbols by brush identity: reusing one brush per colour keeps
        # a frame from re-rendering every ball.
        self._brushes = [pg.mkBrush(style.ball_color(color)) for color in range(len(style.BALL_COLORS))]
        self._ball_brushes = np.empty(0, dtype=object)

        style.prepare_plot(self)
        plot = self.getPlotItem()
        # Critical points are outlines over the balls, on a white halo: at a stage's end a ball rests on the
        # minimum, and a filled star under it was hidden while the legend listed "minimum".
        self.critical = pg.ScatterPlotItem(brush=pg.mkBrush(None))
        self.critical.setZValue(22)
        self.critical_halo = pg.ScatterPlotItem(brush=pg.mkBrush(None))
        self.critical_halo.setZValue(21)
        # One item per colour, each with one brush, so that a frame only moves points: per-point
        # brushes and symbols cost ~3.6 ms a frame for 1,000 balls. Diverged balls, few, are crosses.
        self._ball_items: dict[int, pg.ScatterPlotItem] = {}
        self.diverged = pg.ScatterPlotItem(symbol="x")
        self.diverged.setZValue(20)
        self.start_marker = pg.TargetItem(movable=True, symbol="crosshair", label=self._start_text(),
                                          labelOpts={"color": style.OUTLINE, "anchor": (0, 0.5),
                                                     "fill": pg.mkBrush(255, 255, 255, 190)})
        # Under the balls, so a ball at its start shows whole; the label sits past the crosshair's arm,
        # clear of a ball there.
        self.start_marker.setZValue(15)
        # With many starts, the best ball gets a ring once every ball has stopped.
        self.best = pg.ScatterPlotItem(symbol="o", brush=None)
        self.best.setZValue(25)
        for item in (self.critical_halo, self.critical, self.diverged, self.start_marker, self.best):
            plot.addItem(item)
        # Above the plot, not on it: on a landscape with a minimum in every corner (Himmelblau)
        # any corner of the map would hide one.
        plot.layout.removeItem(plot.titleLabel)
        plot.titleLabel.hide()
        self.legend: pg.LegendItem | None = None
        self._legend_entries: list[LegendEntry] = []
        self.legend = lay_out_legend(plot, None, [], self.width(), self.height())
        self.edge_markers = EdgeMarkers(plot)
        self.event_markers = EventMarkers(plot.vb, controller, self.view_state, self)
        self.ghosts = GhostLayer(self, controller)  # a branch's unbranched paths
        self.framing = MapFraming(self, controller, self.view_state)
        self.view_state.sigAspectLockedChanged.connect(self._lock_aspect)

        LandscapePlot.apply_theme(self)  # a subclass's items do not exist yet
        self.start_marker.sigPositionChangeFinished.connect(self._on_start_dragged)
        # The word flips to the crosshair's left when the right edge would cut it: re-placed whenever
        # the start, the range or the map's size moves it.
        self.start_marker.sigPositionChanged.connect(self._place_start_label)
        plot.vb.sigTransformChanged.connect(self._place_start_label)
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.sigStartPicked.connect(controller.set_start)
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)

    # --- what subclasses draw -----------------------------------------------------------------
    def draw_landscape(self, landscape: Landscape) -> None:
        """Draw the landscape over `self._sampled_box`."""
        raise NotImplementedError

    def apply_range(self, box: Box) -> None:
        """Show (at least) `box`, one (low, high) per variable."""
        raise NotImplementedError

    def plot_points(self, positions: np.ndarray, losses: np.ndarray) -> np.ndarray:
        """Where balls at `positions` with `losses` sit on this plot, as (n, 2)."""
        raise NotImplementedError

    def start_history(self, run: RunInfo) -> None:
        """Set up the drawing of a new run's history; `self._groups` holds the run's balls of each setup ball."""
        raise NotImplementedError

    def draw_history(self, snapshot: Snapshot) -> None:
        raise NotImplementedError

    def start_from_click(self, point: QPointF) -> tuple[float, ...]:
        raise NotImplementedError

    # --- shared -------------------------------------------------------------------------------
    @staticmethod
    def _start_text() -> str:
        # Not self.tr: its context would be the subclass's name at run time.
        return QCoreApplication.translate("LandscapePlot", "start")

    def retranslate(self) -> None:
        self.start_marker.label().setFormat(self._start_text())
        self._place_start_label()
        if self.active:
            self._rebuild_legend(self._controller.run_info())
        self.event_markers.refresh()

    def _place_start_label(self, *args) -> None:
        place_start_label(self.start_marker, style.px(START_MARKER_PX) + style.px(4))

    def apply_theme(self) -> None:
        """Sizes and pens of the items that outlive a run, from the current theme (the run's own
        items are rebuilt with it when the run is published again)."""
        # A little smaller than a ball (15 px), so that a ball resting on a minimum still shows its colour
        # around the star.
        for item, pen in ((self.critical, style.outline_pen(1.2)), (self.critical_halo, pg.mkPen("w", width=style.line(1.8)))):
            item.setSize(style.px(11))
            item.setPen(pen)
        self.diverged.setSize(style.px(15))
        self.diverged.setPen(style.outline_pen(1.5))
        self.start_marker.setPen(style.outline_pen(2))
        pg_compat.resize_target(self.start_marker, style.px(START_MARKER_PX))
        label = self.start_marker.label()
        label.setFont(QApplication.font())  # the theme's size: a pyqtgraph text keeps the font it was made with
        # Past the end of the crosshair's arm (as long as the marker's size), so that no arm runs
        # through the word and a ball at the start does not cover it.
        self._place_start_label()
        self.edge_markers.apply_theme()
        self.best.setSize(style.px(34))
        self.best.setPen(style.outline_pen(3))
        self._lay_out_legend()

    @property
    def active(self) -> bool:
        return self._landscape is not None

    def event_points(self, events) -> np.ndarray:
        return self.plot_points(np.array([e.position for e in events]), np.array([e.loss for e in events]))

    def ball_points(self, snapshot: Snapshot) -> np.ndarray:
        """Where the balls of `snapshot` are drawn: what the event markers' words keep clear of."""
        return self.plot_points(snapshot.positions, snapshot.losses)

    def critical_point_positions(self, points: tuple[CriticalPoint, ...]) -> np.ndarray:
        coordinates = np.array([p.point for p in points], dtype=float).reshape(-1, self.dim)
        return self.plot_points(coordinates, np.array([p.value for p in points], dtype=float))

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        if chosen.landscape.dim != self.dim:
            self._landscape = None
            return
        # Inactive while the lock changes: it must not show (and sample) this landscape over the range of the
        # last one (leaving a fit's (W, b), the map was sampled over the fit's range and lost its contours).
        self._landscape = None
        if self.dim == 2:  # x and y are the same kind of quantity, but a fit's W and b are not
            self.view_state.set_aspect_locked(chosen.fit is None)
        self._apply_lock()
        self._landscape = chosen.landscape
        # A fit's loss is over its parameters (W, b), not over x and y.
        names = chosen.fit.parameter_names if chosen.fit is not None else chosen.landscape.variables
        self.getPlotItem().setLabel("bottom", names[0])
        self.getPlotItem().setLabel("left", names[1] if self.dim == 2 else f"f({names[0]})")
        # Where the range shown does not depend on what is drawn, sampled once, over the range the framing
        # settles on (the lock widens the view box): drawn first, a map was sampled and contoured twice.
        # (The first framing turns auto-range off, fitting what is drawn on the way.)
        draw_first = not self.range_ignores_drawing or any(self.getPlotItem().vb.state["autoRange"])
        self._sampled_box = chosen.landscape.view_box if draw_first else ()
        if self._sampled_box:
            self.draw_landscape(chosen.landscape)
        self.framing.frame_landscape(chosen.landscape.view_box)
        if not self._sampled_box:
            self._sampled_box = chosen.landscape.view_box
            self.draw_landscape(chosen.landscape)

    # --- the range shown (ViewState.map_range, see MapFraming) ---------------------------------
    def show_range(self, box: Box) -> None:
        if self._sampled_box:  # nothing sampled yet: the range shown decides what is
            self.cover(box)
        self.apply_range(box)
        self.cover(tuple(tuple(r) for r in self.getPlotItem().vb.viewRange()[:self.dim]))

    def cover(self, box: Box) -> None:
        """Sample the landscape again when `box` goes past what is sampled, or is a small part of it."""
        if not self.active:
            return
        sampled = self._sampled_box or self._landscape.view_box  # a new landscape is sampled over its box
        if covers(sampled, box):
            if not self._sampled_box:
                self._sampled_box = sampled
                self.draw_landscape(self._landscape)
            return
        self._sampled_box = box_to_sample(box)
        self.draw_landscape(self._landscape)

    def _lock_aspect(self, *args) -> None:
        """One unit as long in x as in y, where the view state says so (never on a curve: f is not x)."""
        if not self.active:
            return
        # The view box keeps the range last asked for: locked, it widens it; freed, it shows it again
        # (not the map range, which is the widened one). What it shows comes back as the map range.
        asked = tuple(tuple(r) for r in self.getPlotItem().vb.targetRange()[:self.dim])
        if self._apply_lock():
            self.framing.show(asked)

    def _apply_lock(self) -> bool:
        """Lock or free the view box's aspect as the view state says; whether that changed it."""
        locked = self.dim == 2 and self.view_state.aspect_locked
        view_box = self.getPlotItem().vb
        if bool(view_box.state["aspectLocked"]) == locked:
            return False
        view_box.setAspectLocked(locked, ratio=1.0)
        return True

    def fit_to_balls(self) -> None:
        """View ▸ Fit to Balls: every running ball and the start in view."""
        if self.active:
            self.framing.fit(self._controller.snapshot(), self._landscape.view_box)

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        if not self.active or run.landscape.dim != self.dim:
            return
        self._ball_brushes = np.empty(len(run.placed_from), dtype=object)
        self._ball_brushes[:] = [self._brushes[run.colors[index] % len(self._brushes)] for index in run.placed_from]
        for item in self._ball_items.values():
            self.removeItem(item)
        self._ball_items = {}
        for index in sorted(set(run.placed_from)):
            item = pg.ScatterPlotItem(size=style.px(15), pen=style.outline_pen(1.5),
                                      brush=self._brushes[run.colors[index] % len(self._brushes)])
            item.setZValue(20)
            self.addItem(item)
            self._ball_items[index] = item
        # A point with a coordinate that is not a number (a fit of data with a noise of 1e308) is not drawn.
        points = [p for p in run.critical_points if all(math.isfinite(c) for c in (*p.point, p.value))]
        for item in (self.critical_halo, self.critical):
            item.setData(pos=self.critical_point_positions(points), symbol=[style.CRITICAL_POINT_SYMBOLS[p.kind] for p in points])
        start = self.plot_points(np.array([run.start]), run.landscape.value(np.array([run.start])))[0]
        with pg.SignalBlock(self.start_marker.sigPositionChangeFinished, self._on_start_dragged):
            self.start_marker.setPos(pg.Point(*start))
        # Random starts: one "start" among a thousand would name one ball's start, and sit on a ball.
        self.start_marker.setVisible(len(self._controller.setup.starts) == 1)
        self._groups = group_by_ball(run.placed_from)
        self.edge_markers.set_points(np.empty((0, 2)), lambda index: None, str)  # the last run's balls are gone
        self.start_history(run)
        self._rebuild_legend(run)
        self.framing.frame_run(run.landscape.view_box, run.start)
        if self.isVisible():  # painted once, at its new size (a hidden map is laid out when shown)
            pg_compat.settle_layout(self.getPlotItem())

    def _rebuild_legend(self, run: RunInfo) -> None:
        self.set_legend(run_legend_entries(run, self._groups))

    def set_legend(self, entries: list[LegendEntry] | list[tuple]) -> None:
        """Show these entries above the plot: (a function making the sample, the text[, a shorter text])."""
        entries = [LegendEntry(*entry) for entry in entries]
        if entries == self._legend_entries:  # laid out already, at this size (a new size lays it out again)
            return
        self._legend_entries = entries
        self._lay_out_legend()

    def _lay_out_legend(self) -> None:
        self.legend = lay_out_legend(self.getPlotItem(), self.legend, self._legend_entries, self.width(),
                                     self.height())
        # The plot took the width of the legend tried first; it is the widget's again, or the map's right
        # side (and the edge markers there) would lie past the widget's edge.
        if getattr(self, "range", None) is not None:
            self.getPlotItem().setGeometry(self.range)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if pg_compat.plot_item_alive(self, event) and getattr(self, "_legend_entries", None) and (
                event.oldSize() != event.size()):
            self._lay_out_legend()

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        if not self.active or snapshot.positions.shape[1] != self.dim:
            return
        points = self.plot_points(snapshot.positions, snapshot.losses)
        diverged, crosses, seen, seen_steps = place_crosses(snapshot, points, self.plot_points)
        drawable = np.all(np.isfinite(points), axis=1)
        for index, balls in self._groups.items():
            shown = balls[drawable[balls] & ~diverged[balls]]
            self._ball_items[index].setData(pos=points[shown])
        self.diverged.setData(pos=points[crosses][drawable[crosses]], brush=self._ball_brushes[crosses][drawable[crosses]])
        self._show_best(snapshot, points)
        self.draw_history(snapshot)
        self.framing.follow(snapshot)
        marker = self.start_marker.pos()
        mark_edges(self.edge_markers, snapshot, points, crosses, seen, seen_steps,
                   np.array(self._controller.setup.start, dtype=float),
                   (marker.x(), marker.y()) if self.start_marker.isVisible() else None, self._start_text,
                   self._ball_brushes)  # this run's brushes, not the next one's

    def _show_best(self, snapshot: Snapshot, points: np.ndarray) -> None:
        many = len(self._controller.setup.starts) > 1
        stop = self._controller.stage_steps
        done = snapshot.finished or (stop is not None and snapshot.step >= stop)  # a lesson stage's end too
        losses = np.where(np.isfinite(snapshot.losses), snapshot.losses, np.inf)
        if many and done and np.isfinite(losses).any():
            self.best.setData(pos=points[[int(np.argmin(losses))]])
        else:
            self.best.clear()

    @Slot(object)
    def _picked_start(self, point: QPointF) -> tuple[float, ...]:
        """The start at `point`, to the digits the start boxes show (finer only when zoomed far in): a
        click picks a pixel, not the 15th digit, and the run starts where every label says it does."""
        (x0, x1), _ = self.getPlotItem().vb.viewRange()
        return picked_start(self.start_from_click(point), x1 - x0)

    def _on_start_dragged(self, marker: pg.TargetItem) -> None:
        self.sigStartPicked.emit(self._picked_start(marker.pos()))

    def _on_scene_clicked(self, event) -> None:
        if not self.active or event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        view_box = self.getPlotItem().vb
        if not view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        self.sigStartPicked.emit(self._picked_start(view_box.mapSceneToView(event.scenePos())))
