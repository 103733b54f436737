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

CROWD_TRAIL_ROWS = 40  # a crowd's trails join at most this many rows of its history, and where it is now

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


def _line_item(gl, GL):
    return gl.GLLinePlotItem(mode="lines", glOptions={
        GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, GL.GL_CULL_FACE: False,
        "glBlendFuncSeparate": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA)})


def kept_rows(steps: np.ndarray, crowd: bool) -> tuple[np.ndarray, int]:
    """The history rows whose steps the trails join (every one for a few balls; for a crowd, the steps at a
    power-of-two stride, at most CROWD_TRAIL_ROWS of them), and the stride. The rows kept stay kept as the
    run goes on until the stride doubles, so the trails drawn so far need not be drawn again."""
    stride = 1
    if crowd:
        while int(steps[-1]) // stride > CROWD_TRAIL_ROWS:
            stride *= 2
    return np.flatnonzero(steps % stride == 0), stride


class SurfaceTrails:
    """Every ball's trail, drawn over the surface in its ball's colour (no depth test, as the balls).

    The steps between kept rows are part of the view's kept picture (set_backdrop): each new step is drawn onto
    it once (`fresh`), and the whole (`kept`) only when the picture is drawn anew (a turn of the camera). A
    crowd's last stretch, from its last kept row to where the balls are now, is drawn at every paint (`tail`).
    """

    def __init__(self, gl, view, backdrop: tuple):
        from OpenGL import GL

        self._view = view
        self.kept, self.fresh, self.tail = _line_item(gl, GL), _line_item(gl, GL), _line_item(gl, GL)
        for item in (self.kept, self.fresh, self.tail):
            view.addItem(item)
        for item in (self.kept, self.tail):
            item.setVisible(False)  # until they hold a segment (the view draws `fresh` only onto its picture)
        view.set_backdrop(*backdrop, self.kept, addition=self.fresh)
        self._colors = np.zeros((0, 4), dtype=np.float32)
        self._setup_ball = np.zeros(0, dtype=np.intp)
        self._crowd = False
        self.forget()

    def forget(self) -> None:
        """Draw every trail anew at the next update (a new run, new heights)."""
        self._drawn = None  # (run, thinning, stride) of the kept segments
        self._kept_rows = 0
        self._kept_pos = np.zeros((0, 3), dtype=np.float32)
        self._kept_ball = np.zeros(0, dtype=np.intp)
        self._fresh_pos, self._fresh_ball = self._kept_pos, self._kept_ball
        self._tail_pos, self._tail_ball = self._kept_pos, self._kept_ball

    def set_run(self, colors: np.ndarray, setup_ball: np.ndarray) -> None:
        """A new run: each ball's colour (balls, 4) and the setup ball it was placed from."""
        balls = len(colors)
        self._colors = np.array(colors, dtype=np.float32).reshape(-1, 4)
        self._colors[:, 3] = trail_alpha(balls)
        self._setup_ball = np.asarray(setup_ball, dtype=np.intp)
        self._crowd = crowded(balls)
        for item in (self.kept, self.fresh, self.tail):
            item.setData(width=trail_width(balls), antialias=not self._crowd)
        self.forget()

    def update(self, snapshot, segments: Callable) -> None:
        """The trails up to `snapshot`; `segments(positions, losses)` gives (starts, ends, ball of each)."""
        steps, positions, losses = snapshot.history_steps, snapshot.history_positions, snapshot.history_losses
        if len(steps) == 0:
            return
        rows, stride = kept_rows(steps, self._crowd)
        drawn = (snapshot.run_id, snapshot.history_thinned, stride)
        if drawn != self._drawn or len(rows) < self._kept_rows:
            self.forget()
            self._drawn = drawn
            self._kept_pos, self._kept_ball = self._pairs(*segments(positions[rows], losses[rows]))
            self._set(self.kept, self._kept_pos, self._kept_ball)
            self._view.backdrop_changed()
        elif len(rows) > self._kept_rows:
            new = rows[self._kept_rows - 1:]  # from the last row drawn
            pos, ball = self._pairs(*segments(positions[new], losses[new]))
            self._kept_pos, self._kept_ball = np.concatenate([self._kept_pos, pos]), np.concatenate([self._kept_ball, ball])
            self._set(self.kept, self._kept_pos, self._kept_ball)
            if self._view.addition_pending:  # the last addition is not on the picture yet
                pos, ball = np.concatenate([self._fresh_pos, pos]), np.concatenate([self._fresh_ball, ball])
            self._fresh_pos, self._fresh_ball = pos, ball
            if len(pos):
                self.fresh.setData(pos=pos, color=self._colors[ball])
                self._view.add_to_backdrop()
        self._kept_rows = len(rows)
        tail = [rows[-1], len(steps) - 1]
        self._tail_pos, self._tail_ball = self._pairs(*segments(positions[tail], losses[tail])) if tail[0] != tail[1] \
            else (np.zeros((0, 3), dtype=np.float32), np.zeros(0, dtype=np.intp))
        self._set(self.tail, self._tail_pos, self._tail_ball)

    @staticmethod
    def _pairs(starts: np.ndarray, ends: np.ndarray, ball_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.empty((2 * len(starts), 3), dtype=np.float32)
        pos[0::2], pos[1::2] = starts, ends
        return pos, np.repeat(ball_of, 2)

    def _set(self, item, pos: np.ndarray, ball: np.ndarray) -> None:
        if len(pos):
            item.setData(pos=pos, color=self._colors[ball])
        item.setVisible(len(pos) > 0)

    def points(self, setup_ball: int) -> np.ndarray:
        """The scene points (pairs: segment ends) drawn for the balls placed from setup ball `setup_ball`."""
        pos, ball = np.concatenate([self._kept_pos, self._tail_pos]), np.concatenate([self._kept_ball, self._tail_ball])
        return pos[self._setup_ball[ball] == setup_ball]

    def setup_balls(self) -> list[int]:
        return sorted(set(self._setup_ball.tolist()))
