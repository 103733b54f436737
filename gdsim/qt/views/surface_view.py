"""The 3-D surface view, and the note that replaces it where OpenGL is missing."""

from __future__ import annotations

import ctypes
import os
import sys

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QOffscreenSurface, QOpenGLContext, QVector3D
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from gdsim.model.landscapes import CriticalKind
from gdsim.model.presets import Preset
from gdsim.model.setup import RunInfo
from gdsim.model.simulation import Snapshot
from gdsim.qt import style
from gdsim.qt.controller import Controller
from gdsim.qt.language import Retranslatable
from gdsim.qt.view_state import ViewState
from gdsim.qt.views.surface_axes import SurfaceAxes, float_over, lowest_shown
from gdsim.qt.views.surface_balls import SurfaceBalls
from gdsim.qt.views.surface_holes import holed_heights
from gdsim.qt.views.surface_trails import SurfaceTrails, steps_in_box

GRID_RESOLUTION = 120
FOOTPRINT = 10.0  # the surface spans [-5, 5] × [-5, 5] in scene units, whatever the view box
HEIGHT = 4.5
BALL_LIFT = 0.08
SCENE_LIMIT = 1e4
FORCE_NO_OPENGL = "GDSIM_NO_OPENGL"
# Where the camera starts, and where Reset View brings it back to.
CAMERA_ASPECT = 1.1  # width / height of a view that shows the whole box at CAMERA's distance
CAMERA = {"pos": QVector3D(0, 0, HEIGHT * 0.3), "distance": 15.5, "elevation": 34, "azimuth": -70}
# The axes run along the box's edges nearest the starting camera, a little outside the surface.
EDGE = FOOTPRINT / 2 + 0.25
BACKGROUND = "#fbfbf8"


def opengl_problem() -> str | None:
    """Why no OpenGL context can be made here, or None when one can."""
    translate = QCoreApplication.translate
    if os.environ.get(FORCE_NO_OPENGL):
        return translate("SurfaceView", "OpenGL was turned off ({variable} is set).").format(variable=FORCE_NO_OPENGL)
    platform = QGuiApplication.platformName()
    if platform in ("offscreen", "minimal"):
        # Its GLX contexts report version 2.0 to widgets and crash on read-back (measured).
        return translate("SurfaceView", "the '{platform}' Qt platform has no OpenGL for widgets.").format(
            platform=platform)
    surface = QOffscreenSurface()
    surface.create()
    context = QOpenGLContext()
    if not context.create():
        return translate("SurfaceView", "No OpenGL context could be created on this display.")
    if not context.makeCurrent(surface):
        return translate("SurfaceView", "An OpenGL context was created but could not be made current.")
    version = context.format().version()
    reached = _pyopengl_reaches_current_context()
    context.doneCurrent()
    if reached is not None:
        return translate("SurfaceView", "PyOpenGL cannot draw into Qt's OpenGL context here ({problem}).").format(
            problem=reached)
    if not context.isOpenGLES() and version < (2, 1):
        return translate("SurfaceView", "OpenGL 2.1 or newer is needed; this display offers {major}.{minor}.").format(
            major=version[0], minor=version[1])
    return None


def _current_context_api() -> str | None:
    """'glx' or 'egl': which API made the OpenGL context current on this thread (Linux), else None.

    An X server without GLX still gets a context from Qt, through EGL; PyOpenGL then has to use EGL
    too, or every draw fails with "Attempt to retrieve context when no valid context"."""
    if not sys.platform.startswith("linux"):
        return None
    for api, library, getter_name in (("glx", "libGL.so.1", "glXGetCurrentContext"),
                                      ("egl", "libEGL.so.1", "eglGetCurrentContext")):
        try:
            getter = getattr(ctypes.CDLL(library), getter_name)
        except (OSError, AttributeError):
            continue
        getter.restype = ctypes.c_void_p
        if getter():
            return api
    return None


def _pyopengl_reaches_current_context() -> str | None:
    """None when PyOpenGL can use the context current now, else why not. Before PyOpenGL is first
    imported, it is pointed at the API Qt used (PYOPENGL_PLATFORM), unless the user chose one."""
    api = _current_context_api()
    if api == "egl" and "OpenGL" not in sys.modules:
        os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
    try:
        from OpenGL import contextdata

        contextdata.getContext()
    except Exception as error:  # PyOpenGL's own error types, or a platform it cannot load
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return None


def number(value: float) -> str:
    """An end of an axis as the 3-D view writes it: short, with a true minus sign."""
    return f"{value:.3g}".replace("-", "−")


class HeightScale:
    """Maps loss values to scene heights: linear, with the highest 2% of the view box clipped
    so that one steep corner does not flatten everything else."""

    def __init__(self, z: np.ndarray):
        finite = z[np.isfinite(z)]
        self.low = float(finite.min()) if finite.size else 0.0
        high = float(np.quantile(finite, 0.98)) if finite.size else 1.0
        self.span = max(high - self.low, 1e-12)

    def __call__(self, values: np.ndarray) -> np.ndarray:
        heights = (np.asarray(values, dtype=float) - self.low) / self.span
        return HEIGHT * np.clip(np.nan_to_num(heights, nan=1.0, posinf=1.0, neginf=0.0), 0.0, 1.0)


def lit_colors(heights: np.ndarray, spacing: float, base: np.ndarray) -> np.ndarray:
    """Colours (rows, cols, 4) of a height field lit from the upper left, kept light for projectors."""
    dz_dy, dz_dx = np.gradient(heights, spacing)
    normals = np.stack([-dz_dx, -dz_dy, np.ones_like(heights)], axis=-1)
    normals /= np.linalg.norm(normals, axis=-1, keepdims=True)
    light = np.array([-0.45, -0.35, 0.82])
    brightness = 0.72 + 0.28 * np.clip(normals @ (light / np.linalg.norm(light)), 0.0, 1.0)
    colors = base.copy()
    colors[..., :3] *= brightness[..., None]
    return colors


class SurfaceView(Retranslatable, QWidget):
    """The landscape as a shaded surface with the balls riding on it and their trails.

    OpenGL is set up only after the window's first paint (PyOpenGL's import, the context and
    the shaders cost ~0.35 s), so the 2-D views appear at once. Where no context can be made,
    a note takes the view's place and `sigUnavailable` says why.
    """

    sigUnavailable = Signal(str)

    def __init__(self, controller: Controller, view_state: ViewState | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if view_state is not None:
            view_state.sigThemeChanged.connect(self.apply_theme)
        self._controller = controller
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.problem: str | None = None
        self.view = None
        self._connected = False
        self._camera = CAMERA  # where reset_camera last put it
        self._minima = []  # the landscape's minima, known from the run: the lowest labels the value axis
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setObjectName("surfaceNote")
        self._layout.addWidget(self.note)
        self.note.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        if self.problem:
            self.problem = opengl_problem() or self.problem  # now in the current language
            self._show_problem()
        else:
            self.note.setText(self.tr("Preparing the 3-D view…"))
        if self.view is not None:
            self.reset_button.setText(self.tr("Reset View"))
            self.reset_button.setToolTip(self.tr("Turn the surface back to where it started"))
            self.reset_button.adjustSize()
            self._place_reset_button()
            self._label_axes(self._controller.preset)

    @Slot()
    def reset_camera(self) -> None:
        """The camera where it started: after a drag or a zoom, the surface as first shown."""
        if self.view is not None:
            self._camera = self._fitted_camera()
            self.view.setCameraPosition(**self._camera)

    def _fitted_camera(self) -> dict:
        """CAMERA, further back in a view wider than CAMERA_ASPECT: the field of view is horizontal, and a
        short wide view (presenter mode) cut the box's front edge and its labels off at the bottom."""
        aspect = self.view.width() / max(self.view.height(), 1)
        return {**CAMERA, "distance": CAMERA["distance"] * max(1.0, aspect / CAMERA_ASPECT)}

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_reset_button()
        if self.view is not None and all(self.view.opts[k] == v for k, v in self._camera.items() if k != "pos"):
            self.reset_camera()  # not turned or zoomed by the user: the whole box stays in sight

    def _place_reset_button(self) -> None:
        if self.view is not None:
            self.reset_button.move(self.width() - self.reset_button.width() - 6, 6)
            self.reset_button.raise_()

    def _show_problem(self) -> None:
        self.note.setText(self.tr("3-D view unavailable: {problem}\nThe contour and loss views work as usual.")
                          .format(problem=self.problem))
        self.sigUnavailable.emit(self.problem)

    @property
    def built(self) -> bool:
        return self.view is not None or self.problem is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.Paint and not self.built:
            QTimer.singleShot(0, self.ensure_built)
        return False

    @Slot()
    def ensure_built(self) -> None:
        """Set up OpenGL now, or the note saying why it cannot be; does nothing the second time."""
        if self.built:
            return
        self.problem = opengl_problem()
        if self.problem:
            self._show_problem()
            return
        self._build_view()
        controller = self._controller
        self._on_landscape_changed(controller.preset)
        self._on_run_started(controller.run_info())
        self._on_stepped(controller.snapshot())
        controller.sigLandscapeChanged.connect(self._on_landscape_changed)
        controller.sigRunStarted.connect(self._on_run_started)
        controller.sigStepped.connect(self._on_stepped)
        self._connected = True

    def apply_theme(self) -> None:
        """Ball size and the map's colours from the current theme (trails follow with the next run)."""
        if self.view is not None:
            self.balls.apply_theme()
            self.retranslate()  # the button and the labels sized again for the theme's font
            self._on_landscape_changed(self._controller.preset)

    def _build_view(self) -> None:
        import pyqtgraph.opengl as gl  # PyOpenGL loads only when there is a surface to draw

        self._gl = gl
        from gdsim.qt.views.surface_window import SurfaceFrame, SurfaceWindow

        self.reset_button = QToolButton(self)
        self.reset_button.setObjectName("resetSurfaceView")
        self.reset_button.clicked.connect(self.reset_camera)
        self.view = SurfaceWindow()
        self.view.setBackgroundColor(QColor(BACKGROUND))
        self.frame = SurfaceFrame(self.view, QColor(BACKGROUND))
        self.note.hide()
        self._layout.addWidget(self.frame)
        # Shown and sized now, not after the next events: a screenshot taken at once places the axis labels by it.
        self.frame.setVisible(self.isVisible())
        self._layout.activate()
        float_over(self.reset_button)
        self.reset_button.show()  # made after this view was shown
        self.reset_camera()
        # Lighting is baked into the vertex colours (lit_colors), so pyqtgraph need not compute
        # normals: that took ~100 ms on every landscape change.
        self.surface = gl.GLSurfacePlotItem(smooth=True, computeNormals=False, glOptions="opaque")
        self.view.addItem(self.surface)
        self.trails = SurfaceTrails(gl, self.view, backdrop=(self.surface,))
        self.balls = SurfaceBalls(gl, self.view)
        self.axes = SurfaceAxes(gl, self.view, self.frame, style.line(1.5))
        self._ball_colors = np.zeros((0, 4))
        self._heights = HeightScale(np.zeros(1))
        self._box = ((-1.0, 1.0), (-1.0, 1.0))
        self._landscape = None
        self._mesh_of: Preset | None = None  # the landscape the mesh shows; it is made only while the view is shown
        self.retranslate()  # the button's text, and the axes' labels

    def _scene_xy(self, points: np.ndarray) -> np.ndarray:
        (x0, x1), (y0, y1) = self._box
        return np.column_stack([(points[..., 0].ravel() - x0) / (x1 - x0) - 0.5,
                                (points[..., 1].ravel() - y0) / (y1 - y0) - 0.5]) * FOOTPRINT

    @property
    def active(self) -> bool:
        """Drawing a 2-D landscape (a 1-D one is shown by the curve view instead)."""
        return self._controller.setup.landscape.dim == 2

    @Slot(object)
    def _on_landscape_changed(self, chosen: Preset) -> None:
        self._mesh_of = None
        if chosen.landscape.dim == 2 and self.isVisible():  # a hidden view makes its mesh when it is shown
            self._draw_surface(chosen)

    def _draw_surface(self, chosen: Preset) -> None:
        landscape = chosen.landscape
        self._mesh_of = chosen
        self._box = landscape.view_box
        self._landscape = landscape
        xs, ys, z = landscape.sample_grid(GRID_RESOLUTION)
        self._heights = HeightScale(z)
        # The run's minima (the lowest labels the value axis), known now: labelled with the last landscape's
        # minima, the axes were labelled again when the run started, each label resized twice.
        self._minima = [p for p in self._controller.critical_points(chosen) if p.kind == CriticalKind.MINIMUM]
        lut = style.height_colormap().getLookupTable(nPts=256, alpha=True).astype(float) / 255.0
        heights, lit = holed_heights(self._heights(z), z)  # no shelf where f is undefined: a hole
        shades = lit_colors(lit, FOOTPRINT / (GRID_RESOLUTION - 1), lut[(style.equalized(z, z) * 255).astype(int)])
        # GLSurfacePlotItem indexes z as [ix, iy]; the sampled grid is [iy, ix].
        self.surface.setData(x=np.linspace(-0.5, 0.5, len(xs)) * FOOTPRINT,
                             y=np.linspace(-0.5, 0.5, len(ys)) * FOOTPRINT,
                             z=heights.T, colors=shades.transpose(1, 0, 2))
        self.view.backdrop_changed()
        self.trails.forget()  # drawn at the old heights
        self._label_axes(chosen)

    def _label_axes(self, chosen: Preset) -> None:
        """Axes along the box's front edges and its back corner: each variable's name and the view
        box's ends, and the value's lowest and highest heights, as numbers the class can read off."""
        if chosen.landscape.dim != 2:
            return
        half = FOOTPRINT / 2
        segments = [[-half, -EDGE, 0], [half, -EDGE, 0], [EDGE, -half, 0], [EDGE, half, 0],
                    [-EDGE, EDGE, 0], [-EDGE, EDGE, HEIGHT]]
        (x0, x1), (y0, y1) = self._box
        x_name, y_name = chosen.variables
        value_name = self.tr("loss") if chosen.fit is not None else f"f({x_name}, {y_name})"
        low = lowest_shown(self._heights.low, self._heights.span, [p.value for p in self._minima])
        high = self._heights.low + self._heights.span
        out = EDGE + 0.6
        aside = EDGE + 2.2  # the values' labels left of their axis, clear of it and of the trails in front
        self.axes.set_axes(segments, [
            (x_name, (0, -out - 0.4, 0)), (number(x0), (-half, -out, 0)), (number(x1), (half, -out, 0)),
            (y_name, (out + 0.4, 0, 0)), (number(y0), (out, -half, 0)), (number(y1), (out, half, 0)),
            (value_name, (-EDGE, EDGE, HEIGHT + 2.4)), (number(low), (-aside, EDGE, 0)),
            (number(high), (-aside, EDGE, HEIGHT))])

    @Slot(object)
    def _on_run_started(self, run: RunInfo) -> None:
        if run.landscape.dim != 2:
            return
        minima = [p for p in run.critical_points if p.kind == CriticalKind.MINIMUM]
        if [p.value for p in minima] != [p.value for p in self._minima]:
            self._minima = minima
            self._label_axes(self._controller.preset)
        self._ball_colors = np.array([style.ball_color(run.colors[index]).getRgbF() for index in run.placed_from]
                                     ).reshape(-1, 4)
        self.balls.set_count(len(run.placed_from))
        self.trails.set_run(self._ball_colors, np.array(run.placed_from, dtype=np.intp))

    def _scene_points(self, positions: np.ndarray, losses: np.ndarray) -> np.ndarray:
        # GL takes float32: a ball far away (diverging) is kept at a finite distance off screen.
        xy = np.clip(self._scene_xy(positions), -SCENE_LIMIT, SCENE_LIMIT)
        return np.column_stack([xy, self._heights(losses).ravel() + BALL_LIFT])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        shown = self._controller.preset
        if self.view is not None and self._mesh_of is not shown and shown.landscape.dim == 2:
            self._draw_surface(shown)  # the landscape chosen while it was hidden
        if self._connected:  # it skipped the steps taken while it was hidden
            self._on_run_started(self._controller.run_info())
            self._on_stepped(self._controller.snapshot())

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot) -> None:
        if not self.isVisible() or snapshot.positions.shape[1] != 2:
            return
        drawable = np.all(np.isfinite(snapshot.positions), axis=1) & ~np.isnan(snapshot.losses)  # NaN: no height
        # A ball off the surface's box is not drawn (the map marks where it went).
        drawable &= np.all(np.abs(self._scene_xy(snapshot.positions)) <= FOOTPRINT / 2, axis=1)
        self.balls.set_points(self._scene_points(snapshot.positions[drawable], snapshot.losses[drawable]),
                              self._ball_colors[drawable])
        landscape = self._landscape
        self.trails.update(snapshot, lambda positions, losses: steps_in_box(
            positions, losses, self._box, landscape.value if landscape else None, self._scene_points))
