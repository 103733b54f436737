"""The Curvature tab: the Hessian at the controller's curvature point (the start, the selected ball, or a critical
point clicked on the map), its eigenvalues λ₁ ≥ λ₂ and the condition number κ; in one variable, f″."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from gdsim.model.local_quadratic import pointing_right
from gdsim.qt import names, style
from gdsim.qt.analysis.explain_panel import number, numbers
from gdsim.qt.controller import Controller
from gdsim.qt.curvature_following import CurvatureAt, CurvatureSource
from gdsim.qt.language import Retranslatable
from gdsim.qt.view_state import ViewState


def direction(vector) -> str:
    """An eigen-direction as its arrow on the map points, to three digits: (0.939, 0.345)."""
    return "(" + ", ".join(f"{c:.3g}".replace("-", "−") for c in pointing_right(vector)) + ")"


class CurvaturePanel(Retranslatable, QWidget):
    """Follows the controller's curvature point: its Hessian, eigenvalues, κ and what they mean. It is a tab while
    View ▸ Curvature draws them on the map (see AnalysisTabs)."""

    def __init__(self, controller: Controller, view_state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._view_state = view_state
        self.title = QLabel()
        self.title.setObjectName("curvatureTitle")
        self.title.setWordWrap(True)
        self.table = QLabel()
        self.table.setObjectName("curvatureTable")
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.follow = QPushButton()
        self.follow.clicked.connect(controller.follow_selected_ball)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555")
        scroll = QScrollArea()  # the notes scroll rather than widening the side column over the map
        scroll.setWidget(self.table)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.follow)
        layout.addWidget(self.hint)
        controller.sigCurvatureChanged.connect(self.refresh)
        view_state.sigThemeChanged.connect(self.refresh)  # the table's size is the theme's
        self.retranslate()

    def retranslate(self) -> None:
        self.follow.setText(self.tr("Back to the selected ball"))
        self.hint.setText(self.tr("Click a critical point (★, ✕) on the map to see its curvature."))
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    @Slot()
    def refresh(self, *args) -> None:
        if not self.isVisible():
            return  # the Hessian costs a few gradients: only worth it when someone reads it
        at = self._controller.curvature_point()
        self.follow.setVisible(at.source is CurvatureSource.CRITICAL_POINT)
        self.title.setText(self._title(at))
        if at.curvature is None:
            self.table.setText(self.tr("The position is not a number here (the ball diverged): there is no "
                                       "curvature to show.") if not at.finite else
                               self.tr("The curvature here is not a finite number (f is not defined or not smooth "
                                       "around this point)."))
            return
        self.table.setText(self._curve_html(at) if len(at.point) == 1 else self._map_html(at))

    def _title(self, at: CurvatureAt) -> str:
        where = html.escape(numbers(at.point))
        if at.source is CurvatureSource.CRITICAL_POINT:
            return self.tr("<b>Curvature at the {kind}</b> {point}").format(
                kind=html.escape(names.critical_kind_name(at.kind)), point=where)
        if at.source is CurvatureSource.START:
            return self.tr("<b>Curvature at the start</b> {point}").format(point=where)
        label = names.ball_label(self._controller.setup.balls[at.ball].label)
        return self.tr("<b>Curvature under {ball}</b>, step {step}: {point}").format(
            ball=html.escape(label), step=at.step, point=where)

    def _map_html(self, at: CurvatureAt) -> str:
        curvature = at.curvature
        (l1, l2), vectors = curvature.eigenvalues, curvature.directions
        # κ first of all, H last: in a short column the numbers a class reads stay in sight.
        rows = [("λ₁", self.tr("along {v}").format(v=direction(vectors[:, 0])), number(l1)),
                ("λ₂", self.tr("along {v}").format(v=direction(vectors[:, 1])), number(l2))]
        if curvature.kappa is not None:
            rows.append(("κ", "λ₁ / λ₂", number(curvature.kappa)))
        else:
            rows.append(("κ", self.tr("not defined: λ₂ ≤ 0"), "—"))
        rows.append(("H", "", self._matrix(at)))
        return self._rows_html(rows) + "<p>" + html.escape(self._meaning(l1, l2, curvature.kappa)) + "</p>"

    def _meaning(self, l1: float, l2: float, kappa: float | None) -> str:
        if kappa is not None:
            return self.tr("Curved upwards every way: the level lines here are ellipses, √κ = {root} times as long "
                           "along λ₂'s direction as along λ₁'s. Near a minimum curved like this, gradient "
                           "descent is stable only for η < 2/λ₁ = {bound}.").format(root=number(kappa ** 0.5), bound=number(2 / l1))
        if l1 > 0 > l2:
            return self.tr("λ₂ < 0: curved downwards along λ₂'s direction and upwards along λ₁'s, a saddle. No "
                           "ellipse: the level lines here are hyperbolas.")
        if l1 < 0:
            return self.tr("λ₁ < 0: curved downwards every way, as on a hilltop. The level lines are ellipses again, "
                           "but the ground falls away from here.")
        return self.tr("λ₂ = 0: flat along λ₂'s direction. The level lines here are parallel lines, and κ is "
                       "infinite.")

    def _curve_html(self, at: CurvatureAt) -> str:
        f2 = at.curvature.eigenvalues[0]
        value, slope = at.value_and_slope
        rows = [("f", "", number(value)), ("f′", "", number(float(slope[0]))), ("f″", "", number(f2))]
        meaning = (self.tr("The dashed parabola f(p) + f′(p)(x − p) + ½f″(p)(x − p)² touches the curve at p with "
                           "its slope and its bend.") + " ")
        if f2 > 0:
            meaning += self.tr("f″ > 0: curved upwards. Gradient descent is stable near a minimum this curved only "
                               "for η < 2/f″ = {bound}.").format(bound=number(2 / f2))
        else:
            meaning += self.tr("f″ ≤ 0: curved downwards or flat here: no minimum to settle in.")
        return self._rows_html(rows) + "<p>" + html.escape(meaning) + "</p>"

    @staticmethod
    def _matrix(at: CurvatureAt) -> str:
        vectors, values = at.curvature.directions, np.array(at.curvature.eigenvalues)
        hessian = vectors @ np.diag(values) @ vectors.T
        hessian[np.abs(hessian) < 1e-9 * np.abs(values).max(initial=0.0)] = 0.0  # the rounding of the rotation
        cells = "".join("<tr>" + "".join(f"<td align=right style='padding:0 6px'>{number(float(c))}</td>" for c in row)
                        + "</tr>" for row in hessian)
        return f"<table cellspacing=0 style='border-left:1px solid #444; border-right:1px solid #444'>{cells}</table>"

    @staticmethod
    def _rows_html(rows: list[tuple[str, str, str]]) -> str:
        cells = "".join(
            f"<tr><td align=right style='padding-top:3px'><b>{html.escape(symbol)}</b></td>"
            f"<td style='padding-top:3px'>&nbsp;=&nbsp;</td><td style='padding-top:3px'>"
            f"<span style='font-family:monospace'>{value}</span>"
            + (f" <span style='color:#666'><i>({html.escape(note)})</i></span>" if note else "") + "</td></tr>"
            for symbol, note, value in rows)
        return f"<table cellspacing=0 style='font-size:{style.text_size(11)}'>{cells}</table>"
