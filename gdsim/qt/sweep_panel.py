"""The learning-rate sweep: each enabled ball over a log range of η, final loss and steps to converge
against η; a click on a point runs that η in the main view."""

from __future__ import annotations

import html
import math
import time
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from gdsim.model.setup import Setup
from gdsim.model.simulation import BallStatus
from gdsim.model.sweep import DEFAULT_LR_RANGE, DEFAULT_POINTS, DEFAULT_STEPS, Sweep, recipe_label, sweep_learning_rates
from gdsim.qt import names, style
from gdsim.qt.controller import Controller
from gdsim.qt.inputs import ScientificSpinBox
from gdsim.qt.language import Retranslatable

LOG_FLOOR = 1e-16  # a final loss at the minimum would sit at −∞ on the log axis; it sits here
# Grey, so no shade is mistaken for a ball: darker where divergence begins, pale over the η that diverge.
ONSET_SHADE = (90, 90, 90, 95)
DIVERGED_SHADE = (120, 120, 120, 38)
AXIS_WIDTH = 62  # both plots' left axes, so their η axes line up
MAX_POINTS = 500
MAX_STEPS = 10_000
# balls × points × steps the window runs on its own thread: ~1 s here (60 points × 3 balls × 300 steps: 30 ms).
MAX_WORK = 10_000_000


def drawable(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The data as given, or nothing when no y is finite (pyqtgraph warns on an all-NaN curve)."""
    return (xs, ys) if np.isfinite(ys).any() else (xs[:0], ys[:0])


class SweepPlot(Retranslatable, QWidget):
    """Final loss (log) and steps to converge against η (log), one curve per sweep in its ball's
    colour; diverged points as crosses along the top, the η where divergence begins shaded.

    `sigPointClicked(sweep_index, lr)` says which point was clicked. The CLI draws this widget alone.
    """

    sigPointClicked = Signal(int, float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setObjectName("sweepCaption")
        self.loss_plot = pg.PlotWidget()
        self.steps_plot = pg.PlotWidget()
        for plot in (self.loss_plot, self.steps_plot):
            style.prepare_plot(plot)
            plot.getAxis("left").setWidth(AXIS_WIDTH)
            plot.getPlotItem().vb.setMouseEnabled(x=False, y=False)  # a click picks a point; nothing drags
        self.loss_plot.setLogMode(x=True, y=True)
        self.steps_plot.setLogMode(x=True, y=False)
        self.steps_plot.setXLink(self.loss_plot)
        self.loss_plot.getPlotItem().hideAxis("bottom")
        self.steps_plot.setLabel("bottom", "η")
        self.summary = QLabel()
        self.summary.setObjectName("sweepSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.loss_plot, 3)
        layout.addWidget(self.steps_plot, 2)
        self.loss_plot.setMinimumHeight(110)
        self.steps_plot.setMinimumHeight(84)
        layout.addWidget(self.summary)
        self.sweeps: tuple[Sweep, ...] = ()
        self.loss_curves: list[pg.PlotDataItem] = []
        self.steps_curves: list[pg.PlotDataItem] = []
        self.diverged_markers: list[pg.PlotDataItem] = []
        self.onset_regions: list[pg.LinearRegionItem] = []  # one per sweep that diverged, in the loss plot
        self.marker = pg.InfiniteLine(angle=90, movable=False)
        self.marker.setZValue(-5)
        self.nothing_converged = pg.TextItem(anchor=(0.5, 0.5), color="#555")
        self._colors: tuple[QColor, ...] = ()
        self._loss_floor = 0.0  # what the loss axis subtracts (see _floor)
        self.clear()

    def retranslate(self) -> None:
        self.caption.setText(self.tr("η too small crawls, just right converges, too large diverges (×)."))
        # On two lines: one would not fit the height of the small plot at projector size.
        self.steps_plot.setLabel("left", self.tr("steps to<br>converge"))
        self.loss_plot.setLabel("left", self._loss_axis_label(self._loss_floor))
        if self.sweeps:
            self.summary.setText(self.summary_html(self.sweeps, self._colors))
            self.nothing_converged.setText(self.tr("none converged within {steps} steps").format(
                steps=max(s.steps for s in self.sweeps)))

    def clear(self) -> None:
        """No sweep shown."""
        for plot in (self.loss_plot, self.steps_plot):
            plot.clear()
        self.sweeps, self._colors, self._loss_floor = (), (), 0.0
        self.retranslate()
        self.loss_curves, self.steps_curves, self.diverged_markers, self.onset_regions = [], [], [], []
        self.summary.clear()
        self.loss_plot.setXRange(*(math.log10(v) for v in DEFAULT_LR_RANGE), padding=0.02)

    def show_sweeps(self, sweeps: Sequence[Sweep], colors: Sequence[QColor], minimum: float | None = None) -> None:
        """Draw `sweeps`, the i-th in `colors[i]`; `minimum` is the landscape's lowest known minimum,
        subtracted from the losses so that the log axis can show them (None: the lowest loss drawn)."""
        self.clear()
        self.sweeps, self._colors = tuple(sweeps), tuple(colors)
        if not sweeps:
            return
        floor = self._floor(sweeps, minimum)
        lows, highs = [], []
        shown_losses = []
        for sweep in sweeps:
            shown = self._shown_losses(sweep, floor)
            shown_losses.append(shown)
            if np.isfinite(shown).any():
                lows.append(np.nanmin(shown))
                highs.append(np.nanmax(shown))
        low = math.log10(min(lows)) if lows else -1.0
        high = math.log10(max(highs)) if highs else 1.0
        span = max(high - low, 1.0)
        cross_row = high + 0.14 * span  # one row of crosses per sweep above every curve, in log10 units
        row_gap = 0.08 * span
        all_lrs = np.concatenate([sweep.lrs for sweep in sweeps])
        for number, (sweep, color, shown) in enumerate(zip(sweeps, colors, shown_losses)):
            self._draw_sweep(number, sweep, color, shown, 10.0 ** (cross_row + number * row_gap))
        self.loss_plot.setXRange(math.log10(all_lrs.min()), math.log10(all_lrs.max()), padding=0.02)
        self.loss_plot.setYRange(low - 0.06 * span, cross_row + (len(sweeps) - 0.4) * row_gap, padding=0)
        self._loss_floor = floor
        self._fit_steps_axis(sweeps)
        self.retranslate()

    def _draw_sweep(self, number: int, sweep: Sweep, color: QColor, shown: np.ndarray, cross_y: float) -> None:
        lrs = sweep.lrs
        diverged = np.array([p.status == BallStatus.DIVERGED for p in sweep.points])
        symbol = {"symbol": "o", "symbolSize": 7, "symbolPen": pg.mkPen(color), "symbolBrush": pg.mkBrush(color)}
        loss_curve = pg.PlotDataItem(*drawable(lrs, shown), connect="finite", pen=pg.mkPen(color, width=2.5),
                                     antialias=True, **symbol)
        steps = np.array([np.nan if p.steps_to_converge is None else p.steps_to_converge for p in sweep.points])
        steps_curve = pg.PlotDataItem(*drawable(lrs, steps), connect="finite", pen=pg.mkPen(color, width=2),
                                      antialias=True, **symbol)
        crosses = pg.PlotDataItem(lrs[diverged], np.full(int(diverged.sum()), cross_y), pen=None, symbol="x",
                                  symbolSize=12, symbolPen=pg.mkPen(color, width=1.5), symbolBrush=pg.mkBrush(color))
        for item, plot in ((loss_curve, self.loss_plot), (steps_curve, self.steps_plot), (crosses, self.loss_plot)):
            plot.addItem(item)
            item.sigPointsClicked.connect(lambda _item, points, _event, number=number:
                                          self._on_points_clicked(number, points))
        self.loss_curves.append(loss_curve)
        self.steps_curves.append(steps_curve)
        self.diverged_markers.append(crosses)
        onset = sweep.divergence_onset
        if onset is not None:
            begins = onset.last_stable if onset.last_stable is not None else float(lrs.min())
            ends = self._end_of_diverged_run(sweep, onset.first_diverged)
            if ends == lrs.max():
                ends *= 100  # past the plot's edge: every η beyond the onset diverged
            for plot in (self.loss_plot, self.steps_plot):
                for (left, right), shade in (((begins, ends), DIVERGED_SHADE),
                                             ((begins, onset.first_diverged), ONSET_SHADE)):
                    region = pg.LinearRegionItem((math.log10(left), math.log10(right)), movable=False,
                                                 brush=pg.mkBrush(*shade), pen=pg.mkPen(None))
                    region.setZValue(-10)
                    plot.addItem(region)
                    if plot is self.loss_plot and shade is ONSET_SHADE:
                        self.onset_regions.append(region)

    @staticmethod
    def _end_of_diverged_run(sweep: Sweep, first_diverged: float) -> float:
        """The largest η of the unbroken run of diverged points that starts at `first_diverged`."""
        end = first_diverged
        for point in sorted(sweep.points, key=lambda p: p.lr):
            if point.lr > first_diverged:
                if point.status != BallStatus.DIVERGED:
                    break
                end = point.lr
        return end

    @staticmethod
    def _floor(sweeps: Sequence[Sweep], minimum: float | None) -> float:
        """What the log axis subtracts: the known minimum, or any lower loss that was reached."""
        finite = [loss for sweep in sweeps for p, loss in zip(sweep.points, sweep.final_losses)
                  if p.status != BallStatus.DIVERGED and math.isfinite(loss)]
        candidates = finite + ([minimum] if minimum is not None else [])
        return min(candidates, default=0.0)

    @staticmethod
    def _shown_losses(sweep: Sweep, floor: float) -> np.ndarray:
        """Final losses as drawn: the gap to `floor`, NaN where diverged (those are crosses)."""
        with np.errstate(invalid="ignore"):
            shown = np.maximum(sweep.final_losses - floor, LOG_FLOOR)
        shown[[p.status == BallStatus.DIVERGED for p in sweep.points]] = np.nan
        return shown

    def _loss_axis_label(self, floor: float) -> str:
        if floor == 0:
            return self.tr("final loss")
        # On two lines, as the steps axis: one would not fit the height of a small plot.
        return self.tr("final loss<br>{sign} {offset:.4g}").format(sign="+" if floor < 0 else "−", offset=abs(floor))

    def _fit_steps_axis(self, sweeps: Sequence[Sweep]) -> None:
        steps = [p.steps_to_converge for sweep in sweeps for p in sweep.points if p.steps_to_converge is not None]
        top = max(max(steps, default=0) * 1.15, 10)
        self.steps_plot.setYRange(0, top, padding=0)
        if not steps:  # its text: retranslate()
            self.steps_plot.addItem(self.nothing_converged)
            (x0, x1), _ = self.loss_plot.getPlotItem().vb.viewRange()
            self.nothing_converged.setPos((x0 + x1) / 2, top / 2)

    def summary_html(self, sweeps: Sequence[Sweep], colors: Sequence[QColor]) -> str:
        """Per sweep, in its colour: its fastest η and where divergence begins."""
        lines = []
        for sweep, color in zip(sweeps, colors):
            parts = []
            converged = [p for p in sweep.points if p.steps_to_converge is not None]
            if converged:
                best = min(converged, key=lambda p: (p.steps_to_converge, p.lr))
                parts.append(self.tr("fastest η {lr:.3g} ({steps} steps)").format(lr=best.lr,
                                                                                   steps=best.steps_to_converge))
            onset = sweep.divergence_onset
            if onset is None:
                parts.append(self.tr("no η diverged"))
            elif onset.last_stable is None:
                parts.append(self.tr("every η diverged"))
            else:
                parts.append(self.tr("diverges at η {low:.3g}–{high:.3g}").format(
                    low=onset.last_stable, high=onset.first_diverged))
            label = names.ball_label(recipe_label(sweep.recipe))
            lines.append(f"<span style='color:{color.name()}'>●</span> <b>{html.escape(label)}"
                         f"</b>: {html.escape(' · '.join(parts))}")
        return "<br>".join(lines)

    def show_marker(self, lr: float | None, color: QColor | None = None) -> None:
        """A vertical line at the η the main view runs (None: none)."""
        if lr is None or not self.sweeps:
            self.loss_plot.removeItem(self.marker)
            return
        self.marker.setPen(pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine))
        self.marker.setValue(math.log10(lr))
        if self.marker.scene() is None:
            self.loss_plot.addItem(self.marker)

    def point_position(self, number: int, index: int) -> tuple[float, float]:
        """Where point `index` of sweep `number` is drawn in the loss plot, in view coordinates (log10)."""
        sweep = self.sweeps[number]
        x = math.log10(sweep.points[index].lr)
        if sweep.points[index].status == BallStatus.DIVERGED:
            crosses = self.diverged_markers[number]
            ys = crosses.yData[np.flatnonzero(crosses.xData == sweep.points[index].lr)]
            return x, math.log10(float(ys[0]))
        return x, math.log10(float(self.loss_curves[number].yData[index]))

    def _on_points_clicked(self, number: int, points) -> None:
        if len(points):
            self.sigPointClicked.emit(number, float(points[0].pos().x()))


class SweepPanel(Retranslatable, QWidget):
    """Sweeps η for the enabled balls from the start point; a click on a point sets that ball's η
    in the main view, selects the ball and plays."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self.low = ScientificSpinBox(1e-12, 1e6)
        self.low.setValue(DEFAULT_LR_RANGE[0])
        self.high = ScientificSpinBox(1e-12, 1e6)
        self.high.setValue(DEFAULT_LR_RANGE[1])
        self.points = QSpinBox()
        self.points.setRange(2, MAX_POINTS)
        self.points.setValue(DEFAULT_POINTS)
        self.steps = QSpinBox()
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(DEFAULT_STEPS)
        self.run_button = QPushButton()
        # Two short rows of narrow boxes without arrows, so the panel fits a side column 360 px wide.
        range_row, run_row = QHBoxLayout(), QHBoxLayout()
        self.labels: dict[QWidget, QLabel] = {}  # of each box; their texts: retranslate()
        for row, widget, width in ((range_row, self.low, 70), (range_row, self.high, 70), (run_row, self.points, 44),
                                   (run_row, self.steps, 56)):
            widget.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            widget.setFixedWidth(width)
            self.labels[widget] = QLabel()
            row.addWidget(self.labels[widget])
            row.addWidget(widget)
        range_row.addStretch(1)
        run_row.addStretch(1)
        run_row.addWidget(self.run_button)
        self.plot = SweepPlot()
        self.message = QLabel()
        self.message.setObjectName("sweepMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addLayout(range_row)
        layout.addLayout(run_row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.message)
        self._slots: tuple[int, ...] = ()  # the ball slot of each sweep shown
        self._key = None  # what the sweep shown depends on: when it changes, the sweep is cleared
        self.last_duration_ms: float | None = None
        self._message: tuple[Callable[[], str] | None, bool] = (None, False)
        self._tooltip: Callable[[], str] | None = None  # of the plot, about the sweep shown
        self.retranslate()
        self.run_button.clicked.connect(self.run_sweep)
        self.plot.sigPointClicked.connect(self._on_point_clicked)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        controller.sigSelectionChanged.connect(self._on_selection_changed)
        self._show_prompt()

    def retranslate(self) -> None:
        self.run_button.setText(self.tr("Sweep"))
        self.run_button.setToolTip(self.tr("Run every enabled ball from the start point once per η"))
        for widget, text in ((self.low, self.tr("η from")), (self.high, self.tr("to")),
                             (self.points, self.tr("points")), (self.steps, self.tr("steps"))):
            self.labels[widget].setText(text)
        self._say(*self._message)
        self.plot.setToolTip(self._tooltip() if self._tooltip else "")

    @staticmethod
    def sweep_key(setup: Setup) -> tuple:
        """Everything a sweep depends on but each ball's η, which the sweep varies."""
        balls = tuple((slot, ball.optimizer, tuple(sorted((k, v) for k, v in ball.params.items() if k != "lr")),
                       ball.gradient, ball.schedule, ball.color)
                      for slot, ball in enumerate(setup.balls) if ball.enabled)
        return setup.landscape, setup.start, setup.user_gradient, balls

    @Slot()
    def run_sweep(self) -> bool:
        """Sweep every enabled ball; True when a sweep is shown, else a message says why not."""
        setup = self._controller.setup
        slots = setup.active_slots
        if not slots:
            return self._fail(lambda: self.tr("Enable a ball to sweep its η."))
        low, high = self.low.value(), self.high.value()
        if not low < high:
            return self._fail(lambda: self.tr("The η range needs its first value below the second."))
        if len(slots) * self.points.value() * self.steps.value() > MAX_WORK:
            return self._fail(lambda: self.tr("That is too many runs to wait for: take fewer points or steps, or "
                                              "use “gdsim sweep” on the command line."))
        recipes = [setup.balls[s] for s in slots]
        began = time.perf_counter()
        try:
            sweeps = sweep_learning_rates(setup.landscape, setup.start, recipes, lr_range=(low, high),
                                          points=self.points.value(), steps=self.steps.value(),
                                          user_gradient=self._controller.user_gradient_function)
        except (ValueError, MemoryError) as error:
            return self._fail(lambda error=error: self.tr("The sweep could not run: {error}").format(error=error))
        self.last_duration_ms = (time.perf_counter() - began) * 1000
        minima = [p.value for p in self._controller.critical_points(setup.preset) if p.kind == "minimum"]
        self.plot.show_sweeps(sweeps, [style.ball_color(setup.balls[s].color) for s in slots],
                              min(minima, default=None))
        self._slots = slots
        self._key = self.sweep_key(setup)
        self._show_marker()
        values = {"balls": len(slots), "points": self.points.value(), "steps": self.steps.value(),
                  "start": ", ".join(f"{c:.3g}" for c in setup.start), "ms": self.last_duration_ms}
        self._tooltip = lambda: self.tr("{balls} × {points} runs of {steps} steps from ({start}) in {ms:.0f} ms.\n"
                                        "Click a point to run that η.").format(**values)
        self.plot.setToolTip(self._tooltip())
        self._say(None)
        return True

    def _fail(self, text: Callable[[], str]) -> bool:
        self._clear()
        self._say(text, error=True)
        return False

    def _clear(self) -> None:
        self.plot.clear()
        self.plot.setToolTip("")
        self._tooltip = None
        self._slots, self._key = (), None

    def _say(self, text: Callable[[], str] | None, error: bool = False) -> None:
        """A line under the plot, made by `text` in the current language (None hides it: the plot takes
        the room)."""
        self._message = (text, error)
        shown = text() if text is not None else ""
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(shown)
        self.message.setVisible(bool(shown))

    def _show_prompt(self) -> None:
        self._say(lambda: self.tr("Press “Sweep” to run each enabled ball once per η from the start point, "
                                  "then click a point to run that η."))

    def run_point(self, number: int, lr: float) -> None:
        """Run sweep `number`'s ball with η = `lr` in the main view."""
        slot = self._slots[number]
        self._controller.select_ball(slot)
        self._controller.set_ball_param(slot, "lr", lr)
        self._controller.play()

    @Slot(int, float)
    def _on_point_clicked(self, number: int, lr_log10: float) -> None:
        # The plot's x is log10 η; take the swept value itself, not 10^x with its rounding.
        lrs = self.plot.sweeps[number].lrs
        self.run_point(number, float(lrs[np.argmin(np.abs(np.log10(lrs) - lr_log10))]))

    @Slot(object)
    def _on_setup_changed(self, setup: Setup) -> None:
        if self._key is not None and self.sweep_key(setup) != self._key:
            self._clear()
            self._say(lambda: self.tr("The landscape, the start or the balls changed: press “Sweep” to sweep "
                                      "again."))
        else:
            self._show_marker()

    @Slot(int)
    def _on_selection_changed(self, slot: int) -> None:
        self._show_marker()

    def _show_marker(self) -> None:
        """A line at the selected ball's η, when that ball is in the sweep shown."""
        slot = self._controller.selected_slot
        if slot not in self._slots:
            self.plot.show_marker(None)
            return
        ball = self._controller.setup.balls[slot]
        self.plot.show_marker(ball.params["lr"], style.ball_color(ball.color))
