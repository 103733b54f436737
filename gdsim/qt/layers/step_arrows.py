"""The coming step drawn on the contour map: the gradient's step, Momentum's velocity or Adam's step
from its average gradient, and update arrows, the ghost of the
next position and Nesterov's look-ahead point, for the selected ball or for every ball."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Slot

from gdsim.model.explain import ArrowKind, StepExplanation
from gdsim.qt import style
from gdsim.qt.layers.lesson_arrows import LessonArrows
from gdsim.qt.support.clipping import clip_segments
from gdsim.qt.view_state import ArrowsShown, ViewState

BARB_PX = 9.0
# The rule the legend states: one scale for the whole run, chosen when the arrows are first drawn in
# it. Arrows at least this long on screen are drawn at true length; shorter ones are magnified by the
# power of ten that makes the longest this long. It is kept as the ball nears the minimum, so that
# the arrows shrink there as the steps do (rescaling each step made them look as long as at the start).
# The ghost always sits at the true next position.
SHORTEST_READABLE_PX = 28.0
MAX_MAGNIFICATION = 1e6
SHORTEST_DRAWN_PX = 10.0  # an arrow shorter than this on screen is drawn this long, to be seen
CUT_BAR = 0.6  # half the bar across an arrow cut at the map's edge, in barb lengths
CUT_INSET_PX = 8.0
# Above this many balls, "every ball" shows arrows for the first balls only: a map of a
# thousand arrows says nothing.
MOST_BALLS_WITH_ARROWS = 60


def arrow_polyline(tails: np.ndarray, tips: np.ndarray, barbs: np.ndarray, unit: np.ndarray,
                   cut: np.ndarray | None = None) -> np.ndarray:
    """Arrows from `tails` to `tips` as one NaN-separated polyline (rows of x, y): shaft and two barbs.

    Barb lengths are in `unit`s, the size of one unit per axis (a grid cell, or a pixel), so arrows
    keep their shape on a box stretched more along one axis. Arrows of length 0 are left out. An arrow
    `cut` (at the map's edge) ends in a bar across it instead of a head: ⊣.
    """
    in_units = (tips - tails) / unit
    lengths = np.linalg.norm(in_units, axis=1)
    drawn = np.isfinite(lengths) & (lengths > 0)
    direction = np.divide(in_units, lengths[:, None], out=np.zeros_like(in_units), where=drawn[:, None])
    barbs = np.asarray(barbs, dtype=float).reshape(-1, 1) * unit
    across = direction[:, ::-1] * [-1.0, 1.0]
    cut = np.zeros(len(tails), dtype=bool) if cut is None else np.asarray(cut, dtype=bool)
    back = np.where(cut[:, None], 0.0, -direction)
    spread = np.where(cut[:, None], CUT_BAR, 0.5)
    left = tips + (back + across * spread) * barbs
    right = tips + (back - across * spread) * barbs
    nan = np.full_like(tails, np.nan)
    return np.stack([tails, tips, left, nan, tips, right, nan], axis=1)[drawn].reshape(-1, 2)


def magnification(longest_px: float) -> float:
    """1 when the longest arrow is readable as it is, else the power of ten that makes it so."""
    if not (math.isfinite(longest_px) and longest_px > 0) or longest_px >= SHORTEST_READABLE_PX:
        return 1.0
    return min(10.0 ** math.ceil(math.log10(SHORTEST_READABLE_PX / longest_px)), MAX_MAGNIFICATION)


class StepArrows(QObject):
    """A layer of the contour view that shows the coming step, for the balls the view state says."""

    def __init__(self, view, controller, view_state: ViewState):
        super().__init__(view)
        self._view = view
        self._controller = controller
        self._view_state = view_state
        self.explanations: list[StepExplanation] = []
        self._explained = None  # the setup and step the explanations are of
        self.scale = 1.0
        self._run_scale: float | None = None  # chosen when the run's arrows are first drawn
        self.lengthened = 0  # arrows drawn longer than they are, to be seen
        self.cut_tips = np.empty((0, 2))  # where arrows leave the map, as drawn
        self._drawn_tips = np.empty((0, 2))
        plot = view.getPlotItem()
        self.halos: dict[ArrowKind, pg.PlotCurveItem] = {}
        self.curves: dict[ArrowKind, pg.PlotCurveItem] = {}
        # The update is the sum of the others: drawn wide and beneath them, so they show on top of it.
        for depth, kind in enumerate((ArrowKind.UPDATE, ArrowKind.AVERAGE_STEP, ArrowKind.VELOCITY,
                                      ArrowKind.GRADIENT)):
            width = style.line(4.0 if kind is ArrowKind.UPDATE else 2.2)
            halo = pg.PlotCurveItem(pen=pg.mkPen(255, 255, 255, 220, width=width + 2.6), connect="finite")
            curve = pg.PlotCurveItem(pen=pg.mkPen(style.STEP_ARROWS[kind], width=width), connect="finite")
            halo.setZValue(30 + 2 * depth)
            curve.setZValue(31 + 2 * depth)
            plot.addItem(halo, ignoreBounds=True)
            plot.addItem(curve, ignoreBounds=True)
            self.halos[kind], self.curves[kind] = halo, curve
        self.ghosts = pg.ScatterPlotItem(size=15, brush=None)
        self.ghosts.setZValue(29)
        self.look_aheads = pg.ScatterPlotItem(size=10, symbol="d", pen=pg.mkPen("w", width=1.2),
                                              brush=pg.mkBrush(style.STEP_ARROWS[ArrowKind.VELOCITY]))
        self.look_aheads.setZValue(37)
        self.legend = pg.TextItem(color="#222", anchor=(1, 1), fill=pg.mkBrush(255, 255, 255, 225))
        self.legend.setParentItem(plot.vb)
        self.legend.setZValue(40)
        for item in (self.ghosts, self.look_aheads):
            plot.addItem(item, ignoreBounds=True)
        plot.vb.sigResized.connect(self._place_legend)
        plot.vb.sigRangeChanged.connect(self._redraw)
        controller.sigStepped.connect(self.refresh)
        controller.sigSelectionChanged.connect(self.refresh)
        view_state.sigArrowsChanged.connect(self.refresh)
        view_state.sigExplainOpenChanged.connect(self.refresh)
        controller.sigRunStarted.connect(self._on_run_started)
        self.lesson_arrows = LessonArrows(controller, view_state, self)
        self._clear()

    @property
    def shown(self) -> ArrowsShown:
        return self._view_state.arrows_drawn

    @Slot(object)
    def _on_run_started(self, *args) -> None:
        self._run_scale = None  # a new run chooses its scale afresh
        self.refresh()  # of the new run's balls: a lesson stage may have asked for arrows as its setup came

    @Slot()
    def refresh(self, *args) -> None:
        """Work out the explanations again for the balls shown, and draw them."""
        controller = self._controller
        self.explanations = []
        if self.shown is not ArrowsShown.NONE and self._view.active:
            if self.shown is ArrowsShown.SELECTED:
                first = controller.first_ball_of(controller.selected_index)
                balls = [] if first is None else [first]
            else:
                balls = range(min(len(controller.setup.placed_from), MOST_BALLS_WITH_ARROWS))
            self.explanations = [e for e in (controller.explain_ball(b) for b in balls) if e.moving]
        self._explained = (controller.setup, controller.step_count)
        self._redraw()

    def _redraw(self, *args) -> None:
        # A new setup moves the map's range before its run reaches this layer: the explanations
        # are then of balls that may be gone, and are worked out again first.
        setup, step = self._explained or (None, None)
        if setup is not self._controller.setup or step != self._controller.step_count:
            self.refresh()
            return
        self._draw()

    def tips(self, kind: ArrowKind) -> np.ndarray:
        """Where the arrows of `kind` end on the map, magnification included, one row per arrow."""
        return np.array([a.tail + self.scale * a.vector for e in self.explanations for a in e.arrows
                         if a.kind is kind]).reshape(-1, 2)

    def _draw(self) -> None:
        if not self.explanations:
            self._clear()
            return
        pixel = self._pixel_size()
        arrows = [a for e in self.explanations for a in e.arrows]
        if self._run_scale is None:
            with np.errstate(all="ignore"):
                longest = max((float(np.linalg.norm(a.vector / pixel)) for a in arrows), default=0.0)
            self._run_scale = magnification(longest)
        self.scale = self._run_scale
        (x0, x1), (y0, y1) = self._view.getPlotItem().vb.viewRange()
        self.lengthened, cut_tips, drawn_tips = 0, [], []
        for kind in ArrowKind:
            chosen = [a for a in arrows if a.kind is kind]
            if not chosen:
                self.curves[kind].setData([], [])
                self.halos[kind].setData([], [])
                continue
            tails = np.array([a.tail for a in chosen])
            tips = self._seen_tips(tails, tails + self.scale * np.array([a.vector for a in chosen]), pixel)
            # Cut a little inside the edge, so that the bar across the cut shows whole.
            inset = CUT_INSET_PX * pixel
            shown = clip_segments(tails, tips, (x0 + inset[0], y0 + inset[1]), (x1 - inset[0], y1 - inset[1]))
            path = arrow_polyline(shown.starts, shown.ends, np.full(len(shown.starts), BARB_PX), pixel, shown.cut_end)
            cut_tips.append(shown.ends[shown.cut_end])
            drawn_tips.append(shown.ends)
            self.curves[kind].setData(path[:, 0], path[:, 1])
            self.halos[kind].setData(path[:, 0], path[:, 1])
        self.cut_tips = np.concatenate(cut_tips) if cut_tips else np.empty((0, 2))
        self._drawn_tips = np.concatenate(drawn_tips) if drawn_tips else np.empty((0, 2))
        setup = self._controller.setup
        colors, indices = [b.color for b in setup.balls], setup.placed_from
        self.ghosts.setData(pos=np.array([e.next_position for e in self.explanations]),
                            pen=[pg.mkPen(style.ball_color(colors[indices[e.ball]]), width=2.2,
                                          style=pg.QtCore.Qt.PenStyle.DashLine) for e in self.explanations],
                            brush=[pg.mkBrush(255, 255, 255, 150)] * len(self.explanations))
        ahead = [e.look_ahead for e in self.explanations if e.look_ahead is not None]
        self.look_aheads.setData(pos=np.array(ahead).reshape(-1, 2))
        self._write_legend(bool(ahead))

    def _seen_tips(self, tails: np.ndarray, tips: np.ndarray, pixel: np.ndarray) -> np.ndarray:
        """`tips`, but those of arrows shorter than SHORTEST_DRAWN_PX on screen moved out to that length."""
        with np.errstate(all="ignore"):
            lengths = np.linalg.norm((tips - tails) / pixel, axis=1)
        short = np.isfinite(lengths) & (lengths > 0) & (lengths < SHORTEST_DRAWN_PX)
        self.lengthened += int(short.sum())
        stretch = np.where(short, SHORTEST_DRAWN_PX / np.where(short, lengths, 1.0), 1.0)
        return tails + (tips - tails) * stretch[:, None]

    def _write_legend(self, look_ahead: bool) -> None:
        kinds = {a.kind for e in self.explanations for a in e.arrows}
        # Adam's arrow is named without m̂: a combining hat drifts off its letter in a graphics item's text.
        names = {ArrowKind.GRADIENT: self.tr("gradient's step"), ArrowKind.VELOCITY: self.tr("velocity ρ·v"),
                 ArrowKind.AVERAGE_STEP: self.tr("average gradient's step"),
                 ArrowKind.UPDATE: self.tr("update")}
        parts = [f"<span style='color:{style.STEP_ARROWS[k]}; font-weight:bold'>⟶</span>&nbsp;{names[k]}"
                 for k in ArrowKind if k in kinds]
        parts.append("<span style='color:#555'>◌</span>&nbsp;" + self.tr("next position"))
        if look_ahead:
            parts.append(f"<span style='color:{style.STEP_ARROWS[ArrowKind.VELOCITY]}'>◆</span>&nbsp;"
                         + self.tr("look-ahead"))
        if self.scale != 1:
            parts.append("<b>" + self.tr("arrows ×{k:g}, the whole run").format(k=self.scale) + "</b>")
        else:
            parts.append(self.tr("arrows at true length"))
        if self.lengthened:
            parts.append(self.tr("arrows under {px:g} px drawn {px:g} px long").format(px=SHORTEST_DRAWN_PX))
        if len(self.cut_tips):
            parts.append("<b>⊣</b>&nbsp;" + self.tr("cut at the map's edge"))
        self.legend.setHtml("<div style='font-size:10pt'>" + "<br>".join(parts) + "</div>")
        self.legend.setVisible(True)
        self._place_legend()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:  # sent on by the view, its parent
            self._redraw()
        return super().event(event)

    def _clear(self) -> None:
        for kind in ArrowKind:
            self.curves[kind].setData([], [])
            self.halos[kind].setData([], [])
        self.ghosts.clear()
        self.look_aheads.clear()
        self.legend.setVisible(False)
        self.scale = 1.0
        self.lengthened = 0
        self.cut_tips = self._drawn_tips = np.empty((0, 2))

    def _pixel_size(self) -> np.ndarray:
        width, height = self._view.getPlotItem().vb.viewPixelSize()
        return np.array([width or 1.0, height or 1.0])

    def _place_legend(self, *args) -> None:
        """In the bottom right corner, or the first other corner where it hides none of the explained balls,
        their next positions or their arrows' tips."""
        box = self._view.getPlotItem().vb
        width, height = box.width(), box.height()
        size = self.legend.boundingRect()
        seen = [p for e in self.explanations for p in (e.position, e.next_position)] + list(self._drawn_tips)
        points = [box.mapFromView(QPointF(*p)) for p in seen if np.all(np.isfinite(p))]
        corners = [((1, 1), (width - 4, height - 4)), ((0, 1), (4, height - 4)), ((1, 0), (width - 4, 4)),
                   ((0, 0), (4, 4))]
        for anchor, (x, y) in corners:
            left, top = x - anchor[0] * size.width(), y - anchor[1] * size.height()
            area = QRectF(left, top, size.width(), size.height()).adjusted(-12, -12, 12, 12)
            if not any(area.contains(point) for point in points):
                break
        else:
            anchor, (x, y) = corners[0]
        self.legend.setAnchor(anchor)
        self.legend.setPos(x, y)
