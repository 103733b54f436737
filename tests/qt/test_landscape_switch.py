"""A landscape switch as a user makes it (the preset box, a typed formula): what every view shows after it,
whatever work the switch leaves for later (the 3-D mesh of a hidden view)."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from gdsim.model.presets import PRESETS
from gdsim.qt import style
from gdsim.qt.names import ball_label
from gdsim.qt.support import pg_compat
from gdsim.qt.views.legend_layout import LegendSample
from gdsim.qt.views.surface_holes import holed_heights
from gdsim.qt.views.surface_view import GRID_RESOLUTION, HeightScale, number
from tests.qt.conftest import type_into


def choose_preset(window, name: str) -> None:
    box = window.control_panel.landscape
    box.setCurrentIndex(box.findData(name))


def expected_mesh_heights(landscape) -> np.ndarray:
    """The mesh's heights (indexed [ix, iy], as GLSurfacePlotItem takes them) of a surface showing `landscape`."""
    _, _, z = landscape.sample_grid(GRID_RESOLUTION)
    return holed_heights(HeightScale(z)(z), z)[0].T


@pytest.mark.gl
def test_a_landscape_chosen_while_the_3d_view_is_hidden_is_on_it_once_shown(window, opengl):
    surface = window.surface_view
    window.actions["show_surface"].trigger()
    assert not surface.isVisible()
    mesh_before = surface.surface._z.copy()
    choose_preset(window, "rosenbrock")
    assert window.controller.setup.preset_name == "rosenbrock"
    np.testing.assert_array_equal(surface.surface._z, mesh_before)  # no mesh is made for a hidden view

    window.actions["show_surface"].trigger()
    assert surface.isVisible()
    landscape = PRESETS["rosenbrock"].landscape
    np.testing.assert_allclose(surface.surface._z, expected_mesh_heights(landscape))
    (x0, x1), (y0, y1) = landscape.view_box
    assert {number(x0), number(x1), number(y0), number(y1)} <= set(surface.axes.texts())


def legend_texts(view) -> list[str]:
    return [label.text for _, label in view.legend.items]


def test_a_typed_function_with_the_same_balls_and_kinds_of_points_keeps_the_legend(window, qtbot):
    view = window.contour_view
    type_into(qtbot, window.control_panel.expression, "x^2 + y^2")
    legend, texts = view.legend, legend_texts(view)
    assert texts[-1] == "minimum" and len(texts) == len(window.controller.setup.balls) + 1

    type_into(qtbot, window.control_panel.expression, "2x^2 + y^2")
    assert window.controller.setup.landscape.source == "2x^2 + y^2"
    assert view.legend is legend and legend_texts(view) == texts  # nothing new to say: not built again

    choose_preset(window, "himmelblau")
    run = window.controller.run_info()
    assert legend_texts(view)[0] == ball_label(run.labels[0])
    assert "saddle" in legend_texts(view) and "maximum" in legend_texts(view)


class MapSizeAtPaint(QObject):
    """The size of the map's plotting area each time the map is painted."""

    def __init__(self, view):
        super().__init__()
        self.view, self.sizes = view, []
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.sizes.append(self.view.getPlotItem().vb.size().toSize())
        return False


def test_a_chosen_landscape_is_painted_at_the_size_the_map_keeps(window, qtbot):
    """Its axis labels and its legend take their room before the first paint: a map painted at one size
    and then at another (after its new labels were measured) was drawn twice."""
    view = window.contour_view
    painted = MapSizeAtPaint(view)
    for name in ("ravine", "himmelblau", "local-minimum", "rastrigin", "rosenbrock", "beale"):
        painted.sizes.clear()
        choose_preset(window, name)
        qtbot.waitUntil(lambda: bool(painted.sizes))
        for _ in range(3):
            QApplication.processEvents()
        kept = view.getPlotItem().vb.size().toSize()
        assert painted.sizes == [kept] * len(painted.sizes), name


@pytest.mark.parametrize("sample", [LegendSample("o", 12, "#E69F00", 1.2), LegendSample("star", 11, None, 1.5)])
def test_a_legend_sample_looks_as_pyqtgraphs_sample_of_a_scatter_item(qapp, sample):
    def drawn(item) -> np.ndarray:
        image = QImage(20, 20, QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        item.paint(painter)
        painter.end()
        return np.frombuffer(image.constBits(), np.uint8).reshape(20, 20, 4).copy()

    scatter = pg.ScatterPlotItem(symbol=sample.symbol, size=style.px(sample.size), brush=pg.mkBrush(sample.fill),
                                 pen=style.outline_pen(sample.outline))
    np.testing.assert_array_equal(drawn(sample()), drawn(pg.ItemSample(scatter)))
    assert drawn(sample()).any()


def assert_loss_plot_shows_the_run(window) -> None:
    """Each ball's loss curve in its colour, with the history's losses; at step 0 a dot and its loss written beside it."""
    plot, setup, snapshot = window.loss_plot, window.controller.setup, window.controller.snapshot()
    for index, curve in plot._curves.items():
        color = style.ball_color(setup.balls[index].color)
        assert curve.opts["pen"].color() == color
        shown = curve.getData()[1]
        np.testing.assert_array_equal(shown[~np.isnan(shown)], snapshot.history_losses[:, index])
        if snapshot.step == 0:
            assert curve.opts["symbol"] == "o" and curve.opts["symbolBrush"] == color
            note = plot._start_notes[index]
            assert note.isVisible() and f"{snapshot.history_losses[0, index]:.4g}" in note.toPlainText()
            assert note.color == color


def test_a_landscape_switch_shows_the_new_run_in_the_loss_plot(window, qtbot):
    choose_preset(window, "bowl")
    assert_loss_plot_shows_the_run(window)
    window.controller.advance(5)
    assert_loss_plot_shows_the_run(window)
    curves = dict(window.loss_plot._curves)

    choose_preset(window, "rosenbrock")
    assert window.loss_plot._curves == curves  # the same balls keep their curves
    assert_loss_plot_shows_the_run(window)

    qtbot.mouseClick(window.control_panel.balls.restart_button, Qt.MouseButton.LeftButton)
    assert len(window.controller.setup.starts) == 100
    low, high, fill, _ = window.loss_plot._bands[0]
    assert fill.brush().color().rgb() == style.ball_color(window.controller.setup.balls[0].color).rgb()
    choose_preset(window, "himmelblau")
    assert not window.loss_plot._bands
    assert_loss_plot_shows_the_run(window)


def test_a_landscape_chosen_again_builds_its_legend_once_as_it_was(window, monkeypatch):
    """Himmelblau's legend (three balls, minima, saddles, a maximum) fits only the fifth layout tried."""
    view = window.contour_view
    choose_preset(window, "himmelblau")
    QApplication.processEvents()
    first = (legend_texts(view), view.legend.columnCount, view.legend.layout.minimumWidth())
    choose_preset(window, "bowl")
    QApplication.processEvents()

    built = []
    new_legend = pg_compat.new_legend
    monkeypatch.setattr(pg_compat, "new_legend", lambda *args, **kwargs: built.append(args) or new_legend(*args, **kwargs))
    choose_preset(window, "himmelblau")
    QApplication.processEvents()
    assert len(built) == 1
    assert (legend_texts(view), view.legend.columnCount, view.legend.layout.minimumWidth()) == first
