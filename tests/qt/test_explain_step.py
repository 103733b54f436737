"""Explain step: the panel's numbers and the map's arrows are the engine's, for every optimizer.

The Explain panel beside the contour map, sharing which arrows are drawn, with a controller; the whole
window only for the E key, which pauses, opens the panel's tab and turns the arrows on."""

import csv
import io

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from gdsim.model.balls import Ball
from gdsim.model.explain import ArrowKind
from gdsim.model.optimizers import OptimizerKind
from gdsim.qt.analysis.comparison_table import ComparisonTable
from gdsim.qt.analysis.explain_panel import ExplainPanel, numbers
from gdsim.qt.panels.ball_list import BallList
from gdsim.qt.view_state import ArrowsShown
from gdsim.qt.views.contour_view import ContourView

from .conftest import OPTIMIZER_SETTINGS, activate, color_distance, view_to_widget


@pytest.fixture
def explaining(controller, view_state, show_views):
    """The contour map and the Explain panel side by side, as in the window."""
    view, panel = ContourView(controller, view_state), ExplainPanel(controller, view_state)
    show_views(controller, view, panel, size=(1000, 720))
    return view, panel


def choose_arrows(panel, shown: ArrowsShown) -> None:
    """Click the Explain panel's radio button for `shown`."""
    button = next(b for b in panel.arrow_choice.buttons() if b.property("shown") == str(shown))
    button.click()


def _one_ball(controller, panel, kind):
    controller.set_setup(controller.setup.__class__(controller.setup.preset, controller.setup.starts,
                                                    (Ball(kind, OPTIMIZER_SETTINGS[kind]),)))
    controller.advance(9)
    choose_arrows(panel, ArrowsShown.SELECTED)
    QApplication.processEvents()


@pytest.mark.parametrize("kind", list(OptimizerKind))
def test_the_panel_and_the_arrows_show_the_step_the_engine_then_takes(explaining, controller, kind):
    view, panel = explaining
    _one_ball(controller, panel, kind)
    arrows = view.step_arrows
    assert arrows.shown is ArrowsShown.SELECTED
    told = panel.explanation
    assert told is not None and told.optimizer is kind and told.step == 10
    text = panel.table.text()
    for line in told.lines:  # every number in the panel, as shown
        assert numbers(line.value) in text
    assert numbers(told.position) in text
    # The arrows' tips on the map are the model's, at the one magnification the legend states.
    for arrow in told.arrows:
        drawn_tips = arrows.tips(arrow.kind)
        np.testing.assert_allclose(drawn_tips, [arrow.tail + arrows.scale * arrow.vector], rtol=1e-12, atol=1e-12)
        xs, ys = arrows.curves[arrow.kind].getData()
        (x0, x1), (y0, y1) = view.getPlotItem().getViewBox().viewRange()
        if arrows.lengthened:  # under 10 px: drawn 10 px long, as the legend says
            assert "10 px" in arrows.legend.toPlainText()
        elif x0 <= drawn_tips[0, 0] <= x1 and y0 <= drawn_tips[0, 1] <= y1:
            assert np.isclose(xs, drawn_tips[0, 0]).any() and np.isclose(ys, drawn_tips[0, 1]).any()
        else:  # past the map's edge: cut there, with the bar and the legend's note
            assert len(arrows.cut_tips) and "cut at the map's edge" in arrows.legend.toPlainText()
    if arrows.scale != 1:
        assert f"×{arrows.scale:g}" in arrows.legend.toPlainText()
    np.testing.assert_array_equal(np.array([arrows.ghosts.data["x"][0], arrows.ghosts.data["y"][0]]),
                                  told.next_position)
    controller.step()
    np.testing.assert_array_equal(controller.snapshot().positions[0], told.next_position)
    assert panel.explanation.step == 11  # and the panel has moved on to the next step


def test_nesterov_shows_its_look_ahead_point_on_the_map(explaining, controller):
    view, panel = explaining
    _one_ball(controller, panel, OptimizerKind.NAG)
    told = panel.explanation
    drawn = view.step_arrows.look_aheads.data
    np.testing.assert_array_equal([drawn["x"][0], drawn["y"][0]], told.look_ahead)
    gradient = next(a for a in told.arrows if a.kind is ArrowKind.GRADIENT)
    np.testing.assert_array_equal(gradient.tail, told.look_ahead)
    assert "look-ahead" in view.step_arrows.legend.toPlainText()


def test_the_arrows_are_drawn_in_their_own_colours_on_the_map(explaining, controller, qtbot):
    view, panel = explaining
    controller.set_steps_per_second(30)
    controller.select_ball(1)  # Momentum on momentum-demo: velocity and gradient arrows
    controller.advance(12)
    choose_arrows(panel, ArrowsShown.SELECTED)
    told = panel.explanation
    arrows = view.step_arrows
    velocity = next(a for a in told.arrows if a.kind is ArrowKind.VELOCITY)
    middle = velocity.tail + 0.6 * arrows.scale * velocity.vector
    brown = (0x6B, 0x44, 0x10)

    def velocity_arrow_is_brown_on_screen():  # once the arrows are drawn
        image = view.grab().toImage()
        pixel = view_to_widget(view, middle)
        ratio = view.devicePixelRatioF()
        near = [image.pixelColor(int(pixel.x() * ratio) + dx, int(pixel.y() * ratio) + dy).getRgb()
                for dx in range(-2, 3) for dy in range(-2, 3)]
        assert min(color_distance(c, brown) for c in near) < 40

    qtbot.waitUntil(velocity_arrow_is_brown_on_screen, timeout=3000)


def test_arrows_for_every_ball_or_none(explaining, controller):
    view, panel = explaining
    controller.advance(5)
    choose_arrows(panel, ArrowsShown.SELECTED)
    choose_arrows(panel, ArrowsShown.EVERY_BALL)
    assert view.step_arrows.shown is ArrowsShown.EVERY_BALL
    assert len(view.step_arrows.explanations) == 3
    assert len(view.step_arrows.tips(ArrowKind.UPDATE)) == 3
    choose_arrows(panel, ArrowsShown.NONE)
    assert view.step_arrows.explanations == []
    assert not np.isfinite(view.step_arrows.curves[ArrowKind.UPDATE].getData()[0]).any()
    assert not view.step_arrows.legend.isVisible()


def test_the_explanation_follows_the_selected_ball(controller, view_state, show_views):
    balls, panel = BallList(controller, view_state), ExplainPanel(controller, view_state)
    show_views(controller, balls, panel, size=(800, 600))
    balls.list.setCurrentRow(2)
    assert controller.selected_index == 2
    assert panel.explanation.optimizer is OptimizerKind.NAG
    controller.select_ball(0)
    assert balls.list.currentRow() == 0
    assert panel.explanation.optimizer is OptimizerKind.SGD


def test_e_pauses_and_explains(window, qtbot):
    activate(window, qtbot)
    window.controller.play()
    qtbot.keyClick(window, Qt.Key.Key_E)
    assert not window.controller.playing
    assert window.analysis_tabs.currentWidget() is window.explain_panel
    assert window.contour_view.step_arrows.shown is ArrowsShown.SELECTED  # the selected ball's arrows


def test_a_converged_ball_says_so(explaining, controller):
    view, panel = explaining
    controller.set_preset("bowl")
    controller.set_setup(controller.setup.__class__(controller.setup.preset, controller.setup.starts,
                                                    (Ball(OptimizerKind.SGD, {"lr": 0.5}),)))
    controller.advance(3)
    choose_arrows(panel, ArrowsShown.SELECTED)
    assert "converged at step 2" in panel.table.text()  # at 0 after one, still after two
    assert view.step_arrows.explanations == []


def test_the_comparison_table_follows_the_run_and_copies_as_csv(controller, show_views):
    comparison = ComparisonTable(controller)
    show_views(controller, comparison, size=(420, 430))
    controller.advance(40)
    QApplication.processEvents()
    table = comparison.table
    assert table.rowCount() == 3
    snapshot = controller.snapshot()
    history = controller.replayed_run().history  # every step of the run, for the exact path lengths
    for ball in range(3):
        path = np.linalg.norm(np.diff(history.positions[:history.length, ball], axis=0), axis=1).sum()
        assert table.item(ball, 4).text() == f"{path:.6g}"
        assert table.item(ball, 3).text() == f"{snapshot.losses[ball]:.6g}".replace("-", "−")
        assert table.item(ball, 1).text() == "running"
    comparison.copy_button.click()
    rows = list(csv.DictReader(io.StringIO(QGuiApplication.clipboard().text())))
    assert [row["optimizer"] for row in rows] == [b.label for b in controller.run_info().balls]
    assert float(rows[1]["loss"]) == snapshot.losses[1]
    assert float(rows[1]["path_length"]) == pytest.approx(
        np.linalg.norm(np.diff(history.positions[:history.length, 1], axis=0), axis=1).sum(), rel=1e-12)
    controller.set_preset("bowl")
    controller.set_setup(controller.setup.__class__(controller.setup.preset, controller.setup.starts,
                                                    (Ball(OptimizerKind.SGD, {"lr": 0.5}),)))
    controller.advance(5)
    QApplication.processEvents()
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "converged" and table.item(0, 2).text() == "2"
    table.cellClicked.emit(0, 0)
    assert controller.selected_index == 0


def drawn_arrow_px(view, kind: ArrowKind) -> float:
    """The on-screen length of the first arrow of `kind`, tail to tip, in pixels."""
    xs, ys = view.step_arrows.curves[kind].getData()
    width, height = view.getPlotItem().vb.viewPixelSize()
    return float(np.hypot((xs[1] - xs[0]) / width, (ys[1] - ys[0]) / height))


def test_the_arrows_shrink_as_the_ball_nears_the_minimum_on_one_scale(explaining, controller):
    view, panel = explaining
    controller.select_ball(0)  # SGD on momentum-demo
    choose_arrows(panel, ArrowsShown.SELECTED)
    QApplication.processEvents()
    at_start, scale = drawn_arrow_px(view, ArrowKind.UPDATE), view.step_arrows.scale
    controller.advance(1500)
    QApplication.processEvents()
    assert view.step_arrows.explanations, "the ball still moves"
    assert drawn_arrow_px(view, ArrowKind.UPDATE) < 0.5 * at_start
    assert view.step_arrows.scale == scale  # the legend's scale holds for the whole run
    legend = view.step_arrows.legend.toPlainText()
    assert ("arrows at true length" in legend) if scale == 1 else (f"×{scale:g}, the whole run" in legend)


def test_an_arrow_past_the_map_edge_is_cut_there_and_marked(explaining, controller):
    view, panel = explaining
    controller.select_ball(1)  # Momentum
    controller.advance(30)
    choose_arrows(panel, ArrowsShown.SELECTED)
    arrows = view.step_arrows
    update = next(a for a in panel.explanation.arrows if a.kind is ArrowKind.UPDATE)
    # Zoom in about the ball until its update arrow's tip is off the map, whatever its scale.
    half = 0.4 * np.abs(update.vector)
    view.getPlotItem().vb.setRange(xRange=(update.tail[0] - half[0], update.tail[0] + half[0]),
                                   yRange=(update.tail[1] - half[1], update.tail[1] + half[1]), padding=0)
    QApplication.processEvents()
    (x0, x1), (y0, y1) = view.getPlotItem().vb.viewRange()
    xs, ys = arrows.curves[ArrowKind.UPDATE].getData()
    width, height = view.getPlotItem().vb.viewPixelSize()
    ok = np.isfinite(xs)
    # Nothing beyond the edge but the bar across the cut (half a barb).
    assert np.all((xs[ok] >= x0 - 8 * width) & (xs[ok] <= x1 + 8 * width))
    assert np.all((ys[ok] >= y0 - 8 * height) & (ys[ok] <= y1 + 8 * height))
    assert len(arrows.cut_tips) >= 1
    cut = arrows.cut_tips[0]  # at the edge, a few pixels in so that its bar shows whole
    distances = np.abs([(cut[0] - x0) / width, (x1 - cut[0]) / width, (cut[1] - y0) / height, (y1 - cut[1]) / height])
    assert distances.min() <= 10
    assert "cut at the map's edge" in arrows.legend.toPlainText()


def test_leaving_the_explain_tab_hides_the_arrows_and_coming_back_shows_them(controller, view_state, show_views, qtbot):
    from gdsim.qt.analysis_tabs import AnalysisTabs
    from gdsim.qt.views.loss_plot import LossPlot

    view = ContourView(controller, view_state)
    tabs = AnalysisTabs(controller, view_state, LossPlot(controller))
    show_views(controller, view, tabs, size=(1100, 720))

    def click_tab(index: int) -> None:
        qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(index).center())
        QApplication.processEvents()

    def arrows_on_map() -> bool:
        return bool(np.isfinite(view.step_arrows.curves[ArrowKind.UPDATE].getData()[0]).any())

    controller.advance(5)
    click_tab(1)  # Explain step
    choose_arrows(tabs.page("explain_panel"), ArrowsShown.SELECTED)
    assert arrows_on_map() and view.step_arrows.legend.isVisible()
    click_tab(0)  # Loss
    assert not arrows_on_map() and not view.step_arrows.legend.isVisible()
    assert view_state.arrows is ArrowsShown.SELECTED  # the choice is kept for the way back
    controller.step()
    assert not arrows_on_map()
    click_tab(1)
    assert arrows_on_map()
