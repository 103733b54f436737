"""How much of the landscape a map shows, with one owner: ViewState.map_range.

The wheel and a drag on the map, following the balls and Fit to Balls all set ViewState.map_range;
the map shows it (at least it, when the aspect is locked) and the view box fields show it too.
Following only ever grows the range during a run, in steps with a margin, eased over a few frames
while the run plays, so the map never jitters.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation, Slot

from gdsim.model.landscapes import Box
from gdsim.model.limits import MAX_VIEW_COORDINATE
from gdsim.model.simulation import BallStatus, Snapshot
from gdsim.qt.controller import Controller
from gdsim.qt.view_state import ViewState

FOLLOW_MARGIN = 0.15  # of the new range's span, on each side of what must be seen, when following grows it
EDGE_ROOM = 0.03  # a point this close to the edge (of the span) counts as leaving the view
FIT_NARROWEST = 0.05  # of the landscape's box: Fit to Balls around balls at one point makes this much
EASE_MS = 220


def box_around(points: np.ndarray, margin: float, narrowest: np.ndarray) -> Box:
    """The box around `points` (n, dim), at least `narrowest` wide per axis, with `margin` of its span
    on each side, within ±MAX_VIEW_COORDINATE."""
    low, high = points.min(axis=0), points.max(axis=0)
    middle, half = 0.5 * (low + high), 0.5 * np.maximum(high - low, narrowest)
    half = half * (1 + 2 * margin)
    return tuple((float(max(m - h, -MAX_VIEW_COORDINATE)), float(min(m + h, MAX_VIEW_COORDINATE)))
                 for m, h in zip(middle, half, strict=True))


def grown_to_hold(box: Box, points: np.ndarray) -> Box:
    """`box`, or when a point is outside it (or within EDGE_ROOM of its edge) a larger box holding both
    it and the points with FOLLOW_MARGIN of its span to spare; it never shrinks."""
    finite = points[np.all(np.isfinite(points) & (np.abs(points) <= MAX_VIEW_COORDINATE), axis=1)]
    if not len(finite):
        return box
    lows, highs = np.array([lo for lo, _ in box]), np.array([hi for _, hi in box])
    room = EDGE_ROOM * (highs - lows)
    if np.all(finite >= lows + room) and np.all(finite <= highs - room):
        return box
    # The box holding the old one and the points, then room around the points in its new span: an old end
    # stays unless a point is too near it for the new size.
    span = np.maximum(highs, finite.max(axis=0)) - np.minimum(lows, finite.min(axis=0))
    low = np.minimum(lows, finite.min(axis=0) - FOLLOW_MARGIN * span)
    high = np.maximum(highs, finite.max(axis=0) + FOLLOW_MARGIN * span)
    return tuple((float(max(lo, -MAX_VIEW_COORDINATE)), float(min(hi, MAX_VIEW_COORDINATE)))
                 for lo, hi in zip(low, high, strict=True))


def followed_points(snapshot: Snapshot, start) -> np.ndarray:
    """What following keeps in view: every running ball and the start."""
    running = snapshot.positions[snapshot.status == BallStatus.RUNNING]
    return np.vstack([running, np.asarray(start, dtype=float).reshape(1, -1)])


class MapFraming(QObject):
    """The range one map shows: writes ViewState.map_range for the wheel, a drag, following and Fit to
    Balls, and shows the map range (eased while the run plays) through the map's `show_range(box)`."""

    def __init__(self, plot, controller: Controller, view_state: ViewState):
        super().__init__(plot)
        self._plot = plot
        self._controller = controller
        self._view_state = view_state
        self._shown: Box | None = None
        self._easing = QVariantAnimation(self)
        self._easing.setDuration(EASE_MS)
        self._easing.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._easing.setStartValue(0.0)
        self._easing.setEndValue(1.0)
        self._easing.valueChanged.connect(self._on_eased)
        self._ease_from: Box | None = None
        self._ease_to: Box | None = None
        plot.getPlotItem().vb.sigRangeChangedManually.connect(self._on_user_moved)
        view_state.sigMapRangeChanged.connect(self._on_map_range_changed)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        self._in_lesson = False

    @Slot(object)
    def _on_setup_changed(self, setup) -> None:
        """Following is on in lessons and off in one's own setups, until the user says otherwise."""
        in_lesson = setup.lesson is not None
        if in_lesson != self._in_lesson:
            self._in_lesson = in_lesson
            self._view_state.set_follow_balls(in_lesson)

    @property
    def _dim(self) -> int:
        return self._plot.dim

    def frame_landscape(self, box: Box) -> None:
        """A new landscape: show its view box."""
        self._easing.stop()
        self._view_state.set_map_range(box)
        self.show(self._view_state.map_range)

    def frame_run(self, landscape_box: Box, start) -> None:
        """A run starts: following goes back to the landscape's box, grown to hold the start."""
        if self._view_state.follow_balls:
            self._view_state.set_map_range(grown_to_hold(landscape_box, np.array([start], dtype=float)))

    def follow(self, snapshot: Snapshot) -> None:
        if self._view_state.follow_balls and self._view_state.map_range is not None:
            points = followed_points(snapshot, self._controller.setup.start)
            self._view_state.set_map_range(grown_to_hold(self._view_state.map_range, points))

    def fit(self, snapshot: Snapshot, landscape_box: Box) -> None:
        """View ▸ Fit to Balls: every running ball and the start, with a margin."""
        points = followed_points(snapshot, self._controller.setup.start)
        points = points[np.all(np.isfinite(points) & (np.abs(points) <= MAX_VIEW_COORDINATE), axis=1)]
        narrowest = FIT_NARROWEST * np.array([hi - lo for lo, hi in landscape_box])
        self._view_state.set_map_range(box_around(points, FOLLOW_MARGIN, narrowest))

    def show(self, box: Box | None) -> None:
        if box is not None and len(box) == self._dim and self._plot.active:
            self._shown = box
            self._plot.show_range(box)

    @Slot(object)
    def _on_map_range_changed(self, box: Box) -> None:
        if not self._plot.active or len(box) != self._dim or box == self._shown:
            return
        if self._controller.playing and self._view_state.follow_balls and self._shown is not None:
            self._plot.cover(box)  # once, for the whole way: following only grows the range
            self._ease_from, self._ease_to = self._shown, box
            self._easing.stop()
            self._easing.start()
        else:
            self._easing.stop()
            self.show(box)

    @Slot(object)
    def _on_eased(self, fraction) -> None:
        if self._ease_from is None or self._ease_to is None:
            return
        t = float(fraction)
        self.show(tuple((a0 + t * (b0 - a0), a1 + t * (b1 - a1))
                        for (a0, a1), (b0, b1) in zip(self._ease_from, self._ease_to, strict=True)))

    @Slot(object)
    def _on_user_moved(self, *args) -> None:
        """The wheel or a drag moved the map: what it shows now is the map range (the fields show it)."""
        if not self._plot.active:
            return
        self._easing.stop()
        ranges = self._plot.getPlotItem().vb.viewRange()[:self._dim]
        box = tuple((float(lo), float(hi)) for lo, hi in ranges)
        self._shown = box  # already shown: the change of the map range comes back to nothing to do
        self._view_state.set_map_range(box)
        self._plot.show_range(box)  # the curve's height follows its x range
