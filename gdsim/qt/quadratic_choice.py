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
        # The controller's own messages (a mixin's self.tr would look them up under the Controller's name anyway).
        if setup.preset_name == QUADRATIC and setup.lesson is None:
            if dict(setup.preset.shape) != dict(shown.shape):
                self._apply(replace(setup, preset=shown))
                # Said again at each turn of a knob, so the status bar never quotes the shape it had before.
                notice = QCoreApplication.translate("Controller", "Landscape set to {landscape}; Ctrl+Z to undo.")
                self.sigNotice.emit(notice.format(landscape=names.landscape_title(shown.landscape)))
            return
        self._apply(setup.with_preset(shown))
        notice = QCoreApplication.translate("Controller", "Balls set to {landscape}'s suggestions; Ctrl+Z to undo.")
        self.sigNotice.emit(notice.format(landscape=names.landscape_title(shown.landscape)))
