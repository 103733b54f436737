"""The controller's part that chooses the quadratic landscape (gdsim.model.quadratic) and turns its knobs."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from gdsim.model.quadratic import QUADRATIC, quadratic_preset
from gdsim.qt import names


class QuadraticChoice:
    """A part of the Controller: `set_quadratic`."""

    def set_quadratic(self, kappa: float, rotation_degrees: float) -> None:
        """The quadratic of condition number `kappa` turned by `rotation_degrees` (ValueError, changing nothing, for a
        κ outside 1–1,000). Chosen from another landscape it comes with its own start and suggested balls, as a
        preset does; a turn of a knob on it keeps the balls, their settings and the starts."""
        shown = quadratic_preset(kappa, rotation_degrees)
        setup = self._setup
        if setup.preset_name == QUADRATIC and setup.lesson is None:
            if dict(setup.preset.shape) != dict(shown.shape):
                self._apply(replace(setup, preset=shown))
            return
        self._apply(setup.with_preset(shown))
        # The controller's own message (a mixin's self.tr would look it up under the Controller's name anyway).
        notice = QCoreApplication.translate("Controller", "Balls set to {landscape}'s suggestions; Ctrl+Z to undo.")
        self.sigNotice.emit(notice.format(landscape=names.landscape_title(shown.landscape)))
