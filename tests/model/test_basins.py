"""Basins of attraction: Himmelblau's four minima, labels row by row with y up, shares, minima merged
across ball settings, saddles and running balls, and cancelling through the progress callback."""

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.basins import DIVERGED, NOT_CONVERGED, Cancelled, basin_map, grid_starts
from gdsim.model.expressions import landscape_from_expression
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.presets import preset

HIMMELBLAU = preset("himmelblau")
HIMMELBLAU_MINIMA = np.array([(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)])


def suggested(kind: str, scene=HIMMELBLAU) -> Ball:
    return Ball(OptimizerKind(kind), checked_params(OptimizerKind(kind), scene.suggested_params(kind)))


def matching(found: np.ndarray, expected: np.ndarray, tolerance: float = 1e-5) -> list[int]:
    """For each expected point, the index of the one found point within `tolerance` (asserts there is one)."""
    indices = []
    for point in expected:
        near = np.flatnonzero(np.max(np.abs(found - point), axis=1) < tolerance)
        assert len(near) == 1, (point, found)
        indices.append(int(near[0]))
    return indices


def cell_of(result, point) -> tuple[int, int]:
    """(row, column) of the grid cell whose centre is nearest `point`."""
    return int(np.argmin(np.abs(result.ys - point[1]))), int(np.argmin(np.abs(result.xs - point[0])))


@pytest.fixture(scope="module")
def himmelblau_nag():
    """The issue's case: NAG at the preset's settings, 200 × 200 starts, 500 steps."""
    return basin_map(HIMMELBLAU.landscape, [suggested("nag")], grid=200, steps=500)


def test_himmelblau_with_nag_finds_exactly_its_four_minima(himmelblau_nag):
    result = himmelblau_nag
    assert result.minima.shape == (4, 2)
    assert sorted(matching(result.minima, HIMMELBLAU_MINIMA)) == [0, 1, 2, 3]
    assert np.allclose(result.values, 0.0, atol=1e-12)


def test_labels_are_rows_of_the_grid_with_y_going_up(himmelblau_nag):
    result = himmelblau_nag
    labels, = result.labels
    assert labels.shape == (200, 200) and np.issubdtype(labels.dtype, np.integer)
    assert result.ys[0] < result.ys[-1] and result.xs[0] < result.xs[-1]
    (x0, x1), (y0, y1) = HIMMELBLAU.landscape.view_box
    assert result.ys[0] == pytest.approx(y0 + 0.5 * (y1 - y0) / 200)  # cell centres: row 0 is the lowest y
    for index, point in zip(matching(result.minima, HIMMELBLAU_MINIMA), HIMMELBLAU_MINIMA, strict=True):
        assert labels[cell_of(result, point)] == index
    # The two minima left of x = 0 are one below the other: a map flipped upside down would swap them.
    low, high = (matching(result.minima, HIMMELBLAU_MINIMA[[2, 1]]))
    assert labels[10, 20] == low and labels[190, 20] == high


def test_shares_sum_to_one_and_every_start_reaches_a_minimum(himmelblau_nag):
    shares, = himmelblau_nag.shares
    assert sum(shares.minima) + shares.diverged + shares.not_converged == pytest.approx(1.0)
    assert shares.diverged == 0.0 and shares.not_converged == 0.0
    assert all(0.15 < share < 0.35 for share in shares.minima)
    labels, = himmelblau_nag.labels
    assert shares.minima == tuple(np.bincount(labels.ravel(), minlength=4) / labels.size)


def test_grid_starts_are_cell_centres_row_by_row():
    xs, ys, starts = grid_starts(((0.0, 4.0), (10.0, 12.0)), 2)
    assert xs.tolist() == [1.0, 3.0] and ys.tolist() == [10.5, 11.5]
    assert starts.tolist() == [[1.0, 10.5], [3.0, 10.5], [1.0, 11.5], [3.0, 11.5]]


def test_minima_are_merged_across_ball_settings():
    recipes = [suggested("sgd"), suggested("momentum"), suggested("nag")]
    together = basin_map(HIMMELBLAU.landscape, recipes, grid=40, steps=500)
    assert together.minima.shape == (4, 2)
    assert len(together.labels) == 3 and len(together.shares) == 3
    for labels in together.labels:
        assert set(np.unique(labels)) <= {0, 1, 2, 3}
        for index, point in enumerate(together.minima):
            assert labels[cell_of(together, point)] == index  # the same index means the same point for every ball
    # Each alone finds the same points; together, one index each.
    alone = basin_map(HIMMELBLAU.landscape, recipes[:1], grid=40, steps=500)
    assert np.allclose(alone.minima, together.minima, atol=1e-3 * 14.2)
    assert np.array_equal(alone.labels[0], together.labels[0])


def test_a_saddle_is_not_a_minimum():
    # On x² − y² a start exactly on y = 0 (the middle row of an odd grid) rolls into the saddle and
    # stops there; every other start diverges along y.
    landscape = landscape_from_expression("x^2 - y^2", view_box=((-1.0, 1.0), (-1.0, 1.0)))
    result = basin_map(landscape, [Ball(OptimizerKind.SGD, {"lr": 0.1})], grid=5, steps=500)
    labels, = result.labels
    assert result.minima.shape == (0, 2)
    assert (labels[2] == NOT_CONVERGED).all()
    assert (np.delete(labels, 2, axis=0) == DIVERGED).all()
    shares, = result.shares
    assert shares.minima == () and shares.not_converged == pytest.approx(0.2) and shares.diverged == pytest.approx(0.8)


@pytest.mark.parametrize(("steps", "expected"), [(16, 0), (4, NOT_CONVERGED)])
def test_a_running_ball_settling_at_a_minimum_reaches_it(steps, expected):
    # SGD with η = 0.25 on x² + y² halves the distance to 0 each step. The centre start is at the
    # minimum from step 0; after 16 steps the others are ~5e-5 away (|∇f| ≈ 1e-4 > 1e-6, still running,
    # but settling within the merge radius); after 4 they are ~0.2 away, not yet there.
    bowl = preset("bowl").landscape
    result = basin_map(bowl, [Ball(OptimizerKind.SGD, {"lr": 0.25})], grid=3, steps=steps)
    labels, = result.labels
    assert result.minima.tolist() == [[0.0, 0.0]]
    assert labels[1, 1] == 0
    assert (np.delete(labels.ravel(), 4) == expected).all()


def test_progress_reports_fractions_and_false_cancels():
    calls = []

    def keep_going(fraction):
        calls.append(fraction)  # returns None: only False cancels

    basin_map(HIMMELBLAU.landscape, [suggested("sgd"), suggested("nag")], grid=10, steps=100, progress=keep_going)
    assert calls == sorted(calls) and calls[-1] == 1.0 and 0.0 < calls[0] <= 0.25
    seen = []
    with pytest.raises(Cancelled):
        basin_map(HIMMELBLAU.landscape, [suggested("nag")], grid=50, steps=500,
                  progress=lambda fraction: seen.append(fraction) or len(seen) < 3)
    assert len(seen) == 3 and seen[-1] < 0.2


def test_a_map_needs_a_ball():
    with pytest.raises(ValueError, match="at least one"):
        basin_map(HIMMELBLAU.landscape, [])


def test_in_one_variable_the_basins_are_intervals_split_at_the_maximum():
    landscape = landscape_from_expression("x^4 - 3*x^2 + x")
    result = basin_map(landscape, [Ball(OptimizerKind.SGD, checked_params(OptimizerKind.SGD, {"lr": 0.01}))], grid=200, steps=500)
    assert result.dim == 1 and result.labels[0].shape == (1, 200) and result.minima.shape == (2, 1)
    assert result.minima[:, 0] == pytest.approx([-1.3008, 1.1309], abs=1e-3)  # the deeper first: A
    (a, left, split), (b, split_again, right) = result.intervals(0)
    assert (a, b) == (0, 1) and split == split_again
    assert (left, right) == pytest.approx(landscape.view_box[0])
    assert abs(split - 0.1699) < 2 * (right - left) / 200  # the maximum, to a cell of the grid


def test_a_staircase_stops_every_start_on_flat_ground():
    result = basin_map(preset("error-rate").landscape, [suggested("sgd", preset("error-rate"))], grid=50, steps=100)
    assert len(result.minima) == 0 and result.flat == (1.0,) and result.shares[0].not_converged == 1.0
