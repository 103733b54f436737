"""Playing at a speed the machine cannot reach: frames take the steps they can afford, never what is owed."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from gdsim.model.presets import PresetName
from gdsim.model.setup import Setup
from gdsim.qt.controller import Controller
from gdsim.qt.pacing import MAX_STEPS_PER_FRAME, STEP_BUDGET_MS, steps_for_frame
from gdsim.qt.panels.playback_bar import PlaybackBar


def test_a_frame_takes_what_fits_its_budget_and_at_least_one_step():
    assert steps_for_frame(1600, 0.0) == 16  # not measured yet: a cautious first frame
    assert steps_for_frame(1600, 0.1) == int(STEP_BUDGET_MS / 0.1)
    assert steps_for_frame(10**6, 1e-9) == MAX_STEPS_PER_FRAME
    assert steps_for_frame(5, 1e-9) == 5
    assert steps_for_frame(1600, 1e3) == 1  # a step costlier than a frame still moves


def test_the_first_frame_at_100000_steps_per_second_takes_a_few_steps_not_thousands(qtbot):
    controller = Controller(Setup.from_preset(PresetName.ROSENBROCK))
    play = QAction("Play")
    play.triggered.connect(controller.toggle_play)
    bar = PlaybackBar(controller, {"step": QAction("Step"), "play_pause": play, "reset": QAction("Reset")})
    qtbot.addWidget(bar)
    controller.publish()
    bar.speed.selectAll()
    qtbot.keyClicks(bar.speed, "100000")
    qtbot.keyClick(bar.speed, Qt.Key.Key_Return)
    assert controller.steps_per_second == 100_000
    with qtbot.waitSignal(controller.sigStepped, timeout=5000) as stepped:
        bar.widgetForAction(play).click()
    controller.pause()
    # Before: the first tick took every step due since Play (1,600 at a 16 ms tick), 0.2 s of stepping.
    assert 1 <= stepped.args[0].step <= 16
