"""The η sweep draws the selected ball's stability bound as a labelled vertical line, where the measured divergence
begins on the quadratic; for an adaptive method, no line and a short note."""

import math

import pytest
from PySide6.QtCore import QPointF, Qt

from gdsim.model.optimizers import OptimizerKind
from gdsim.model.quadratic import quadratic_preset
from gdsim.model.setup import Setup
from gdsim.qt.analysis.sweep_panel import SweepPanel
from gdsim.qt.controller import Controller


def shown_panel(qtbot, setup: Setup) -> SweepPanel:
    controller = Controller(setup)
    panel = SweepPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(800, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def sweep(qtbot, panel: SweepPanel) -> None:
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
    assert panel.plot.sweeps, panel.message.text()


@pytest.fixture
def quadratic_panel(qtbot):
    panel = shown_panel(qtbot, Setup.from_preset("bowl").with_preset(quadratic_preset(10, 30)))
    yield panel
    panel._controller.pause()


@pytest.mark.parametrize("ball, bound", [(0, 1.0), (1, 1.9), (2, 2 * 1.9 / (2 * 2.8))])
def test_the_bound_line_sits_where_the_measured_divergence_begins(quadratic_panel, qtbot, ball, bound):
    quadratic_panel._controller.select_ball(ball)
    sweep(qtbot, quadratic_panel)
    plot = quadratic_panel.plot
    line = plot.bound_line
    assert line.scene() is not None and line.value() == pytest.approx(math.log10(bound))
    assert line.label.toPlainText() == f"η_max = {bound:.3g}" + (".0" if bound == 1.0 else "")
    onset = plot.sweeps[ball].divergence_onset  # within one sweep point: between the last stable and the first diverged
    assert onset.last_stable < bound <= onset.first_diverged
    widget = plot.loss_plot
    top = widget.getPlotItem().vb.viewRange()[1][1]
    scene = widget.getPlotItem().vb.mapViewToScene(QPointF(math.log10(bound), top))
    x = round(widget.mapFromScene(scene).x())
    image = widget.grab().toImage()
    reds = [image.pixelColor(x + dx, y) for dx in (-1, 0, 1) for y in range(20, image.height() - 40, 7)]
    assert sum(c.red() > 150 and c.green() < 80 and c.blue() < 90 for c in reds) > len(reds) // 4


def test_an_adaptive_ball_gets_no_line_and_a_note(quadratic_panel, qtbot):
    controller = quadratic_panel._controller
    controller.set_ball_optimizer(0, OptimizerKind.ADAM)
    controller.select_ball(0)
    sweep(qtbot, quadratic_panel)
    assert quadratic_panel.plot.bound_line.scene() is None
    assert quadratic_panel.plot.bound_note.isVisible()
    assert quadratic_panel.plot.bound_note.text() == "No bound line: Adam adapts its step to the gradient."
    controller.select_ball(1)  # Momentum: its line, no note
    assert quadratic_panel.plot.bound_line.scene() is not None
    assert not quadratic_panel.plot.bound_note.isVisible()
