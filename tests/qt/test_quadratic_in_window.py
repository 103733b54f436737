"""The quadratic preset in the window: chosen in the landscape combo, shaped by its κ and rotation knobs, its bounds
on the η slider and in the η sweep, where the measured divergence begins at the drawn bound."""

import math

import pytest
from PySide6.QtCore import Qt

from gdsim.qt.analysis.sweep_panel import SweepPanel
from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.view_state import ViewState


def choose_quadratic(panel: ControlPanel) -> None:
    combo = panel.landscape
    combo.setCurrentIndex(combo.findData("quadratic"))


def type_number(qtbot, spin, text: str) -> None:
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def select_ball(qtbot, panel: ControlPanel, index: int) -> None:
    ball_list = panel.balls.list
    rect = ball_list.visualItemRect(ball_list.item(index))
    qtbot.mouseClick(ball_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def panel(controller, show_views):
    panel = ControlPanel(controller, ViewState())
    show_views(controller, panel, size=(340, 760))
    return panel


def test_choosing_quadratic_shows_its_knobs_and_kappa_reshapes_the_map(panel, controller, qtbot):
    knobs = panel.quadratic_knobs
    assert not knobs.isVisible()  # momentum-demo: no knobs
    choose_quadratic(panel)
    assert controller.preset.landscape.name == "quadratic" and knobs.isVisible()
    assert panel.landscape.currentText() == "Quadratic (κ, rotation)"
    assert knobs.kappa.text() == "10" and knobs.rotation.value() == 0
    select_ball(qtbot, panel, 0)
    type_number(qtbot, panel.balls.editor.learning_rate.spin, "0.7")  # the user's η stays through the knobs
    type_number(qtbot, knobs.kappa, "100")
    with qtbot.waitSignal(controller.sigNotice) as notice:  # the status bar names the new shape, not the old one
        type_number(qtbot, knobs.rotation, "30")
    assert notice.args == ["Landscape set to Quadratic (κ = 100, rotation 30°); Ctrl+Z to undo."]
    assert dict(controller.preset.shape) == {"kappa": 100.0, "rotation": 30.0}
    assert controller.setup.balls[0].params["lr"] == 0.7
    assert controller.preset.landscape.title == "Quadratic (κ = 100, rotation 30°)"
    # ½·xᵀHx with H = R·diag(2, 0.02)·Rᵀ at 30°: ½(2·cos²30° + 0.02·sin²30°) = 0.7525 …
    assert panel.formula.text() == "f(x, y) = 0.7525x² + 0.8574xy + 0.2575y²"
    lines = panel.balls.editor.bound_line.text().splitlines()
    assert lines == ["diverges above η = 1.0 (2/λ₁, λ₁ = 2)", "best η = 0.99 (2/(λ₁ + λ₂)), rate 0.98"]
    controller.undo()  # the rotation back; then κ
    assert knobs.rotation.value() == 0 and knobs.kappa.text() == "100"
    controller.undo()
    assert knobs.kappa.text() == "10"


def test_kappa_out_of_range_is_refused_with_a_reason(panel, controller, qtbot):
    choose_quadratic(panel)
    type_number(qtbot, panel.quadratic_knobs.kappa, "5000")
    assert controller.preset.shape["kappa"] == 10.0
    assert panel.quadratic_knobs.kappa_message.isVisible()
    assert "at most 1000" in panel.quadratic_knobs.kappa_message.text()


def test_the_quadratic_reads_in_korean(panel, controller, qtbot, korean):
    choose_quadratic(panel)
    type_number(qtbot, panel.quadratic_knobs.kappa, "20")
    assert panel.landscape.currentText() == "이차 함수 (κ, 회전)"
    assert panel.quadratic_knobs.kappa_label.text() == "조건수 κ"
    assert panel.quadratic_knobs.rotation_label.text() == "회전 (°)"
    assert panel.description.text().startswith("곡률이 2와 2/κ인 이차 함수")


@pytest.mark.parametrize("ball", [0, 1, 2])
def test_on_quadratic_kappa_10_rotation_30_the_sweep_diverges_where_the_line_is(controller, show_views, qtbot, ball):
    panel = ControlPanel(controller, ViewState())
    sweep_panel = SweepPanel(controller)
    show_views(controller, panel, sweep_panel, size=(1000, 760))
    choose_quadratic(panel)
    type_number(qtbot, panel.quadratic_knobs.rotation, "30")
    select_ball(qtbot, panel, ball)
    qtbot.mouseClick(sweep_panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not sweep_panel.running, timeout=30_000)
    bound = controller.selected_bound.bound
    assert bound == pytest.approx((1.0, 1.9, 3.8 / 5.6)[ball])
    assert sweep_panel.plot.bound_line.value() == pytest.approx(math.log10(bound))
    onset = sweep_panel.plot.sweeps[ball].divergence_onset
    lrs = sorted(sweep_panel.plot.sweeps[ball].lrs)
    assert onset.last_stable < bound <= onset.first_diverged  # the bound lies in the gap of one sweep point
    assert lrs.index(onset.first_diverged) == lrs.index(onset.last_stable) + 1


def test_kappa_and_rotation_are_remembered_with_the_last_setup(qtbot):
    from gdsim.qt.main_window import MainWindow
    from gdsim.qt.settings import Settings

    def opened() -> MainWindow:
        window = MainWindow(settings=Settings())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    first = opened()
    panel = first.control_panel
    choose_quadratic(panel)
    type_number(qtbot, panel.quadratic_knobs.kappa, "50")
    type_number(qtbot, panel.quadratic_knobs.rotation, "45")
    first.close()
    second = opened()
    knobs = second.control_panel.quadratic_knobs
    assert dict(second.controller.preset.shape) == {"kappa": 50.0, "rotation": 45.0}
    assert knobs.isVisible() and knobs.kappa.text() == "50" and knobs.rotation.value() == 45
    assert second.control_panel.landscape.currentData() == "quadratic"
    second.close()
