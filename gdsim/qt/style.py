"""Colours and sizes shared by every view, so a ball looks the same everywhere."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QGraphicsItem

from gdsim.qt.support import pg_compat

# Okabe–Ito: distinguishable with the common colour-vision deficiencies and on a washed-out projector.
BALL_COLORS = ("#E69F00", "#0072B2", "#CC79A7", "#009E73", "#D55E00", "#56B4E9", "#000000")
OUTLINE = "#1a1a1a"
FIELD_ARROW = "#5a4a78"  # a muted violet: not a ball colour, readable on the pale map
# The coming step's arrows: dark crimson, dark brown, dark olive and mid grey, drawn on a white halo.
# None is a ball colour (Okabe–Ito's vermillion, orange and green are much lighter) nor the field's violet.
STEP_ARROWS = {"gradient": "#A8123E", "velocity": "#6B4410", "average_step": "#4E5E12", "update": "#5C5C5C"}
# The curvature's eigen-arrows and level line: a dark teal, neither a ball colour nor a step arrow's.
CURVATURE = "#0B4F5C"
CONTOUR_LINE = (40, 45, 55, 110)
CRITICAL_POINT_SYMBOLS = {"minimum": "star", "saddle": "x", "maximum": "t1"}

# A pale, nearly neutral height map: low is a soft slate blue, high is warm white, so the
# saturated ball colours stand out on it and on paper.
HEIGHT_STOPS = np.array([0.0, 0.35, 0.7, 1.0])
HEIGHT_COLORS = np.array([[124, 146, 173], [176, 194, 210], [226, 230, 225], [252, 248, 236]], dtype=np.ubyte)
# High contrast, for a washed-out projector: the same hues, low much darker and high pure white, and
# black contour lines; balls and lines drawn wider.
HIGH_CONTRAST_COLORS = np.array([[62, 92, 138], [140, 166, 198], [222, 228, 226], [255, 255, 255]], dtype=np.ubyte)
HIGH_CONTRAST_CONTOUR = (0, 0, 0, 200)
PRESENTER_SCALE = 1.35


@dataclass(frozen=True)
class Theme:
    """How large and how contrasted everything is drawn: presenter mode scales fonts, ball sizes and
    line widths; the high-contrast look darkens what a projector washes out."""

    scale: float = 1.0
    high_contrast: bool = False

    @property
    def line_scale(self) -> float:
        return self.scale * (1.5 if self.high_contrast else 1.0)


_theme = Theme()
_base_point_size: float | None = None


def theme() -> Theme:
    return _theme


def set_theme(new: Theme) -> None:
    """Make `new` the theme every view draws with from now on, and scale the application's font.

    Only the size changes: the family is the language's (a Korean one shows Hangul). Views read the
    theme when they build their items; the window asks them to rebuild (MainWindow.set_theme).
    """
    global _theme, _base_point_size
    _theme = new
    app = QApplication.instance()
    if app is not None:
        font = QFont(app.font())
        if _base_point_size is None:
            _base_point_size = font.pointSizeF()
        font.setPointSizeF(_base_point_size * new.scale)
        app.setFont(font)
        # Delivered now, not by the next turn of the event loop: the window lays itself out for the new
        # size at once, and a screenshot taken before any event loop runs shows it.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)


def px(size: float) -> float:
    """A size in pixels (a ball, a marker) as the theme draws it."""
    return size * _theme.scale


def line(width: float) -> float:
    """A line width as the theme draws it."""
    return width * _theme.line_scale


def outline_pen(width: float = 1.5) -> pg.QtGui.QPen:
    return pg.mkPen(OUTLINE, width=line(width))


def contour_pen() -> pg.QtGui.QPen:
    if _theme.high_contrast:
        return pg.mkPen(HIGH_CONTRAST_CONTOUR, width=line(1.0))
    return pg.mkPen(CONTOUR_LINE, width=line(1.0))


def text_size(points: float) -> str:
    """A pyqtgraph text size such as '10pt', scaled."""
    return f"{points * _theme.scale:g}pt"


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
    apply_plot_fonts(plot)


def apply_plot_fonts(plot: pg.PlotWidget) -> None:
    """Tick numbers and axis labels in the application's font: presenter mode scales them with it.
    A vertical axis's label stays whole inside the plot, whatever the font (Hangul's is taller)."""
    app = QApplication.instance()
    if app is None:
        return
    font = QFont(app.font())
    item = plot.getPlotItem()
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setStyle(tickFont=font)
        axis.label.setFont(font)
        if name in ("left", "right"):
            pg_compat.keep_axis_label_inside(axis)


# Above this many balls of one colour, trails are drawn 1 px wide without antialiasing: wide
# antialiased lines go through Qt's stroker, which took 200 ms a frame for 300 trails.
WIDE_TRAIL_LIMIT = 8


def trail_style(color: int, balls: int) -> dict:
    """Keyword arguments of a curve item drawing `balls` trails of palette colour `color`."""
    few = balls <= WIDE_TRAIL_LIMIT
    return {"pen": pg.mkPen(ball_color(color), width=line(2.5) if few else 1), "antialias": few}


def ball_color(color: int) -> QColor:
    """Palette colour number `color` (it wraps around)."""
    return QColor(BALL_COLORS[color % len(BALL_COLORS)])


def height_colormap() -> pg.ColorMap:
    return pg.ColorMap(HEIGHT_STOPS, HIGH_CONTRAST_COLORS if _theme.high_contrast else HEIGHT_COLORS)


def quantiles(values: np.ndarray, fractions: np.ndarray, presorted: bool = False) -> np.ndarray:
    """np.quantile's linear method on a flat array of finite values, the same numbers (to rounding) in a
    third of the time on a 300×300 grid (one sort, not a partition per fraction): part of every landscape
    switch. Sorted, as the fractions are. `presorted`: `values` are sorted already (one sort serves a map's
    colours and its contour levels)."""
    ordered = values if presorted else np.sort(values)
    return np.interp(np.asarray(fractions) * (ordered.size - 1), np.arange(ordered.size), ordered)


def equalized(values: np.ndarray, reference: np.ndarray, count: int = 64, ordered: np.ndarray | None = None
              ) -> np.ndarray:
    """Values mapped to [0, 1] by the quantiles of `reference`, so every landscape uses the whole scale.
    `ordered`: the finite values of `reference`, sorted, where the caller has them already.

    Non-finite values (overflow) map to the top of the scale.
    """
    finite = reference[np.isfinite(reference)] if ordered is None else ordered
    if finite.size == 0:
        return np.ones_like(values, dtype=float)
    knots = quantiles(finite, np.linspace(0.0, 1.0, count), presorted=ordered is not None)
    knots = np.maximum.accumulate(knots + np.arange(count) * 1e-12 * (1.0 + np.abs(knots).max()))
    result = np.interp(values, knots, np.linspace(0.0, 1.0, count))
    result[~np.isfinite(values)] = 1.0
    return result


def swatch(color: QColor, size: int = 14) -> QIcon:
    """A square of `color`: a ball's colour beside its name in a list or a table."""
    pixmap = QPixmap(size, size)
    pixmap.fill(color)
    icon = QIcon(pixmap)
    # The style would blend a selected row's icon with the highlight (an orange ball turned olive): a
    # swatch names its ball's colour, so it shows that colour selected or not.
    for mode in (QIcon.Mode.Selected, QIcon.Mode.Active):
        icon.addPixmap(pixmap, mode)
    return icon
