"""Small labelled markers where balls' events happened (gdsim.model.events), on a trail or on the loss plot.

What keeps them from cluttering a lesson's picture:
- a run of at most FEW_MARKED_BALLS balls marks every ball; a crowd only its selected ball, and only when the
  user turns the markers on (View ▸ Event Markers, see ViewState.event_markers_for);
- the selected ball shows every kind of event; the others only the rare ones (near a saddle, and where they
  stopped): a momentum ball's loss rises at most steps of a swing;
- one marker per step of a ball, however many events that step has; a streak of steps in a row with the same
  events (η = 1.2 overshoots at every step) is marked once, at its first step, and again at the step on
  screen; and only the last MAX_MARKERS_PER_BALL markers of a ball;
- words only by the selected ball's markers: the first time each kind of event happens to it, and at the
  step on screen. Every other marker is a small diamond in its ball's colour.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from gdsim.model.events import Event, EventKind
from gdsim.model.limits import MAX_VIEW_COORDINATE
from gdsim.model.setup import RunInfo
from gdsim.model.snapshot import Snapshot
from gdsim.qt import event_words, style
from gdsim.qt.view_state import FEW_MARKED_BALLS

MAX_MARKERS_PER_BALL = 200
RARE_KINDS = frozenset({EventKind.SADDLE, EventKind.CONVERGED, EventKind.DIVERGED, EventKind.LEFT_DOMAIN})
Z_VALUE = 16  # over the trails and the start marker, under the balls
# Where a marker's words go, as TextItem anchors: right of the marker or left of it, above it or below it.
RIGHT_ABOVE, LEFT_ABOVE, RIGHT_BELOW, LEFT_BELOW = (-0.08, 1.1), (1.08, 1.1), (-0.08, -0.1), (1.08, -0.1)


def steps_of(events: Sequence[Event]) -> list[list[Event]]:
    """Events (in step order) gathered by step: one list per step."""
    grouped: list[list[Event]] = []
    for event in events:
        if grouped and grouped[-1][0].step == event.step:
            grouped[-1].append(event)
        else:
            grouped.append([event])
    return grouped


def streak_starts(grouped: list[list[Event]], now: int) -> list[list[Event]]:
    """The steps a marker goes to: the first of each streak of steps in a row with the same kinds of event, and
    the step `now`."""
    kept, before = [], (None, frozenset())
    for group in grouped:
        step, kinds = group[0].step, frozenset(e.kind for e in group)
        if before != (step - 1, kinds) or step == now:
            kept.append(group)
        before = (step, kinds)
    return kept


class EventMarkers(QObject):
    """The markers of one plot, its `owner`: `owner.event_points(events)` gives where each event is drawn there,
    as (k, 2) plot coordinates (a map: its position; the loss plot: its step and loss), and `owner.active`
    (when it has one) whether the plot shows the run now; `owner.ball_points(snapshot)` (a map has it) where the
    balls are drawn, which the words keep clear of. The owner is held weakly: a view holding its markers
    that held it was a reference cycle, and pyqtgraph items freed by the garbage collector crash the process.
    The markers are the owner's QObject child, so Qt drops their connections to the controller and the view
    state when the owner is deleted: a controller outlives its views (the benchmark deletes a window and steps
    its controller on), and a refresh then reached the deleted plot's items."""

    def __init__(self, view_box: pg.ViewBox, controller, view_state, owner):
        super().__init__(owner)
        self._view_box = view_box
        self._controller = controller
        self._view_state = view_state
        self._owner = weakref.ref(owner)
        self._run: RunInfo | None = None
        self._snapshot: Snapshot | None = None  # the last step's, for where the balls are
        self.spots = pg.ScatterPlotItem(symbol="d", pxMode=True)
        self.spots.setZValue(Z_VALUE)
        self.labels: list[pg.TextItem] = []
        self.shown_labels: list[tuple[str, tuple[float, float]]] = []  # what the words say and where
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self.refresh)
        controller.sigSelectionChanged.connect(self.refresh)
        controller.sigEventsChanged.connect(self.refresh)
        view_state.sigEventMarkersChanged.connect(self.refresh)
        view_state.sigThemeChanged.connect(self.refresh)
        # The words keep clear of the balls in pixels: where those are changes with the view's range and size.
        view_box.sigRangeChanged.connect(self._place_words_again)
        view_box.sigResized.connect(self._place_words_again)

    def _on_run_started(self, run: RunInfo) -> None:
        self._run, self._snapshot = run, None

    def refresh(self, *args) -> None:
        if args and isinstance(args[0], Snapshot):
            self._snapshot = args[0]
        run = self._run
        spots, words = [], []
        owner = self._owner()
        if (run is not None and owner is not None and getattr(owner, "active", True)
                and self._view_state.event_markers_for(len(run.balls))):
            selected = self._controller.first_ball_of(self._controller.selected_index)
            marked = range(len(run.balls)) if len(run.balls) <= FEW_MARKED_BALLS else [selected]
            for ball in (b for b in marked if b is not None):
                spots.extend(self._spots_of(owner, ball, run, words if ball == selected else None))
        if spots and self.spots.parentItem() is None:
            # Added when first needed: a plot with an item more paints differently, and the loss plot of a
            # 1e308·x² run, whose step-0 dots have NaN bounds, then crashed pyqtgraph (tests/qt/test_edge_numbers.py).
            self._view_box.addItem(self.spots, ignoreBounds=True)
        if spots or len(self.spots.data):
            self.spots.setData(spots)
        self._write(words)

    def _place_words_again(self, *args) -> None:
        if self.shown_labels:
            self._write(self.shown_labels)

    def _spots_of(self, owner, ball: int, run: RunInfo, words: list | None) -> list[dict]:
        events = self._controller.events_of(ball)
        if words is None:
            events = [e for e in events if e.kind in RARE_KINDS]
        grouped = streak_starts(steps_of(events), self._controller.step_count)[-MAX_MARKERS_PER_BALL:]
        if not grouped:
            return []
        points = np.asarray(owner.event_points([group[0] for group in grouped]), dtype=float).reshape(len(grouped), 2)
        color = style.ball_color(run.colors[run.placed_from[ball]])
        brush, pen = pg.mkBrush(color), pg.mkPen("w", width=style.line(1.2))
        size = style.px(9)
        # Beyond the largest coordinate a view shows (a loss of 1e308, say), pyqtgraph's bounds overflow.
        with np.errstate(invalid="ignore"):
            finite = np.all(np.abs(points) <= MAX_VIEW_COORDINATE, axis=1)
        spots = [{"pos": tuple(point), "brush": brush, "pen": pen, "size": size}
                 for point, ok in zip(points, finite, strict=True) if ok]
        if words is not None:
            now, named = self._controller.step_count, set()
            for group, point, ok in zip(grouped, points, finite, strict=True):
                new = {e.kind for e in group} - named
                named |= new
                if ok and (new or group[0].step == now):
                    words.append((event_words.marker_label(group), (float(point[0]), float(point[1]))))
        return spots

    def _write(self, words: list[tuple[str, tuple[float, float]]]) -> None:
        while len(self.labels) < len(words):
            label = pg.TextItem(color=style.OUTLINE, anchor=(-0.08, 1.1), fill=pg.mkBrush(255, 255, 255, 200))
            label.setZValue(Z_VALUE + 1)
            self._view_box.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        (x0, x1), _ = self._view_box.viewRange()
        balls = self._balls_in_scene() if words else np.empty((0, 2))
        for label, (text, (x, y)) in zip(self.labels, words, strict=False):
            label.setFont(font)
            label.setText(text)
            # Right of its marker, or left of it near the right edge (the last step's, on the loss plot); above
            # it, unless that covers another ball (lesson L3's minibatch ball beside the converged full batch).
            right = x <= x0 + 0.75 * (x1 - x0)
            preferred = (RIGHT_ABOVE, LEFT_ABOVE, RIGHT_BELOW, LEFT_BELOW) if right else (
                LEFT_ABOVE, RIGHT_ABOVE, LEFT_BELOW, RIGHT_BELOW)
            label.setAnchor(self._clear_anchor(label, x, y, preferred, balls))
            label.setPos(x, y)
            label.setVisible(True)
        for label in self.labels[len(words):]:
            label.setVisible(False)
        self.shown_labels = words

    def _balls_in_scene(self) -> np.ndarray:
        """Where the owner draws the balls of the last step, in scene pixels (k, 2); none when it draws none."""
        owner = self._owner()
        ball_points = getattr(owner, "ball_points", None)
        if ball_points is None or self._snapshot is None:
            return np.empty((0, 2))
        points = np.asarray(ball_points(self._snapshot), dtype=float).reshape(-1, 2)
        with np.errstate(invalid="ignore"):
            points = points[np.all(np.abs(points) <= MAX_VIEW_COORDINATE, axis=1)]
        to_scene = self._view_box.childGroup.sceneTransform()
        return np.column_stack([to_scene.m11() * points[:, 0] + to_scene.m21() * points[:, 1] + to_scene.dx(),
                                to_scene.m12() * points[:, 0] + to_scene.m22() * points[:, 1] + to_scene.dy()])

    def _clear_anchor(self, label: pg.TextItem, x: float, y: float, anchors, balls: np.ndarray):
        """Of `anchors` (in order of preference), the first that puts the label over no ball but the one at its
        marker; else the one over the fewest."""
        if not len(balls):
            return anchors[0]
        at = self._view_box.mapViewToScene(QPointF(x, y))
        size = label.boundingRect()
        radius = style.px(15) / 2 + style.line(1.5)  # a ball's disc with its outline (LandscapePlot's ball items)
        others = balls[np.hypot(balls[:, 0] - at.x(), balls[:, 1] - at.y()) > radius]

        def covered(anchor) -> int:
            box = QRectF(at.x() - anchor[0] * size.width(), at.y() - anchor[1] * size.height(), size.width(),
                         size.height()).adjusted(-radius, -radius, radius, radius)
            return int(np.count_nonzero((others[:, 0] > box.left()) & (others[:, 0] < box.right())
                                        & (others[:, 1] > box.top()) & (others[:, 1] < box.bottom())))

        return min(anchors, key=lambda anchor: (covered(anchor), anchors.index(anchor)))
