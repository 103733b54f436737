import math

import numpy as np
import pytest

from gdsim.model.local_quadratic import LevelShape, level_curve, osculating_parabola, pointing_right


def rotation(degrees: float) -> np.ndarray:
    theta = math.radians(degrees)
    return np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])


def quadratic_part(offsets: np.ndarray, values, directions) -> np.ndarray:
    hessian = directions @ np.diag(values) @ directions.T
    return 0.5 * np.einsum("ni,ij,nj->n", offsets, hessian, offsets)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1000.0])
def test_the_ellipse_is_one_level_of_the_quadratic_with_axes_in_the_ratio_root_kappa(kappa):
    directions = rotation(30)
    curve = level_curve((2.0, 2.0 / kappa), directions, reach=3.0)
    assert curve.shape is LevelShape.ELLIPSE
    levels = quadratic_part(curve.offsets, (2.0, 2.0 / kappa), directions)
    np.testing.assert_allclose(levels, levels[0], rtol=1e-9)
    distances = np.linalg.norm(curve.offsets, axis=1)
    assert distances.max() == pytest.approx(3.0, rel=1e-6)  # along the gentlest bend
    assert distances.max() / distances.min() == pytest.approx(math.sqrt(kappa), rel=1e-3)
    longest = curve.offsets[np.argmax(distances)]
    assert kappa == 1.0 or abs(longest @ directions[:, 1]) == pytest.approx(3.0, rel=1e-6)


def test_a_saddle_has_hyperbolas_at_plus_and_minus_one_level_within_reach():
    directions = rotation(-20)
    curve = level_curve((2.0, -0.5), directions, reach=2.0)
    assert curve.shape is LevelShape.HYPERBOLAS
    finite = curve.offsets[np.all(np.isfinite(curve.offsets), axis=1)]
    levels = quadratic_part(finite, (2.0, -0.5), directions)
    np.testing.assert_allclose(np.abs(levels), np.abs(levels[0]), rtol=1e-9)
    assert (levels > 0).any() and (levels < 0).any()
    assert np.abs(finite @ directions).max() <= 2.0 * (1 + 1e-9)


def test_flat_ground_has_parallel_lines_or_nothing():
    assert level_curve((2.0, 0.0), np.eye(2), reach=1.0).shape is LevelShape.LINES
    assert level_curve((0.0, 0.0), np.eye(2), reach=1.0).shape is LevelShape.NONE


def test_the_osculating_parabola_touches_with_the_slope_and_the_bend():
    xs = np.array([0.999, 1.0, 1.001])
    ys = osculating_parabola(xs, 1.0, 3.0, -2.0, 5.0)
    assert ys[1] == 3.0
    assert (ys[2] - ys[0]) / 0.002 == pytest.approx(-2.0)
    assert (ys[2] - 2 * ys[1] + ys[0]) / 1e-6 == pytest.approx(5.0, rel=1e-5)


def test_directions_point_right_or_up():
    np.testing.assert_array_equal(pointing_right([-0.6, 0.8]), [0.6, -0.8])
    np.testing.assert_array_equal(pointing_right([0.0, -1.0]), [0.0, 1.0])
