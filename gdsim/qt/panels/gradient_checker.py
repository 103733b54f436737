"""'Check my gradient': type ∂f/∂x (and ∂f/∂y), compare with the exact gradient, or run a ball on it."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from gdsim.model.analysis import typed_gradient_check
from gdsim.model.balls import GradientSource
from gdsim.model.landscapes import Landscape
from gdsim.model.presets import Preset
from gdsim.model.setup import Setup
from gdsim.qt import names
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.messages import explained


class GradientChecker(Retranslatable, QWidget):
    """The user's own gradient, one box per variable: checked against the exact one over the view
    box (which component is wrong, where, by how much), or followed by a ball beside an exact one."""

    def __init__(self, controller: Controller, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.inputs: list[QLineEdit] = []
        self.input_labels: list[QLabel] = []
        for variable in ("x", "y"):
            edit = QLineEdit()
            edit.setObjectName(f"grad_{variable}")
            label = QLabel(f"∂f/∂{variable} =")
            form.addRow(label, edit)
            edit.returnPressed.connect(self.check)
            self.inputs.append(edit)
            self.input_labels.append(label)
        layout.addLayout(form)
        buttons = QVBoxLayout()  # one above the other: side by side they set the panel's width (wider in presenter mode)
        self.check_button = QPushButton()
        self.run_button = QPushButton()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.run_button)
        layout.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("gradientResult")
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.check_button.clicked.connect(self.check)
        self.run_button.clicked.connect(self.run_with_user_gradient)
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigSetupChanged.connect(self._on_setup_changed)
        self._result: Callable[[], str] = str  # makes the result's text in the current language
        self._function: tuple[str, ...] | None = None  # the function the typed gradient was meant for
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("Type the gradient you derived by hand. gdsim compares it with the exact "
                                   "gradient over the whole view, or lets a ball follow it."))
        self.check_button.setText(self.tr("Check my gradient"))
        self.run_button.setText(self.tr("Run with my gradient"))
        self.run_button.setToolTip(self.tr("Adds a ball that follows your gradient next to the selected ball"))
        self._show_result(self._result)

    def _show_result(self, text: Callable[[], str]) -> None:
        self._result = text
        self.result.setText(text())

    def components(self) -> tuple[str, ...]:
        return tuple(edit.text() for edit in self.inputs[:self._controller.setup.landscape.dim])

    @Slot()
    def check(self) -> bool:
        """Show the comparison; True when every component is right."""
        try:
            checks = typed_gradient_check(self._controller.setup.landscape, self.components())
        except ValueError as error:  # a typing mistake (ExpressionError), or nothing to compare
            self._show_error(error)
            return False

        def told() -> str:
            lines = []
            for c in checks:
                where = ", ".join(f"{v:.3g}" for v in c.where)
                if c.right:
                    lines.append(self.tr("<b style='color:#007a4d'>✓ ∂f/∂{v} is right</b> "
                                         "(largest difference {e:.2g})").format(v=c.variable, e=c.largest_error))
                else:
                    lines.append(self.tr("<b style='color:#b00020'>✗ ∂f/∂{v} is wrong</b>: at ({where}) yours "
                                         "gives {yours:.6g}, the exact value is {exact:.6g} (off by {e:.3g})").format(
                        v=c.variable, where=where, yours=c.yours, exact=c.exact, e=c.largest_error))
            return "<br>".join(lines)

        self._show_result(told)
        return all(c.right for c in checks)

    @Slot()
    def run_with_user_gradient(self) -> None:
        """A copy of the selected ball that follows the typed gradient, beside the exact one."""
        from gdsim.model.expressions import ExpressionError

        try:
            self._controller.set_user_gradient(self.components())
        except ExpressionError as error:
            self._show_error(error)
            return
        if not any(b.gradient == GradientSource.USER for b in self._controller.setup.balls):
            self._controller.duplicate_ball(self._controller.selected_index, gradient=GradientSource.USER)
        self._show_result(lambda: self.tr("A ball now follows your gradient, marked “{mark}”.").format(
            mark=names.user_gradient_mark()))

    def _show_error(self, problem: Exception) -> None:
        self._show_result(lambda: f"<span style='color:#b00020'>{html.escape(explained(problem))}</span>")

    @staticmethod
    def _function_of(landscape: Landscape) -> tuple[str, ...]:
        """What a gradient is derived from: the function, not the box it is viewed in."""
        return landscape.name, landscape.source, landscape.formula

    def catch_up(self) -> None:
        """Show the current landscape's variables and the setup's typed gradient: the control panel makes this
        page when its tab is first chosen (see BuiltOnDemand)."""
        self._on_landscape_changed(self._controller.preset)
        self._on_setup_changed(self._controller.setup)

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        dim = chosen.landscape.dim
        for axis, (edit, label) in enumerate(zip(self.inputs, self.input_labels, strict=True)):
            edit.setVisible(axis < dim)
            label.setVisible(axis < dim)
        function = self._function_of(chosen.landscape)
        if function != self._function:  # a gradient typed for the last function is wrong for this one
            self._function = function
            for edit in self.inputs:
                edit.clear()
        self._show_result(str)

    @Slot(object)
    def _on_setup_changed(self, setup: Setup) -> None:
        for edit, text in zip(self.inputs, setup.user_gradient, strict=False):
            if edit.text() != text:
                edit.setText(text)
