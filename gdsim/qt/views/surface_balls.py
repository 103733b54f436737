"""The balls on the 3-D surface, and how large they and their trails are drawn.

A few balls are drawn as large as on the map. A crowd (random starts: 1,000 balls) is drawn small with
thin trails, as the map draws a crowd's trails (style.trail_style): the 3-D view is a third of the map's
width, so balls of the map's size overlapped into one mass that covered the surface and spilled past its box.
"""

from __future__ import annotations

import numpy as np

from gdsim.qt import style

BALL_PX = 16  # a ball of a few, before the theme scales it
CROWD_BALL_PX = 6  # a ball of a crowd: a dot in its minimum, the surface showing between dots
TRAIL_WIDTH = 2.5
CROWD_TRAIL_ALPHA = 0.3


def crowded(balls: int) -> bool:
    """Whether `balls` balls are a crowd, drawn small (the same count thins the map's trails)."""
    return balls > style.WIDE_TRAIL_LIMIT


def trail_width(balls: int) -> float:
    """The width of the 3-D trails of a run of `balls` balls."""
    return 1.0 if crowded(balls) else style.line(TRAIL_WIDTH)


def trail_alpha(balls: int) -> float:
    """How opaque the 3-D trails of a run of `balls` balls are: a crowd's thousand trails, see-through, leave
    the surface readable under them (the map's lie flat on it; in 3-D they cross its peaks)."""
    return CROWD_TRAIL_ALPHA if crowded(balls) else 1.0


class SurfaceBalls:
    """One GL point per ball, drawn over everything (a ball behind a ridge must still be seen), each as
    large as the run's number of balls allows."""

    def __init__(self, gl, view):
        from OpenGL import GL

        self._balls = 1
        self.item = gl.GLScatterPlotItem(size=self.size, pxMode=True, glOptions={
            GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)})
        self.item.setDepthValue(10)
        view.addItem(self.item)

    @property
    def size(self) -> float:
        return style.px(CROWD_BALL_PX if crowded(self._balls) else BALL_PX)

    @property
    def pos(self) -> np.ndarray:
        return self.item.pos

    def set_count(self, balls: int) -> None:
        """A new run of `balls` balls: their size follows."""
        self._balls = balls
        self.apply_theme()

    def apply_theme(self) -> None:
        self.item.setData(size=self.size)

    def set_points(self, points: np.ndarray, colors: np.ndarray) -> None:
        self.item.setData(pos=points, color=colors)
