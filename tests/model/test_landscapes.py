"""Preset landscapes: exact gradients, vectorized evaluation, critical points, lookup by name."""

from dataclasses import replace

import numpy as np
import pytest

from gdsim.model.analysis import central_difference_gradient, find_critical_points
from gdsim.model.balls import Ball
from gdsim.model.landscapes import CriticalKind
from gdsim.model.presets import PRESETS, PresetName, preset

ALL_PRESETS = [str(name) for name in PresetName]


def random_points_in_view_box(landscape, count=200, seed=20261):
    box = np.array(landscape.view_box, dtype=float)
    return np.random.default_rng(seed).uniform(box[:, 0], box[:, 1], size=(count, landscape.dim))


def central_differences(landscape, points):
    """Independent of gdsim.model.analysis: a step that scales with the coordinate."""
    grad = np.empty_like(points)
    for axis in range(landscape.dim):
        h = 1e-6 * np.maximum(1.0, np.abs(points[:, axis]))
        offset = np.zeros_like(points)
        offset[:, axis] = h
        grad[:, axis] = (landscape.value(points + offset) - landscape.value(points - offset)) / (2.0 * h)
    return grad


def gradient_tolerances(landscape, points):
    """Central differences lose about eps·|f|/h to rounding, so the absolute part follows |f|."""
    scale = 1.0 + float(np.max(np.abs(landscape.value(points))))
    return {"rtol": 1e-6, "atol": 1e-8 * scale}


def critical(name, kind):
    return [c for c in find_critical_points(preset(name).landscape) if c.kind == kind]


def assert_same_points(found, expected, atol=1e-5):
    found = sorted(tuple(c.point) for c in found)
    expected = sorted(expected)
    assert len(found) == len(expected), f"found {found}, expected {expected}"
    np.testing.assert_allclose(found, expected, atol=atol)


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_analytic_gradient_matches_central_differences_inside_the_view_box(name):
    landscape = preset(name).landscape
    points = random_points_in_view_box(landscape)
    np.testing.assert_allclose(landscape.gradient(points), central_differences(landscape, points),
                               **gradient_tolerances(landscape, points))


# The error-rate staircase has a zero gradient everywhere it is defined: 1% of it is still 0.
@pytest.mark.parametrize("name", [n for n in ALL_PRESETS if n != "error-rate"])
def test_gradient_check_tolerance_is_tight_enough_to_catch_a_one_percent_error(name):
    landscape = preset(name).landscape
    points = random_points_in_view_box(landscape)
    numeric = central_differences(landscape, points)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(1.01 * landscape.gradient(points), numeric,
                                   **gradient_tolerances(landscape, points))


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_analysis_gradient_check_agrees_with_the_exact_gradient(name):
    landscape = preset(name).landscape
    points = random_points_in_view_box(landscape, seed=7)
    np.testing.assert_allclose(central_difference_gradient(landscape, points), landscape.gradient(points),
                               **gradient_tolerances(landscape, points))


@pytest.mark.parametrize("count", [1, 7, 1000])
@pytest.mark.parametrize("name", ALL_PRESETS)
def test_value_and_gradient_are_vectorized_over_points(name, count):
    landscape = preset(name).landscape
    points = random_points_in_view_box(landscape, count=count, seed=count)

    values, gradients = landscape.value_and_gradient(points)

    assert values.shape == (count,)
    assert gradients.shape == (count, landscape.dim)
    np.testing.assert_array_equal(landscape.value(points), values)
    np.testing.assert_array_equal(landscape.gradient(points), gradients)
    one_by_one = [landscape.value_and_gradient(p) for p in points]
    np.testing.assert_array_equal(values, [v[0] for v, _ in one_by_one])
    np.testing.assert_array_equal(gradients, [g[0] for _, g in one_by_one])


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_a_single_point_gives_one_value_and_one_gradient_row(name):
    landscape = preset(name).landscape
    values, gradients = landscape.value_and_gradient(preset(name).start)
    assert values.shape == (1,)
    assert gradients.shape == (1, landscape.dim)


def test_sample_grid_is_indexed_row_by_y_and_column_by_x():
    landscape = preset("momentum-demo").landscape  # not symmetric in x and y, so a transpose shows
    xs, ys, z = landscape.sample_grid(5)
    assert z.shape == (5, 5)
    assert xs[0] == landscape.view_box[0][0] and xs[-1] == landscape.view_box[0][1]
    assert ys[0] == landscape.view_box[1][0] and ys[-1] == landscape.view_box[1][1]
    for iy, y in enumerate(ys):
        for ix, x in enumerate(xs):
            assert z[iy, ix] == landscape.value((x, y))[0]


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_preset_start_lies_inside_its_view_box_and_its_suggested_settings_are_valid(name):
    chosen = preset(name)
    assert chosen.landscape.name == name
    for coordinate, (low, high) in zip(chosen.start, chosen.landscape.view_box, strict=True):
        assert low < coordinate < high
    assert set(chosen.ball_params) == {"sgd", "momentum", "nag"}
    for optimizer, params in chosen.ball_params.items():
        Ball.make(optimizer, chosen.start, **params)


def test_rastrigin_marks_its_global_minimum_at_the_origin():
    (point,) = preset("rastrigin").known_points
    assert point.kind == CriticalKind.MINIMUM
    assert point.point == (0.0, 0.0)
    landscape = preset("rastrigin").landscape
    assert landscape.value(point.point)[0] == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(landscape.gradient(point.point), [[0.0, 0.0]], atol=1e-12)


def test_the_momentum_demo_marks_what_the_search_finds_its_only_critical_point():
    landscape = preset("momentum-demo").landscape
    (known,) = preset("momentum-demo").known_points
    (found,) = find_critical_points(landscape)
    assert known.kind == found.kind == CriticalKind.MINIMUM
    np.testing.assert_allclose(known.point, found.point, rtol=0, atol=1e-12)
    assert known.value == pytest.approx(found.value, abs=1e-12)
    wide = replace(landscape, view_box=((-60.0, 60.0), (-60.0, 60.0)))
    assert [p.kind for p in find_critical_points(wide)] == [CriticalKind.MINIMUM]  # none elsewhere either


def test_himmelblau_has_four_minima_of_depth_zero_at_the_known_points():
    minima = critical("himmelblau", CriticalKind.MINIMUM)
    assert_same_points(minima, [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                                (3.584428, -1.848126)])
    for minimum in minima:
        assert minimum.value == pytest.approx(0.0, abs=1e-10)


def test_rosenbrock_has_its_only_minimum_at_one_one():
    minima = critical("rosenbrock", CriticalKind.MINIMUM)
    assert_same_points(minima, [(1.0, 1.0)])
    assert minima[0].value == pytest.approx(0.0, abs=1e-12)


def test_beale_has_its_only_minimum_at_three_one_half():
    minima = critical("beale", CriticalKind.MINIMUM)
    assert_same_points(minima, [(3.0, 0.5)])
    assert minima[0].value == pytest.approx(0.0, abs=1e-12)


def test_momentum_demo_has_one_minimum_where_lesson_l4_says():
    (minimum,) = critical("momentum-demo", CriticalKind.MINIMUM)
    assert minimum.point == pytest.approx((0.4824, -4.2560), abs=5e-5)
    assert minimum.value == pytest.approx(-4.9622, abs=5e-5)


@pytest.mark.parametrize("name", ["bowl", "ravine"])
def test_quadratic_bowls_have_one_minimum_at_the_origin_and_nothing_else(name):
    (only,) = find_critical_points(preset(name).landscape)
    assert only.kind == CriticalKind.MINIMUM
    assert only.point == pytest.approx((0.0, 0.0), abs=1e-9)


def test_saddle_preset_has_a_saddle_at_the_origin_and_no_minimum():
    (only,) = find_critical_points(preset("saddle").landscape)
    assert only.kind == CriticalKind.SADDLE
    assert only.point == pytest.approx((0.0, 0.0), abs=1e-9)
    assert only.value == pytest.approx(0.0, abs=1e-12)


def test_local_minimum_preset_has_a_deep_and_a_shallow_basin_split_by_a_saddle():
    points = find_critical_points(preset("local-minimum").landscape)
    minima = [c for c in points if c.kind == CriticalKind.MINIMUM]
    saddles = [c for c in points if c.kind == CriticalKind.SADDLE]
    assert len(points) == 3 and len(minima) == 2 and len(saddles) == 1

    deep, shallow = sorted(minima, key=lambda c: c.value)
    assert deep.value < shallow.value - 1.0  # clearly different depths, not a rounding difference
    assert deep.point[0] < saddles[0].point[0] < shallow.point[0]  # the saddle separates the basins
    assert saddles[0].value > shallow.value


def test_critical_points_are_sorted_minima_first_then_by_value():
    points = find_critical_points(preset("himmelblau").landscape)
    order = {CriticalKind.MINIMUM: 0, CriticalKind.SADDLE: 1, CriticalKind.MAXIMUM: 2}
    keys = [(order[c.kind], c.value) for c in points]
    assert keys == sorted(keys)
    assert {c.kind for c in points} == {CriticalKind.MINIMUM, CriticalKind.SADDLE, CriticalKind.MAXIMUM}


def test_sample_curve_of_the_parabola_is_theta_squared():
    xs, values = preset("parabola").landscape.sample_curve(11)
    np.testing.assert_array_equal(xs, np.linspace(-5, 5, 11))
    np.testing.assert_array_equal(values, xs ** 2)


def test_every_preset_name_is_a_known_landscape():
    assert sorted(PRESETS) == sorted(ALL_PRESETS)
    assert set(ALL_PRESETS) == {"momentum-demo", "parabola", "error-rate", "sigmoid-error", "bowl", "ravine", "saddle", "local-minimum",
                                "rosenbrock", "himmelblau", "beale", "rastrigin"}


def test_unknown_preset_raises_key_error_naming_the_allowed_names():
    with pytest.raises(KeyError) as raised:
        preset("nope")
    message = str(raised.value.args[0])
    assert "'nope'" in message
    for name in ALL_PRESETS:
        assert name in message
