"""Events as a user meets them: N and Shift+N move the run to the selected ball's events, the Explain step page
says what the step did, and small labelled markers sit on the trail and the loss plot (issue 16, part 4)."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from gdsim.model.balls import Ball
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import PresetName, preset
from gdsim.model.setup import Setup
from gdsim.model.simulation import run
from gdsim.qt import style
from gdsim.qt.event_seeking import NEXT_EVENT_SEARCH
from gdsim.qt.views.contour_view import ContourView
from gdsim.qt.views.curve_view import CurveView
from gdsim.qt.views.loss_plot import LossPlot

from .conftest import activate

SADDLE_START = (-2.8, 0.01)
SADDLE_BALL = Ball(OptimizerKind.SGD, {"lr": 0.05})


def one_ball(name: str, ball: Ball, start) -> Setup:
    chosen = preset(PresetName(name))
    return Setup(chosen, (start,), (ball,))


def events_caught_up(qtbot, controller) -> None:
    """Wait, as a user would for a moment, until the events of the steps taken are known (a long jump ahead
    is followed while the window is idle)."""
    controller.events_of(0)
    qtbot.waitUntil(lambda: controller.events_known_to() == controller.step_count)


def saddle_run(steps: int) -> np.ndarray:
    """Where the ball is after `steps` steps, by a run of its own."""
    return run(preset(PresetName.SADDLE).landscape, [SADDLE_BALL.at(SADDLE_START)], steps).positions[0]


def test_n_runs_on_to_each_event_and_shift_n_goes_back_exactly(window, qtbot):
    """x² − y² from (−2.8, 0.01) with SGD η = 0.05 comes near the saddle at step 21 (tests/model/test_events.py),
    then runs away down the y axis: |y| = 0.01·1.1^k passes 1e8 at step 242."""
    controller = window.controller
    controller.set_setup(one_ball("saddle", SADDLE_BALL, SADDLE_START))
    activate(window, qtbot)
    window.analysis_tabs.setCurrentWidget(window.explain_panel)
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert controller.step_count == 21
    assert window.explain_panel.event_line.isVisible()
    assert window.explain_panel.event_line.text() == (
        "Step 21: saddle — near a saddle: a small gradient, the ground curving up one way and down another.")
    qtbot.keyClick(window, Qt.Key.Key_N)
    diverged_at = int(controller.snapshot().stopped_at[0])
    assert controller.step_count == diverged_at == int(np.ceil(np.log(1e8 / 0.01) / np.log(1.1)))
    assert window.explain_panel.event_line.text() == f"Step {diverged_at}: diverged — the ball diverged."
    qtbot.keyClick(window, Qt.Key.Key_N)  # nothing after the end
    assert controller.step_count == diverged_at
    assert window.statusBar().currentMessage() == (
        f"No event of the selected ball in the next {NEXT_EVENT_SEARCH:,} steps.")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert controller.step_count == 21
    assert np.array_equal(controller.snapshot().positions[0], saddle_run(21))
    qtbot.keyClick(window, Qt.Key.Key_Right)  # a step after an event: the page says nothing of events
    assert not window.explain_panel.event_line.isVisible()
    window.actions["previous_event"].trigger()
    assert controller.step_count == 21
    window.actions["previous_event"].trigger()
    assert controller.step_count == 21 and window.statusBar().currentMessage() == "No earlier event of the selected ball."


def test_next_event_gives_up_after_its_search_and_says_so(window, qtbot):
    """The bowl with η = 1e-4 creeps: no event for far more than the search's steps."""
    controller = window.controller
    controller.set_setup(one_ball("bowl", Ball(OptimizerKind.SGD, {"lr": 1e-4}), (-3.0, 4.0)))
    window.actions["next_event"].trigger()
    assert controller.step_count == 0
    assert window.statusBar().currentMessage() == (
        f"No event of the selected ball in the next {NEXT_EVENT_SEARCH:,} steps.")


def test_markers_on_the_curve_and_the_loss_plot_name_the_first_overshoot(controller, view_state, show_views, qtbot):
    """x² with η = 1.2 from x₀ = 4: x_k = 4·(−1.4)^k. Every step overshoots and climbs: one streak, marked at
    its first step and at the step on screen, with words at both."""
    curve, losses = CurveView(controller, view_state), LossPlot(controller, view_state)
    show_views(controller, curve, losses, size=(1000, 600))
    controller.set_setup(one_ball("parabola", Ball(OptimizerKind.SGD, {"lr": 1.2}), (4.0,)))
    controller.advance(5)
    events_caught_up(qtbot, controller)
    xs = [4 * (-1.4) ** k for k in (1, 5)]
    on_curve = curve.event_markers
    assert [tuple(p) for p in on_curve.spots.getData()[0:2]] == [pytest.approx(tuple(xs)),
                                                                 pytest.approx(tuple(x * x for x in xs))]
    assert [(text, pos) for text, pos in on_curve.shown_labels] == [
        ("overshoot, loss rose", pytest.approx((xs[0], xs[0] ** 2))),
        ("overshoot, loss rose", pytest.approx((xs[1], xs[1] ** 2)))]
    on_plot = losses.event_markers
    assert [tuple(p) for p in on_plot.spots.getData()[0:2]] == [(1.0, 5.0),
                                                                pytest.approx(tuple(x * x for x in xs))]
    losses.log_scale.click()  # on the log scale, the markers stay on the curve: at log₁₀(loss − 0)
    assert tuple(on_plot.spots.getData()[1]) == pytest.approx(tuple(np.log10([x * x for x in xs])))


def test_the_saddle_marker_on_the_map(controller, view_state, show_views, in_language, qtbot):
    view = ContourView(controller, view_state)
    show_views(controller, view, size=(700, 600))
    controller.set_setup(one_ball("saddle", SADDLE_BALL, SADDLE_START))
    controller.advance(30)
    events_caught_up(qtbot, controller)
    assert tuple(np.ravel(view.event_markers.spots.getData())) == pytest.approx(tuple(saddle_run(21)))
    word = {"en": "saddle", "ko": "안장점"}[in_language]
    assert [text for text, _ in view.event_markers.shown_labels] == [word]
    assert view.event_markers.labels[0].isVisible() and view.event_markers.labels[0].textItem.toPlainText() == word


def test_a_crowd_shows_no_markers_until_asked_then_only_the_selected_balls(window, qtbot):
    controller = window.controller
    controller.set_setup(one_ball("parabola", Ball(OptimizerKind.SGD, {"lr": 1.2}), (4.0,)))
    controller.set_random_starts(1000, 0)
    controller.advance(5)
    events_caught_up(qtbot, controller)
    markers = window.curve_view.event_markers
    assert not window.actions["event_markers"].isChecked()
    assert len(markers.spots.data) == 0 and markers.shown_labels == []
    window.actions["event_markers"].trigger()
    assert window.actions["event_markers"].isChecked()
    assert len(markers.spots.data) == 2  # the selected ball's streak: its first step and the step on screen
    assert len(markers.shown_labels) == 2
    controller.set_setup(one_ball("parabola", Ball(OptimizerKind.SGD, {"lr": 1.2}), (4.0,)))
    assert window.actions["event_markers"].isChecked()  # the user's choice holds for the next run


def test_the_other_balls_show_only_their_rare_events(controller, view_state, show_views, qtbot):
    """Lesson L4's ρ = 0.99 ball swings, its loss rising at step after step: unselected, it shows none of that,
    only where it stopped."""
    view = ContourView(controller, view_state)
    show_views(controller, view, size=(700, 600))
    momentum = Ball(OptimizerKind.MOMENTUM, {"lr": 0.005, "momentum": 0.99}, color=3)
    controller.set_setup(Setup(preset(PresetName.MOMENTUM_DEMO), ((0.5, 5.8),),
                               (Ball(OptimizerKind.SGD, {"lr": 0.01}), momentum)))
    controller.advance(300)
    events_caught_up(qtbot, controller)
    swinging = controller.events_of(1)
    assert sum(e.kind == "loss-rose" for e in swinging) > 20
    colours = [spot.brush().color().name() for spot in view.event_markers.spots.points()]
    assert colours.count(style.ball_color(3).name()) == sum(e.kind not in ("loss-rose", "overshoot") for e in swinging)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_a_markers_words_keep_clear_of_the_other_balls(window, qtbot, size):
    """Lesson L3's minibatch stage: the full-batch ball's "converged" sat over the B = 10 ball beside it."""
    from gdsim.cli.common import lesson_from_argument

    window.resize(*size)
    window.actions["presenter"].trigger()
    controller = window.controller
    controller.load_stage(lesson_from_argument("fitting"), 5)
    controller.advance(controller.stage_steps)
    controller.know_every_event()
    QApplication.processEvents()
    view = window.contour_view
    markers = view.event_markers
    label = next(label for label, (text, _) in zip(markers.labels, markers.shown_labels, strict=False)
                 if text == "converged")
    words = label.sceneBoundingRect()
    vb = view.getPlotItem().vb
    xs, ys = view._ball_items[1].getData()  # the B = 10 ball, the stage's second
    centre = vb.mapViewToScene(QPointF(float(xs[0]), float(ys[0])))
    radius = style.px(15) / 2
    nearest_x = min(max(centre.x(), words.left()), words.right())
    nearest_y = min(max(centre.y(), words.top()), words.bottom())
    assert np.hypot(centre.x() - nearest_x, centre.y() - nearest_y) > radius, "the words cover the B = 10 ball"
    controller.pause()
