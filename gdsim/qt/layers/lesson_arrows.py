"""The step arrows follow the lesson stage on screen, and come back to the user's own choice after it.

A lesson stage may ask for the step arrows (`arrows = "selected"` in its file) because its caption talks
about the step they draw. The stage is the controller's (its setup's LessonPlace); which arrows are drawn
is ViewState's. Like following the balls (MapFraming), the choice follows the stage when a stage opens,
and leaving the lesson gives back the arrows the user had before it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from gdsim.qt.view_state import ArrowsShown, ViewState


class LessonArrows(QObject):
    """Sets ViewState's step arrows to each lesson stage's as it opens, and back to the user's after the lesson."""

    def __init__(self, controller, view_state: ViewState, parent: QObject | None = None):
        super().__init__(parent)
        self._view_state = view_state
        self._place = None  # the (lesson, stage) shown last, or None outside a lesson
        self._own: ArrowsShown | None = None  # the user's choice from before the lesson
        controller.sigSetupChanged.connect(self._on_setup_changed)

    @Slot(object)
    def _on_setup_changed(self, setup) -> None:
        place = setup.lesson
        where = None if place is None else (place.lesson, place.stage)
        if where == self._place:  # an edit within the stage: the user's arrows stay as they are
            return
        if self._place is None:
            self._own = self._view_state.arrows
        self._place = where
        own = self._own or ArrowsShown.NONE
        if place is None:
            self._own = None
        asked = "" if place is None else place.lesson.stages[place.stage].arrows
        if asked:
            self._view_state.set_arrows(asked, for_stage=True)
        else:  # a stage that asks for none shows the user's own, as the lesson found them
            self._view_state.set_arrows(own)
