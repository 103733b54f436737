"""Where a typed function is undefined (issue 14): said under the expression box, hatched on the map and
the curve, left out of the 3-D surface, and a ball that steps there "left the domain at step k"."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.views.contour_view import ContourView
from gdsim.qt.views.curve_view import CurveView
from tests.qt.conftest import type_into


@pytest.fixture
def panel_and(controller, view_state, show_views):
    """The control panel beside a view of the landscape, as in the window: panel_and(ContourView)."""
    def make(view_class):
        panel, view = ControlPanel(controller, view_state), view_class(controller, view_state)
        show_views(controller, panel, view, size=(900, 760))
        return panel, view

    return make


def test_the_note_under_the_expression_box_says_where_f_is_undefined(control_panel, qtbot):
    note = control_panel.domain_note
    type_into(qtbot, control_panel.expression, "sqrt(x)")  # the note follows the redrawn window
    qtbot.waitUntil(lambda: note.isVisible() and note.text() == "undefined where x < 0")
    type_into(qtbot, control_panel.expression, "log(x^2+y^2)")
    qtbot.waitUntil(lambda: note.isVisible() and note.text() == "undefined at (x, y) = (0, 0)")
    assert not control_panel.expression_error.isVisible()  # accepted: a note, not an error
    type_into(qtbot, control_panel.expression, "x^2 + y^2")
    assert not note.isVisible()


def test_the_note_is_in_korean(control_panel, qtbot, korean):
    type_into(qtbot, control_panel.expression, "log(x) + sqrt(y)")
    qtbot.waitUntil(lambda: control_panel.domain_note.text() == "x ≤ 0 또는 y < 0인 곳에서 정의되지 않음")


def test_a_note_worked_out_after_the_redraw_is_not_shown_for_a_function_typed_over_it(control_panel, qtbot):
    """The note is worked out once the window shows the new function: typed over by then, it is not shown."""
    note = control_panel.domain_note
    type_into(qtbot, control_panel.expression, "sqrt(x)")
    assert not note.isVisible()  # the window is redrawn first; sympy works the note out after
    type_into(qtbot, control_panel.expression, "x^2 + y^2")
    type_into(qtbot, control_panel.expression, "log(y)")
    qtbot.waitUntil(lambda: note.isVisible())
    assert note.text() == "undefined where y ≤ 0"


def hatch_and_paper(view, point) -> tuple[int, int]:
    """How many pixels of a 15 × 15 patch at `point` are the hatch's dark grey stripes and its pale paper."""
    spot = view.mapFromScene(view.getPlotItem().vb.mapViewToScene(QPointF(*point)))
    image = view.grab().toImage()
    patch = np.array([image.pixelColor(spot.x() + dx, spot.y() + dy).getRgb()[:3]
                      for dx in range(-7, 8) for dy in range(-7, 8)], dtype=float)
    grey = np.ptp(patch, axis=1) < 12
    return int(np.sum(grey & (patch[:, 0] > 70) & (patch[:, 0] < 150))), int(np.sum(grey & (patch[:, 0] > 225)))


def test_the_contour_map_hatches_where_f_is_undefined(panel_and, qtbot):
    panel, view = panel_and(ContourView)
    type_into(qtbot, panel.expression, "sqrt(x) + y^2/4")
    stripes, paper = hatch_and_paper(view, (-2.5, 1.0))
    assert stripes >= 15 and paper >= 60  # dark stripes on pale paper: not blank, not a height colour
    assert hatch_and_paper(view, (2.5, 1.0))[0] == 0  # where f is defined: the height map, no stripes


def test_the_curve_hatches_the_band_where_f_is_undefined(panel_and, qtbot):
    panel, view = panel_and(CurveView)
    type_into(qtbot, panel.expression, "sqrt(x)")
    (_, _), (y0, y1) = view.getPlotItem().vb.viewRange()
    for height in (y0 + 0.2 * (y1 - y0), y0 + 0.8 * (y1 - y0)):  # the whole height of the band
        stripes, paper = hatch_and_paper(view, (-2.5, height))
        assert stripes >= 15 and paper >= 60
    assert hatch_and_paper(view, (3.5, y0 + 0.2 * (y1 - y0)))[0] == 0


def ball_steps_out_of_the_domain(control_panel, controller, qtbot) -> None:
    """sqrt(x) from x = 0.5, the first ball with η = 1: 0.5 − 1/(2√0.5) < 0, where √ has no value."""
    type_into(qtbot, control_panel.expression, "sqrt(x)")
    control_panel.start_spins[0].setValue(0.5)
    control_panel.balls.select(0)
    control_panel.balls.editor.learning_rate.spin.setValue(1.0)
    controller.advance(3)


def test_a_ball_that_steps_out_of_the_domain_says_so_in_the_ball_list(control_panel, controller, qtbot):
    ball_steps_out_of_the_domain(control_panel, controller, qtbot)
    assert control_panel.balls.status_of(0) == "left the domain at step 1"
    assert control_panel.balls.status_of(1).startswith("running")  # η = 0.005 stays where √ has a value


def test_the_ball_list_says_it_in_korean(control_panel, controller, qtbot, korean):
    ball_steps_out_of_the_domain(control_panel, controller, qtbot)
    assert control_panel.balls.status_of(0) == "스텝 1에서 정의역을 벗어남"


def painted_pixels(surface_view) -> int:
    """Pixels of the 3-D view that are not its background."""
    image = surface_view.view.grabFramebuffer().convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), dtype=np.ubyte).reshape(image.height(), image.bytesPerLine())
    pixels = pixels[:, :3 * image.width()].reshape(image.height(), image.width(), 3).astype(int)
    return int(np.sum(np.abs(pixels - pixels[2, 2]).max(axis=2) > 12))


def test_the_surface_leaves_out_where_f_is_undefined(surface_view, controller):
    controller.set_expression("sqrt(abs(x)) + y^2/4")
    whole = painted_pixels(surface_view)
    controller.set_expression("sqrt(x) + y^2/4")
    holed = painted_pixels(surface_view)
    assert holed < 0.8 * whole  # no flat shelf over x < 0: half the surface is not there
    heights, xs = surface_view.surface._z, surface_view._landscape.view_box[0]
    left = np.linspace(*xs, len(heights)) < 0  # the mesh's rows run along x
    assert np.isnan(heights[left]).all() and np.isfinite(heights[~left]).all()


@pytest.mark.parametrize("view_class", [ContourView, CurveView])
def test_the_map_marks_where_the_ball_left_the_domain(panel_and, controller, qtbot, view_class):
    """On the map the ✕ sits where the ball stepped to, on the hatching; on the curve, which has no f
    there, where f was last defined (its start)."""
    panel, view = panel_and(view_class)
    expression = "sqrt(x) + y^2/4" if view_class is ContourView else "sqrt(x)"
    type_into(qtbot, panel.expression, expression)
    for spin, value in zip(panel.start_spins, (0.5, 1.0), strict=False):
        spin.setValue(value)
    panel.balls.select(0)
    panel.balls.editor.learning_rate.spin.setValue(1.0)
    controller.advance(3)
    assert "✕ left the domain at step 1" in view.edge_markers.shown_texts()
    crosses = view.diverged.data
    assert len(crosses) == 1
    expected = (0.5 - 1 / (2 * 0.5 ** 0.5), 1.0 - 1.0 / 2) if view_class is ContourView else (0.5, 0.5 ** 0.5)
    np.testing.assert_allclose((crosses[0]["x"], crosses[0]["y"]), expected)


def test_the_comparison_table_says_when_the_ball_left_the_domain(controller, show_views):
    from PySide6.QtWidgets import QApplication

    from gdsim.qt.analysis.comparison_table import ComparisonTable

    comparison = ComparisonTable(controller)
    show_views(controller, comparison, size=(420, 430))
    controller.set_expression("sqrt(x)")
    controller.set_start((0.5,))
    controller.set_ball_param(0, "lr", 1.0)
    controller.advance(3)
    QApplication.processEvents()
    assert comparison.table.item(0, 1).text() == "left the domain at step 1"
    assert comparison.table.item(1, 1).text() == "running"


def test_the_loss_plot_ends_the_line_of_a_ball_that_left_the_domain_with_a_cross(controller, show_views):
    from gdsim.qt.views.loss_plot import LossPlot

    plot = LossPlot(controller)
    show_views(controller, plot, size=(420, 430))
    controller.set_expression("sqrt(x) + y^2/4")
    controller.set_start((3.0, 2.0))
    controller.set_ball_param(0, "lr", 0.3)
    controller.advance(30)
    snapshot = controller.snapshot()
    left = int(snapshot.stopped_at[0])
    assert left > 10
    crosses = plot.divergence_marks.data
    assert len(crosses) == 1 and crosses[0]["x"] == left - 1  # at its last loss, the step before it left
    assert crosses[0]["y"] == snapshot.history_losses[left - 1, 0]
