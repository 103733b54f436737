"""The balls on screen side by side: status, steps to converge, loss and path length, as they run;
copied to the clipboard as CSV for a spreadsheet or a handout."""

from __future__ import annotations

import csv
import io
import math

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gdsim.model.branching import Ghost
from gdsim.model.simulation import BallStatus, Snapshot
from gdsim.qt import names, style
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable

MOST_ROWS = 200  # a crowd of random starts shows its first balls; the CSV has them all
# "status" is the engine's; a ball it stopped as converged on flat ground (gradient 0, no curvature) found no
# minimum: it has no steps to converge, and the last column says why.
CSV_COLUMNS = ("ball", "optimizer", "start", "status", "steps_to_converge", "stopped_at", "step", "loss",
               "path_length", "stopped_on_flat_ground")


def comparison_rows(controller: Controller, snapshot: Snapshot) -> list[dict]:
    """One dict per ball of the run, with the CSV's columns; numbers unrounded, unknowns None."""
    setup = controller.setup
    rows = []
    for ball, (index, spec) in enumerate(zip(setup.placed_from, controller.run_info().balls, strict=True)):
        status = BallStatus(snapshot.status[ball])
        stopped = int(snapshot.stopped_at[ball])
        loss = float(snapshot.losses[ball])
        path = float(snapshot.path_lengths[ball]) if snapshot.path_lengths is not None else math.nan
        flat = status is BallStatus.CONVERGED and bool(snapshot.on_flat_ground[ball])
        rows.append({
            "ball": index + 1, "optimizer": spec.label, "start": spec.start, "status": status.label,
            "steps_to_converge": stopped if status is BallStatus.CONVERGED and not flat else None,
            "stopped_at": stopped if stopped >= 0 else None, "step": snapshot.step,
            "loss": loss if math.isfinite(loss) else None, "path_length": path if math.isfinite(path) else None,
            "stopped_on_flat_ground": flat, "ghost_step": None})
    ghosts: dict[int, list[dict]] = {}  # each beside the last row of its ball: what it did before the change
    for ghost in controller.ghosts:
        last = max(ball for ball in range(len(rows)) if setup.placed_from[ball] == ghost.setup_index)
        ghosts.setdefault(last, []).extend(ghost_rows(ghost, [rows[ball]["start"] for ball in ghost.balls]))
    return [shown for ball, row in enumerate(rows) for shown in (row, *ghosts.get(ball, ()))]


def ghost_rows(ghost: Ghost, starts: list) -> list[dict]:
    """The CSV's columns for a ghost's balls, at the ghost's end; `ghost_step` is the branch's step."""
    rows = []
    for column in range(len(ghost.balls)):
        status = BallStatus(ghost.status[column])
        stopped = int(ghost.stopped_at[column])
        loss = float(ghost.losses[-1, column])
        path = float(ghost.path_lengths[column]) if ghost.path_lengths is not None else math.nan
        flat = status is BallStatus.CONVERGED and bool(ghost.on_flat_ground[column])
        rows.append({
            "ball": ghost.setup_index + 1, "optimizer": f"{ghost.label} (before the change at step {ghost.step})",
            "start": starts[column],
            "status": status.label, "steps_to_converge": stopped if status is BallStatus.CONVERGED and not flat else None,
            "stopped_at": stopped if stopped >= 0 else None, "step": ghost.end_step,
            "loss": loss if math.isfinite(loss) else None, "path_length": path if math.isfinite(path) else None,
            "stopped_on_flat_ground": flat, "ghost_step": ghost.step, "label": ghost.label})
    return rows


def rows_as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = dict(row, start=" ".join(repr(c) for c in row["start"]))
        writer.writerow(["" if values[c] is None else (repr(values[c]) if isinstance(values[c], float) else values[c])
                         for c in CSV_COLUMNS])
    return out.getvalue()


class ComparisonTable(Retranslatable, QWidget):
    """Every ball of the run in a row: status, steps to converge, loss and path length, as it runs."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._row_balls: list[int] = []  # the setup ball of each row shown
        self.table = QTableWidget(0, 5)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # A ball's name is never elided ("Mo… η=…" named no ball): its column fits it, on two lines so that
        # the status beside it shows too in a narrow window; the numbers scroll sideways when they must.
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.note = QLabel()
        self.note.setStyleSheet("color: #555")
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_csv)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.table.cellClicked.connect(self._on_row_clicked)
        controller.sigStepped.connect(self.refresh)
        controller.sigGhostsChanged.connect(lambda ghosts: self.refresh(controller.snapshot()))
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Ball"), self.tr("Status"), self.tr("Steps to\nconverge"),
                                              self.tr("Loss"), self.tr("Path\nlength")])
        self.copy_button.setText(self.tr("Copy as CSV"))
        self.copy_button.setToolTip(self.tr("Every ball's row, at full precision, for a spreadsheet"))
        if self.isVisible():
            self.refresh(self._controller.snapshot())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh(self._controller.snapshot())

    @Slot(object)
    def refresh(self, snapshot: Snapshot) -> None:
        if not self.isVisible():
            return
        rows = comparison_rows(self._controller, snapshot)
        shown = rows[:MOST_ROWS]
        self._row_balls = [row["ball"] - 1 for row in shown]
        colors = [b.color for b in self._controller.setup.balls]
        many_starts = len(self._controller.setup.starts) > 1
        self.table.setRowCount(len(shown))
        lines = 2 + many_starts + bool(self._controller.ghosts)
        self.table.verticalHeader().setDefaultSectionSize(lines * self.table.fontMetrics().lineSpacing() + 8)
        for number, row in enumerate(shown):
            optimizer, _, settings = names.ball_label(row.get("label", row["optimizer"])).partition(" ")
            name = f"{optimizer}\n{settings}" if settings else optimizer
            if row["ghost_step"] is not None:
                name += "\n" + self.tr("(before the change at step {step})").format(step=row["ghost_step"])
            if many_starts:
                name += "\n@ (" + ", ".join(f"{c:.3g}" for c in row["start"]) + ")"
            status = (self.tr("diverged at step {step}").format(step=row["stopped_at"]) if row["status"] == "diverged"
                      else self.tr("left the domain at step {step}").format(step=row["stopped_at"])
                      if row["status"] == "undefined" and row["stopped_at"]
                      else self.tr("stopped on flat ground (gradient 0) at step {step}").format(step=row["stopped_at"])
                      if row["stopped_on_flat_ground"] else names.status_word(row["status"]))
            cells = [name, status, _whole(row["steps_to_converge"]), _real(row["loss"]), _real(row["path_length"])]
            for column, text in enumerate(cells):
                item = self.table.item(number, column)
                if item is None:
                    item = QTableWidgetItem()
                    if column > 1:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(number, column, item)
                if item.text() != text:
                    item.setText(text)
            first = self.table.item(number, 0)
            color = colors[row["ball"] - 1]
            if first.data(Qt.ItemDataRole.UserRole) != color:  # a new icon per row per frame costs
                first.setIcon(style.swatch(style.ball_color(color)))
                first.setData(Qt.ItemDataRole.UserRole, color)
        self.note.setText(self.tr("Step {step}. Showing {shown} of {total} balls; the CSV has all.").format(
            step=snapshot.step, shown=len(shown), total=len(rows)) if len(rows) > len(shown)
            else self.tr("Step {step}.").format(step=snapshot.step))

    def csv_text(self) -> str:
        return rows_as_csv(comparison_rows(self._controller, self._controller.snapshot()))

    @Slot()
    def copy_csv(self) -> None:
        text = self.csv_text()
        QGuiApplication.clipboard().setText(text)
        self.note.setText(self.tr("Copied {n} rows as CSV.").format(n=text.count("\n") - 1))

    @Slot(int, int)
    def _on_row_clicked(self, row: int, column: int) -> None:
        if 0 <= row < len(self._row_balls):
            self._controller.select_ball(self._row_balls[row])


def _whole(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _real(value: float | None) -> str:
    return "—" if value is None else f"{value:.6g}".replace("-", "−")
