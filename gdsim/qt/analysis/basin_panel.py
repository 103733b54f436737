"""Basins of attraction: a grid of starts per ball setting, run as a job off the GUI thread; the map of
the chosen ball under the contour lines and every ball's share of starts per minimum in a table."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gdsim.model.balls import Ball
from gdsim.model.basins import DIVERGED, NOT_CONVERGED, BasinMap, basin_map
from gdsim.model.presets import Preset
from gdsim.model.setup import Setup
from gdsim.qt import names, style
from gdsim.qt.analysis.job_page import PROGRESS_STEPS, JobPage
from gdsim.qt.controller import Controller
from gdsim.qt.jobs import Job, JobRunner, job_runner
from gdsim.qt.language import Retranslatable
from gdsim.qt.layers.basin_layer import category_brush, minimum_name, palette_indices, point_text
from gdsim.qt.view_state import BasinDisplay, ViewState

MAX_GRID = 1000
MAX_STEPS = 100_000
# When this share of a ball's starts stops on flat ground (a staircase), the message says the landscape is flat.
FLAT_SHARE = 0.5
FLAT_ROW = NOT_CONVERGED - 1  # the table's row of starts that stopped on flat ground


def recipes_of(setup: Setup, indices) -> list[Ball]:
    return [Ball(setup.balls[s].optimizer, setup.balls[s].params, setup.balls[s].gradient,
                       setup.balls[s].schedule) for s in indices]


def basin_key(setup: Setup, indices) -> tuple:
    """What a basin map depends on: the landscape (and its box), the balls' settings, the typed gradient.
    Not the start point: a map covers every start. None when an index is gone."""
    if any(index >= len(setup.balls) for index in indices):
        return None
    return setup.landscape, tuple(recipes_of(setup, indices)), setup.user_gradient


class BasinPanel(JobPage, Retranslatable, QWidget):
    """Runs a grid of starts for the balls on screen and shows where they end.

    The map drawn under the contour lines (through the view state) is the selected ball's, when it was run. A change of the landscape,
    the balls' settings or the typed gradient cancels a run in progress: its result would describe
    another setup. Moving the start point does not (a map covers every start).
    """

    LANE = "basins"

    def __init__(self, controller: Controller, view_state: ViewState, parent: QWidget | None = None,
                 jobs: JobRunner | None = None):
        super().__init__(parent)
        self._controller = controller
        self._jobs = jobs or job_runner()
        self._view_state = view_state
        self.grid = QSpinBox()
        self.grid.setRange(10, MAX_GRID)
        self.grid.setValue(200)
        self.steps = QSpinBox()
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(500)
        self.every_ball = QCheckBox()
        self.every_ball.setChecked(True)
        self.run_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(0)
        self.map_of = QComboBox()
        self.show_map = QCheckBox()
        self.show_map.setChecked(True)
        self.message = QLabel()
        self.message.setObjectName("basinMessage")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()

        form = QFormLayout()
        sizes = QHBoxLayout()
        sizes.addWidget(self.grid)
        self.steps_label, self.grid_label, self.map_of_label = QLabel(), QLabel(), QLabel()
        sizes.addWidget(self.steps_label)
        sizes.addWidget(self.steps)
        sizes.addStretch(1)
        form.addRow(self.grid_label, sizes)
        form.addRow("", self.every_ball)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        shown = QHBoxLayout()
        shown.addWidget(self.show_map)
        shown.addWidget(self.map_of_label)
        shown.addWidget(self.map_of, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addLayout(shown)
        layout.addWidget(self.table, 1)

        self._job: Job | None = None  # the run whose result will be shown; a cancelled one delivers none
        self._job_key: tuple | None = None
        self._job_indices: tuple[int, ...] = ()
        self._began = 0.0
        self.result: BasinMap | None = None
        self._result_indices: tuple[int, ...] = ()  # the ball index of each recipe of the result
        self._result_balls: tuple[Ball, ...] = ()  # and its settings then
        self._message: tuple[Callable[[], str], bool] = (str, False)  # makes the message in the current language
        self._result_key: tuple | None = None
        self.last_duration_s: float | None = None
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.show_map.toggled.connect(lambda: self.show_recipe(self.map_of.currentIndex()))
        self.map_of.currentIndexChanged.connect(self._on_map_chosen)
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        controller.sigSelectionChanged.connect(self._on_selection_changed)
        self.retranslate()
        self._say(lambda: self.tr("Press “Run” to start every ball from each point of a grid over the view box "
                                  "and colour each start by the minimum it reaches."))

    def retranslate(self) -> None:
        if self._controller.setup.landscape.dim == 1:
            self.grid.setToolTip(self.tr("Starts along x, evenly spread over the view box"))
        else:
            self.grid.setToolTip(self.tr("Starts per side of the view box: 200 makes 40,000 starts per ball"))
        self.every_ball.setText(self.tr("Every ball on screen"))  # short: a check box does not wrap
        self.every_ball.setToolTip(self.tr("Every ball on screen (else the selected one)"))
        self.run_button.setText(self.tr("Run"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.map_of.setToolTip(self.tr("Whose map is drawn on the contour view (follows the selected ball)"))
        self.show_map.setText(self.tr("Show map"))
        self.steps_label.setText(self.tr("steps"))
        self.grid_label.setText(self.tr("Grid"))
        self.map_of_label.setText(self.tr("Map of"))
        self._say(*self._message)
        if self.result is not None:
            for index, ball in enumerate(self._result_balls):
                self.map_of.setItemText(index, names.ball_label(ball.label))
            self._fill_table()

    # --- running --------------------------------------------------------------------------------
    @Slot()
    def run(self) -> bool:
        """Start a run for the chosen balls; False (with a message) when it cannot start."""
        setup = self._controller.setup
        indices = setup.enabled_indices if self.every_ball.isChecked() else (self._controller.selected_index,)
        if not indices:
            return self._fail(lambda: self.tr("Enable a ball to map its basins."))
        self._stop_job()
        landscape, recipes, grid, steps = setup.landscape, recipes_of(setup, indices), self.grid.value(), \
            self.steps.value()
        user_gradient = self._controller.user_gradient_function
        job = Job(lambda report: basin_map(landscape, recipes, grid, steps, user_gradient=user_gradient,
                                           progress=report))
        job.sigProgress.connect(self._on_progress)
        job.sigResult.connect(self._on_done)
        job.sigFailed.connect(self._on_failed)
        self._job, self._job_key, self._job_indices = job, basin_key(setup, indices), indices
        self._began = time.perf_counter()
        self.progress.setValue(0)
        self._set_running(True)
        sizes = {"balls": len(indices), "starts": self.grid.value() ** landscape.dim, "steps": self.steps.value()}
        self._say(lambda: self.tr("Running {balls} × {starts:,} starts for {steps:,} steps…").format(**sizes))
        self._jobs.start(job, self.LANE)
        return True

    @Slot()
    def cancel(self) -> None:
        if self._job is not None:
            self._stop_job()
            self._say(lambda: self.tr("Cancelled."))

    def shutdown(self) -> None:
        """The window is closing: cancel every job and wait for the worker threads (tens of ms)."""
        self._stop_job()
        self._jobs.shutdown()

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if not running:
            self.progress.setValue(0)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._job = None
        self._set_running(False)
        self._fail(lambda: self.tr("The basins could not be mapped: {error}").format(error=message))

    @Slot(object)
    def _on_done(self, result: BasinMap) -> None:
        self._job = None
        self._set_running(False)
        self.last_duration_s = time.perf_counter() - self._began
        self.result, self._result_indices, self._result_key = result, self._job_indices, self._job_key
        self._result_balls = tuple(self._controller.setup.balls[index] for index in self._result_indices)
        self._fill_table()
        with_maps = self.map_of.blockSignals(True)
        self.map_of.clear()
        for ball in self._result_balls:
            self.map_of.addItem(style.swatch(style.ball_color(ball.color)), names.ball_label(ball.label))
        self.map_of.blockSignals(with_maps)
        selected = self._controller.selected_index
        self.show_recipe(self._result_indices.index(selected) if selected in self._result_indices else 0)
        shares = result.shares
        stray = max(s.diverged + s.not_converged for s in shares)
        found = {"minima": len(result.minima), "seconds": self.last_duration_s, "starts": result.labels[0].size,
                 "steps": result.steps, "stray": stray}
        flat = max(result.flat, default=0.0)
        if flat >= FLAT_SHARE:
            found["flat"] = flat
            self._say(lambda: self.tr("Flat: gradient 0 almost everywhere. {flat:.0%} of a ball's starts stopped "
                                      "on flat ground, where no minimum pulls them.")
                      .format(**found))
            return
        self._say(lambda: self.tr("{minima} minima found in {seconds:.1f} s ({starts:,} starts per ball, {steps:,} "
                                  "steps); at most {stray:.1%} of a ball's starts diverged or did not converge.")
                  .format(**found))

    # --- showing --------------------------------------------------------------------------------
    def show_recipe(self, index: int) -> None:
        """Draw the map of the result's recipe `index` (and show it in the combo box)."""
        if self.result is None or not 0 <= index < len(self.result.recipes):
            return
        if self.map_of.currentIndex() != index:
            self.map_of.setCurrentIndex(index)  # comes back here through _on_map_chosen
            return
        self._view_state.set_basins(BasinDisplay(self.result, index, self.show_map.isChecked()))

    def _fill_table(self) -> None:
        """One row per minimum (its name, point and f), one column per ball: what share of the starts ends
        there. A ball's column is headed by its swatch and its number in the ball list (its name in the
        tooltip and in "Map of"): full names made three balls too wide for the panel."""
        result = self.result
        balls = self._result_balls
        self.table.clear()
        self.table.setColumnCount(1 + len(balls))
        self.table.setHorizontalHeaderLabels([self.tr("Minimum")] + [str(index + 1) for index in self._result_indices])
        for column, ball in enumerate(balls, start=1):
            header = self.table.horizontalHeaderItem(column)
            header.setIcon(style.swatch(style.ball_color(ball.color)))
            header.setToolTip(names.ball_label(ball.label))
        colors = palette_indices(result)
        rows = [(index, f"{minimum_name(index)} {point_text(point, result.box)}\nf = {value:.3g}")
                for index, (point, value) in enumerate(zip(result.minima, result.values, strict=True))]
        rows += [(DIVERGED, self.tr("diverged")), (NOT_CONVERGED, self.tr("not converged"))]
        flat = result.flat or (0.0,) * len(result.recipes)
        if any(flat):
            rows.append((FLAT_ROW, self.tr("flat: gradient 0")))
        self.table.setRowCount(len(rows))
        shares = result.shares
        for row, (label, name) in enumerate(rows):
            first = QTableWidgetItem(name)
            first.setBackground(category_brush(NOT_CONVERGED if label == FLAT_ROW else label,
                                               colors[label] if label >= 0 else 0))
            self.table.setItem(row, 0, first)
            for column, share in enumerate(shares, start=1):
                # The starts on flat ground are in "not converged" for the map; the table tells them apart.
                fraction = (share.minima[label] if label >= 0 else share.diverged if label == DIVERGED else
                            flat[column - 1] if label == FLAT_ROW else max(0.0, share.not_converged - flat[column - 1]))
                item = QTableWidgetItem(f"{fraction:.1%}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()

    def _clear_result(self) -> None:
        self.result, self._result_indices, self._result_key, self._result_balls = None, (), None, ()
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        with_maps = self.map_of.blockSignals(True)
        self.map_of.clear()
        self.map_of.blockSignals(with_maps)
        self._view_state.set_basins(None)  # a map describes the landscape and box it was computed on

    def _fail(self, text: Callable[[], str]) -> bool:
        self._say(text, error=True)
        return False

    def _say(self, text: Callable[[], str], error: bool = False) -> None:
        """The message under the buttons, made by `text` in the current language."""
        self._message = (text, error)
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text())

    # --- following the controller -----------------------------------------------------------------
    @Slot(int)
    def _on_map_chosen(self, index: int) -> None:
        self.show_recipe(index)

    @Slot(int)
    def _on_selection_changed(self, index: int) -> None:
        # Once the balls change, indices may name other balls: the map shown stays as it is.
        current = basin_key(self._controller.setup, self._result_indices) == self._result_key
        if current and index in self._result_indices:
            self.show_recipe(self._result_indices.index(index))

    @Slot(object)
    def _on_landscape_changed(self, scene: Preset) -> None:
        if self._job is not None:
            self._stop_job()
            self._say(lambda: self.tr("The landscape changed: the run was cancelled."))
        self._clear_result()
        self.retranslate()  # the grid's tooltip: starts along x, or per side

    @Slot(object)
    def _on_setup_changed(self, setup: Setup) -> None:
        if self._job is not None and basin_key(setup, self._job_indices) != self._job_key:
            self._stop_job()
            self._say(lambda: self.tr("The balls changed while the basins were mapped: the run was cancelled. "
                                      "Press “Run” again."))
        elif self.result is not None and basin_key(setup, self._result_indices) != self._result_key:
            self._say(lambda: self.tr("The balls changed since this map was made: the table and the map show "
                                      "the settings in the column headers. Press “Run” to map the new ones."))
