"""The data panel of a fit as a class reads it: a legend telling the data from each ball's fitted line,
and every tick label whole (none cut at the panel's top edge)."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from gdsim.qt.panels.lessons import LessonPlayer
from gdsim.qt.views.data_panel import DataPanel

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def data_panel_on(controller, show_views):
    def make(lesson: str, stage: int, size=(400, 300)) -> DataPanel:
        LessonPlayer(controller).open(lesson, stage - 1)
        panel = DataPanel(controller)
        show_views(controller, panel, size=size)
        controller.advance(5)
        QApplication.processEvents()
        return panel

    return make


def legend_texts(panel: DataPanel) -> list[str]:
    legend = panel.legend
    return [] if legend is None else [label.text for _, label in legend.items]


@pytest.mark.parametrize(("lesson", "stage"), [("fitting", 1), ("one-weight", 1), ("fitting", 3)])
def test_a_legend_names_the_data_and_each_fit(controller, data_panel_on, lesson, stage):
    panel = data_panel_on(lesson, stage)
    texts = legend_texts(panel)
    assert "data" in texts
    fits = [t for t in texts if t != "data"]
    assert len(fits) == len(controller.setup.balls), texts
    assert panel.legend.isVisible()


@pytest.mark.parametrize(("lesson", "stage"), [("fitting", 5), ("one-weight", 1)])
def test_the_top_tick_label_is_whole(data_panel_on, lesson, stage):
    panel = data_panel_on(lesson, stage)
    axis = panel.getPlotItem().getAxis("left")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    top = min(rect.top() for rect, _, _ in texts)
    assert axis.mapToScene(0, top).y() >= 0, f"the top tick label starts {top} px into its axis, above the panel"


@pytest.mark.parametrize("size", [(400, 300), (250, 350)])  # the second about the window's at 1024×768
@pytest.mark.parametrize("stage", [2, 3, 4, 5])
def test_the_legend_hides_no_data_point(data_panel_on, stage, size):
    panel = data_panel_on("fitting", stage, size)  # "fit: SGD η=0.7 (your ∇f)" ran across stage 3's curve
    legend = panel.legend.mapRectToScene(panel.legend.boundingRect())
    xs, ys = panel.points.getData()
    view_box = panel.getPlotItem().vb
    covered = [(x, y) for x, y in zip(xs, ys, strict=True) if legend.contains(view_box.mapViewToScene(QPointF(x, y)))]
    assert not covered, (legend, covered)
    assert panel.sceneRect().contains(legend), (panel.sceneRect(), legend)  # and the legend shows whole


def test_the_legend_names_each_ball_in_the_window_s_language(controller, show_views):
    """The fitted line of a ball that follows the notebook's gradient was "(your ∇f)" in Korean too."""
    from gdsim.qt import language

    panel = DataPanel(controller)
    show_views(controller, panel, size=(400, 300))
    language.set_language("ko")
    controller.load_stage(next(lesson for lesson in LessonPlayer(controller).lessons if lesson.id == "fitting"), 2)
    texts = [label.text for _, label in panel.legend.items]
    assert any("내 ∇f" in text for text in texts) and not any("your" in text for text in texts), texts


def test_the_fitting_lesson_shows_the_first_wrong_line_before_play(window):
    """Step 0 of L3: the line of the start (W₀, b₀), drawn where the class sees it beside the data."""
    window.actions["lesson:fitting"].trigger()
    QApplication.processEvents()
    controller, panel = window.controller, window.data_panel
    assert controller.step_count == 0 and panel.isVisible()
    w0, b0 = controller.snapshot().positions[0]
    lines = [item for item in panel.getPlotItem().items
             if isinstance(item, pg.PlotCurveItem) and item.getData()[0] is not None and len(item.getData()[0])]
    assert len(lines) == 1, "one fitted line, the start's"
    xs, ys = lines[0].getData()
    slope, intercept = np.polyfit(xs, ys, 1)
    assert slope == pytest.approx(w0, abs=1e-9) and intercept == pytest.approx(b0, abs=1e-9)
    (x0, x1), (y0, y1) = panel.getPlotItem().vb.viewRange()
    assert x0 <= xs.min() and xs.max() <= x1 and y0 <= ys.min() and ys.max() <= y1, "the whole line in view"
    data_x, data_y = panel.points.getData()
    assert y0 <= data_y.min() and data_y.max() <= y1, "and the data too"


def test_a_closed_data_panel_lets_the_language_change(controller, data_panel_on, qtbot):
    """Closing a PlotWidget drops its plot item while the widget lives on until deleted; a language change
    reaching it then (seen in the full suite: a data panel closed by one test, Korean chosen by the next)
    raised in its changeEvent."""
    from gdsim.qt import language

    panel = data_panel_on("fitting", 1)
    panel.close()
    before = language.chosen_language()
    with qtbot.captureExceptions() as exceptions:
        language.set_language("ko")
        language.set_language(before)
    assert exceptions == []
