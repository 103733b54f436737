"""The line under the η slider that says where the selected ball's optimizer diverges, and why (the controller's
`selected_bound`), in the GUI's language: "diverges above η = 1.0 (2/λ₁, λ₁ = 2)"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from gdsim.model.ball_bound import BallBound, eta_text
from gdsim.model.optimizers import OptimizerKind
from gdsim.qt import names
from gdsim.qt.language import Retranslatable
from gdsim.qt.messages import translated

BOUND_COLOR = "#b00020"
NOTE_COLOR = "palette(placeholder-text)"


class BoundLine(Retranslatable, QLabel):
    """Shows a BallBound (set by `show_bound`) as a line or two, and in full as its tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("boundLine")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._bound: BallBound | None = None

    def show_bound(self, bound: BallBound) -> None:
        self._bound = bound
        self.retranslate()

    def retranslate(self) -> None:
        if self._bound is None:
            return
        self.setStyleSheet(f"color: {BOUND_COLOR if self._bound.bound is not None else NOTE_COLOR};")
        self.setText("\n".join(self.bound_lines(self._bound)))
        self.setToolTip(self.bound_tooltip(self._bound))
        self._fit_height()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # The form lays a wrapped label out at the height its previous text needed (a reason of three lines was
        # squeezed into two, the next text got three): ask for the height this text needs at this width.
        self.setMinimumHeight(self.heightForWidth(self.width()) if self.width() > 0 else 0)

    def bound_lines(self, bound: BallBound) -> list[str]:
        """What the line says: where η diverges, with its formula and numbers, then the best settings where the theory
        has them; or why there is no bound."""
        if bound.bound is None:
            reason = translated(bound.reason).format(name=names.optimizer_name(bound.optimizer))
            return [self.tr("No bound on η: {reason}.").format(reason=reason)]
        values = {"eta": eta_text(bound.bound), "l1": f"{bound.largest:.3g}", "rho": f"{bound.rho or 0:.3g}"}
        if bound.optimizer == OptimizerKind.SGD:
            lines = [self.tr("diverges above η = {eta} (2/λ₁, λ₁ = {l1})").format(**values)]
        elif bound.optimizer == OptimizerKind.NEWTON:
            lines = [self.tr("diverges above η = {eta} (2(λ₁ + δ)/λ₁, λ₁ = {l1}, δ = {delta})").format(
                delta=f"{bound.damping or 0:.3g}", **values)]
        elif bound.optimizer == OptimizerKind.MOMENTUM:
            lines = [self.tr("diverges above η = {eta} ((2 + 2ρ)/λ₁, λ₁ = {l1}, ρ = {rho})").format(**values)]
        else:
            lines = [self.tr("diverges above η = {eta} (2(1 + ρ)/(λ₁(1 + 2ρ)), λ₁ = {l1}, ρ = {rho})").format(**values)]
        if bound.optimal_lr is not None and bound.optimizer == OptimizerKind.NEWTON:
            lines.append(self.tr("best η = {eta} (2/(c₁ + c₂), cᵢ = λᵢ/(λᵢ + δ)), rate {rate:.3g}").format(
                eta=eta_text(bound.optimal_lr), rate=bound.optimal_rate))
        elif bound.optimal_lr is not None and bound.optimal_momentum is None:
            lines.append(self.tr("best η = {eta} (2/(λ₁ + λ₂)), rate {rate:.3g}").format(
                eta=eta_text(bound.optimal_lr), rate=bound.optimal_rate))
        elif bound.optimal_lr is not None:
            lines.append(self.tr("Polyak's best: η = {eta}, ρ = {rho:.3g}, rate {rate:.3g}").format(
                eta=eta_text(bound.optimal_lr), rho=bound.optimal_momentum, rate=bound.optimal_rate))
        return lines

    def bound_tooltip(self, bound: BallBound) -> str:
        """The line, with where the curvature was taken and what the shade on the slider means."""
        lines = self.bound_lines(bound)
        if bound.eigenvalues is not None:
            curvatures = ", ".join(f"λ{'₁₂₃'[k]} = {v:.4g}" for k, v in enumerate(bound.eigenvalues))
            point = "(" + ", ".join(f"{c:.4g}" for c in bound.at) + ")"
            lines.append(self.tr("At the minimum {point} the ball heads for: {curvatures}.").format(
                point=point, curvatures=curvatures))
        if bound.optimal_rate is not None:
            lines.append(self.tr("The rate: with those settings each step multiplies the distance to the minimum by about this much."))
        if bound.bound is not None:
            lines.append(self.tr("The shaded end of the slider diverges; the green tick is the best η.")
                         if bound.optimal_lr is not None and bound.optimal_momentum is None
                         else self.tr("The shaded end of the slider diverges."))
        return "\n".join(lines)
