"""The map in lessons, as a student sees it: the view fields say what the map shows, following keeps
the trail of a diverging ball in sight but does not shrink the landscape to a few pixels, the shading
covers the whole map in presenter mode, and the start label and edge notes are readable."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from gdsim.qt.support.inputs import EDIT_PADDING_PX
from gdsim.qt.views.map_framing import FOLLOW_REACH


def open_stage(window, lesson_id: str, stage: int, size=(1024, 768)) -> None:
    """Opens stage `stage` (from 0) of a lesson in a window of `size` and runs it to its end."""
    window.resize(*size)
    QApplication.processEvents()
    window.open_lesson(lesson_id, stage)
    window.controller.advance(window.controller.stage_steps or 0)
    QApplication.processEvents()


def active_map(window):
    return window.contour_view if window.controller.setup.landscape.dim == 2 else window.curve_view


def presenter(window) -> None:
    window.actions["presenter"].trigger()
    QApplication.processEvents()


def view_fields(window) -> list[float]:
    dim = window.controller.setup.landscape.dim
    return [float(edit.text()) for edit in window.control_panel.view_box[:2 * dim]]


def view_range(view) -> list[float]:
    ranges = view.getPlotItem().vb.viewRange()[:view.dim]
    return [value for pair in ranges for value in pair]


@pytest.mark.parametrize(("lesson_id", "stage"), [("learning-rate", 6), ("momentum", 0), ("momentum", 6),
                                                  ("learning-rate", 7), ("gradient", 3)])
@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_the_view_fields_say_what_the_map_shows(window, lesson_id, stage, size):
    open_stage(window, lesson_id, stage, size)
    shown = view_range(active_map(window))
    span = max(hi - lo for lo, hi in zip(shown[::2], shown[1::2], strict=True))
    assert view_fields(window) == pytest.approx(shown, rel=5e-3, abs=5e-3 * span)


def test_the_view_fields_follow_the_map_when_a_new_layout_widens_it(window):
    open_stage(window, "momentum", 0)
    before = view_range(window.contour_view)
    window.resize(1280, 800)
    QApplication.processEvents()
    shown = view_range(window.contour_view)
    assert shown != pytest.approx(before)
    assert view_fields(window) == pytest.approx(shown, rel=5e-3, abs=0.05)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_a_view_field_shows_its_number_whole_with_its_sign(window, size):
    open_stage(window, "momentum", 4, size)  # ρ = 0.99 runs far below the box: y from about −8
    shown = view_range(active_map(window))
    for edit, value in zip(window.control_panel.view_box, shown, strict=False):
        assert edit.fontMetrics().horizontalAdvance(edit.text()) <= edit.width() - EDIT_PADDING_PX, edit.text()
        assert np.sign(float(edit.text())) == np.sign(value)


@pytest.mark.parametrize("stage", [1, 5])  # η = 1.2 alone, and beside η = 0.01 and 0.1
def test_following_keeps_the_whole_zig_zag_of_the_diverging_ball_in_view(window, stage):
    open_stage(window, "learning-rate", stage)
    curve = window.curve_view
    (x0, x1), _ = curve.getPlotItem().vb.viewRange()
    visited = window.controller.snapshot().history_positions[:, :, 0]
    assert np.abs(visited).max() > 15  # the step-4 point, x = 15.37, and beyond
    assert np.all((visited >= x0) & (visited <= x1))


def test_following_an_escaping_ball_stops_at_a_few_times_the_landscape_and_marks_the_ball(window):
    open_stage(window, "learning-rate", 6)  # the saddle: the ball escapes to y = 138
    contour = window.contour_view
    (x0, x1), (y0, y1) = contour.getPlotItem().vb.viewRange()
    (bx0, bx1), (by0, by1) = window.controller.setup.landscape.view_box
    assert x1 - x0 <= FOLLOW_REACH * (bx1 - bx0) * 1.01 and y1 - y0 <= FOLLOW_REACH * (by1 - by0) * 1.01
    y = window.controller.snapshot().positions[0, 1]
    assert y > y1
    assert any(f"{y:.3g})" in text for text in contour.edge_markers.shown_texts())


@pytest.mark.parametrize(("lesson_id", "stage"), [("learning-rate", 9), ("gradient", 3), ("momentum", 6)])
def test_the_shading_covers_the_whole_map_in_presenter_mode(window, lesson_id, stage):
    open_stage(window, lesson_id, stage, (1280, 800))
    presenter(window)
    contour = window.contour_view
    shaded = contour.image.mapRectToView(contour.image.boundingRect())
    (x0, x1), (y0, y1) = contour.getPlotItem().vb.viewRange()
    assert shaded.left() <= x0 and shaded.right() >= x1 and shaded.top() <= y0 and shaded.bottom() >= y1


def scene_rect(item):
    return item.mapRectToScene(item.boundingRect())


def test_the_start_label_sits_clear_of_the_crosshair_and_grows_in_presenter_mode(window):
    open_stage(window, "gradient", 0)
    marker = active_map(window).start_marker
    label = marker.label()
    assert label.toPlainText() == "start"
    assert not scene_rect(label).intersects(scene_rect(marker))
    height = scene_rect(label).height()
    presenter(window)
    assert scene_rect(label).height() > 1.2 * height
    assert not scene_rect(label).intersects(scene_rect(marker))


def test_a_diverged_balls_edge_marker_gives_its_value_and_its_notes_grow_in_presenter_mode(window):
    open_stage(window, "gradient", 4)  # η = 10 diverges at step 6
    markers = window.contour_view.edge_markers
    texts = markers.shown_texts()
    # The place is the last finite one, from the step before the ball diverged: the label says which step it is.
    assert "last at (7.43e+06, -9.9e+06), step 5 · ✕ diverged at step 6" in texts, texts
    height = max(scene_rect(label).height() for label in markers.labels if label.isVisible())
    presenter(window)
    assert max(scene_rect(label).height() for label in markers.labels if label.isVisible()) > 1.2 * height


@pytest.mark.parametrize("in_presenter_mode", [False, True])
@pytest.mark.parametrize("stage", [0, 3])  # x₀ = 4 near the right edge of the map
def test_the_start_label_near_the_right_edge_is_whole_inside_the_map(window, stage, in_presenter_mode):
    open_stage(window, "learning-rate", stage)
    if in_presenter_mode:
        presenter(window)
    curve = window.curve_view
    label, marker = curve.start_marker.label(), curve.start_marker
    assert curve.getPlotItem().vb.sceneBoundingRect().contains(scene_rect(label))
    assert not scene_rect(label).intersects(scene_rect(marker))


def test_the_start_label_goes_back_right_of_the_start_when_the_start_moves_left(window):
    open_stage(window, "learning-rate", 0)
    curve = window.curve_view
    window.controller.set_start((-3.0,))
    QApplication.processEvents()
    label, marker = curve.start_marker.label(), curve.start_marker
    assert scene_rect(label).left() > scene_rect(marker).center().x()
    assert curve.getPlotItem().vb.sceneBoundingRect().contains(scene_rect(label))


@pytest.mark.parametrize("stage", [0, 1])
def test_the_height_of_the_one_weight_curve_frames_the_balls_path(window, stage):
    open_stage(window, "one-weight", stage)
    curve = window.curve_view
    _, (y0, y1) = curve.getPlotItem().vb.viewRange()
    losses = window.controller.snapshot().history_losses
    assert np.ptp(losses) >= (y1 - y0) / 3
    assert y0 <= losses.min() and losses.max() <= y1


def test_a_diverged_balls_edge_marker_says_in_korean_which_step_its_place_is_from(window, korean):
    open_stage(window, "gradient", 4)
    assert "스텝 5의 마지막 위치 (7.43e+06, -9.9e+06) · ✕ 스텝 6에서 발산" in window.contour_view.edge_markers.shown_texts()
