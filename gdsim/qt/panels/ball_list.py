"""The ball list: every ball with its colour, settings and status; add, duplicate, remove, and the editor of the
selected ball (gdsim.qt.panels.ball_editor) below."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdsim.model.analysis import restart_summary
from gdsim.model.basins import minimum_name, point_text
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.setup import RunInfo, Setup
from gdsim.model.simulation import BallStatus, Snapshot
from gdsim.qt import names, style
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.panels.ball_editor import BallEditor
from gdsim.qt.support.curves import group_by_ball
from gdsim.qt.support.signals import signals_blocked
from gdsim.qt.view_state import ViewState

# Minima named one by one in the summary of many starts (the lowest first); the rest are counted together.
LISTED_MINIMA = 4


class BallList(Retranslatable, QWidget):
    """Every ball as a line with its colour, name and status; a check box turns it on and off.

    Below, buttons add a ball of any optimizer, duplicate or remove the selected one, and an
    editor changes the selected ball's settings.
    """

    def __init__(self, controller: Controller, view_state: ViewState | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if view_state is not None:  # larger text makes taller rows
            view_state.sigThemeChanged.connect(lambda: self._on_setup_changed(self._controller.setup))
        self._controller = controller
        self._groups: dict[int, np.ndarray] = {}
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setObjectName("ballList")
        self.list.setWordWrap(True)
        # Long labels (a schedule's settings) wrap instead of widening the panel past the window.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        # A push button with a menu: its arrow has room of its own (a tool button's sat on the last letter).
        self.add_button = QPushButton()
        menu = QMenu(self.add_button)
        self.add_actions: dict[str, QAction] = {}
        for kind in OptimizerKind:
            action = menu.addAction("")
            action.triggered.connect(lambda checked=False, k=kind: self._on_add(k))
            self.add_actions[str(kind)] = action
        self.add_button.setMenu(menu)
        self.duplicate_button = QPushButton()
        self.remove_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        self.editor = BallEditor(controller)
        restarts = QHBoxLayout()
        self.restart_count = QSpinBox()
        self.restart_count.setRange(2, 5000)
        self.restart_count.setValue(100)
        self.restart_seed = QSpinBox()
        self.restart_seed.setRange(0, 2**31 - 1)
        self.restart_count.setMaximumWidth(64)
        self.restart_seed.setMaximumWidth(84)
        self.restart_button = QPushButton()
        for widget in (self.restart_button, self.restart_count, self.restart_seed):
            restarts.addWidget(widget)
        self.summary = QLabel()
        self.summary.setObjectName("restartSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(restarts)
        layout.addWidget(self.summary)
        layout.addWidget(self.editor)
        layout.addStretch(1)  # the room a tall panel has to spare goes below the editor, not into its rows
        self.restart_button.clicked.connect(
            lambda: controller.set_random_starts(self.restart_count.value(), self.restart_seed.value()))

        self.duplicate_button.clicked.connect(self._on_duplicate)
        self.remove_button.clicked.connect(self._on_remove)
        self.list.currentRowChanged.connect(self._on_row_selected)
        self.list.itemChanged.connect(self._on_item_changed)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)
        controller.sigSelectionChanged.connect(self.list.setCurrentRow)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add ball"))
        for kind, action in self.add_actions.items():
            action.setText(names.optimizer_name(kind))
        self.duplicate_button.setText(self.tr("Duplicate"))
        self.remove_button.setText(self.tr("Remove"))
        self.restart_count.setToolTip(self.tr("How many random starts"))
        self.restart_seed.setPrefix(self.tr("seed "))
        self.restart_seed.setToolTip(self.tr("The same seed gives the same starts (a noisy ball's gradient noise "
                                             "has its own seed, the Noise seed beside its Noise σ)"))
        self.restart_button.setText(self.tr("Random starts"))
        self.restart_button.setToolTip(self.tr("Every ball from many starts drawn over the view; the best is ringed"))
        if self.list.count():  # the balls' names and statuses, once there are balls
            self._on_setup_changed(self._controller.setup)
            self._on_stepped(self._controller.snapshot())

    @property
    def selected_index(self) -> int:
        return self._controller.selected_index

    def select(self, index: int) -> None:
        self._controller.select_ball(index)

    @Slot(object)
    def _on_setup_changed(self, setup: Setup) -> None:
        if len(setup.starts) > 1:  # the starts on the map (a lesson's, an undone draw's) are counted here
            with signals_blocked(self.restart_count):
                self.restart_count.setValue(len(setup.starts))
        selected = min(self.selected_index, len(setup.balls) - 1)
        with signals_blocked(self.list):
            while self.list.count() > len(setup.balls):
                self.list.takeItem(self.list.count() - 1)
            while self.list.count() < len(setup.balls):
                item = QListWidgetItem()
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                self.list.addItem(item)
            for index, ball in enumerate(setup.balls):
                item = self.list.item(index)
                item.setIcon(style.swatch(style.ball_color(ball.color)))
                item.setCheckState(Qt.CheckState.Checked if ball.enabled else Qt.CheckState.Unchecked)
                label = names.ball_label(ball.label)
                item.setData(Qt.ItemDataRole.UserRole, label)
                item.setText(label if ball.enabled else self.tr("{label}\noff").format(label=label))
            self.list.setCurrentRow(selected)
        self.remove_button.setEnabled(len(setup.balls) > 1)
        self.editor.show_ball(selected, setup.balls[selected], self._controller.user_gradient_function is not None)
        # Two lines a ball at the application's font (the list's own follows it only after its events).
        row = 2 * QFontMetrics(QApplication.font(self.list)).lineSpacing() + 8
        self.list.setFixedHeight(min(8, max(3, len(setup.balls))) * row + 6)

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        self._groups = group_by_ball(run.placed_from)

    def _show_summary(self, snapshot: Snapshot) -> None:
        if len(self._controller.setup.starts) < 2 or not snapshot.finished:
            self.summary.setVisible(len(self._controller.setup.starts) > 1)
            self.summary.setText(self.tr("{n} starts: the best is ringed when every ball has stopped.")
                                 .format(n=len(self._controller.setup.starts)))
            return
        setup = self._controller.setup
        summary = restart_summary(snapshot, self._controller.critical_points(setup.preset), setup.landscape)
        box = setup.landscape.view_box
        named = [f"{minimum_name(k)} {point_text(point, box)}: {n}"  # no words: the same in every language
                 for k, (point, n) in enumerate(zip(summary.minima[:LISTED_MINIMA], summary.reached, strict=False))]
        others = summary.reached[LISTED_MINIMA:]
        if others:
            named.append(self.tr("{count} more minima: {n}").format(count=len(others), n=sum(others)))
        if summary.best < 0:
            best = "—"
        elif summary.best_minimum >= 0:
            best = self.tr("{f} at {point}, in {name}").format(
                f=f"{snapshot.losses[summary.best]:.6g}", name=minimum_name(summary.best_minimum),
                point=point_text(snapshot.positions[summary.best], box))
        else:
            best = self.tr("{f} at {point}").format(f=f"{snapshot.losses[summary.best]:.6g}",
                                                    point=point_text(snapshot.positions[summary.best], box))
        self.summary.setText(self.tr("Best f = {best}. Reached {parts}; elsewhere: {rest}.").format(
            best=best, parts=", ".join(named) or "—", rest=summary.elsewhere))

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        self._show_summary(snapshot)
        with signals_blocked(self.list):
            for index, balls in self._groups.items():
                if len(balls) == 1:
                    ball = balls[0]
                    text = names.status_text(int(snapshot.status[ball]), snapshot.step,
                                             int(snapshot.stopped_at[ball]), float(snapshot.losses[ball]),
                                             bool(snapshot.on_flat_ground[ball]))
                else:
                    text = names.counts_text(np.bincount(snapshot.status[balls], minlength=len(BallStatus)),
                                             int(np.count_nonzero(snapshot.on_flat_ground[balls])))
                item = self.list.item(index)
                item.setText(f"{item.data(Qt.ItemDataRole.UserRole)}\n{text}")
        # The list view defers repainting a changed item (a timer event follows each change), so its
        # text reached the screen a frame after the toolbar's step label: while playing, one step behind.
        self.list.viewport().update()

    def status_of(self, index: int) -> str:
        """The status line shown for a ball (the second line of its entry)."""
        return self.list.item(index).text().split("\n", 1)[-1]

    @Slot(int)
    def _on_row_selected(self, row: int) -> None:
        if 0 <= row < len(self._controller.setup.balls):
            self._controller.select_ball(row)
            setup = self._controller.setup
            self.editor.show_ball(row, setup.balls[row], self._controller.user_gradient_function is not None)

    @Slot(QListWidgetItem)
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        self._controller.set_ball_enabled(self.list.row(item), item.checkState() == Qt.CheckState.Checked)

    def _on_add(self, kind: OptimizerKind) -> None:
        self.select(self._controller.add_ball(kind))

    @Slot()
    def _on_duplicate(self) -> None:
        self.select(self._controller.duplicate_ball(self.selected_index))

    @Slot()
    def _on_remove(self) -> None:
        self._controller.remove_ball(self.selected_index)
