"""The controller's half that knows where the curvature is shown: the point whose Hessian the Curvature tab
and the map's eigen-arrows and level ellipse are of.

The point is part of the run, not a way of drawing it: it is where the selected ball stands at the step shown
(the start at step 0), so it moves as the run steps and as the timeline is scrubbed, and a critical point the
user clicked stays chosen only on the landscape and start it was clicked on. The controller owns every piece
of that (the selection, the timeline, the setup), so it owns the point too and tells it with
sigCurvatureChanged; whether the map draws it is a view choice (ViewState.curvature_shown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

import numpy as np
from PySide6.QtCore import Slot

from gdsim.model.landscapes import CriticalKind, Landscape
from gdsim.model.simulation import BallStatus
from gdsim.model.stability import Curvature, curvature_at


class CurvatureSource(StrEnum):
    START = "start"  # step 0: the selected ball is at the start (or is switched off)
    BALL = "ball"  # the selected ball where it stands at the step shown
    CRITICAL_POINT = "critical"  # a critical point clicked on the map


@dataclass(frozen=True)
class CurvatureAt:
    """Where the curvature is taken and why (`source`; `kind` for a critical point, `ball` and `step` for a
    ball). The Hessian is worked out when first read: telling the point costs nothing to views that hide it."""

    source: CurvatureSource
    point: tuple[float, ...]
    landscape: Landscape = field(compare=False)
    ball: int = 0  # an index into setup.balls
    step: int = 0
    kind: CriticalKind | None = None
    diverged: bool = False  # the ball has diverged: its last place, far out, is no place to show curvature

    @property
    def finite(self) -> bool:
        return all(math.isfinite(c) for c in self.point) and not self.diverged

    @cached_property
    def curvature(self) -> Curvature | None:
        """The Hessian's eigen-decomposition here; None where the point or the curvature is not a number
        (a diverged ball)."""
        if not self.finite:
            return None
        with np.errstate(all="ignore"):
            found = curvature_at(self.landscape, self.point)
        return found if all(math.isfinite(v) for v in found.eigenvalues) else None

    @cached_property
    def value_and_slope(self) -> tuple[float, np.ndarray]:
        """f and ∇f here (the osculating parabola of a curve starts from them)."""
        at = np.asarray(self.point, dtype=float).reshape(1, -1)
        with np.errstate(all="ignore"):
            return float(self.landscape.value(at)[0]), self.landscape.gradient(at)[0]


class CurvatureFollowing:
    """The curvature point of the Controller (see the module's docstring), told with sigCurvatureChanged."""

    _curvature_pin: tuple | None = None  # (CriticalPoint, the landscape and start it was chosen on)
    _curvature_told: CurvatureAt | None = None

    def _follow_curvature_point(self) -> None:
        self.sigStepped.connect(self._tell_curvature)
        self.sigSelectionChanged.connect(self._on_selection_for_curvature)

    def curvature_point(self) -> CurvatureAt:
        """Where the curvature is shown now: the critical point chosen on the map, else the selected ball (its
        start at step 0)."""
        setup = self._setup
        if self._curvature_pin is not None:
            critical, landscape, start = self._curvature_pin
            if landscape is setup.landscape and start == setup.start:
                return CurvatureAt(CurvatureSource.CRITICAL_POINT, tuple(critical.point), landscape,
                                   kind=critical.kind)
            self._curvature_pin = None  # another landscape, or a start clicked elsewhere: the ball again
        index, step = self.selected_index, self.step_count
        ball = self.first_ball_of(index)
        if ball is None or step == 0:
            return CurvatureAt(CurvatureSource.START, tuple(setup.start), setup.landscape, index, step)
        simulation = self._simulation  # read in place: a snapshot copies every ball's arrays, every step
        return CurvatureAt(CurvatureSource.BALL, tuple(float(c) for c in simulation.positions[ball]), setup.landscape,
                           index, step, diverged=simulation.status[ball] == BallStatus.DIVERGED)

    def show_curvature_at(self, critical) -> None:
        """Show the curvature at `critical` (a CriticalPoint of the landscape on screen) until the landscape
        or the start changes, or a ball is selected."""
        self._curvature_pin = (critical, self._setup.landscape, self._setup.start)
        self._tell_curvature()

    def follow_selected_ball(self) -> None:
        """Show the curvature where the selected ball is again (after a critical point was chosen)."""
        if self._curvature_pin is not None:
            self._curvature_pin = None
            self._tell_curvature()

    @Slot(int)
    def _on_selection_for_curvature(self, index: int) -> None:
        self._curvature_pin = None
        self._tell_curvature()

    @Slot()
    def _tell_curvature(self, *args) -> None:
        point = self.curvature_point()
        if point != self._curvature_told or point.landscape is not self._curvature_told.landscape:
            self._curvature_told = point
            self.sigCurvatureChanged.emit(point)
