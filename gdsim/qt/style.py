"""Colours and sizes shared by every view, so a ball looks the same everywhere."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

# Okabe–Ito: distinguishable with the common colour-vision deficiencies and on a washed-out projector.
BALL_COLORS = ("#E69F00", "#0072B2", "#CC79A7", "#009E73", "#D55E00", "#56B4E9", "#000000")
OUTLINE = "#1a1a1a"
FIELD_ARROW = "#5a4a78"  # a muted violet: not a ball colour, readable on the pale map
# The coming step's arrows: dark crimson, dark brown and mid grey, drawn on a white halo. None is a
# ball colour (Okabe–Ito's vermillion and orange are much lighter) nor the field's violet.
STEP_ARROWS = {"gradient": "#A8123E", "velocity": "#6B4410", "update": "#5C5C5C"}
CONTOUR_LINE = (40, 45, 55, 110)
CRITICAL_POINT_SYMBOLS = {"minimum": "star", "saddle": "x", "maximum": "t1"}

# A pale, nearly neutral height map: low is a soft slate blue, high is warm white, so the
# saturated ball colours stand out on it and on paper.
HEIGHT_STOPS = np.array([0.0, 0.35, 0.7, 1.0])
HEIGHT_COLORS = np.array([[124, 146, 173], [176, 194, 210], [226, 230, 225], [252, 248, 236]], dtype=np.ubyte)


def prepare_plot(plot: pg.PlotWidget) -> None:
    """Settings every 2-D plot shares.

    Axes are cached as pixmaps: without it each frame re-plays every axis picture (~1 ms each,
    ~9 ms with a grid, measured offscreen at 1280×800), though only balls and trails moved.
    """
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    for name in ("left", "bottom"):
        item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        item.getAxis(name).enableAutoSIPrefix(False)  # "(x0.001)" beside the label confuses a class


# Above this many balls of one colour, trails are drawn 1 px wide without antialiasing: wide
# antialiased lines go through Qt's stroker, which took 200 ms a frame for 300 trails.
WIDE_TRAIL_LIMIT = 8


def trail_style(color: int, balls: int) -> dict:
    """Keyword arguments of a curve item drawing `balls` trails of palette colour `color`."""
    few = balls <= WIDE_TRAIL_LIMIT
    return {"pen": pg.mkPen(ball_color(color), width=2.5 if few else 1), "antialias": few}


def ball_color(color: int) -> QColor:
    """Palette colour number `color` (it wraps around)."""
    return QColor(BALL_COLORS[color % len(BALL_COLORS)])


def height_colormap() -> pg.ColorMap:
    return pg.ColorMap(HEIGHT_STOPS, HEIGHT_COLORS)


def equalized(values: np.ndarray, reference: np.ndarray, count: int = 64) -> np.ndarray:
    """Values mapped to [0, 1] by the quantiles of `reference`, so every landscape uses the whole scale.

    Non-finite values (overflow) map to the top of the scale.
    """
    finite = reference[np.isfinite(reference)]
    if finite.size == 0:
        return np.ones_like(values, dtype=float)
    knots = np.quantile(finite, np.linspace(0.0, 1.0, count))
    knots = np.maximum.accumulate(knots + np.arange(count) * 1e-12 * (1.0 + np.abs(knots).max()))
    result = np.interp(values, knots, np.linspace(0.0, 1.0, count))
    result[~np.isfinite(values)] = 1.0
    return result
