"""The Hessian at the selected point: the Curvature tab's numbers, the eigen-arrows and level ellipse on the map,
the osculating parabola on a curve, and View ▸ Curvature."""

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdsim.model.presets import PresetName
from gdsim.model.quadratic import quadratic_preset
from gdsim.model.setup import Setup
from gdsim.model.simulation import BallStatus
from gdsim.qt import style
from gdsim.qt.analysis.curvature_panel import CurvaturePanel
from gdsim.qt.analysis_tabs import PAGES
from gdsim.qt.controller import Controller
from gdsim.qt.settings import Settings
from gdsim.qt.views.contour_view import ContourView
from gdsim.qt.views.curve_view import CurveView
from tests.qt.conftest import activate, view_to_widget


def shown_value(panel: CurvaturePanel, symbol: str) -> float:
    """The number the panel shows after `symbol =` (a true minus sign read back)."""
    text = re.sub("<[^>]+>", " ", panel.table.text()).replace("&nbsp;", " ").replace("−", "-")
    found = re.search(re.escape(symbol) + r"\s*=\s*(-?[0-9.]+(?:e[-+]?[0-9]+)?)", text)
    assert found, f"{symbol} is not shown in {text!r}"
    return float(found.group(1))


@pytest.fixture
def map_and_panel(view_state, show_views):
    """`map_and_panel(controller)`: the contour view and the Curvature tab side by side, sharing the view state."""
    def make(controller: Controller):
        view, panel = ContourView(controller, view_state), CurvaturePanel(controller, view_state)
        show_views(controller, view, panel, size=(1000, 640))
        return view, panel
    return make


def show_on_map(view) -> None:
    """What View ▸ Curvature does (the window's test presses it): the curvature on the map."""
    view.view_state.set_curvature_shown(True)


def drawn_arrow(view, index: int) -> np.ndarray:
    """Arrow `index` as drawn: its tip minus its tail, in the map's coordinates."""
    xs, ys = view.curvature_layer.arrows[index].getData()
    return np.array([xs[1] - xs[0], ys[1] - ys[0]])


def parallel(a, b) -> float:
    return abs(float(np.dot(a, b))) / (np.linalg.norm(a) * np.linalg.norm(b))


def test_the_bowl_curves_two_both_ways(controller_for, map_and_panel):
    _, panel = map_and_panel(controller_for("bowl"))
    assert "start" in panel.title.text()
    assert shown_value(panel, "λ₁") == pytest.approx(2.0, rel=1e-6)
    assert shown_value(panel, "λ₂") == pytest.approx(2.0, rel=1e-6)
    assert shown_value(panel, "κ") == pytest.approx(1.0, rel=1e-6)


def test_the_quadratic_shows_its_kappa_its_turned_axes_and_an_ellipse_root_kappa_long(map_and_panel, qtbot):
    controller = Controller(Setup.from_preset(PresetName.BOWL).with_preset(quadratic_preset(10.0, 30.0)))
    view, panel = map_and_panel(controller)
    assert shown_value(panel, "κ") == pytest.approx(10.0, rel=1e-5)
    assert shown_value(panel, "λ₁") == pytest.approx(2.0, rel=1e-5)
    assert shown_value(panel, "λ₂") == pytest.approx(0.2, rel=1e-5)
    assert not view.curvature_layer.arrows[0].getData()[0].size, "nothing on the map until asked"
    show_on_map(view)
    steep, gentle = np.array([math.cos(math.radians(30)), math.sin(math.radians(30))]), None
    gentle = np.array([-steep[1], steep[0]])
    assert parallel(drawn_arrow(view, 0), steep) == pytest.approx(1.0, abs=1e-6)
    assert parallel(drawn_arrow(view, 1), gentle) == pytest.approx(1.0, abs=1e-6)
    assert view.curvature_layer.labels[0].toPlainText() == "λ₁ = 2"
    xs, ys = view.curvature_layer.level_line.getData()
    distances = np.hypot(xs - controller.setup.start[0], ys - controller.setup.start[1])
    assert distances.max() / distances.min() == pytest.approx(math.sqrt(10.0), rel=1e-3)
    longest = np.array([xs[np.argmax(distances)], ys[np.argmax(distances)]]) - controller.setup.start
    assert parallel(longest, gentle) == pytest.approx(1.0, abs=1e-4), "the ellipse is long along the gentle bend"


def test_a_click_on_rosenbrocks_minimum_shows_its_curvature(controller_for, map_and_panel, qtbot):
    controller = controller_for("rosenbrock")
    view, panel = map_and_panel(controller)
    show_on_map(view)
    start = controller.setup.start
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view_to_widget(view, (1.0, 1.0)))
    assert controller.setup.start == start, "a click on a critical point does not move the start"
    assert "minimum" in panel.title.text()
    assert shown_value(panel, "λ₁") == pytest.approx(1001.6, abs=0.05)
    assert shown_value(panel, "λ₂") == pytest.approx(0.3994, abs=5e-4)
    assert panel.follow.isVisible()
    np.testing.assert_allclose(view.curvature_layer.arrows[0].getData()[0][0], 1.0)
    qtbot.mouseClick(panel.follow, Qt.MouseButton.LeftButton)
    assert "start" in panel.title.text()


def test_a_saddle_says_it_has_no_ellipse(controller_for, map_and_panel, qtbot):
    controller = controller_for("saddle")
    view, panel = map_and_panel(controller)
    show_on_map(view)
    saddle = next(p for p in controller.critical_points(controller.preset) if p.kind == "saddle")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view_to_widget(view, saddle.point))
    assert shown_value(panel, "λ₂") < 0
    assert "hyperbolas" in panel.table.text()
    assert "no ellipse" in view.curvature_layer.note.toPlainText() and view.curvature_layer.note.isVisible()
    assert "< 0" in view.curvature_layer.labels[1].toPlainText()


def test_the_parabola_touches_the_curve_with_its_slope_and_bend(controller_for, view_state, show_views, qtbot):
    controller = controller_for("parabola")
    view = CurveView(controller, view_state)
    panel = CurvaturePanel(controller, view_state)
    show_views(controller, view, panel, size=(1000, 600))
    controller.advance(3)
    show_on_map(view)
    at = controller.snapshot().positions[0, 0]
    xs, ys = view.curvature_layer.level_line.getData()
    landscape = controller.preset.landscape
    f = float(landscape.value(np.array([[at]]))[0])
    slope = float(landscape.gradient(np.array([[at]]))[0, 0])
    assert np.interp(at, xs, ys) == pytest.approx(f, rel=1e-6, abs=1e-9)
    middle = len(xs) // 2
    assert xs[middle] == pytest.approx(at)
    h = xs[middle + 1] - xs[middle]
    assert (ys[middle + 1] - ys[middle - 1]) / (2 * h) == pytest.approx(slope, rel=1e-5, abs=1e-7)
    bend = (ys[middle + 1] - 2 * ys[middle] + ys[middle - 1]) / h ** 2
    assert bend == pytest.approx(shown_value(panel, "f″"), rel=1e-4)
    assert view.curvature_layer.labels[0].toPlainText().startswith("f″ = ")


def test_it_follows_the_ball_selected_in_the_list_as_it_steps_and_is_scrubbed(window, qtbot):
    activate(window, qtbot)
    tabs = window.analysis_tabs
    assert not tabs.isTabVisible(1 + PAGES.index("curvature_panel")), "no Curvature tab until asked"
    qtbot.keyClick(window, Qt.Key.Key_C)
    assert window.actions["curvature"].isChecked()
    panel = window.analysis_tabs.page("curvature_panel")
    assert tabs.currentWidget() is panel and tabs.isTabVisible(tabs.indexOf(panel))
    balls = window.control_panel.balls.list
    qtbot.mouseClick(balls.viewport(), Qt.MouseButton.LeftButton, pos=balls.visualItemRect(balls.item(1)).center())
    assert window.controller.selected_index == 1
    layer = window.contour_view.curvature_layer
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    ball = window.controller.first_ball_of(1)
    where = window.controller.snapshot().positions[ball]
    assert "step 5" in panel.title.text()
    np.testing.assert_allclose(layer.arrows[0].getData()[0][0], where[0])
    np.testing.assert_allclose(layer.arrows[0].getData()[1][0], where[1])
    window.timeline_bar.slider.setValue(2)  # scrubbed back
    np.testing.assert_allclose([layer.arrows[0].getData()[0][0], layer.arrows[0].getData()[1][0]],
                               window.controller.snapshot().positions[ball])
    assert "step 2" in panel.title.text()
    window.actions["curvature"].trigger()
    assert not layer.arrows[0].getData()[0].size and not layer.labels[0].isVisible()
    assert not window.analysis_tabs.isTabVisible(window.analysis_tabs.indexOf(panel))
    assert window.analysis_tabs.currentWidget() is window.loss_plot


def test_presenter_mode_makes_the_labels_larger(controller_for, map_and_panel, qtbot):
    view, panel = map_and_panel(controller_for("bowl"))
    show_on_map(view)
    label = view.curvature_layer.labels[0]
    before, height = label.textItem.font().pointSizeF(), label.boundingRect().height()
    view.view_state.set_theme(style.Theme(scale=style.PRESENTER_SCALE))
    assert label.textItem.font().pointSizeF() == pytest.approx(style.PRESENTER_SCALE * before)
    assert label.boundingRect().height() > 1.2 * height
    assert view.curvature_layer.arrows[0].opts["pen"].widthF() == pytest.approx(style.PRESENTER_SCALE * 3.0)


def test_the_choice_is_remembered(qtbot, tmp_path):
    from gdsim.qt.main_window import MainWindow

    settings = Settings(tmp_path / "settings.json")
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.actions["curvature"].trigger()
    first.save_settings()
    second = MainWindow(settings=Settings(tmp_path / "settings.json"))
    qtbot.addWidget(second)
    assert second.actions["curvature"].isChecked() and second.view_state.curvature_shown


def test_with_the_curvature_tab_every_short_title_reads_whole_at_1024(window, qtbot):
    window.resize(1024, 768)
    window.actions["curvature"].trigger()
    qtbot.waitUntil(lambda: window.analysis_tabs.width() < 300)
    bar = window.analysis_tabs.tabBar()
    bar.refit()
    shown = [i for i in range(bar.count()) if bar.isTabVisible(i)]
    assert len(shown) == 1 + len(PAGES)
    assert sum(bar.tabRect(i).width() for i in shown) <= window.analysis_tabs.width()
    for i in shown:
        assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(bar.tabText(i)) + 4, bar.tabText(i)


def test_reset_to_defaults_turns_the_curvature_off(window):
    window.actions["curvature"].trigger()
    assert window.contour_view.curvature_layer.labels[0].isVisible()
    window.actions["reset_settings"].trigger()
    assert not window.actions["curvature"].isChecked()
    assert not window.contour_view.curvature_layer.labels[0].isVisible()


def test_a_diverged_ball_has_no_curvature_and_the_tab_says_why(controller_for, map_and_panel):
    controller = controller_for("bowl")
    controller.set_ball_param(0, "lr", 5.0)  # far past the bound 2/λ₁ = 1
    view, panel = map_and_panel(controller)
    show_on_map(view)
    controller.advance(20)
    assert controller.snapshot().status[controller.first_ball_of(0)] == BallStatus.DIVERGED
    assert "diverged" in panel.table.text()
    assert not view.curvature_layer.labels[0].isVisible() and not view.curvature_layer.level_line.getData()[0].size
