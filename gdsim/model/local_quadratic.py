"""The local quadratic model f(p + d) ≈ f(p) + ∇f·d + ½dᵀHd, drawn: its level line around p, and in one
variable the osculating parabola.

In H's eigen-coordinates (a along the first eigen-direction, b along the second) the curvature part is
q = ½(λ₁a² + λ₂b²). Its level lines tell the curvature's shape whatever the level: ellipses with semi-axes
√(2c/λ) where both λ > 0 (longer along the flatter direction, the axes in the ratio √κ), hyperbolas where the
λ have opposite signs (a saddle: no ellipse), two parallel lines where one λ is 0. The level is chosen so that
the curve reaches `reach` from p: the drawing shows a shape at the map's scale, not a particular height.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

FLAT = 1e-9  # a curvature this small beside the largest one is none: that way the ground is flat
SAMPLES = 241


class LevelShape(StrEnum):
    ELLIPSE = "ellipse"  # curved up every way (or down every way: the level is then below f(p))
    HYPERBOLAS = "hyperbolas"  # curved up one way and down the other: a saddle
    LINES = "lines"  # curved one way, flat the other
    NONE = "none"  # flat every way


@dataclass(frozen=True)
class LevelCurve:
    """A level line of the quadratic part around p as offsets d from p (rows of x, y; NaN between pieces)."""

    shape: LevelShape
    offsets: np.ndarray


def level_curve(eigenvalues, directions: np.ndarray, reach: float) -> LevelCurve:
    """The level line of q = ½dᵀHd (H = directions·diag(eigenvalues)·directionsᵀ, 2-D) reaching `reach` from p:
    an ellipse whose longer semi-axis is `reach`; for a saddle, the two pairs of hyperbolas q = ±c whose
    vertices along the flatter direction are reach/2 from p, clipped to `reach` along each direction."""
    values = np.asarray(eigenvalues, dtype=float)
    largest = float(np.max(np.abs(values)))
    if not math.isfinite(largest) or largest == 0.0:
        return LevelCurve(LevelShape.NONE, np.empty((0, 2)))
    curved = np.abs(values) > FLAT * largest
    if not curved.all():
        steep = int(np.argmax(np.abs(values)))
        across = np.linspace(-reach, reach, 2)
        half = 0.5 * reach  # the lines at q = ½|λ|(reach/2)²
        a_b = []
        for side in (-half, half):
            line = np.zeros((2, 2))
            line[:, steep] = side
            line[:, 1 - steep] = across
            a_b += [line, [[np.nan, np.nan]]]
        return LevelCurve(LevelShape.LINES, _from_eigen(np.vstack(a_b), directions))
    magnitudes = np.abs(values)
    flattest = float(magnitudes.min())
    if values[0] * values[1] > 0:
        semi_axes = reach * np.sqrt(flattest / magnitudes)
        t = np.linspace(0.0, 2.0 * np.pi, SAMPLES)
        a_b = np.column_stack([semi_axes[0] * np.cos(t), semi_axes[1] * np.sin(t)])
        return LevelCurve(LevelShape.ELLIPSE, _from_eigen(a_b, directions))
    vertices = 0.5 * reach * np.sqrt(flattest / magnitudes)  # of q = +c along a, of q = −c along b
    # Far enough out in s that both coordinates pass `reach` (cosh grows like the farther vertex's ratio).
    s = np.linspace(-1.0, 1.0, SAMPLES) * math.acosh(max(2.0 * reach / float(vertices.min()), 1.0))
    pieces = []
    for sign in (-1.0, 1.0):
        pieces.append(np.column_stack([sign * vertices[0] * np.cosh(s), vertices[1] * np.sinh(s)]))
        pieces.append(np.column_stack([vertices[0] * np.sinh(s), sign * vertices[1] * np.cosh(s)]))
    a_b = np.vstack([np.vstack([_clipped(piece, reach), [[np.nan, np.nan]]]) for piece in pieces])
    return LevelCurve(LevelShape.HYPERBOLAS, _from_eigen(a_b, directions))


def pointing_right(vector) -> np.ndarray:
    """An eigen-direction turned to point right (or up, when it is vertical): a direction has no sign of its own,
    and arrows that point the same way read alike from one point to the next."""
    vector = np.asarray(vector, dtype=float)
    leading = vector[0] if abs(vector[0]) > 1e-9 else vector[-1]
    return -vector if leading < 0 else vector


def _clipped(a_b: np.ndarray, reach: float) -> np.ndarray:
    return a_b[np.all(np.abs(a_b) <= reach * (1 + 1e-9), axis=1)]


def _from_eigen(a_b: np.ndarray, directions: np.ndarray) -> np.ndarray:
    return a_b @ np.asarray(directions, dtype=float).T


def osculating_parabola(xs: np.ndarray, at: float, value: float, slope: float, curvature: float) -> np.ndarray:
    """f(p) + f′(p)(x − p) + ½f″(p)(x − p)² at `xs`: the parabola that touches the curve at p with its slope and
    its bend."""
    d = np.asarray(xs, dtype=float) - at
    return value + slope * d + 0.5 * curvature * d * d
