"""The curvature at the controller's curvature point, drawn where View ▸ Curvature is on.

On the contour map: the Hessian's eigen-directions as two arrows of one length on screen, labelled with their
eigenvalues, and a level line of the local quadratic model f(p) + ½dᵀHd around p (an ellipse; hyperbolas at a
saddle, said so beside them). On the curve of a 1-D landscape: the osculating parabola, labelled f″. While the
layer is shown, a click on a critical point's marker shows the curvature there instead of moving the start.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt, Slot
from PySide6.QtWidgets import QApplication

from gdsim.model.local_quadratic import LevelShape, level_curve, osculating_parabola, pointing_right
from gdsim.qt import style
from gdsim.qt.curvature_following import CurvatureAt
from gdsim.qt.layers.step_arrows import arrow_polyline
from gdsim.qt.view_state import ViewState

ARROW_PX = 64.0  # every eigen-direction's arrow, on screen: the eigenvalue is in its label, not its length
BARB_PX = 10.0
REACH_PX = 95.0  # the level line's farthest point from p, on screen (the ellipse's longer semi-axis)
PARABOLA_HALF_WIDTH = 0.22  # of the curve view's x span, each side of p
CLICK_PX = 12.0  # a click this near a critical point's marker (before the theme scales it) picks it
Z_VALUE = 17  # over the trails and the start marker, under the balls (a ball at p shows whole)


def number(value: float) -> str:
    return f"{value:.4g}".replace("-", "−")


def eigenvalue_label(index: int, value: float) -> str:
    """'λ₁ = 2', with what a curvature of 0 or below means beside it."""
    text = f"λ{'₁₂'[index]} = {number(value)}"
    if value < 0:
        return text + " " + QCoreApplication.translate("CurvatureLayer", "(< 0: curves down)")
    if value == 0:
        return text + " " + QCoreApplication.translate("CurvatureLayer", "(flat)")
    return text


def shape_note(shape: LevelShape) -> str:
    """What the level line drawn is, where it is no ellipse."""
    if shape is LevelShape.HYPERBOLAS:
        return QCoreApplication.translate("CurvatureLayer", "saddle: no ellipse, the level lines are hyperbolas")
    if shape is LevelShape.LINES:
        return QCoreApplication.translate("CurvatureLayer", "flat one way: the level lines are parallel")
    if shape is LevelShape.NONE:
        return QCoreApplication.translate("CurvatureLayer", "flat: no curvature")
    return ""


def picked_critical_point(view, controller, scene_pos) -> object | None:
    """The critical point whose marker on `view` (a LandscapePlot) is within CLICK_PX of `scene_pos`."""
    view_box = view.getPlotItem().vb
    points = [p for p in controller.critical_points(controller.preset)
              if len(p.point) == view.dim and all(math.isfinite(c) for c in (*p.point, p.value))]
    if not points:
        return None
    drawn = view.critical_point_positions(tuple(points))
    distances = [math.dist((scene_pos.x(), scene_pos.y()), (s.x(), s.y()))
                 for s in (view_box.mapViewToScene(QPointF(float(x), float(y))) for x, y in drawn)]
    nearest = int(np.argmin(distances))
    return points[nearest] if distances[nearest] <= style.px(CLICK_PX) else None


class CurvatureLayer(QObject):
    """The curvature drawn on `view` (the contour view or the curve view), as ViewState.curvature_shown says."""

    def __init__(self, view, controller, view_state: ViewState):
        super().__init__(view)
        self._view = view
        self._controller = controller
        self._view_state = view_state
        self.at: CurvatureAt | None = None  # what is drawn, None when nothing is
        self.shape: LevelShape | None = None
        self._cleared = False
        plot = view.getPlotItem()
        self.level_line = pg.PlotCurveItem(connect="finite")
        self.halo = pg.PlotCurveItem(connect="finite")
        self.arrows = [pg.PlotCurveItem(connect="finite") for _ in range(2)]
        self.labels = [pg.TextItem(anchor=(0, 0.5), fill=pg.mkBrush(255, 255, 255, 215)) for _ in range(2)]
        self.note = pg.TextItem(anchor=(0.5, 0), fill=pg.mkBrush(255, 255, 255, 215))
        for depth, item in enumerate((self.halo, self.level_line, *self.arrows)):
            item.setZValue(Z_VALUE + 0.1 * depth)
            plot.addItem(item, ignoreBounds=True)
        for item in (*self.labels, self.note):
            item.setZValue(41)
            plot.addItem(item, ignoreBounds=True)
        plot.vb.sigRangeChanged.connect(self.redraw)
        controller.sigCurvatureChanged.connect(self.redraw)
        view_state.sigCurvatureShownChanged.connect(self.redraw)
        view_state.sigThemeChanged.connect(self._apply_theme)
        view.installEventFilter(self)  # the view's language change: the labels' words
        self._apply_theme()

    @Slot()
    def _apply_theme(self, *args) -> None:
        """Fonts, pens and colours at the theme's sizes (set once, not every step: a text item's font re-lays it
        out), then the drawing again."""
        font = QApplication.font()
        for label in (*self.labels, self.note):
            label.setFont(font)
            label.setColor(style.CURVATURE)
        self.halo.setPen(pg.mkPen(255, 255, 255, 200, width=style.line(2.0) + 3))
        # A curve's parabola is dashed: it lies on the curve beside p, and must read as another line.
        curve = self._view.dim == 1
        self.level_line.setPen(pg.mkPen(style.CURVATURE, width=style.line(2.5 if curve else 2.0),
                                        style=Qt.PenStyle.DashLine if curve else Qt.PenStyle.SolidLine))
        self._pens = {(index, up): pg.mkPen(style.CURVATURE, width=style.line(3.0 if index == 0 else 2.4),
                                            style=Qt.PenStyle.SolidLine if up else Qt.PenStyle.DashLine)
                      for index in (0, 1) for up in (True, False)}
        self.redraw()

    def take_click(self, event) -> bool:
        """A left click on a critical point's marker while the curvature is shown: its curvature (True)."""
        if (not self._view_state.curvature_shown or not self._view.active
                or event.button() != Qt.MouseButton.LeftButton or event.double()):
            return False
        critical = picked_critical_point(self._view, self._controller, event.scenePos())
        if critical is None:
            return False
        self._controller.show_curvature_at(critical)
        return True

    @Slot()
    def redraw(self, *args) -> None:
        at = self._controller.curvature_point()
        if (not self._view_state.curvature_shown or not self._view.active or at.landscape.dim != self._view.dim
                or at.curvature is None):
            self._clear()
            return
        self.at, self._cleared = at, False
        if self._view.dim == 1:
            self._draw_parabola(at)
        else:
            self._draw_map(at)

    def _pixel(self) -> np.ndarray:
        width, height = self._view.getPlotItem().vb.viewPixelSize()
        return np.array([width or 1.0, height or 1.0])

    def _draw_map(self, at: CurvatureAt) -> None:
        curvature, pixel = at.curvature, self._pixel()
        p = np.array(at.point, dtype=float)
        reach = style.px(REACH_PX) * float(np.sqrt(pixel[0] * pixel[1]))
        curve = level_curve(curvature.eigenvalues, curvature.directions, reach)
        self.shape = curve.shape
        self.level_line.setData(p[0] + curve.offsets[:, 0], p[1] + curve.offsets[:, 1])
        self.halo.setData(p[0] + curve.offsets[:, 0], p[1] + curve.offsets[:, 1])
        inside = self._view.getPlotItem().vb.sceneBoundingRect()
        for index, (arrow, label) in enumerate(zip(self.arrows, self.labels, strict=True)):
            value = curvature.eigenvalues[index]
            arrow.setPen(self._pens[index, value > 0])  # dashed where the ground curves down or is flat
            label.setText(eigenvalue_label(index, value))
            label.setVisible(True)
            # An eigen-direction has no sign: where the label past the tip would leave the map, the arrow points
            # the other way.
            for sign in (1.0, -1.0):
                self._point_arrow(index, p, sign * self.direction(index), pixel)
                if inside.contains(label.sceneBoundingRect()):
                    break
            else:
                self._point_arrow(index, p, self.direction(index), pixel)
        note = shape_note(curve.shape)
        self.note.setText(note)
        self.note.setPos(float(p[0]), float(p[1] - reach))
        self.note.setVisible(bool(note))

    def _point_arrow(self, index: int, p: np.ndarray, direction: np.ndarray, pixel: np.ndarray) -> None:
        """Arrow `index` from p along `direction`, ARROW_PX long on screen, with its label past its tip."""
        on_screen = direction / pixel
        tip = p + direction * style.px(ARROW_PX) / float(np.linalg.norm(on_screen))
        path = arrow_polyline(p[None], tip[None], np.array([style.px(BARB_PX)]), pixel)
        self.arrows[index].setData(path[:, 0], path[:, 1])
        unit = on_screen / np.linalg.norm(on_screen)
        # Past the tip, on the side it points to, so the arrow never runs through its own label.
        label = self.labels[index]
        label.setAnchor((0.5 - 0.6 * unit[0], 0.5 + 0.6 * unit[1]))
        label.setPos(float(tip[0]), float(tip[1]))

    def direction(self, index: int) -> np.ndarray:
        """Eigen-direction `index` (0: λ₁'s) of what is drawn, as its arrow points."""
        return pointing_right(self.at.curvature.directions[:, index])

    def _draw_parabola(self, at: CurvatureAt) -> None:
        f2 = at.curvature.eigenvalues[0]
        value, slope = at.value_and_slope
        (x_lo, x_hi), (y_lo, y_hi) = self._view.getPlotItem().vb.viewRange()
        half = PARABOLA_HALF_WIDTH * (x_hi - x_lo)
        p = at.point[0]
        xs = np.linspace(p - half, p + half, 161)
        ys = osculating_parabola(xs, p, value, float(slope[0]), f2)
        self.shape = None
        self.level_line.setData(xs, ys)
        self.halo.setData(xs, ys)
        for arrow in self.arrows:
            arrow.setData([], [])
        label = self.labels[0]
        text = f"f″ = {number(f2)}"
        if f2 <= 0:
            text += " " + QCoreApplication.translate("CurvatureLayer", "(≤ 0: curves down or flat)")
        label.setText(text)
        label.setPos(p, value)
        label.setVisible(True)
        # Below p and to its left, clear of the start's label (right of its crosshair); else where it fits.
        inside = self._view.getPlotItem().vb.sceneBoundingRect()
        for anchor in ((1.1, -0.3), (-0.1, -0.3), (-0.1, 1.3), (1.1, 1.3)):
            label.setAnchor(anchor)
            if inside.contains(label.sceneBoundingRect()):
                break
        self.labels[1].setVisible(False)
        self.note.setVisible(False)

    def _clear(self) -> None:
        if self.at is None and self._cleared:
            return  # cleared already: the map moves often while the curvature is off
        self._cleared = True
        self.at = self.shape = None
        for item in (self.level_line, self.halo, *self.arrows):
            item.setData([], [])
        for label in (*self.labels, self.note):
            label.setVisible(False)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.redraw()
        return False
