"""Lessons: a clicker's PageDown/PageUp walk the stages; captions quote the engine.

Captions and stage limits with a controller, the lesson player and its caption bar; the whole window
for the Lessons menu, the keys, and the data pane that takes the surface's place in a fit."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdsim.qt.panels.lessons import CaptionBar, LessonPlayer
from tests.qt.conftest import activate


@pytest.fixture
def lessons(controller):
    """The lessons there are, and the stage on screen (the controller's)."""
    return LessonPlayer(controller)


@pytest.fixture
def caption_bar(lessons, controller, show_views):
    """The stage's caption, shown at the window's width."""
    bar = CaptionBar(lessons)
    show_views(controller, bar, size=(1280, 60))
    return bar


def test_every_bundled_lesson_loads(window):
    ids = [lesson.id for lesson in window.lessons.lessons]
    assert {"learning-rate", "gradient", "fitting", "momentum", "one-weight"} <= set(ids)
    assert window.lessons.problems == []
    assert all(f"lesson:{i}" in window.actions for i in ids)


def test_page_down_and_page_up_walk_the_stages(window, qtbot):
    window.actions["lesson:learning-rate"].trigger()
    activate(window, qtbot)
    assert window.lessons.index == 0 and window.lesson_bar.isVisible()
    qtbot.keyClick(window.contour_view, Qt.Key.Key_PageDown)
    assert window.lessons.index == 1
    assert window.controller.setup.balls[0].params["lr"] == 1.2
    qtbot.keyClick(window.contour_view, Qt.Key.Key_PageUp)
    assert window.lessons.index == 0
    assert "stage 1 of" in window.lesson_bar.stage_label.text()


def test_play_stops_at_the_stage_steps_and_the_caption_follows_the_engine(lessons, caption_bar, controller, qtbot):
    lessons.open("learning-rate", 1)  # η = 1.2, 5 steps
    lessons.set_language("en")
    controller.set_steps_per_second(200)
    controller.play()
    qtbot.waitUntil(lambda: not controller.playing, timeout=5000)
    snapshot = controller.snapshot()
    assert snapshot.step == 5
    theta = snapshot.positions[0, 0]
    assert theta == pytest.approx(-21.51, abs=0.005)  # LESSONS.md L1
    assert f"x = −{-theta:.2f}" in caption_bar.text()  # a minus sign, not a hyphen
    controller.step()
    assert f"x = {controller.snapshot().positions[0, 0]:.2f}" in caption_bar.text()


def test_captions_follow_the_language(lessons, caption_bar):
    lessons.open("gradient", 2)
    lessons.set_language("ko")
    assert caption_bar.text().startswith("f(x, y) = x² + y². (3, 4)에서 기울기는 (6, 8)")
    lessons.set_language("en")
    assert "At (3, 4) the gradient is (6, 8)" in caption_bar.text()


def test_choosing_a_landscape_leaves_the_stage_limit(lessons, caption_bar, control_panel, controller):
    lessons.open("learning-rate", 0)
    assert caption_bar.isVisible()
    combo = control_panel.landscape
    combo.setCurrentIndex(combo.findData("bowl"))
    assert controller.stage_steps is None and controller.lesson is None
    assert not caption_bar.isVisible()


def test_a_fit_stage_shows_the_data_and_each_balls_curve(window):
    window.open_lesson("fitting", 2)  # sine: exact gradient beside the notebook's
    assert window.data_panel.isVisible() and not window.surface_view.isVisible()
    assert window.contour_view.getPlotItem().getAxis("bottom").labelText == "W"
    assert window.control_panel.formula.text().startswith("f(W, b) = ")
    window.controller.advance(30)
    problem = window.controller.preset.fit
    snapshot = window.controller.snapshot()
    xs, ys = window.data_panel._curves[0].getData()
    np.testing.assert_allclose(ys, problem.predict(snapshot.positions[0], xs))
    assert snapshot.positions[0] == pytest.approx([10.0, 1.5], abs=0.01)  # LESSONS.md L3, η = 0.7
    window.controller.set_preset("bowl")
    assert not window.data_panel.isVisible() and window.surface_view.isVisible()
