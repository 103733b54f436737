"""The control panel: landscape (a preset or a typed function), start point, balls, gradient check."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gdsim.model.presets import PRESETS, Preset
from gdsim.model.quadratic import QUADRATIC
from gdsim.model.setup import Setup
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.messages import explained
from gdsim.qt.names import landscape_description, landscape_formula, landscape_title
from gdsim.qt.panels.ball_list import BallList
from gdsim.qt.panels.quadratic_knobs import QuadraticKnobs
from gdsim.qt.support.inputs import fitting_number
from gdsim.qt.support.on_demand import BuiltOnDemand, make_when_chosen
from gdsim.qt.support.signals import signals_blocked
from gdsim.qt.view_state import ViewState

if TYPE_CHECKING:
    from gdsim.qt.panels.derivative_panel import DerivativePanel
    from gdsim.qt.panels.gradient_checker import GradientChecker

TYPED = "expression"  # the combo entry that stands for a typed function


class ControlPanel(Retranslatable, QWidget):
    """Everything that defines a run, editable; every edit goes through the controller."""

    def __init__(self, controller: Controller, view_state: ViewState | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._variables: tuple[str, ...] = controller.preset.variables  # every field's label: x, y or a fit's W, b
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)

        self.landscape_box = QGroupBox()
        landscape_layout = QVBoxLayout(self.landscape_box)
        self.landscape = QComboBox()
        for name in (*PRESETS, QUADRATIC, TYPED):  # their texts: retranslate()
            self.landscape.addItem("", str(name))
        # The longest title (in any language) would set the panel's width: the box takes the width it is given.
        self.landscape.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.landscape.setMinimumContentsLength(12)
        self.expression = QLineEdit()
        self.expression.setObjectName("expression")
        self.expression.setClearButtonEnabled(True)
        self.expression_error = QLabel()
        self.expression_error.setObjectName("expressionError")
        self.expression_error.setWordWrap(True)
        self.expression_error.setStyleSheet("color: #b00020;")
        self.expression_error.setTextFormat(Qt.TextFormat.PlainText)
        self.expression_error.hide()
        self._expression_problem: Exception | None = None  # what expression_error says, in any language
        # Where the accepted function has no value ("undefined where x < 0"): a note, not an error.
        self.domain_note = QLabel()
        self.domain_note.setObjectName("domainNote")
        self.domain_note.setWordWrap(True)
        self.domain_note.setStyleSheet("color: #8a5a00;")
        self.domain_note.setTextFormat(Qt.TextFormat.PlainText)
        self.domain_note.hide()
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.gradient_formula = QLabel()
        self.gradient_formula.setWordWrap(True)
        self.gradient_formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: palette(placeholder-text);")
        self.quadratic_knobs = QuadraticKnobs(controller)  # κ and rotation, while the quadratic is on screen
        for widget in (self.landscape, self.quadratic_knobs, self.expression, self.expression_error, self.domain_note, self.formula,
                       self.gradient_formula, self.description):
            landscape_layout.addWidget(widget)
        view_row = QHBoxLayout()
        view_row.setSpacing(3)
        self.view_box: list[QLineEdit] = []
        self.view_box_labels: list[QLabel] = []
        for axis in ("x", "y"):
            for end in ("from", "to"):
                label = QLabel("–")  # the one before "from": retranslate()
                edit = QLineEdit()
                edit.setObjectName(f"view_{axis}_{end}")
                # Room for "-12.3" whole (the sign too), not the font's default of several characters
                # (wider in Korean fonts); a longer number is shown with fewer digits (fitting_number).
                edit.setMaximumWidth(46)
                edit.setMinimumWidth(min(edit.fontMetrics().horizontalAdvance("-12.2") + 6, 46))
                edit.editingFinished.connect(self._on_view_box_edited)
                view_row.addWidget(label)
                view_row.addWidget(edit)
                self.view_box.append(edit)
                self.view_box_labels.append(label)
        view_row.addStretch(1)
        landscape_layout.addLayout(view_row)
        layout.addWidget(self.landscape_box)

        self.start_box = QGroupBox()
        start_layout = QVBoxLayout(self.start_box)
        row = QHBoxLayout()
        self.start_spins: list[QDoubleSpinBox] = []
        self.start_labels: list[QLabel] = []
        for axis in ("x", "y"):
            spin = QDoubleSpinBox()
            spin.setRange(-1e6, 1e6)
            spin.setDecimals(4)
            spin.setSingleStep(0.1)
            spin.setKeyboardTracking(False)
            spin.setObjectName(f"start_{axis}")
            # Its range's widest number (−1000000.0000) would set the panel's width; a start needs less.
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("−000.0000") + 28)
            spin.valueChanged.connect(self._on_start_edited)
            label = QLabel(axis)
            row.addWidget(label)
            row.addWidget(spin, 1)
            self.start_spins.append(spin)
            self.start_labels.append(label)
        start_layout.addLayout(row)
        self.start_hint = QLabel()
        self.start_hint.setWordWrap(True)
        self.start_hint.setStyleSheet("color: palette(placeholder-text);")
        start_layout.addWidget(self.start_hint)
        layout.addWidget(self.start_box)

        self.tabs = QTabWidget()
        view_state = view_state or ViewState(self)
        self._view_state = view_state
        self._view_box_shown: list[str] = []  # the fields' texts as last shown
        self.balls = BallList(controller, view_state)
        # The pages behind the Balls tab are made when first chosen: the window's first paint does not wait.
        # Their modules too (the derivative page's numerical differentiation, the checker's sampling).
        self._gradient_checker = BuiltOnDemand(lambda: _gradient_checker(controller), self)
        self._derivative = BuiltOnDemand(lambda: _derivative_panel(controller, view_state), self)
        for page in (self.balls, self._gradient_checker.widget, self._derivative.widget):
            self.tabs.addTab(page, "")
        make_when_chosen(self.tabs, self._gradient_checker, self._derivative)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

        self.landscape.currentIndexChanged.connect(self._on_landscape_chosen)
        self.expression.returnPressed.connect(self._on_expression_entered)
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        # What the map shows (the wheel, following, Fit to Balls): the fields say it.
        view_state.sigMapRangeChanged.connect(self._show_view_box)

    @property
    def gradient_checker(self) -> GradientChecker:
        return self._gradient_checker.view

    @property
    def derivative(self) -> DerivativePanel:
        return self._derivative.view

    def retranslate(self) -> None:
        self.landscape_box.setTitle(self.tr("Landscape"))
        for index in range(self.landscape.count()):
            name = self.landscape.itemData(index)
            self.landscape.setItemText(index, self.tr("Your function (type it below)") if name == TYPED
                                       else self.tr("Quadratic (κ, rotation)") if name == QUADRATIC
                                       else landscape_title(PRESETS[name].landscape))
        self.landscape.setPlaceholderText(self.tr("(the lesson's landscape)"))  # e.g. a fit's loss
        self.expression.setPlaceholderText(self.tr("e.g. x^2 + y^2, then Enter"))
        self.expression.setToolTip(self.tr("Type f(x) or f(x, y), e.g. x^2 + y^2, then Enter"))
        self._label_fields()
        self.start_box.setTitle(self.tr("Start point"))
        self.start_hint.setText(self.tr("Click the plot to drop it there; drag the start marker to move it."))
        for page, title in ((self.balls, self.tr("Balls")), (self._gradient_checker.widget, self.tr("Check my gradient")),
                            (self._derivative.widget, self.tr("Derivative"))):
            self.tabs.setTabText(self.tabs.indexOf(page), title)
        self._show_formula(self._controller.preset)
        self.description.setText(landscape_description(self._controller.preset))
        self._show_domain(self._controller.preset.landscape)
        if self._expression_problem is not None:
            self.show_expression_error(self._expression_problem)

    def _show_formula(self, chosen: Preset) -> None:
        self.formula.setText(f"f({', '.join(chosen.variables)}) = {landscape_formula(chosen.landscape)}")

    def _show_domain(self, landscape) -> None:
        if not landscape.undefined_where_known:  # worked out after the window is redrawn with the new landscape
            self.domain_note.hide()
            QTimer.singleShot(0, self, lambda: self._show_domain_when_current(landscape))
            return
        self._show_domain_when_current(landscape)

    def _show_domain_when_current(self, landscape) -> None:
        if self._controller.preset.landscape is landscape:  # not typed over in the meantime
            note = landscape.undefined_where
            self.domain_note.setText(explained(note) if note is not None else "")
            self.domain_note.setVisible(note is not None)

    def _label_fields(self) -> None:
        """The start and view fields named by the variables on screen: x and y, or a fit's W and b."""
        names = self._variables
        for index, (edit, label) in enumerate(zip(self.view_box, self.view_box_labels, strict=True)):
            axis = names[index // 2] if index // 2 < len(names) else ""
            if index % 2 == 0:
                label.setText(self.tr("view {axis}").format(axis=axis))
                edit.setToolTip(self.tr("The view box: {axis} from").format(axis=axis))
            else:
                edit.setToolTip(self.tr("The view box: {axis} to").format(axis=axis))
        for axis, (spin, label) in enumerate(zip(self.start_spins, self.start_labels, strict=True)):
            label.setText(names[axis] if axis < len(names) else "")
            spin.setToolTip(self.tr("Start {axis}").format(axis=names[axis]) if axis < len(names) else "")

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        landscape = chosen.landscape
        with signals_blocked(self.landscape):
            self.landscape.setCurrentIndex(self.landscape.findData(TYPED if landscape.source else landscape.name))
        if self.expression.text() != landscape.source:  # the box holds the function on screen, or nothing
            self.expression.setText(landscape.source)
        self.expression_error.hide()
        self._expression_problem = None
        names = self._variables = chosen.variables
        self._label_fields()
        self._show_formula(chosen)
        self._show_domain(landscape)
        if landscape.gradient_formulas:
            parts = ", ".join(landscape.gradient_formulas)
            self.gradient_formula.setText(f"∇f = ({parts})" if landscape.dim > 1 else f"f′({names[0]}) = {parts}")
        self.gradient_formula.setVisible(bool(landscape.gradient_formulas))
        self.description.setText(landscape_description(chosen))
        for axis, (spin, label) in enumerate(zip(self.start_spins, self.start_labels, strict=True)):
            spin.setVisible(axis < landscape.dim)
            label.setVisible(axis < landscape.dim)
        for index, (edit, label) in enumerate(zip(self.view_box, self.view_box_labels, strict=True)):
            edit.setVisible(index < 2 * landscape.dim)
            label.setVisible(index < 2 * landscape.dim)
        self._show_view_box(landscape.view_box)

    @Slot(object)
    def _show_view_box(self, box) -> None:
        """What the map shows: the map range as it is now (a change signalled from inside another, when
        the aspect lock widens a range, arrives after it with the range asked for)."""
        shown = self._view_state.map_range
        if shown is not None and len(shown) == self._controller.setup.landscape.dim:
            box = shown
        limits = [value for pair in box for value in pair]
        for index, edit in enumerate(self.view_box):
            edit.setText(fitting_number(edit, limits[index]) if index < len(limits) else "")
        self._view_box_shown = [edit.text() for edit in self.view_box]

    @Slot()
    def _on_view_box_edited(self) -> None:
        dim = self._controller.setup.landscape.dim
        if [edit.text() for edit in self.view_box] == self._view_box_shown:
            return  # left without a change: what the map shows is not a new view box
        try:
            values = [float(edit.text()) for edit in self.view_box[:2 * dim]]
            self._controller.set_view_box(tuple(zip(values[::2], values[1::2], strict=True)))
        except ValueError:
            # Not a box: show the one in use again (the run is not touched).
            self._show_view_box(self._controller.preset.landscape.view_box)

    @Slot(object)
    def _on_setup_changed(self, setup: Setup) -> None:
        with signals_blocked(*self.start_spins):
            for spin, value in zip(self.start_spins, setup.start, strict=False):
                spin.setValue(value)

    def show_expression_error(self, problem: Exception) -> None:
        self._expression_problem = problem
        self.expression_error.setText(explained(problem))
        self.expression_error.show()

    @Slot()
    def _on_expression_entered(self) -> None:
        from gdsim.model.expressions import ExpressionError

        try:
            self._controller.set_expression(self.expression.text())
        except ExpressionError as error:
            self.show_expression_error(error)  # the landscape on screen stays as it was

    @Slot(int)
    def _on_landscape_chosen(self, index: int) -> None:
        name = self.landscape.itemData(index)
        if name == TYPED:
            self.expression.setFocus()
            if self.expression.text().strip():
                self._on_expression_entered()
            else:  # nothing typed yet: the combo keeps showing the landscape on screen
                self._on_landscape_changed(self._controller.preset)
        elif name == QUADRATIC:
            self._controller.set_quadratic(*self.quadratic_knobs.values())
        else:
            self._controller.set_preset(name)

    @Slot()
    def _on_start_edited(self) -> None:
        point = tuple(spin.value() for spin in self.start_spins[:self._controller.preset.landscape.dim])
        if all(np.isfinite(point)):
            self._controller.set_start(point)


def _gradient_checker(controller: Controller) -> GradientChecker:
    from gdsim.qt.panels.gradient_checker import GradientChecker

    return GradientChecker(controller)


def _derivative_panel(controller: Controller, view_state: ViewState) -> DerivativePanel:
    from gdsim.qt.panels.derivative_panel import DerivativePanel

    return DerivativePanel(controller, view_state)
