"""The learning-rate sweep panel: each enabled ball over a log range of η, run as a job off the GUI thread;
final loss and steps to converge against η (gdsim.qt.analysis.sweep_plot); a click on a point runs that η in the
main view."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSpinBox, QVBoxLayout, QWidget

from gdsim.model.ball_bound import LINEAR_KINDS, eta_text
from gdsim.model.rounding import significant, start_text
from gdsim.model.setup import Setup
from gdsim.model.sweep import DEFAULT_LR_RANGE, DEFAULT_POINTS, DEFAULT_STEPS, sweep_learning_rates
from gdsim.qt import names, style
from gdsim.qt.analysis.job_page import PROGRESS_STEPS, JobPage
from gdsim.qt.analysis.sweep_plot import SweepPlot
from gdsim.qt.controller import Controller
from gdsim.qt.jobs import Job, JobRunner, job_runner
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.inputs import ScientificSpinBox

__all__ = ["SweepPanel", "SweepPlot"]  # SweepPlot: also drawn alone by gdsim sweep --plot

MAX_POINTS = 500
MAX_STEPS = 10_000
# balls × points × steps a sweep may take: ~1 s here (60 points × 3 balls × 300 steps: 30 ms), run as a job
# off the GUI thread with progress and Cancel; beyond it, the CLI's gdsim sweep.
MAX_WORK = 10_000_000


class SweepPanel(JobPage, Retranslatable, QWidget):
    """Sweeps η for the enabled balls from the start point, as a job off the GUI thread (a progress bar
    and Cancel under the buttons while it runs); a click on a point sets that ball's η in the main view, selects the ball
    and plays. A change of the landscape, the start or the balls' settings but η cancels a sweep under way."""

    LANE = "sweep"

    def __init__(self, controller: Controller, parent: QWidget | None = None, jobs: JobRunner | None = None):
        super().__init__(parent)
        self._controller = controller
        self._jobs = jobs or job_runner()
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
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setTextVisible(False)
        # The progress bar and Cancel, in a row of their own shown while a sweep runs: the button rows stay
        # narrow enough for a side column 360 px wide.
        self.progress_row = QWidget()
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress, 1)
        progress_layout.addWidget(self.cancel_button)
        self.progress_row.hide()
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
        layout.addWidget(self.progress_row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.message)
        self._indices: tuple[int, ...] = ()  # the ball index of each sweep shown
        self._key = None  # what the sweep shown depends on: when it changes, the sweep is cleared
        self._job: Job | None = None  # the sweep under way; a cancelled one delivers nothing
        self._job_indices: tuple[int, ...] = ()
        self._job_key = None
        self._job_sizes: dict = {}
        self._began = 0.0
        self.last_duration_ms: float | None = None
        self._message: tuple[Callable[[], str] | None, bool] = (None, False)
        self._tooltip: Callable[[], str] | None = None  # of the plot, about the sweep shown
        self.retranslate()
        self.run_button.clicked.connect(self.run_sweep)
        self.cancel_button.clicked.connect(self.cancel)
        self.plot.sigPointClicked.connect(self._on_point_clicked)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        controller.sigSelectionChanged.connect(self._on_selection_changed)
        controller.sigBoundChanged.connect(self._show_bound)
        self._show_prompt()

    def retranslate(self) -> None:
        self.run_button.setText(self.tr("Sweep"))
        self.run_button.setToolTip(self.tr("Run every enabled ball from the start point once per η"))
        self.cancel_button.setText(self.tr("Cancel"))
        for widget, text in ((self.low, self.tr("η from")), (self.high, self.tr("to")),
                             (self.points, self.tr("points")), (self.steps, self.tr("steps"))):
            self.labels[widget].setText(text)
        self._say(*self._message)
        self.plot.setToolTip(self._tooltip() if self._tooltip else "")
        self._show_bound()

    @staticmethod
    def sweep_key(setup: Setup) -> tuple:
        """Everything a sweep depends on but each ball's η, which the sweep varies."""
        balls = tuple((index, ball.optimizer, tuple(sorted((k, v) for k, v in ball.params.items() if k != "lr")),
                       ball.gradient, ball.schedule, ball.color, ball.noise, ball.batch)
                      for index, ball in enumerate(setup.balls) if ball.enabled)
        return setup.landscape, setup.start, setup.user_gradient, setup.seed, balls

    @Slot()
    def run_sweep(self) -> bool:
        """Start sweeping every enabled ball; False when it cannot start (a message says why). The sweep is
        drawn when its job ends."""
        setup = self._controller.setup
        indices = setup.enabled_indices
        if not indices:
            return self._fail(lambda: self.tr("Enable a ball to sweep its η."))
        low, high = self.low.value(), self.high.value()
        if not low < high:
            return self._fail(lambda: self.tr("The η range needs its first value below the second."))
        points, steps = self.points.value(), self.steps.value()
        if len(indices) * points * steps > MAX_WORK:
            return self._fail(lambda: self.tr("That is too many runs to wait for: take fewer points or steps, or "
                                              "use “gdsim sweep” on the command line."))
        self._stop_job()
        recipes = [setup.balls[s] for s in indices]
        landscape, start, user_gradient = setup.landscape, setup.start, self._controller.user_gradient_function
        job = Job(lambda report: sweep_learning_rates(landscape, start, recipes, lr_range=(low, high), points=points,
                                                      steps=steps, user_gradient=user_gradient, progress=report,
                                                      seed=setup.seed))
        job.sigProgress.connect(self._on_progress)
        job.sigResult.connect(self._on_swept)
        job.sigFailed.connect(self._on_failed)
        self._job, self._job_indices, self._job_key = job, indices, self.sweep_key(setup)
        self._job_sizes = {"balls": len(indices), "points": points, "steps": steps,
                           "start": start_text(start)}
        self._began = time.perf_counter()
        self._set_running(True)
        self._say(lambda: self.tr("Sweeping {balls} × {points} η for {steps} steps…").format(**self._job_sizes))
        self._jobs.start(job, self.LANE)
        return True

    @Slot()
    def cancel(self) -> None:
        if self._job is not None:
            self._stop_job()
            self._say(lambda: self.tr("Sweep cancelled."))

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setValue(0)
        self.progress_row.setVisible(running)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._job = None
        self._set_running(False)
        self._fail(lambda: self.tr("The sweep could not run: {error}").format(error=message))

    @Slot(object)
    def _on_swept(self, sweeps) -> None:
        self._job = None
        self._set_running(False)
        self.last_duration_ms = (time.perf_counter() - self._began) * 1000
        setup = self._controller.setup
        indices = self._job_indices
        minima = [p.value for p in self._controller.critical_points(setup.preset) if p.kind == "minimum"]
        self.plot.show_sweeps(sweeps, [style.ball_color(setup.balls[s].color) for s in indices],
                              min(minima, default=None))
        self._indices, self._key = indices, self._job_key
        self._show_marker()
        self._show_bound()
        values = {**self._job_sizes, "ms": self.last_duration_ms}
        self._tooltip = lambda: self.tr("{balls} × {points} runs of {steps} steps from {start} in {ms:.0f} ms.\n"
                                        "Click a point to run that η.").format(**values)
        self.plot.setToolTip(self._tooltip())
        self._say(None)

    def _fail(self, text: Callable[[], str]) -> bool:
        self._clear()
        self._say(text, error=True)
        return False

    def _clear(self) -> None:
        self.plot.clear()
        self.plot.setToolTip("")
        self._tooltip = None
        self._indices, self._key = (), None

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
        index = self._indices[number]
        self._controller.select_ball(index)
        self._controller.set_ball_param(index, "lr", lr)
        self._controller.play()

    @Slot(int, float)
    def _on_point_clicked(self, number: int, lr_log10: float) -> None:
        # The plot's x is log10 η; take the swept value itself, not 10^x with its rounding, to the six digits
        # its label shows (η=0.0235983, not 0.023598305123…: the run then uses the η every box says).
        lrs = self.plot.sweeps[number].lrs
        self.run_point(number, significant(float(lrs[np.argmin(np.abs(np.log10(lrs) - lr_log10))])))

    @Slot(object)
    def _on_setup_changed(self, setup: Setup) -> None:
        if self._job is not None and self.sweep_key(setup) != self._job_key:
            self._stop_job()
            self._clear()
            self._say(lambda: self.tr("The landscape, the start or the balls changed: the sweep was cancelled. "
                                      "Press “Sweep” to sweep again."))
        elif self._key is not None and self.sweep_key(setup) != self._key:
            self._clear()
            self._say(lambda: self.tr("The landscape, the start or the balls changed: press “Sweep” to sweep "
                                      "again."))
        else:
            self._show_marker()

    @Slot(int)
    def _on_selection_changed(self, index: int) -> None:
        self._show_marker()
        self._show_bound()

    @Slot()
    def _show_bound(self, *_) -> None:
        """The selected ball's stability bound (the controller's), when that ball is in the sweep shown."""
        if self._controller.selected_index not in self._indices:
            self.plot.show_bound(None, "")
            return
        bound = self._controller.selected_bound
        if bound.bound is not None:
            self.plot.show_bound(bound.bound, self.tr("η_max = {eta}").format(eta=eta_text(bound.bound)))
        elif bound.optimizer in LINEAR_KINDS:
            self.plot.show_bound(None, self.tr("No bound line: no minimum with λ₂ > 0 found."))
        else:
            self.plot.show_bound(None, self.tr("No bound line: {name} adapts its step to the gradient.").format(
                name=names.optimizer_name(bound.optimizer)))

    def _show_marker(self) -> None:
        """A line at the selected ball's η, when that ball is in the sweep shown."""
        index = self._controller.selected_index
        if index not in self._indices:
            self.plot.show_marker(None)
            return
        ball = self._controller.setup.balls[index]
        self.plot.show_marker(ball.params["lr"], style.ball_color(ball.color))
