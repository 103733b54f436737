"""The balls' trails on the 3-D surface: every step of every ball as one segment of one GL line item.

One item for the whole run, built with numpy for all balls at once: a crowd of 1,000 balls took ~35 ms a
frame to rebuild as one item per colour, cut to the box one colour at a time. A crowd's thin see-through
trails are drawn without line smoothing: Mesa's llvmpipe smooths a line by drawing it as a textured quad,
which made 40,000 one-pixel segments cost ~80 ms a paint instead of ~20.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gdsim.qt.support.clipping import clip_segments
from gdsim.qt.views.surface_balls import crowded, trail_alpha, trail_width

LEAVING_STEP_PIECES = 16  # a step leaving the surface's box is drawn on the surface in this many pieces


def steps_in_box(positions: np.ndarray, losses: np.ndarray, box, height_at: Callable | None,
                 to_scene: Callable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The trails' segments in the scene (starts, ends) and the ball of each, each step cut to the surface's
    box in x and y: a step that leaves the box (a diverging ball) is drawn on the surface up to the box's
    side, in short pieces that follow its heights (`height_at`), not as a chord from a height clipped at the
    top floating over the bowl. `positions` is (rows, balls, 2), `losses` (rows, balls)."""
    rows, balls = losses.shape
    (x0, x1), (y0, y1) = box
    with np.errstate(all="ignore"):
        ok = np.all(np.isfinite(positions), axis=2) & ~np.isnan(losses)  # out of f's domain: no height to draw
        x, y = positions[..., 0], positions[..., 1]
        inside = ok & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
        scene = to_scene(positions.reshape(-1, 2), losses.ravel()).reshape(rows, balls, 3)  # each point once
    step_rows, ball_of = np.nonzero(inside[:-1] & inside[1:])
    pieces_from, pieces_to, owners = [scene[step_rows, ball_of]], [scene[step_rows + 1, ball_of]], [ball_of]
    leaving_rows, leaving_balls = np.nonzero(ok[:-1] & ok[1:] & ~(inside[:-1] & inside[1:]))
    if len(leaving_rows) and height_at is not None:
        leaving = clip_segments(positions[leaving_rows, leaving_balls], positions[leaving_rows + 1, leaving_balls],
                                (x0, y0), (x1, y1))
        t = np.linspace(0.0, 1.0, LEAVING_STEP_PIECES + 1)
        along = leaving.starts[:, None] + t[None, :, None] * (leaving.ends - leaving.starts)[:, None]
        with np.errstate(all="ignore"):
            heights = height_at(along.reshape(-1, 2)).reshape(along.shape[:2])
        pieces = to_scene(along.reshape(-1, 2), heights.ravel()).reshape(*along.shape[:2], 3)
        pieces_from.append(pieces[:, :-1].reshape(-1, 3))
        pieces_to.append(pieces[:, 1:].reshape(-1, 3))
        owners.append(np.repeat(leaving_balls[leaving.kept], LEAVING_STEP_PIECES))
    return np.concatenate(pieces_from), np.concatenate(pieces_to), np.concatenate(owners)


class SurfaceTrails:
    """Every ball's trail, drawn over the surface in its ball's colour (no depth test, as the balls)."""

    def __init__(self, gl, view):
        from OpenGL import GL

        self.item = gl.GLLinePlotItem(mode="lines", glOptions={
            GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, GL.GL_CULL_FACE: False,
            "glBlendFuncSeparate": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA)})
        view.addItem(self.item)
        self._colors = np.zeros((0, 4), dtype=np.float32)
        self._setup_ball = np.zeros(0, dtype=np.intp)
        self._vertex_ball = np.zeros(0, dtype=np.intp)
        self.item.setVisible(False)

    def set_run(self, colors: np.ndarray, setup_ball: np.ndarray) -> None:
        """A new run: each ball's colour (balls, 4) and the setup ball it was placed from."""
        balls = len(colors)
        self._colors = np.array(colors, dtype=np.float32).reshape(-1, 4)
        self._colors[:, 3] = trail_alpha(balls)
        self._setup_ball = np.asarray(setup_ball, dtype=np.intp)
        self.item.setData(width=trail_width(balls), antialias=not crowded(balls))
        self.item.setVisible(False)

    def set_segments(self, starts: np.ndarray, ends: np.ndarray, ball_of: np.ndarray) -> None:
        """Draw these segments (scene points), segment i in the colour of ball `ball_of[i]`."""
        self._vertex_ball = np.repeat(ball_of, 2)
        self.item.setVisible(len(starts) > 0)
        if len(starts):
            pos = np.empty((2 * len(starts), 3), dtype=np.float32)
            pos[0::2], pos[1::2] = starts, ends
            self.item.setData(pos=pos, color=self._colors[self._vertex_ball])

    def points(self, setup_ball: int) -> np.ndarray:
        """The scene points (pairs: segment ends) drawn for the balls placed from setup ball `setup_ball`."""
        if not self.item.visible():
            return np.zeros((0, 3))
        return self.item.pos[self._setup_ball[self._vertex_ball] == setup_ball]

    def setup_balls(self) -> list[int]:
        return sorted(set(self._setup_ball.tolist()))
