"""What the map shows stays visible: balls and the start in view or marked at the edge, a diverged ball's
✕ where it was last seen, a 1:1 map, and the view box fields saying what the wheel shows."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from gdsim.model.lessons import load_lessons
from gdsim.model.simulation import BallStatus
from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.views.contour_view import ContourView
from gdsim.qt.views.curve_view import CurveView
from gdsim.resources import resource_path
from tests.qt.conftest import wheel

LESSONS = load_lessons(resource_path("lessons"))[0]
STAGES = [(lesson.id, index) for lesson in LESSONS for index in range(len(lesson.stages))]


@pytest.fixture
def maps(controller, view_state, show_views):
    """The contour view and the curve view of one controller, side by side as the window stacks them."""
    contour, curve = ContourView(controller, view_state), CurveView(controller, view_state)
    show_views(controller, contour, curve, size=(1100, 700))
    return contour, curve


def active_map(maps, controller):
    return maps[0] if controller.setup.landscape.dim == 2 else maps[1]


def inside(view, points: np.ndarray) -> np.ndarray:
    (x0, x1), (y0, y1) = view.getPlotItem().vb.viewRange()
    return (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)


def unseen(view, controller) -> list[str]:
    """The running balls and the start (when its marker is shown) that are neither in the view nor marked at
    its edge."""
    snapshot = controller.snapshot()
    points = view.plot_points(snapshot.positions, snapshot.losses)
    start = view.start_marker.pos()
    every = np.vstack([points, [[start.x(), start.y()]]])
    watched = np.append(snapshot.status == BallStatus.RUNNING, view.start_marker.isVisible())  # none: random starts
    marked = np.zeros(len(every), dtype=bool)
    marked[view.edge_markers.marked] = True
    missing = np.flatnonzero(watched & ~inside(view, every) & ~marked)
    return [f"point {i} at {every[i]}" for i in missing]


@pytest.mark.parametrize(("lesson_id", "stage"), STAGES)
def test_at_each_stage_end_every_running_ball_and_the_start_are_in_view_or_marked(maps, controller, lesson_id,
                                                                                   stage):
    lesson = next(item for item in LESSONS if item.id == lesson_id)
    controller.load_stage(lesson, stage)
    controller.advance(controller.stage_steps or 0)
    assert unseen(active_map(maps, controller), controller) == []


def test_the_learning_rate_lessons_diverging_ball_stays_in_view_as_the_map_follows_it(maps, controller):
    controller.load_stage(next(item for item in LESSONS if item.id == "learning-rate"), 1)  # η = 1.2
    curve = maps[1]
    ranges = []
    for _ in range(controller.stage_steps):
        controller.advance(1)
        ranges.append(curve.view_state.map_range[0])
        x = controller.snapshot().positions[0, 0]
        assert ranges[-1][0] < x < ranges[-1][1]
        assert inside(curve, curve.plot_points(controller.snapshot().positions, controller.snapshot().losses)).all()
    # Following only ever grows the range: the map does not jitter back and forth.
    for before, after in zip(ranges, ranges[1:], strict=False):
        assert after[0] <= before[0] and after[1] >= before[1]
    assert curve.edge_markers.marked.size == 0


def test_one_weight_stage_two_shows_its_start_outside_the_lessons_view_box(maps, controller):
    controller.load_stage(next(item for item in LESSONS if item.id == "one-weight"), 1)  # w₀ = 3.5, box to 2.6
    curve = maps[1]
    (x0, x1), _ = curve.getPlotItem().vb.viewRange()
    assert x0 < 3.5 < x1


def test_without_following_a_ball_off_the_map_gets_a_triangle_with_its_value_and_fit_to_balls_shows_it(
        maps, controller, qtbot):
    contour = maps[0]
    assert not contour.view_state.follow_balls  # the user's own setup
    controller.set_start((9.0, 12.0))  # the view box is [-3, 3] × [-6, 7]
    assert contour.edge_markers.marked.size >= 1
    assert "(9, 12)" in " ".join(contour.edge_markers.shown_texts())
    contour.fit_to_balls()
    assert unseen(contour, controller) == []
    assert inside(contour, np.array([[9.0, 12.0]])).all()
    assert contour.edge_markers.marked.size == 0


def test_a_diverged_ball_stays_where_it_was_last_seen_with_its_step(maps, controller_for, view_state, show_views):
    controller = controller_for("parabola")
    curve = CurveView(controller, view_state)
    show_views(controller, curve)
    controller.set_ball_param(0, "lr", 1.2)
    for index in range(1, len(controller.setup.balls)):
        controller.set_ball_enabled(index, False)
    controller.advance(200)
    snapshot = controller.snapshot()
    assert snapshot.status[0] == BallStatus.DIVERGED
    step = int(snapshot.stopped_at[0])
    cross = curve.diverged.data
    assert len(cross) == 1 and np.isfinite(cross[0]["x"]) and np.isfinite(cross[0]["y"])
    # Off the map: its triangle says where it was last seen, and when it diverged.
    seen = curve.plot_points(np.array([[cross[0]["x"]]]), np.array([0.0]))[0, 0]
    label = f"last at {seen:.3g}, step {step - 1} · ✕ diverged at step {step}"  # its last finite place
    assert label in curve.edge_markers.shown_texts()
    curve.fit_to_balls()  # no running ball: the start
    assert label in curve.edge_markers.shown_texts()


def pixels_per_unit(view) -> tuple[float, float]:
    width, height = view.getPlotItem().vb.viewPixelSize()
    return 1 / width, 1 / height


@pytest.mark.parametrize("name", ["bowl", "ravine", "momentum-demo", "himmelblau"])
def test_the_map_of_a_preset_is_one_to_one_and_shows_its_whole_view_box(controller_for, view_state, show_views, name):
    controller = controller_for(name)
    contour = ContourView(controller, view_state)
    show_views(controller, contour)
    across, up = pixels_per_unit(contour)
    assert across == pytest.approx(up, rel=0.01)
    (x0, x1), (y0, y1) = contour.getPlotItem().vb.viewRange()
    (bx0, bx1), (by0, by1) = controller.setup.landscape.view_box
    assert x0 <= bx0 + 1e-9 and x1 >= bx1 - 1e-9 and y0 <= by0 + 1e-9 and y1 >= by1 - 1e-9


def test_the_fit_map_is_free_and_lock_aspect_locks_it(window, qtbot):
    window.open_lesson("fitting")
    across, up = pixels_per_unit(window.contour_view)
    assert across != pytest.approx(up, rel=0.05)
    assert not window.actions["lock_aspect"].isChecked()
    window.actions["lock_aspect"].trigger()
    across, up = pixels_per_unit(window.contour_view)
    assert across == pytest.approx(up, rel=0.01)
    window.actions["lock_aspect"].trigger()
    across, up = pixels_per_unit(window.contour_view)
    assert across != pytest.approx(up, rel=0.05)


def test_the_wheel_zooms_the_map_and_the_view_fields_say_what_it_shows(controller, view_state, show_views):
    panel, contour = ControlPanel(controller, view_state), ContourView(controller, view_state)
    show_views(controller, panel, contour, size=(1000, 720))
    before = [edit.text() for edit in panel.view_box]
    wheel(contour, -3)  # towards the user: zoom out
    (x0, x1), (y0, y1) = contour.getPlotItem().vb.viewRange()
    texts = [edit.text() for edit in panel.view_box]
    assert texts != before
    # To the digits a narrow field shows (three or four).
    assert [float(t) for t in texts] == pytest.approx([x0, x1, y0, y1], rel=5e-3, abs=1e-3)
    assert controller.step_count == 0 and controller.setup.landscape.view_box == ((-3.0, 3.0), (-6.0, 7.0))


def test_the_wheel_on_the_curve_zooms_x_and_the_field_follows(controller_for, view_state, show_views):
    controller = controller_for("parabola")
    panel, curve = ControlPanel(controller, view_state), CurveView(controller, view_state)
    show_views(controller, panel, curve, size=(1000, 720))
    wheel(curve, 2)  # away: zoom in
    (x0, x1), _ = curve.getPlotItem().vb.viewRange()
    assert x1 - x0 < 10
    assert [float(edit.text()) for edit in panel.view_box[:2]] == pytest.approx([x0, x1], rel=5e-3, abs=1e-3)


def test_following_is_on_in_lessons_and_the_action_turns_it_off(window):
    assert not window.actions["follow_balls"].isChecked()
    window.open_lesson("learning-rate")
    assert window.actions["follow_balls"].isChecked() and window.view_state.follow_balls
    window.actions["follow_balls"].trigger()
    assert not window.view_state.follow_balls
    window.controller.leave_lesson()
    assert not window.actions["follow_balls"].isChecked()


def test_fit_to_balls_from_the_view_menu(window, qtbot):
    window.controller.set_start((9.0, 12.0))
    window.actions["fit_to_balls"].trigger()
    assert inside(window.contour_view, np.array([[9.0, 12.0]])).all()
    fields = [float(edit.text()) for edit in window.control_panel.view_box]
    assert fields[0] < 9 < fields[1] and fields[2] < 12 < fields[3]


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_the_map_and_its_edge_markers_lie_within_the_maps_widget(window, qtbot, size):
    window.resize(*size)
    QApplication.processEvents()
    window.controller.set_start((9.0, 12.0))  # off the map's right side and top
    contour = window.contour_view
    assert contour.getPlotItem().geometry().right() <= contour.width() + 1
    triangle = contour.edge_markers.triangles.data[0]
    pixel = contour.mapFromScene(contour.getPlotItem().vb.mapViewToScene(QPointF(triangle["x"], triangle["y"])))
    assert 0 <= pixel.x() < contour.width() and 0 <= pixel.y() < contour.height()


def test_played_with_play_the_followed_ball_ends_in_view(maps, controller, qtbot):
    controller.load_stage(next(item for item in LESSONS if item.id == "learning-rate"), 1)  # η = 1.2
    controller.set_steps_per_second(20)
    controller.play()
    qtbot.waitUntil(lambda: not controller.playing, timeout=10000)
    assert controller.step_count == controller.stage_steps
    curve = maps[1]
    # The last zoom out eases on for a few frames after the stage's last step.
    qtbot.waitUntil(lambda: unseen(curve, controller) == [] and curve.edge_markers.marked.size == 0, timeout=3000)


@pytest.mark.parametrize(("lesson_id", "stage"), STAGES)
def test_at_each_stage_end_the_trails_of_the_balls_that_did_not_diverge_are_in_view(maps, controller, lesson_id,
                                                                                    stage):
    """Also when the whole stage is played at once (a screenshot at its end, a fast Play): a ball that rose
    off the map and converged within one frame (L3 stage 5) still has its path on the map."""
    from gdsim.qt.views.map_framing import follow_limit

    lesson = next(item for item in LESSONS if item.id == lesson_id)
    controller.load_stage(lesson, stage)
    controller.advance(controller.stage_steps or 0)
    view = active_map(maps, controller)
    snapshot = controller.snapshot()
    kept = np.isin(snapshot.status, (BallStatus.RUNNING, BallStatus.CONVERGED))
    history = snapshot.history_positions[:, kept]
    points = view.plot_points(history.reshape(-1, history.shape[-1]),
                              snapshot.history_losses[:, kept].ravel())
    reach = follow_limit(controller.setup.landscape.view_box, controller.setup.start)
    within_reach = np.all([(history.reshape(-1, history.shape[-1])[:, axis] >= low)
                           & (history.reshape(-1, history.shape[-1])[:, axis] <= high)
                           for axis, (low, high) in enumerate(reach)], axis=0)
    points = points[within_reach & np.all(np.isfinite(points), axis=1)]
    assert np.all(inside(view, points)), f"{np.sum(~inside(view, points))} trail points off the map"
