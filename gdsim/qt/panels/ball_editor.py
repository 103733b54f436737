"""The editor of the selected ball, below the ball list: its optimizer, η (with its stability bound), other
hyperparameters, the gradient it follows, its batch size, η schedule, noise and the run's noise seed."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gdsim.model.ball_bound import BallBound
from gdsim.model.balls import NOISE_SETTING, Ball, GradientSource
from gdsim.model.optimizers import OptimizerKind, hyperparameters
from gdsim.qt import names
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.panels.batch_field import BatchSizeBox
from gdsim.qt.panels.bound_line import BoundLine
from gdsim.qt.panels.seed_field import NoiseSeedBox
from gdsim.qt.support.inputs import (
    ChoiceInput,
    FieldMessage,
    LearningRateEditor,
    chosen,
    hyperparameter_input,
    with_message,
)
from gdsim.qt.support.signals import signals_blocked
from gdsim.qt.support.wheel import leave_wheel_to_panel

RATE_PLOT_STEPS = 300  # the η-against-step plot of the selected ball spans this many steps


class BallEditor(Retranslatable, QGroupBox):
    """The settings of the selected ball: optimizer, η, its other hyperparameters, its gradient."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self.index = 0
        self.form = QFormLayout(self)
        self.form.setContentsMargins(8, 4, 8, 6)
        self.form.setVerticalSpacing(3)
        self.optimizer = QComboBox()
        for kind in OptimizerKind:
            self.optimizer.addItem("", str(kind))
        self.form.addRow(QLabel(), self.optimizer)  # the texts of these rows: retranslate()
        self.learning_rate = LearningRateEditor()
        # Fixed height: in a tall panel the row would otherwise grow and drift away from its label.
        self.learning_rate.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.form.addRow("η", self.learning_rate)
        self.bound_line = BoundLine()  # where η diverges (the controller's selected_bound), marked on the slider too
        self.form.addRow(self.bound_line)
        self.learning_rate.slider.tooltip_source = self.bound_line.toolTip  # hovering the shade says it too
        self.gradient = QComboBox()
        self.gradient.addItem("", str(GradientSource.EXACT))
        self.gradient.addItem("", str(GradientSource.USER))
        # Why "my gradient" was not taken: the item is disabled until one is typed, but a keyboard or a
        # list out of date can still choose it.
        self.gradient_message = QLabel()
        self.gradient_message.setObjectName("gradientMessage")
        self.gradient_message.setStyleSheet("color: #b00020;")
        self.gradient_message.setTextFormat(Qt.TextFormat.PlainText)
        self.gradient_message.setWordWrap(True)
        self.gradient_message.hide()
        self._gradient_field = gradient_field = QWidget()
        # Its height is its combo's (and message's): a taller panel would otherwise open a gap in the form.
        gradient_field.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        gradient_layout = QVBoxLayout(gradient_field)
        gradient_layout.setContentsMargins(0, 0, 0, 0)
        gradient_layout.setSpacing(2)
        gradient_layout.addWidget(self.gradient)
        gradient_layout.addWidget(self.gradient_message)
        self.form.addRow(QLabel(), gradient_field)
        self.batch = BatchSizeBox()  # shown on a data fit only
        self.form.addRow(QLabel(), self.batch)
        self.batch.sigBatchChosen.connect(lambda batch: self._controller.set_ball_batch(self.index, batch))
        self.schedule = QComboBox()
        for name in ("constant", "step", "exponential", "cosine", "cosine-restarts"):
            self.schedule.addItem("", name)
        self.form.addRow(QLabel(), self.schedule)
        self.noise = hyperparameter_input(NOISE_SETTING)
        self.noise.setDecimals(3)
        self.noise.setObjectName("noise")
        self.noise.setSingleStep(0.1)
        self.noise.valueChanged.connect(lambda sigma: self._controller.set_ball_noise(self.index, sigma))
        self.form.addRow(QLabel(), self.noise)
        self.seed = NoiseSeedBox()  # the run's, shown where it matters: beside a noisy ball's σ
        self.seed.sigSeedChosen.connect(self._controller.set_seed)
        self.form.addRow(QLabel(), self.seed)
        self.rate_plot = pg.PlotWidget()
        self.rate_plot.setObjectName("ratePlot")
        self.rate_plot.setFixedHeight(90)
        self.rate_plot.getPlotItem().setMenuEnabled(False)
        self.rate_plot.setMouseEnabled(False, False)
        leave_wheel_to_panel(self.rate_plot)  # its view box takes the wheel even with the mouse off
        self.rate_plot.getPlotItem().hideButtons()
        self.rate_plot.setLabel("left", "η")
        self.rate_plot.getAxis("left").enableAutoSIPrefix(False)
        self.rate_curve = self.rate_plot.plot(pen=pg.mkPen("#333", width=1.5))
        self.form.addRow(self.rate_plot)
        self.param_inputs: dict[str, QDoubleSpinBox | ChoiceInput] = {}
        self.param_messages: dict[str, FieldMessage] = {}
        self._param_rows: list[QWidget] = []
        self._kind: OptimizerKind | None = None
        self.optimizer.currentIndexChanged.connect(self._on_optimizer_chosen)
        self.learning_rate.sigValueCommitted.connect(self._on_learning_rate_committed)
        self.gradient.currentIndexChanged.connect(self._on_gradient_chosen)
        self.schedule.currentIndexChanged.connect(self._on_schedule_chosen)
        controller.sigBoundChanged.connect(self._on_bound_changed)
        self._on_bound_changed(controller.selected_bound)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Selected ball"))
        for index in range(self.optimizer.count()):
            self.optimizer.setItemText(index, names.optimizer_name(chosen(self.optimizer, OptimizerKind, index)))
        self.gradient.setItemText(0, self.tr("exact ∇f"))
        self.gradient.setItemText(1, self.tr("my gradient"))
        self.gradient.setToolTip(self.tr("Type your gradient under “Check my gradient” to follow it"))
        for index in range(self.schedule.count()):
            self.schedule.setItemText(index, names.schedule_name(self.schedule.itemData(index)))
        self.schedule.setToolTip(self.tr("How η changes with the step (torch.optim.lr_scheduler's formulas)"))
        self.noise.setToolTip(self.tr("σ of the Gaussian noise added to the gradient this ball follows "
                                      "(0: none); Balls ▸ Fan runs it with many seeds"))
        for field, text in ((self.optimizer, self.tr("Optimizer")), (self._gradient_field, self.tr("Follows")),
                            (self.schedule, self.tr("η schedule")), (self.batch, self.tr("Batch size")),
                            (self.noise, self.tr("Noise σ")), (self.seed, self.tr("Noise seed"))):
            self.form.labelForField(field).setText(text)

    def show_ball(self, index: int, setting: Ball, user_gradient_typed: bool) -> None:
        self.gradient_message.hide()
        if index != self.index:  # a refusal was about the other ball's field
            for message in (self.learning_rate.message, *self.param_messages.values()):
                message.clear_message()
        self.index = index
        if setting.optimizer != self._kind:
            self._rebuild_params(setting.optimizer)
        with signals_blocked(self.optimizer, self.gradient, self.schedule, self.noise, *self.param_inputs.values()):
            self.noise.setValue(setting.noise)
            self.schedule.setCurrentIndex(self.schedule.findData(setting.schedule.name if setting.schedule
                                                                 else "constant"))
            self.optimizer.setCurrentIndex(self.optimizer.findData(str(setting.optimizer)))
            self.gradient.setCurrentIndex(self.gradient.findData(str(setting.gradient)))
            self.gradient.model().item(1).setEnabled(user_gradient_typed)
            for name, spin in self.param_inputs.items():
                spin.setValue(setting.params[name])
        self.learning_rate.set_value(setting.params["lr"])
        self.seed.show_seed(self._controller.setup.seed)
        self.form.setRowVisible(self.seed, setting.noise > 0)
        fit = self._controller.setup.preset.fit
        self.form.setRowVisible(self.batch, fit is not None)
        if fit is not None:
            self.batch.show_batch(setting.batch, fit.points)
        steps = np.arange(RATE_PLOT_STEPS)
        rates = setting.schedule.rate(setting.params["lr"], steps) if setting.schedule else \
            np.full(RATE_PLOT_STEPS, setting.params["lr"])
        self.rate_curve.setData(steps, rates)

    def _rebuild_params(self, kind: OptimizerKind) -> None:
        for row in self._param_rows:
            self.form.removeRow(row)
        self.param_inputs, self.param_messages, self._param_rows = {}, {}, []
        for h in hyperparameters(kind):
            if h.name == "lr":
                continue
            spin = hyperparameter_input(h)
            spin.setObjectName(f"param_{h.name}")
            spin.setToolTip(h.name)
            spin.valueChanged.connect(lambda value, name=h.name: self._on_param_changed(name, value))
            if h.choices:  # a combo box: nothing typed to refuse
                row = spin
            else:
                message = FieldMessage(spin, lambda symbol=h.symbol: symbol)
                row = with_message(spin, message)
                self.param_messages[h.name] = message
            self.form.insertRow(self.form.rowCount() - 1, h.symbol, row)
            self.param_inputs[h.name] = spin
            self._param_rows.append(row)
        self._kind = kind

    @Slot(object)
    def _on_bound_changed(self, bound: BallBound) -> None:
        self.learning_rate.set_bound(bound.bound, bound.optimal_lr if bound.optimal_momentum is None else None)
        self.bound_line.show_bound(bound)

    @Slot(int)
    def _on_optimizer_chosen(self, choice: int) -> None:
        self._controller.set_ball_optimizer(self.index, chosen(self.optimizer, OptimizerKind, choice))

    @Slot(float)
    def _on_learning_rate_committed(self, value: float) -> None:
        self._controller.set_ball_param(self.index, "lr", value)

    def _on_param_changed(self, name: str, value: float) -> None:
        self._controller.set_ball_param(self.index, name, value)

    @Slot(int)
    def _on_schedule_chosen(self, choice: int) -> None:
        self._controller.set_ball_schedule(self.index, self.schedule.itemData(choice))

    @Slot(int)
    def _on_gradient_chosen(self, choice: int) -> None:
        try:
            self._controller.set_ball_gradient(self.index, chosen(self.gradient, GradientSource, choice))
        except ValueError as refusal:  # no gradient of the user's yet: the ball keeps its own
            with signals_blocked(self.gradient):
                ball = self._controller.setup.balls[self.index]
                self.gradient.setCurrentIndex(self.gradient.findData(str(ball.gradient)))
            self.gradient_message.setText(str(refusal))
            self.gradient_message.show()
