"""Pictures of the views for slides: PNG at 1×, 2× or 4× and SVG, drawn as vectors rather than as an
enlarged screenshot; the clipboard; and animations recorded from the engine, frame by frame.

pyqtgraph 0.14.0's own SVG exporter is broken (DESIGN.md), and a plot's items cache themselves as
pixmaps and draw their lines with cosmetic pens, whose widths do not grow with the picture. So a
picture is painted here widget by widget: each graphics view's scene is drawn through Qt's painter
(into a QImage of 2× or 4× the pixels, or a QSvgGenerator) with the item caches off and every
cosmetic pen widened by the scale, so a 4× PNG looks like the screen, only sharper.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, QPoint, QRect, QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap, QRegion
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsView, QWidget

from gdsim.formats import ExportError
from gdsim.formats.animation import record
from gdsim.formats.files import atomic_write_bytes
from gdsim.model.limits import MAX_ANIMATION_PIXELS, MAX_PICTURE_PIXELS
from gdsim.qt import style
from gdsim.qt.controller import Controller
from gdsim.qt.support import pg_compat

T = TypeVar("T")
SCALES = (1, 2, 4)
# Kept exact in a GIF's palette: the balls, their outlines and trails, and white.
KEY_COLORS = (*style.BALL_COLORS, style.OUTLINE, "#ffffff")
SCREEN_DPI = 96  # what a 1× picture is written as, so slide software places a 2× one at the same size
INCHES_PER_METRE = 1 / 0.0254


class ExportView(StrEnum):
    """What a picture shows."""

    LANDSCAPE = "landscape"  # the contour map, or the curve of a 1-D landscape
    SURFACE = "surface"
    LOSS = "loss"
    WINDOW = "window"


# --- drawing a widget -----------------------------------------------------------------------------
@contextlib.contextmanager
def _export_mode(scenes, line_scale: float) -> Iterator[None]:
    """Every item of `scenes` drawn for export: uncached (vectors, not pixmaps), pyqtgraph's export
    mode on (scatter symbols drawn one by one), and cosmetic pens `line_scale` times as wide."""
    undo: list[Callable[[], None]] = []
    options = {"antialias": True, "background": None, "painter": None, "resolutionScale": 1.0,
               "lineScale": line_scale}
    try:
        for scene in scenes:
            for item in scene.items():
                mode = item.cacheMode()
                if mode != QGraphicsItem.CacheMode.NoCache:
                    item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
                    undo.append(lambda item=item, mode=mode: item.setCacheMode(mode))
                if isinstance(item, pg.GraphicsItem):
                    item.setExportMode(True, options)
                    undo.append(lambda item=item: item.setExportMode(False))
                if line_scale != 1:
                    pg_compat.widen_pens(item, line_scale, undo)
        yield
    finally:
        for step in reversed(undo):
            step()


def _visible_children(widget: QWidget) -> list[QWidget]:
    return [child for child in widget.children()
            if isinstance(child, QWidget) and not child.isWindow() and child.isVisible()]


def _paint_tree(widget: QWidget, painter: QPainter, origin: QPoint, clip: QRect) -> None:
    """`widget` at `origin` and its visible children over it, clipped to `clip` (what its parents show).

    Graphics views are drawn from their scenes, OpenGL widgets from their framebuffer, any other
    widget by itself (without children), then its children, in stacking order.
    """
    area = QRect(origin, widget.size()) & clip
    if area.isEmpty():
        return
    painter.save()
    painter.setClipRect(area)
    children = []
    if isinstance(widget, QOpenGLWidget):
        painter.drawImage(QRect(origin, widget.size()), widget.grabFramebuffer())
    elif hasattr(widget, "painted_children"):  # an OpenGL window's frame (SurfaceFrame): its container cannot
        painter.drawImage(QRect(origin, widget.size()), widget.grabFramebuffer())  # be drawn as a widget
        children = widget.painted_children()
    elif isinstance(widget, QGraphicsView):  # (pyqtgraph's have no frame: the viewport is all there is)
        viewport = widget.viewport()
        target = QRect(origin + viewport.pos(), viewport.size())
        painter.setClipRect(target & area)
        widget.render(painter, QRectF(target), viewport.rect())
    else:
        painter.save()
        painter.translate(origin)
        QWidget.render(widget, painter, QPoint(0, 0), QRegion(), QWidget.RenderFlag.DrawWindowBackground)
        painter.restore()
        children = _visible_children(widget)
    for child in children:
        _paint_tree(child, painter, origin + child.pos(), area)
    painter.restore()


def grab_with_gl(widget: QWidget) -> QPixmap:
    """`widget.grab()` with the OpenGL windows' frames inside it (SurfaceFrame) drawn in, and the widgets
    stacked over them: QWidget.grab leaves a window container blank."""
    pixmap = widget.grab()
    frames = [frame for frame in widget.findChildren(QWidget) if hasattr(frame, "painted_children")
              and frame.isVisible()]
    if not frames:
        return pixmap
    painter = QPainter(pixmap)
    whole = QRect(QPoint(0, 0), widget.size())
    try:
        for frame in frames:
            siblings = frame.parentWidget().children()
            above = [child for child in siblings[siblings.index(frame) + 1:]
                     if isinstance(child, QWidget) and not child.isWindow() and child.isVisible()]
            for shown in [frame, *above]:
                _paint_tree(shown, painter, shown.mapTo(widget, QPoint(0, 0)), whole)
    finally:
        painter.end()
    return pixmap


def _scenes(widget: QWidget) -> list:
    views = [widget] if isinstance(widget, QGraphicsView) else []
    views += [v for v in widget.findChildren(QGraphicsView) if v.isVisible()]
    return list({id(v.scene()): v.scene() for v in views if v.scene() is not None}.values())


def _lay_out() -> None:
    """Carry out the layout changes that steps and resizes have asked for, without painting anything."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def picture_pixels(widget: QWidget, scale: int) -> int:
    return widget.width() * widget.height() * scale * scale


def check_picture_size(widget: QWidget, scale: int, frames: int = 1) -> None:
    """ExportError, in the user's language, when a picture of `widget` at `scale` (or `frames` of them)
    is beyond gdsim.model.limits: checked before anything is painted."""
    pixels = picture_pixels(widget, scale)
    if pixels > MAX_PICTURE_PIXELS:
        raise ExportError(QCoreApplication.translate(
            "Rendering", "A picture of {width} × {height} pixels at {scale}× is too large; the limit is {limit} "
                         "million pixels: choose a smaller scale or a smaller window.").format(
            width=widget.width(), height=widget.height(), scale=scale, limit=MAX_PICTURE_PIXELS // 1_000_000))
    if frames * pixels > MAX_ANIMATION_PIXELS:
        raise ExportError(QCoreApplication.translate(
            "Rendering", "{frames} frames of {width} × {height} pixels at {scale}× are too many; keep frames × "
                         "pixels at most {limit} billion: take fewer frames or a smaller scale.").format(
            frames=frames, width=widget.width(), height=widget.height(), scale=scale,
            limit=MAX_ANIMATION_PIXELS // 1_000_000_000))


def render_image(widget: QWidget, scale: int = 1) -> QImage:
    """`widget` as it is on screen, at `scale` times its pixels (1, 2 or 4), drawn afresh as vectors.

    A 3-D surface is OpenGL's picture of it, enlarged to the scale. ExportError when the picture would be
    larger than MAX_PICTURE_PIXELS.
    """
    _lay_out()
    check_picture_size(widget, scale)
    size = widget.size()
    image = QImage(size.width() * scale, size.height() * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    try:
        with _export_mode(_scenes(widget), scale):
            _paint_tree(widget, painter, QPoint(0, 0), QRect(QPoint(0, 0), size))
    finally:
        painter.end()
    image.setDevicePixelRatio(1.0)  # to whoever reads it, a plain picture of that many pixels
    # Set only now: text is laid out by the resolution of what it is painted on. Slide software
    # places a 2× picture at the size of a 1× one.
    dots_per_metre = round(SCREEN_DPI * scale * INCHES_PER_METRE)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def render_svg(widget: QWidget, title: str = "gdsim") -> bytes:
    """`widget` as SVG: lines, curves, balls and text as vector shapes, the height map as an image
    (and a 3-D surface in the window as OpenGL's picture of it)."""
    from PySide6.QtSvg import QSvgGenerator

    _lay_out()
    size = widget.size()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    # The resolution a QImage (and a QPicture, which pyqtgraph's axes are kept as) has by default:
    # played on a device of another resolution, a picture is scaled, and the axes drift off the plot.
    generator.setResolution(QImage(1, 1, QImage.Format.Format_ARGB32).logicalDpiX())
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    generator.setTitle(title)
    generator.setDescription("gdsim")
    painter = QPainter(generator)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    try:
        with _export_mode(_scenes(widget), 1):
            _paint_tree(widget, painter, QPoint(0, 0), QRect(QPoint(0, 0), size))
    finally:
        painter.end()
        buffer.close()
    return bytes(data.data())


def image_array(image: QImage) -> np.ndarray:
    """A QImage as a (rows, columns, 3) uint8 RGB array (a copy)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    rows = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    return rows[:, :width * 3].reshape(height, width, 3).copy()


def one_colour(image: QImage) -> bool:
    """Whether every pixel of `image` is the same: what a GL view gives when it drew nothing."""
    pixels = image_array(image)
    return pixels.size == 0 or bool((pixels == pixels[0, 0]).all())


def save_image(image: QImage, path, overwrite: bool = True, replace_read_only: bool = False) -> None:
    """Write `image` as PNG, atomically; OSError when it cannot be written (with the system's reason,
    such as a full disk: the PNG is made in memory and written by Python, not by QImage.save)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"could not make a PNG of {image.width()}×{image.height()} pixels")
    buffer.close()
    atomic_write_bytes(path, data.data(), overwrite, replace_read_only)


def copy_image(image: QImage) -> None:
    QGuiApplication.clipboard().setImage(image)


# --- animations -----------------------------------------------------------------------------------
def record_run(controller: Controller, widget: QWidget, frames: int, steps_per_frame: int, scale: int = 1,
               progress: Callable[[int, int], bool] | None = None,
               consume: Callable[[Iterator[np.ndarray]], T] = list) -> T:
    """Frames of the controller's run from its start, `steps_per_frame` engine steps apart, each
    `widget` drawn offscreen and handed to `consume` as it is drawn; returns what `consume` returns.

    An export passes a writer (gdsim.formats.animation.write_animation), so that memory holds one frame
    whatever the number of frames; the default, `list`, keeps them all (for tests of a few frames). The
    sizes are checked first (ExportError). The frames come from a copy of the run that the controller
    replays for the recording (Controller.replaying): the run on screen is left at its step, and nothing
    done while the frames are drawn (a click while the progress dialog shows) can change what they show.
    How fast the window plays does not enter into it. See gdsim.formats.animation.record for `progress`
    and the early end.
    """
    _lay_out()
    check_picture_size(widget, scale, frames)
    with controller.replaying() as advance:
        return consume(record(advance, lambda: image_array(render_image(widget, scale)), frames, steps_per_frame,
                              progress))
