"""How much of the landscape a map shows, with one owner: ViewState.map_range.

The wheel and a drag on the map, following the balls and Fit to Balls all set ViewState.map_range;
the map shows it. When the 1:1 aspect lock (or a new size of the map) widens what is shown, the map
writes back what it really shows, so the map range, and the view box fields that show it, always say
what is on screen.
Following only ever grows the range during a run, in steps with a margin, eased over a few frames
while the run plays, so the map never jitters. It keeps the balls' trails in view, not only where they
are now, but reaches at most FOLLOW_REACH times the landscape's own box: a ball escaping far away gets a
marker at the edge with its value instead of shrinking the landscape to a few pixels.
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
FOLLOW_REACH = 5.0  # following shows at most this many times the landscape's box, around its middle


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


def followed_points(snapshot: Snapshot, start, from_row: int = 0) -> np.ndarray:
    """What following keeps in view: every running ball, where every ball that did not diverge has been
    since history row `from_row` (its trail: the zig-zag of a too large η is the lesson), and the start.
    A ball that converged counts: one that rose off the map and converged between two looks (a stage played
    at once, L3 stage 5) had its path cut off at the map's top."""
    running = snapshot.status == BallStatus.RUNNING
    settled = running | (snapshot.status == BallStatus.CONVERGED)
    trail = snapshot.history_positions[from_row:, settled].reshape(-1, snapshot.positions.shape[1])
    return np.vstack([snapshot.positions[running], trail, np.asarray(start, dtype=float).reshape(1, -1)])


def follow_limit(landscape_box: Box, start) -> Box:
    """How far following reaches: FOLLOW_REACH times the landscape's box around its middle, and the start."""
    limit = []
    for (low, high), at in zip(landscape_box, np.asarray(start, dtype=float).ravel(), strict=True):
        middle, half = 0.5 * (low + high), 0.5 * FOLLOW_REACH * (high - low)
        limit.append((min(middle - half, at), max(middle + half, at)))
    return tuple(limit)


def followed_within(box: Box, points: np.ndarray, limit: Box) -> Box:
    """`box` grown to hold `points`, where each point counts as if at most at `limit`'s edge; the growth
    stops at the limit (a box already past it stays: following never shrinks the view)."""
    lows, highs = np.array([lo for lo, _ in limit]), np.array([hi for _, hi in limit])
    with np.errstate(invalid="ignore"):
        points = np.clip(points, lows, highs)  # NaN stays NaN, and grown_to_hold leaves it out
    grown = grown_to_hold(box, points)
    return tuple((max(glo, min(lo, blo)), min(ghi, max(hi, bhi)))
                 for (glo, ghi), (lo, hi), (blo, bhi) in zip(grown, limit, box, strict=True))


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
        self._easing.finished.connect(self._publish_shown)
        self._ease_from: Box | None = None
        self._ease_to: Box | None = None
        self._followed_rows = 0  # the history rows following has already looked at
        self._landscape_box: Box | None = None
        view_box = plot.getPlotItem().vb
        view_box.sigRangeChangedManually.connect(self._on_user_moved)
        # The aspect lock and every new size (presenter mode, a splitter) change what the map shows.
        view_box.sigRangeChanged.connect(self._on_view_changed)
        view_state.sigMapRangeChanged.connect(self._on_map_range_changed)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        self._in_lesson = False
        # The landscape of the user's own setup and the range its map last showed: Leave Lesson shows it again.
        self._own: tuple[object, Box] | None = None

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
        """A new landscape: show its view box; back from a lesson on one's own landscape, the range it showed."""
        self._easing.stop()
        self._landscape_box = box
        if self._own is not None and self._controller.lesson is None and self._own[0] is self._controller.preset:
            box = self._own[1]
        self._view_state.set_map_range(box)
        # The box asked for, not the map range the lock widened it to: when the map's size changes next (the
        # lesson strip comes or goes), the map widens the box again for its new size, not the widened one.
        self.show(box)
        self._publish_shown()

    def frame_run(self, landscape_box: Box, start) -> None:
        """A run starts: following goes back to the landscape's box, grown to hold the start."""
        self._followed_rows = 0
        self._landscape_box = landscape_box
        if self._view_state.follow_balls:
            self._view_state.set_map_range(grown_to_hold(landscape_box, np.array([start], dtype=float)))

    def follow(self, snapshot: Snapshot) -> None:
        rows = len(snapshot.history_positions)
        if rows < self._followed_rows:  # the history was thinned: its rows moved
            self._followed_rows = 0
        if self._view_state.follow_balls and self._view_state.map_range is not None and self._landscape_box:
            start = self._controller.setup.start
            points = followed_points(snapshot, start, self._followed_rows)
            box = followed_within(self._view_state.map_range, points, follow_limit(self._landscape_box, start))
            self._view_state.set_map_range(box)
        self._followed_rows = rows

    def fit(self, snapshot: Snapshot, landscape_box: Box) -> None:
        """View ▸ Fit to Balls: every running ball and the start, with a margin."""
        now = len(snapshot.history_positions)  # where the balls are, not where they have been
        points = followed_points(snapshot, self._controller.setup.start, now)
        points = points[np.all(np.isfinite(points) & (np.abs(points) <= MAX_VIEW_COORDINATE), axis=1)]
        narrowest = FIT_NARROWEST * np.array([hi - lo for lo, hi in landscape_box])
        self._view_state.set_map_range(box_around(points, FOLLOW_MARGIN, narrowest))

    def show(self, box: Box | None) -> None:
        if box is not None and len(box) == self._dim and self._plot.active:
            self._shown = box
            self._plot.show_range(box)

    @Slot(object)
    def _on_map_range_changed(self, box: Box) -> None:
        if self._plot.active and len(box) == self._dim and self._controller.lesson is None:
            self._own = (self._controller.preset, box)
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
            self._publish_shown()  # the lock may widen `box` without a change of what is shown (nothing to signal)

    @Slot()
    def _on_view_changed(self, *args) -> None:
        """The map shows another range (the aspect lock widened the one asked for, or the map's size
        changed): its landscape covers it, and, unless an easing is on its way, it is the map range."""
        if not self._plot.active:
            return
        self._plot.cover(self._view_range())
        if self._easing.state() != QVariantAnimation.State.Running:
            self._publish_shown()

    def _view_range(self) -> Box:
        return tuple((float(lo), float(hi)) for lo, hi in self._plot.getPlotItem().vb.viewRange()[:self._dim])

    @Slot()
    def _publish_shown(self) -> None:
        """What the map shows now is the map range: the fields say it, and following grows from it."""
        if not self._plot.active or self._view_state.map_range is None:
            return
        if len(self._view_state.map_range) != self._dim:
            return
        box = self._view_range()
        self._shown = box  # already shown: the change of the map range comes back to nothing to do
        self._view_state.set_map_range(box)

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
        box = self._view_range()
        self._shown = box  # already shown: the change of the map range comes back to nothing to do
        self._view_state.set_map_range(box)
        self._plot.show_range(box)  # the curve's height follows its x range
