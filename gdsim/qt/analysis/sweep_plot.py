"""The learning-rate sweep's plot: final loss and steps to converge against η, one curve per ball setting,
divergence marked and shaded. The η sweep panel and `gdsim sweep --plot` draw it."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from gdsim.model.rounding import power_text
from gdsim.model.simulation import BallStatus
from gdsim.model.sweep import DEFAULT_LR_RANGE, Sweep, recipe_label
from gdsim.qt import names, style
from gdsim.qt.language import Retranslatable
from gdsim.qt.support import pg_compat

LOG_FLOOR = 1e-16  # a final loss at the minimum would sit at −∞ on the log axis; it sits here
# The rows of crosses above the curves take at most this share of the losses' span however many sweeps
# there are (each row 0.08 of it for a few): 250 balls stacked 20 decades of rows above the curves.
CROSS_BAND = 0.6
HIGHEST_EXPONENT = 300.0  # a cross is drawn at 10 ** its row: 10.0 ** 309 raises OverflowError
# Grey, so no shade is mistaken for a ball: darker where divergence begins, pale over the η that diverge.
ONSET_SHADE = (90, 90, 90, 95)
DIVERGED_SHADE = (120, 120, 120, 38)
AXIS_WIDTH = 62  # both plots' left axes at least, the same for both, so their η axes line up
WIDEST_TICKS = ("10⁻¹⁰", "10000")  # the loss axis's log ticks and the steps axis's counts
BOUND_COLOR = "#b00020"
# Room a plot needs beside its left axis's label: the plot item's margins above and below the view box.
PLOT_MARGINS = 12


class SummaryScroll(QScrollArea):
    """The per-ball summary: as tall as its text where there is room, scrolling where there is not (three balls
    at projector size in a 1024 × 768 window), so the plots above keep the height their axis labels need."""

    def __init__(self, label: QLabel):
        super().__init__()
        self.label = label
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:
        width = self.viewport().width() if self.isVisible() else self.label.sizeHint().width()
        return QSize(super().sizeHint().width(), self.label.heightForWidth(max(width, 1)) if self.label.text() else 0)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().lineSpacing() + 4 if self.label.text() else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the text wraps into another number of lines


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
        # The selected ball's stability bound (gdsim.model.ball_bound), labelled; where there is none, a note.
        self.bound_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(BOUND_COLOR, width=2),
                                          label="", labelOpts={"position": 0.93, "color": BOUND_COLOR,
                                                               "anchors": [(1.08, 0), (1.08, 0)], "fill": (255, 255, 255, 200)})
        self.bound_line.setZValue(-4)
        self.bound_note = QLabel()
        self.bound_note.setObjectName("sweepBoundNote")
        self.bound_note.setWordWrap(True)
        self.bound_note.setStyleSheet("color: palette(placeholder-text);")
        self.bound_note.hide()
        self.loss_plot = pg.PlotWidget()
        self.steps_plot = pg.PlotWidget()
        for plot in (self.loss_plot, self.steps_plot):
            style.prepare_plot(plot)
            plot.getAxis("left").setWidth(AXIS_WIDTH)
            plot.getPlotItem().vb.setMouseEnabled(x=False, y=False)  # a click picks a point; nothing drags
            # Asking for no more than their minimum (_fit_plot_heights), the plots leave the summary its whole
            # text where the window has room for it, and take what is left by their stretch.
            plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
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
        layout.addWidget(self.bound_note)
        layout.addWidget(self.loss_plot, 3)
        layout.addWidget(self.steps_plot, 2)
        self.summary_scroll = SummaryScroll(self.summary)
        layout.addWidget(self.summary_scroll)
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
        if self.sweeps:  # the rule the plot follows, where the class reads it, in the caption's room
            self.caption.setText(self.tr("Converged: {meaning}; × diverged.").format(
                meaning=self.convergence_meaning(self.sweeps)))
        else:
            self.caption.setText(self.tr("η too small crawls, just right converges, too large diverges (×)."))
        # On two lines: one would not fit the height of the small plot at projector size.
        self.steps_plot.setLabel("left", self.tr("steps to<br>converge"))
        self.loss_plot.setLabel("left", self._loss_axis_label(self._loss_floor))
        self._fit_plot_heights()
        if self.sweeps:
            self.summary.setText(self.summary_html(self.sweeps, self._colors))
            self.summary_scroll.updateGeometry()
            # Short, in the middle of a small plot: the caption above says what converged means.
            self.nothing_converged.setText(self.tr("none converged within {steps} steps").format(
                steps=max(s.steps for s in self.sweeps)))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presenter mode: the application's font grew or shrank
            for plot in (self.loss_plot, self.steps_plot):
                style.apply_plot_fonts(plot)
            self._fit_plot_heights()

    def _fit_plot_heights(self) -> None:
        """Each plot at least as tall as its left axis's label, upright along the axis, and its bottom axis; both
        left axes as wide as the wider label beside the widest ticks. The layout's fixed sizes let the two plots
        run into each other at projector size, cut the labels and wrote them over the tick numbers."""
        width = AXIS_WIDTH
        for plot in (self.loss_plot, self.steps_plot):
            item = plot.getPlotItem()
            axis, bottom = item.getAxis("left"), item.getAxis("bottom")
            below = bottom.height() if bottom.isVisible() else 0
            # The text's length, without the blank margin keep_axis_label_inside gives it.
            length = axis.label.boundingRect().width() - 2 * axis.label.document().documentMargin()
            plot.setMinimumHeight(math.ceil(length + below + PLOT_MARGINS))
            ticks = QFontMetricsF(axis.style["tickFont"] or self.font())
            width = max(width, math.ceil(axis.label.boundingRect().height() + max(map(ticks.horizontalAdvance,
                        WIDEST_TICKS)) + axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"])))
        for plot in (self.loss_plot, self.steps_plot):
            plot.getAxis("left").setWidth(width)

    def clear(self) -> None:
        """No sweep shown."""
        for plot in (self.loss_plot, self.steps_plot):
            plot.clear()
        self.sweeps, self._colors, self._loss_floor = (), (), 0.0
        self.retranslate()
        self.loss_curves, self.steps_curves, self.diverged_markers, self.onset_regions = [], [], [], []
        self.summary.clear()
        self.summary_scroll.updateGeometry()
        self.bound_note.hide()
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
        row_gap = min(0.08, CROSS_BAND / len(sweeps)) * span
        all_lrs = np.concatenate([sweep.lrs for sweep in sweeps])
        for number, (sweep, color, shown) in enumerate(zip(sweeps, colors, shown_losses, strict=True)):
            self._draw_sweep(number, sweep, color, shown, 10.0 ** min(cross_row + number * row_gap, HIGHEST_EXPONENT))
        pg_compat.set_view_range(self.loss_plot, x=(math.log10(all_lrs.min()), math.log10(all_lrs.max())),
                                 padding=0.02)
        top = min(cross_row + (len(sweeps) - 0.4) * row_gap, HIGHEST_EXPONENT + 0.5 * row_gap)
        pg_compat.set_view_range(self.loss_plot, y=(low - 0.06 * span, top), padding=0)
        self._loss_floor = floor
        self._fit_steps_axis(sweeps)
        self.retranslate()

    def _draw_sweep(self, number: int, sweep: Sweep, color: QColor, shown: np.ndarray, cross_y: float) -> None:
        lrs = sweep.lrs
        diverged = np.array([p.status == BallStatus.DIVERGED for p in sweep.points])
        symbol = {"symbol": "o", "symbolSize": 7, "symbolPen": pg.mkPen(color), "symbolBrush": pg.mkBrush(color)}
        loss_curve = pg.PlotDataItem(*pg_compat.curve_data(lrs, shown), connect="finite", pen=pg.mkPen(color, width=2.5),
                                     antialias=True, **symbol)
        steps = np.array([np.nan if p.steps_to_converge is None else p.steps_to_converge for p in sweep.points])
        steps_curve = pg.PlotDataItem(*pg_compat.curve_data(lrs, steps), connect="finite", pen=pg.mkPen(color, width=2),
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
        finite = [loss for sweep in sweeps for p, loss in zip(sweep.points, sweep.final_losses, strict=True)
                  if p.status != BallStatus.DIVERGED and math.isfinite(loss)]
        candidates = finite + ([minimum] if minimum is not None else [])
        return min(candidates, default=0.0)

    @staticmethod
    def _shown_losses(sweep: Sweep, floor: float) -> np.ndarray:
        """Final losses as drawn: the gap to `floor`, NaN where diverged (those are crosses)."""
        with np.errstate(invalid="ignore", over="ignore"):  # a loss near 1e308 above a floor near −1e308
            shown = np.maximum(sweep.final_losses - floor, LOG_FLOOR)
        shown[[p.status == BallStatus.DIVERGED for p in sweep.points]] = np.nan
        shown[np.isinf(shown)] = np.nan  # beyond what an axis can hold
        return shown

    def _loss_axis_label(self, floor: float) -> str:
        if floor == 0:
            return self.tr("final loss")
        # On two lines, as the steps axis: one would not fit the height of a small plot.
        return self.tr("final loss<br>{sign} {offset:.4g}").format(sign="+" if floor < 0 else "−", offset=abs(floor))

    def _fit_steps_axis(self, sweeps: Sequence[Sweep]) -> None:
        steps = [p.steps_to_converge for sweep in sweeps for p in sweep.points if p.steps_to_converge is not None]
        top = max(max(steps, default=0) * 1.15, 10)
        pg_compat.set_view_range(self.steps_plot, y=(0, top), padding=0)
        if not steps:  # its text: retranslate()
            self.steps_plot.addItem(self.nothing_converged)
            (x0, x1), _ = self.loss_plot.getPlotItem().vb.viewRange()
            self.nothing_converged.setPos((x0 + x1) / 2, top / 2)

    def convergence_meaning(self, sweeps: Sequence[Sweep]) -> str:
        """What "converged" means in these sweeps, in words: 'gradient and step below 10⁻⁶ within 300 steps'."""
        steps = max(sweep.steps for sweep in sweeps)
        tolerance, gradient = sweeps[0].tolerance, max(sweep.gradient_tolerance for sweep in sweeps)
        if gradient == tolerance:
            return self.tr("gradient and step below {tolerance} within {steps} steps").format(
                tolerance=power_text(tolerance), steps=steps)
        return self.tr("gradient below {gradient} and step below {tolerance} within {steps} steps").format(
            gradient=power_text(gradient), tolerance=power_text(tolerance), steps=steps)

    def summary_html(self, sweeps: Sequence[Sweep], colors: Sequence[QColor]) -> str:
        """Per sweep, in its colour: the η that converged and where divergence begins."""
        lines = []
        for sweep, color in zip(sweeps, colors, strict=True):
            label = names.ball_label(recipe_label(sweep.recipe))
            lines.append(f"<span style='color:{color.name()}'>●</span> <b>{html.escape(label)}"
                         f"</b>: {html.escape(' · '.join(self._findings(sweep)))}")
        return "<br>".join(lines)

    def _findings(self, sweep: Sweep) -> list[str]:
        """Short, so that three balls fit a side column 250 px wide: 'converged for η 0.0287–0.962', 'diverged
        from η 1.17' (the onset's shade shows the gap below it; the steps plot, which η is fastest)."""
        if all(p.steps_to_converge == 0 for p in sweep.points):  # a staircase: every η stopped where it began
            return [self.tr("flat: the gradient at the start is 0, so no η moves the ball")]
        parts = []
        converged = [p for p in sweep.points if p.steps_to_converge is not None]
        if not converged:
            parts.append(self.tr("none converged"))
        elif len(converged) == 1:
            parts.append(self.tr("converged for η {lr:.3g}").format(lr=converged[0].lr))
        else:
            parts.append(self.tr("converged for η {low:.3g}–{high:.3g}").format(
                low=min(p.lr for p in converged), high=max(p.lr for p in converged)))
        onset = sweep.divergence_onset
        if onset is None:
            parts.append(self.tr("no η diverged"))
        elif onset.last_stable is None:
            parts.append(self.tr("every η diverged"))
        else:
            parts.append(self.tr("diverged from η {lr:.3g}").format(lr=onset.first_diverged))
        return parts

    def show_marker(self, lr: float | None, color: QColor | None = None) -> None:
        """A vertical line at the η the main view runs (None: none)."""
        if lr is None or not self.sweeps:
            self.loss_plot.removeItem(self.marker)
            return
        self.marker.setPen(pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine))
        self.marker.setValue(math.log10(lr))
        if self.marker.scene() is None:
            self.loss_plot.addItem(self.marker)

    def show_bound(self, bound: float | None, text: str) -> None:
        """The stability bound as a vertical line labelled `text`; with `bound` None, no line and `text` as a note
        above the plot ('' hides it)."""
        if bound is None or not self.sweeps:
            self.loss_plot.removeItem(self.bound_line)
        else:
            self.bound_line.setValue(math.log10(bound))
            self.bound_line.label.setFormat(text)
            if self.bound_line.scene() is None:
                self.loss_plot.addItem(self.bound_line)
        note = text if bound is None and self.sweeps else ""
        self.bound_note.setText(note)
        self.bound_note.setVisible(bool(note))

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
