"""The loss plot as a class reads it: tick labels of a few digits, the whole step axis, and a diverged
ball's line that ends where it diverged.

The loss plot alone with a controller on a lesson stage, at about its size in the window."""

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from gdsim.model.simulation import BallStatus
from gdsim.qt import style
from gdsim.qt.panels.lessons import LessonPlayer
from gdsim.qt.views.loss_plot import LossPlot

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def loss_plot_on(controller, show_views):
    """The loss plot on a lesson's stage (1-based, as in the window), at `size`."""
    def make(lesson: str, stage: int, size=(300, 280)) -> LossPlot:
        LessonPlayer(controller).open(lesson, stage - 1)
        plot = LossPlot(controller)
        show_views(controller, plot, size=size)
        return plot

    return make


def drawn_ticks(plot: LossPlot, name: str, rects: bool = False) -> list:
    """The tick labels the axis draws (pyqtgraph drops those that do not fit); with `rects`, where."""
    axis = plot.plot.getPlotItem().getAxis(name)
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) if rects else text for rect, _, text in texts]


def significant(text: str) -> int:
    return sum(c.isdigit() for c in text.lstrip("−0."))


def last_step_tick_is_drawn(plot: LossPlot) -> bool:
    """Whether the axis writes its last major tick, the step at the right edge (10, 50, 200, …)."""
    axis = plot.plot.getPlotItem().getAxis("bottom")
    (x0, x1), _ = plot.plot.getPlotItem().vb.viewRange()
    last = max(v for v in axis.tickValues(x0, x1, axis.width())[0][1] if v <= x1)
    return last >= 0.9 * x1 and any(float(t) == last for t in drawn_ticks(plot, "bottom"))


def test_the_ticks_at_step_0_are_short_and_the_last_step_tick_shows(loss_plot_on):
    plot = loss_plot_on("momentum", 4)
    QApplication.processEvents()
    left, bottom = drawn_ticks(plot, "left"), drawn_ticks(plot, "bottom")  # 22.7399999985 … before
    assert len(left) >= 2 and all(significant(t) <= 4 and len(t) <= 6 for t in left), left
    assert bottom and last_step_tick_is_drawn(plot), bottom


def test_the_ticks_of_a_finished_run_are_short_in_presenter_mode(controller, loss_plot_on, view_state):
    view_state.set_theme(style.Theme(scale=style.PRESENTER_SCALE))
    plot = loss_plot_on("momentum", 4, size=(320, 260))
    controller.advance(5000)
    QApplication.processEvents()
    for name in ("left", "bottom"):
        ticks = drawn_ticks(plot, name)
        assert len(ticks) >= 2 and all(len(t) <= 6 for t in ticks), (name, ticks)
    labels = [rect for rect, _ in drawn_ticks(plot, "bottom", rects=True)]
    assert not any(a.intersects(b) for i, a in enumerate(labels) for b in labels[i + 1:])  # 8000 met 10000
    assert plot.plot.getPlotItem().vb.viewRange()[0][1] >= controller.snapshot().step
    assert last_step_tick_is_drawn(plot), drawn_ticks(plot, "bottom")


def test_a_diverged_ball_ends_with_a_cross_at_its_step(controller, loss_plot_on):
    plot = loss_plot_on("learning-rate", 2)
    controller.advance(200)  # played on, past the stage's five steps
    QApplication.processEvents()
    snapshot = controller.snapshot()
    assert snapshot.status[0] == BallStatus.DIVERGED
    diverged_at = int(snapshot.stopped_at[0])
    xs, ys = plot._curves[0].getData()
    drawn = np.isfinite(ys)
    assert xs[drawn].max() == diverged_at  # the line stops where the ball diverged
    crosses = plot.divergence_marks.data
    assert len(crosses) == 1 and crosses["x"][0] == diverged_at and crosses["symbol"][0] == "x"
    assert crosses["y"][0] == ys[drawn][-1]


def test_at_step_0_each_balls_loss_shows_as_a_dot_then_as_a_line(controller, loss_plot_on):
    plot = loss_plot_on("momentum", 4)
    QApplication.processEvents()
    image = plot.plot.grab().toImage()
    pink = style.ball_color(controller.setup.balls[2].color)  # drawn last, over the others at the same loss

    def seen(color) -> bool:
        return any(max(abs(a - b) for a, b in zip(image.pixelColor(x, y).getRgb()[:3], color.getRgb()[:3],
                                                   strict=True)) < 40
                   for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))

    assert seen(pink)
    controller.advance(3)
    assert all(curve.opts["symbol"] is None for curve in plot._curves.values())


@pytest.mark.parametrize(("lesson", "stage"), [("learning-rate", 3), ("learning-rate", 5), ("momentum", 4),
                                               ("fitting", 3)])
def test_the_step_axis_ends_at_the_stages_last_step(controller, loss_plot_on, lesson, stage):
    plot = loss_plot_on(lesson, stage)
    controller.advance(controller.stage_steps)  # Play to the stage's end (a run may stop before it)
    QApplication.processEvents()
    last = controller.snapshot().step
    (_, right), _ = plot.plot.getPlotItem().vb.viewRange()
    assert last <= right <= 1.1 * max(controller.stage_steps, last), (last, right)
    assert last_step_tick_is_drawn(plot), drawn_ticks(plot, "bottom")


def test_at_step_0_of_a_still_stage_the_start_loss_is_written_beside_its_dot(controller, loss_plot_on):
    plot = loss_plot_on("gradient", 1)  # a stage of no steps: the slope at the start is the lesson
    QApplication.processEvents()
    loss = controller.snapshot().losses[0]
    texts = [item.textItem.toPlainText() for item in plot.plot.getPlotItem().items if hasattr(item, "textItem")
             and item.isVisible()]
    assert any(f"{loss:.4g}" in text for text in texts), (loss, texts)
    controller.advance(3)
    assert not any(item.isVisible() for item in plot.plot.getPlotItem().items if hasattr(item, "textItem"))


def test_the_step_axis_ends_where_every_ball_stopped(controller, loss_plot_on):
    plot = loss_plot_on("learning-rate", 10)  # 1,000 random starts, all settled by step 34 of 40
    controller.advance(controller.stage_steps)
    QApplication.processEvents()
    last = controller.snapshot().step
    assert last < 100
    (_, right), _ = plot.plot.getPlotItem().vb.viewRange()
    assert last <= right <= 1.1 * last, (last, right)


def test_a_diverged_balls_cross_at_the_last_step_stays_inside_the_plot(controller, loss_plot_on):
    plot = loss_plot_on("gradient", 5)  # η too large: the ball diverges at step 6 and the run ends there
    controller.advance(controller.stage_steps)
    QApplication.processEvents()
    cross_step = plot.divergence_marks.data["x"][0]
    (_, right), _ = plot.plot.getPlotItem().vb.viewRange()
    assert cross_step < right <= 1.5 * cross_step + 1, (cross_step, right)


@pytest.mark.parametrize("presenter", [False, True])
@pytest.mark.parametrize(("lesson", "stage"), [("gradient", 5), ("momentum", 1), ("momentum", 2), ("momentum", 3)])
def test_the_step_axis_has_several_ticks_up_to_the_last_step(controller, loss_plot_on, view_state, lesson, stage,
                                                              presenter):
    if presenter:
        view_state.set_theme(style.Theme(scale=style.PRESENTER_SCALE))
    plot = loss_plot_on(lesson, stage, size=(320, 260))
    controller.advance(controller.stage_steps)
    QApplication.processEvents()
    drawn = drawn_ticks(plot, "bottom")  # only "0" once: the spacing had to divide an end of 45 steps
    assert len(drawn) >= 3, drawn
    labels = [rect for rect, _ in drawn_ticks(plot, "bottom", rects=True)]
    assert not any(a.intersects(b) for i, a in enumerate(labels) for b in labels[i + 1:]), drawn
    (_, right), _ = plot.plot.getPlotItem().vb.viewRange()
    assert f"{right:g}" in drawn, (right, drawn)
    finished = not np.any(controller.snapshot().status == BallStatus.RUNNING)
    if finished and not len(plot.divergence_marks.data):  # the axis ends at the last step: so do the curves
        assert max(curve.getData()[0].max() for curve in plot._curves.values()) == right
