"""L1's last two stages, played in the window as a teacher plays them: warm restarts throw a ball out of a
sharp, shallow minimum into a wide, deep one (and not before a restart), and enough random starts put the
best ball in the global minimum, with the ball list naming the minima as the basin map does."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gdsim.model.basins import minimum_name, point_text

WARM_RESTARTS, RANDOM_STARTS = 8, 9  # stages 9 and 10, counted from 0 as open_lesson counts
CONSTANT, RESTARTING = 0, 1  # the warm-restarts stage's balls
FIRST_RESTART = 40  # T_0: the step whose η is back at its largest
SETTLED = 1e-2  # of a minimum, to the eye on a map some 7 units wide


def play_to_the_stage_end(window, qtbot, stage: int) -> None:
    window.open_lesson("learning-rate", stage)
    window.controller.set_steps_per_second(2000)
    window.actions["play_pause"].trigger()
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=30_000)
    assert window.controller.step_count == window.controller.stage_steps or window.controller.snapshot().finished


def minima(window) -> list:
    """The landscape's minima as the map marks them, deepest first."""
    points = [p for p in window.controller.critical_points(window.controller.setup.preset) if p.kind == "minimum"]
    return sorted(points, key=lambda p: p.value)


def trail(window, ball: int) -> np.ndarray:
    """x of `ball` after every step of the run, as its trail shows it (row k: after k steps)."""
    snapshot = window.controller.snapshot()
    assert snapshot.history_thinned == 0 and list(snapshot.history_steps) == list(range(snapshot.step + 1))
    return snapshot.history_positions[:, ball, 0]


def curvature(window, x: float, h: float = 1e-5) -> float:
    """f″ by a central difference of the engine's own gradient."""
    gradient = window.controller.setup.landscape.gradient(np.array([[x + h], [x - h]]))[:, 0]
    return float((gradient[0] - gradient[1]) / (2 * h))


def test_a_warm_restart_throws_the_ball_out_of_the_sharp_minimum_into_the_wide_one(window, qtbot):
    play_to_the_stage_end(window, qtbot, WARM_RESTARTS)
    deep, sharp = minima(window)
    assert deep.value < sharp.value
    restarting, constant = trail(window, RESTARTING), trail(window, CONSTANT)
    # Before the first restart the ball has settled in the sharp minimum, for the class to see ...
    assert np.all(np.abs(restarting[FIRST_RESTART - 5:FIRST_RESTART + 1] - sharp.point[0]) < SETTLED)
    # ... the restart throws it out, and it ends in the deep minimum and stays there.
    left = FIRST_RESTART + np.argmax(np.abs(restarting[FIRST_RESTART:] - sharp.point[0]) > 0.3)
    assert FIRST_RESTART < left < FIRST_RESTART + 15
    assert np.all(np.abs(restarting[left + 30:] - deep.point[0]) < SETTLED)
    assert abs(restarting[-1] - deep.point[0]) < 1e-6
    # The constant η never leaves the sharp minimum's side and ends in it.
    barrier = max(p.point[0] for p in window.controller.critical_points(window.controller.setup.preset)
                  if p.kind == "maximum")
    assert np.all(constant > barrier) and abs(constant[-1] - sharp.point[0]) < 1e-3


def test_the_warm_restarts_caption_quotes_the_curvatures_and_the_balls_at_the_end(window, qtbot, in_language):
    play_to_the_stage_end(window, qtbot, WARM_RESTARTS)
    caption = window.caption_bar.text()
    deep, sharp = minima(window)
    sharp_curvature, deep_curvature = curvature(window, sharp.point[0]), curvature(window, deep.point[0])
    ball = window.controller.setup.balls
    constant_lr, peak_lr = ball[CONSTANT].params["lr"], ball[RESTARTING].params["lr"]
    assert peak_lr * sharp_curvature > 2 > peak_lr * deep_curvature and constant_lr * sharp_curvature < 2
    for quoted in (f"x ≈ {sharp.point[0]:.2f}", f"x ≈ −{-deep.point[0]:.2f}", f"f″ ≈ {sharp_curvature:.1f}",
                   f"f″ ≈ {deep_curvature:.2f}", f"η·f″ ≈ {constant_lr * sharp_curvature:.1f}",
                   f"η·f″ ≈ {peak_lr * sharp_curvature:.1f}", f"η·f″ ≈ {peak_lr * deep_curvature:.1f}",
                   f"2/{sharp_curvature:.1f} ≈ {2 / sharp_curvature:.2f}", f"η = {peak_lr}", f"η = {constant_lr}"):
        assert quoted in caption
    assert str(FIRST_RESTART) in caption
    assert ("곡률" in caption) == (in_language == "ko")  # the caption in the window's language
    snapshot = window.controller.snapshot()
    for index in (CONSTANT, RESTARTING):
        quoted = f"x = {snapshot.positions[index, 0]:.3f} (f = {snapshot.losses[index]:.3f})"
        assert quoted.replace("-", "−") in caption  # a caption writes a minus sign, not a hyphen
    assert str(window.controller.step_count) in caption


def test_enough_random_starts_put_the_best_ball_in_the_global_minimum_and_the_list_names_it(window, qtbot):
    play_to_the_stage_end(window, qtbot, RANDOM_STARTS)
    snapshot = window.controller.snapshot()
    assert snapshot.finished
    best = int(np.argmin(snapshot.losses))
    global_minimum = minima(window)[0]
    assert np.linalg.norm(snapshot.positions[best] - global_minimum.point) < 1e-3
    assert snapshot.losses[best] == pytest.approx(global_minimum.value, abs=1e-6)

    box = window.controller.setup.landscape.view_box
    reached = int(np.sum(np.linalg.norm(snapshot.positions - global_minimum.point, axis=1) < 1e-2))
    summary = window.control_panel.balls.summary.text()
    assert f"{minimum_name(0)} {point_text(global_minimum.point, box)}: {reached}" in summary
    assert f"at {point_text(snapshot.positions[best], box)}, in {minimum_name(0)}" in summary
    named = re.findall(r"\b([A-Z]) \((-?\d+\.\d+), (-?\d+\.\d+)\): (\d+)", summary)
    assert [name for name, *_ in named] == ["A", "B", "C", "D"]
    more = re.search(r"(\d+) more minima: (\d+)", summary)
    assert sum(int(n) for *_, n in named) + int(more[2]) == len(snapshot.positions)

    quoted = re.search(r"After (\d+) steps the lowest ball is at \((\S+), (\S+)\), f = ([^;]+);", window.caption_bar.text())
    assert int(quoted[1]) == snapshot.step
    assert [float(quoted[k]) for k in (2, 3, 4)] == pytest.approx([*snapshot.positions[best], snapshot.losses[best]],
                                                                   abs=5e-3)


def test_the_random_starts_caption_says_how_often_100_and_1000_starts_miss_the_global_basin():
    from gdsim.model.balls import Ball
    from gdsim.model.basins import basin_map
    from gdsim.model.lessons import read_lesson_file
    from gdsim.resources import resource_path

    stage = read_lesson_file(resource_path("lessons", "1-learning-rate.toml")).stages[RANDOM_STARTS]
    caption = stage.caption["en"]
    landscape = stage.preset().landscape
    share = basin_map(landscape, [Ball.make("sgd", lr=stage.balls[0].params["lr"])], grid=400,
                      steps=stage.steps).shares[0]
    assert share.not_converged == share.diverged == 0
    assert f"{len(share.minima)} minima in view" in caption
    assert f"drains only {share.minima[0]:.0%} of it" in caption
    assert round(1 / (1 - share.minima[0]) ** 100) == 3 and "one time in three" in caption
    assert f"{round(1e5 * (1 - share.minima[0]) ** 1000)} times in 100,000" in caption
    assert len(stage.starts) == 1000 and "1,000 starts (seed 0)" in caption


def test_before_play_the_random_starts_stage_says_at_which_step_play_will_stop(window, qtbot):
    window.open_lesson("learning-rate", RANDOM_STARTS)
    before = window.caption_bar.text()
    stops_at = int(re.search(r"By step (\d+) every ball has stopped", before)[1])
    assert f"before the stage's {window.controller.stage_steps} steps" in before
    play_to_the_stage_end(window, qtbot, RANDOM_STARTS)
    assert window.controller.snapshot().finished and window.controller.step_count == stops_at
