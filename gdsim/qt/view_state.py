"""How the run is drawn, where several views share the choice: one owner with its own signals.

The controller owns the run (the setup, the simulation, the selected ball). What is only a way of
showing it (which step arrows are drawn, the gradient field, the basin map laid under the contour
lines, the secant on the curve view, the theme for the projector) belongs here: the panel where the user chooses it calls a
`set_*` method, and the views that draw it subscribe. No view holds another view to tell it what to
draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Signal

from gdsim.model.fan import DEFAULT_FAN_RUNS
from gdsim.qt import style

# Until the user chooses (View ▸ Event Markers), a run of at most this many balls shows its events.
FEW_MARKED_BALLS = 12


class ArrowsShown(StrEnum):
    NONE = "none"
    SELECTED = "selected"
    EVERY_BALL = "every"


@dataclass(frozen=True)
class BasinDisplay:
    """A basin map to draw under the contour lines: the map, whose ball setting's basins to colour
    (an index into its recipes), and whether it is shown."""

    basin_map: Any  # gdsim.model.basins.BasinMap
    recipe_index: int
    visible: bool = True


class ViewState(QObject):
    """The drawing choices that more than one view follows."""

    sigArrowsChanged = Signal(str)  # an ArrowsShown value: the choice
    sigExplainOpenChanged = Signal(bool)  # whether the Explain step page is in sight
    sigGradientFieldChanged = Signal(bool)
    sigBasinsChanged = Signal(object)  # BasinDisplay, or None for no map
    sigThemeChanged = Signal(object)  # a style.Theme: sizes, fonts and contrast for the projector
    sigSecantChanged = Signal(object)  # the derivative panel's secant ((x₀, f₀), (x₁, f₁)), or None
    # What the map shows, one (low, high) per variable: the landscape's view box until the wheel, a drag,
    # following or Fit to Balls changes it. The map shows it; when the 1:1 lock or a new size of the map
    # widens it, the map writes back what it shows, so the view box fields that show it say what is seen.
    sigMapRangeChanged = Signal(object)
    sigFollowBallsChanged = Signal(bool)
    sigAspectLockedChanged = Signal(bool)
    sigEventMarkersChanged = Signal(object)  # True, False, or None: as the run's size decides (event_markers_for)
    sigFanChanged = Signal(bool, int)  # whether noisy balls are drawn as fans (Balls ▸ Fan), and of how many runs
    sigCurvatureShownChanged = Signal(bool)  # View ▸ Curvature: the eigen-arrows and level ellipse on the map

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._arrows = ArrowsShown.NONE
        self._arrows_for_stage = False  # the arrows are the lesson stage's, drawn with or without Explain step
        self._explain_open = True  # a panel with no tabs around it is always in sight
        self._gradient_field = False
        self._basins: BasinDisplay | None = None
        self._secant = None
        self._map_range: tuple[tuple[float, float], ...] | None = None
        self._follow_balls = False
        self._aspect_locked = True
        self._event_markers: bool | None = None
        self._fan = (False, DEFAULT_FAN_RUNS)
        self._curvature_shown = False

    @property
    def arrows(self) -> ArrowsShown:
        return self._arrows

    def set_arrows(self, shown: ArrowsShown | str, for_stage: bool = False) -> None:
        """The user's choice of step arrows; or, `for_stage`, the arrows a lesson stage draws for its caption,
        on the map whether or not the Explain step page is open (until the user chooses again)."""
        shown = ArrowsShown(shown)
        if shown is not self._arrows or for_stage != self._arrows_for_stage:
            self._arrows = shown
            self._arrows_for_stage = for_stage
            self.sigArrowsChanged.emit(str(shown))

    @property
    def explain_open(self) -> bool:
        return self._explain_open

    def set_explain_open(self, open_: bool) -> None:
        """Whether the Explain step page is the one shown: the tabs that hold it say so."""
        if bool(open_) != self._explain_open:
            self._explain_open = bool(open_)
            self.sigExplainOpenChanged.emit(self._explain_open)

    @property
    def arrows_drawn(self) -> ArrowsShown:
        """The step arrows on the map: the choice while the Explain step page is open, else none. The
        arrows explain that page's numbers; left on the map without it they read as part of the run. A lesson
        stage's arrows are drawn either way: its caption explains them."""
        return self._arrows if self._explain_open or self._arrows_for_stage else ArrowsShown.NONE

    @property
    def gradient_field(self) -> bool:
        return self._gradient_field

    def set_gradient_field(self, shown: bool) -> None:
        if bool(shown) != self._gradient_field:
            self._gradient_field = bool(shown)
            self.sigGradientFieldChanged.emit(self._gradient_field)

    @property
    def basins(self) -> BasinDisplay | None:
        return self._basins

    def set_basins(self, display: BasinDisplay | None) -> None:
        if display != self._basins:
            self._basins = display
            self.sigBasinsChanged.emit(display)

    @property
    def theme(self) -> style.Theme:
        return style.theme()

    def set_theme(self, theme: style.Theme) -> None:
        """Draw everything with `theme` (style reads it when items are made); views redraw on the signal."""
        if theme != style.theme():
            style.set_theme(theme)
            self.sigThemeChanged.emit(theme)

    @property
    def secant(self):
        return self._secant

    def set_secant(self, secant) -> None:
        if secant != self._secant:
            self._secant = secant
            self.sigSecantChanged.emit(secant)

    @property
    def map_range(self) -> tuple[tuple[float, float], ...] | None:
        return self._map_range

    def set_map_range(self, box) -> None:
        box = tuple((float(low), float(high)) for low, high in box)
        if box != self._map_range:
            self._map_range = box
            self.sigMapRangeChanged.emit(box)

    @property
    def follow_balls(self) -> bool:
        return self._follow_balls

    def set_follow_balls(self, follow: bool) -> None:
        if bool(follow) != self._follow_balls:
            self._follow_balls = bool(follow)
            self.sigFollowBallsChanged.emit(self._follow_balls)

    @property
    def aspect_locked(self) -> bool:
        return self._aspect_locked

    def set_aspect_locked(self, locked: bool) -> None:
        if bool(locked) != self._aspect_locked:
            self._aspect_locked = bool(locked)
            self.sigAspectLockedChanged.emit(self._aspect_locked)

    @property
    def event_markers(self) -> bool | None:
        """The user's choice of event markers on the trails and the loss plot; None until they choose."""
        return self._event_markers

    def set_event_markers(self, shown: bool | None) -> None:
        if shown != self._event_markers:
            self._event_markers = None if shown is None else bool(shown)
            self.sigEventMarkersChanged.emit(self._event_markers)

    def event_markers_for(self, balls: int) -> bool:
        """Whether a run of `balls` balls shows its events: the user's choice, or, until they choose, yes for a
        few balls (at most FEW_MARKED_BALLS) and no for a crowd, whose thousands of markers would hide the map."""
        return self._event_markers if self._event_markers is not None else balls <= FEW_MARKED_BALLS

    @property
    def fan(self) -> tuple[bool, int]:
        """Whether noisy balls are drawn as fans, and N, the runs of each (kept while no fan is shown)."""
        return self._fan

    def set_fan(self, shown: bool, runs: int | None = None) -> None:
        fan = (bool(shown), self._fan[1] if runs is None else int(runs))
        if fan != self._fan:
            self._fan = fan
            self.sigFanChanged.emit(*fan)

    @property
    def curvature_shown(self) -> bool:
        """Whether the map draws the curvature at the controller's curvature point (View ▸ Curvature)."""
        return self._curvature_shown

    def set_curvature_shown(self, shown: bool) -> None:
        if bool(shown) != self._curvature_shown:
            self._curvature_shown = bool(shown)
            self.sigCurvatureShownChanged.emit(self._curvature_shown)
