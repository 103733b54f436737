"""Loss against step: one curve per ball, or for a crowd of balls its median and middle 80 %;
with a log scale of the gap to the minimum."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QCheckBox, QVBoxLayout, QWidget

from gdsim.model.landscapes import CriticalKind
from gdsim.model.minibatch import epoch_length
from gdsim.model.setup import RunInfo
from gdsim.model.simulation import BallStatus, Snapshot
from gdsim.qt import style
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.layers.event_markers import EventMarkers
from gdsim.qt.support import pg_compat
from gdsim.qt.support.axes import ReadableAxis
from gdsim.qt.support.curves import group_by_ball, nan_joined
from gdsim.qt.view_state import ViewState
from gdsim.qt.views.epoch_axis import EpochAxis

# On the log scale a ball that reached the minimum exactly would sit at −∞; it sits here instead.
LOG_FLOOR = 1e-16
MIN_STEP_RANGE = 10
# A loss that has not changed yet (step 0) is shown in a range of this share of its size, and a
# loss of 0 in a range of 1: a range of 1e-9 around it reads as noise in ten-digit ticks.
FLAT_SPAN = 0.1
FLAT_LOG_SPAN = 1.0  # decades, on the log scale
# Room above the plot for the top loss's tick label, half of which reaches past the axis.
TOP_LABEL_ROOM = 11


def step_axis_end(steps: float) -> float:
    """Where the step axis ends for a run of `steps`: the first multiple of a round unit (5, 2, 1 × 10ᵏ,
    the coarsest that serves) at most 10 % past it, so that the axis ends on a tick near the last step
    (a 1, 2, 5 × 10ᵏ bound left half the plot empty: 0…1000 for 500 steps)."""
    steps = max(steps, 1.0)
    power = 10.0 ** np.floor(np.log10(steps))
    for unit in (power, power / 2, power / 5, power / 10):
        end = np.ceil(steps / unit - 1e-9) * unit
        if end <= 1.1 * steps:
            return float(end)
    return float(np.ceil(steps))


class CrowdQuantiles:
    """The 10th, 50th and 90th percentile of a crowd's losses per history row, kept up to date
    row by row: a frame computes the new rows only (the whole history after a thinning)."""

    def __init__(self):
        self.key = None
        self.steps = np.empty(0)
        self.values = np.empty((0, 3))

    def update(self, snapshot: Snapshot, balls: np.ndarray, shown: Callable[[np.ndarray], np.ndarray],
               log_scale: bool) -> None:
        """Bring the percentiles up to the snapshot; `shown` turns losses into what is plotted."""
        key = (snapshot.run_id, snapshot.history_thinned, log_scale)
        steps = snapshot.history_steps
        known = len(self.steps) if key == self.key and len(self.steps) <= len(steps) else 0
        new = shown(snapshot.history_losses[known:, balls])
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a row where every ball diverged is all NaN
            quantiles = np.nanpercentile(new, [10, 50, 90], axis=1).T if len(new) else np.empty((0, 3))
        self.steps = steps.astype(float)
        self.values = np.concatenate([self.values[:known], quantiles])
        self.key = key


class LossPlot(Retranslatable, QWidget):
    """Loss per step. The log scale shows loss − f*, f* being the lowest known minimum.

    Up to a few balls of one colour get a curve each; a crowd (random restarts, a basin map)
    gets its median and a band from the 10th to the 90th percentile, which reads better and
    costs a frame almost nothing however many balls there are.
    """

    def __init__(self, controller: Controller, view_state: ViewState | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.epoch_axis = EpochAxis()
        self.plot = pg.PlotWidget(axisItems={"left": ReadableAxis("left"), "bottom": ReadableAxis("bottom", digits=6),
                                             "top": self.epoch_axis})
        style.prepare_plot(self.plot)  # no grid: it costs ~8 ms a frame as the axes rescale
        self.plot.getPlotItem().hideAxis("top")
        self._make_room_for_last_step(MIN_STEP_RANGE)
        self.divergence_marks = pg.ScatterPlotItem()
        # The step shown when the timeline is taken back: the curves end there, the axis goes on to the
        # furthest step reached.
        self.cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(style.OUTLINE, width=style.line(1.5)))
        self.cursor.setVisible(False)
        self.log_scale = QCheckBox()
        self.log_scale.toggled.connect(self._on_log_scale_toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.log_scale)
        self._controller = controller
        self._curves: dict[int, pg.PlotDataItem] = {}
        self._bands: dict[int, tuple[pg.PlotDataItem, pg.PlotDataItem, pg.FillBetweenItem, CrowdQuantiles]] = {}
        self._groups: dict[int, np.ndarray] = {}
        self._colors = {}
        self._start_notes: dict[int, pg.TextItem] = {}
        self._shape: list[tuple[int, bool]] | None = None  # (setup ball, a crowd?) per curve: what the items are for
        self._floor = 0.0
        self._on_log_scale_toggled(False)
        self.retranslate()
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)
        # On the view box, not the plot: they outlive the plot's items, made again for a new shape of run.
        self.event_markers = EventMarkers(self.plot.getPlotItem().vb, controller, view_state or ViewState(self), self)

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        minima = [p.value for p in run.critical_points if p.kind == CriticalKind.MINIMUM]
        self._floor = min(minima) if minima else 0.0
        length = epoch_length(run.landscape, run.balls)  # (steps, B) of the run's shortest minibatch epoch
        if length is not None:
            self.epoch_axis.steps_per_epoch = length[0]
            self.epoch_axis.retranslate()
        self.plot.getPlotItem().showAxis("top", length is not None)
        # A new theme republishes the run after the axes took its fonts: the last step's label needs new room.
        self._make_room_for_last_step(self.plot.getPlotItem().vb.viewRange()[0][1])
        self._colors = {index: style.ball_color(run.colors[index]) for index in set(run.placed_from)}
        self._groups = group_by_ball(run.placed_from)
        shape = [(index, len(balls) > style.WIDE_TRAIL_LIMIT) for index, balls in self._groups.items()]
        if shape != self._shape:  # the same balls (a landscape switch, say) keep their items, in the new colours
            self._shape = shape
            self._make_items(shape)
        self.divergence_marks.setSize(style.px(14))
        for index, curve in self._curves.items():
            color = self._colors[index]
            # A dot per point until there are two: at step 0 a line has nothing to join.
            curve.setData([], [])
            curve.setPen(pg.mkPen(color, width=style.line(2.5)))
            curve.setSymbol("o")
            curve.setSymbolSize(style.px(7))
            curve.setSymbolBrush(color)
            if index in self._start_notes:
                self._start_notes[index].setColor(color)
                self._start_notes[index].setFont(QApplication.font())  # as a note made now (presenter mode's size)
            if index in self._bands:
                low, high, fill, _ = self._bands[index]
                fill.setBrush(pg.mkBrush(color.red(), color.green(), color.blue(), 60))
                self._bands[index] = (low, high, fill, CrowdQuantiles())

    def _make_items(self, shape: list[tuple[int, bool]]) -> None:
        """A curve for each setup ball's group, with a note of its loss at the start, or a band for a crowd."""
        self.plot.clear()
        self.plot.addItem(self.cursor, ignoreBounds=True)
        self.divergence_marks = pg.ScatterPlotItem(symbol="x")
        self.divergence_marks.setZValue(10)
        self.plot.addItem(self.divergence_marks)
        self._curves, self._bands, self._start_notes = {}, {}, {}
        for index, crowd in shape:
            # PlotDataItem, not PlotCurveItem: only the former follows the plot's log mode.
            curve = pg.PlotDataItem(connect="finite", antialias=True, symbol="o", symbolPen=None)
            self.plot.addItem(curve)
            self._curves[index] = curve
            if not crowd:  # at step 0 the dot alone says little: its loss is written beside it
                note = pg.TextItem(anchor=(-0.15, 0.5))
                self.plot.addItem(note)
                self._start_notes[index] = note
            else:
                low, high = pg.PlotDataItem(pen=None), pg.PlotDataItem(pen=None)
                fill = pg.FillBetweenItem(low, high)
                for item in (low, high, fill):
                    self.plot.addItem(item)
                self._bands[index] = (low, high, fill, CrowdQuantiles())

    @Slot(bool)
    def _on_log_scale_toggled(self, on: bool) -> None:
        self.plot.setLogMode(y=on)
        if hasattr(self, "event_markers"):  # made after the first scale is set
            self.event_markers.refresh()
        self._label_axes()
        if self._curves:
            self._on_stepped(self._controller.snapshot())

    def retranslate(self) -> None:
        self.log_scale.setText(self.tr("Log scale (loss − minimum)"))
        self._label_axes()
        if self._start_notes:
            self._note_start_losses(self._controller.snapshot())

    def _label_axes(self) -> None:
        self.plot.setLabel("bottom", self.tr("step"))
        self.epoch_axis.retranslate()
        self.plot.setLabel("left", self.tr("loss − minimum") if self.log_scale.isChecked() else self.tr("loss"))

    def event_points(self, events) -> np.ndarray:
        """Where events sit on the plot: at their step and loss (its log, on the log scale: the markers are not
        the plot's own items, which follow its log mode)."""
        shown = self._shown(np.array([e.loss for e in events], dtype=float))
        if self.log_scale.isChecked():
            shown = np.log10(shown)
        return np.column_stack([[float(e.step) for e in events], shown])

    def _shown(self, losses: np.ndarray) -> np.ndarray:
        """Losses as plotted: non-finite ones as gaps; on the log scale, the gap to the minimum."""
        if self.log_scale.isChecked():
            with np.errstate(invalid="ignore"):
                losses = np.maximum(losses - self._floor, LOG_FLOOR)
        return np.where(np.isfinite(losses), losses, np.nan)

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        steps = snapshot.history_steps.astype(float)[:, None]
        lows, highs, crosses = [], [], []
        for index, balls in self._groups.items():
            if index in self._bands:
                low, high, _, quantiles = self._bands[index]
                quantiles.update(snapshot, balls, self._shown, self.log_scale.isChecked())
                low.setData(quantiles.steps, quantiles.values[:, 0])
                self._curves[index].setData(quantiles.steps, quantiles.values[:, 1])
                high.setData(quantiles.steps, quantiles.values[:, 2])
                shown = quantiles.values
            else:
                shown = self._shown(snapshot.history_losses[:, balls])
                # A ball that left f's domain ends with a ✕ as a diverged one does, at its last loss.
                diverged = np.isin(snapshot.status[balls], (BallStatus.DIVERGED, BallStatus.UNDEFINED))
                if diverged.any():
                    shown = np.where(steps > np.where(diverged, snapshot.stopped_at[balls], np.inf), np.nan, shown)
                    crosses.extend(self._cross(steps[:, 0], shown[:, column], index)
                                   for column in np.flatnonzero(diverged))
                self._curves[index].setData(*nan_joined(steps, shown))
            if np.isfinite(shown).any():
                lows.append(np.nanmin(shown))
                highs.append(np.nanmax(shown))
        self.divergence_marks.setData([c for c in crosses if c is not None])
        self._note_start_losses(snapshot)
        if len(steps) > 1:
            for curve in self._curves.values():
                if curve.opts["symbol"] is not None:
                    curve.setSymbol(None)
        finished = snapshot.step > 0 and not np.any(snapshot.status == BallStatus.RUNNING)
        # A ✕ at the last step would sit half outside an axis that ends there: one step more.
        end = snapshot.step + (max(1, round(0.04 * snapshot.step)) if finished and crosses else 0)
        furthest = self._controller.furthest_step
        self.cursor.setVisible(snapshot.step < furthest)
        self.cursor.setPos(snapshot.step)
        finished_at = end if finished and snapshot.step == furthest else None
        self._fit_range(max(snapshot.step, furthest), min(lows, default=np.nan), max(highs, default=np.nan), finished_at)

    def _note_start_losses(self, snapshot: Snapshot) -> None:
        """At step 0, each ball's loss beside its dot; once the lines start, nothing."""
        at_start = len(snapshot.history_steps) == 1
        for index, note in self._start_notes.items():
            loss = snapshot.history_losses[0, self._groups[index][0]]
            shown = at_start and bool(np.isfinite(loss))
            note.setVisible(shown)
            note.setText("")  # hidden, it keeps no text of a language since left
            if shown:
                note.setText(self.tr("loss at the start: {value}").format(value=f"{loss:.4g}".replace("-", "−")))
                shown = float(self._shown(np.array([loss]))[0])
                note.setPos(0, np.log10(shown) if self.log_scale.isChecked() else shown)  # a TextItem ignores log mode

    def _cross(self, steps: np.ndarray, shown: np.ndarray, index: int) -> dict | None:
        """A ✕ where a diverged ball's line ends (or one that left the domain): its last loss that can be
        drawn, at its step."""
        drawn = np.flatnonzero(np.isfinite(shown))
        if not len(drawn):
            return None
        color = self._colors[index]
        return {"pos": (steps[drawn[-1]], shown[drawn[-1]]), "symbol": "x", "brush": pg.mkBrush(color),
                "pen": pg.mkPen(style.OUTLINE, width=style.line(1))}

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presenter mode: the last step's label grows
            self._make_room_for_last_step(self.plot.getPlotItem().vb.viewRange()[0][1])

    def _make_room_for_last_step(self, last: float) -> None:
        """A right margin of half the last step's label, in the tick font, so that it shows whole."""
        axis = self.plot.getPlotItem().getAxis("bottom")
        font = self.font() if axis.style["tickFont"] is None else axis.style["tickFont"]
        half = QFontMetrics(font).horizontalAdvance(f"{last:g}") // 2 + 4
        # The step axis ends on a tick: its label reaches past the axis into this room, and no further
        # (beyond the widget, a cached axis left stale pieces of labels).
        axis.setStyle(hideOverlappingLabels=half)
        self.epoch_axis.setStyle(hideOverlappingLabels=half)  # an epoch ending at the last step is labelled too
        self.plot.getPlotItem().layout.setContentsMargins(2, TOP_LABEL_ROOM, half, 2)

    def _fit_range(self, last_step: int, low: float, high: float, finished_at: int | None = None) -> None:
        """Move the axes only when the curves leave them or shrink well inside them.

        Following the data every frame re-lays out both axes each frame, which cost ~9 ms of a
        13 ms frame at 1280×800; this way the axes change a few times per run.
        """
        view_box = self.plot.getPlotItem().vb
        view_box.disableAutoRange()
        (x0, x1), (y0, y1) = view_box.viewRange()
        stage_steps = self._controller.stage_steps  # where Play pauses in a lesson: the axis ends there
        # The axis ends at the very step (its tick labelled, see ReadableAxis.tickValues), so that the
        # curves reach its end: a rounder end left the last tenth of the plot empty.
        if finished_at is not None:  # every ball stopped: the run's last step is the end
            wanted = float(max(finished_at, 1))
            moves = x1 != wanted
        elif stage_steps and stage_steps >= last_step:
            wanted = float(stage_steps)
            moves = x1 != wanted
        else:  # a run of one's own: room to play on, the axis moving a few times per run
            wanted = step_axis_end(max(1.3 * last_step, MIN_STEP_RANGE))
            moves = last_step > x1 or x1 > 4 * max(last_step, MIN_STEP_RANGE)
        if moves or x0 != 0:
            last = wanted
            self.plot.getPlotItem().getAxis("bottom").end_tick = last
            self._make_room_for_last_step(last)
            pg_compat.set_view_range(view_box, x=(0, last), padding=0)
        if not (np.isfinite(low) and np.isfinite(high)):
            return
        if self.log_scale.isChecked():
            low, high = np.log10(low), np.log10(high)
        with np.errstate(over="ignore"):  # losses near ±1e308: set_view_range clamps what overflows
            span = high - low
            flat = FLAT_LOG_SPAN if self.log_scale.isChecked() else FLAT_SPAN * (max(abs(low), abs(high)) or 10.0)
            if span < 1e-6 * flat:  # nothing has changed yet: centre the loss in a readable range
                middle = 0.5 * low + 0.5 * high
                low, high, span = middle - flat / 2, middle + flat / 2, flat
        if low < y0 or high > y1 or (y1 - y0) > 3 * span:
            pg_compat.set_view_range(view_box, y=(low - 0.08 * span, high + 0.08 * span), padding=0)
