"""Numbers at the edge, in the engine: a start where f is not defined, and a landscape so flat that
every gradient is below the tolerance (issue 18)."""

from gdsim.model.balls import Ball
from gdsim.model.expressions import landscape_from_expression
from gdsim.model.presets import preset
from gdsim.model.simulation import DEFAULT_TOLERANCE, BallStatus, Simulation
from gdsim.model.tolerance import gradient_tolerance


def test_a_start_where_f_is_not_defined_is_told_apart_from_a_divergence():
    landscape = landscape_from_expression("log(x) + y^2")
    simulation = Simulation(landscape, [Ball.make("sgd", (-1.0, 1.0), lr=0.1), Ball.make("sgd", (2.0, 1.0), lr=0.1)])
    assert simulation.status[0] == BallStatus.UNDEFINED
    assert simulation.stopped_at[0] == 0
    assert simulation.status[1] == BallStatus.RUNNING
    assert BallStatus.UNDEFINED.label == "undefined"
    simulation.advance(3)
    assert simulation.status[0] == BallStatus.UNDEFINED  # it stays where it is, told once


def test_a_ball_that_runs_off_to_infinity_still_diverges():
    simulation = Simulation(preset("bowl").landscape, [Ball.make("sgd", (3.0, 4.0), lr=5.0)])
    simulation.advance(100)
    assert simulation.status[0] == BallStatus.DIVERGED


def test_on_a_tiny_landscape_no_ball_converges_at_its_start():
    landscape = landscape_from_expression("1e-300*(x^2+y^2)")
    simulation = Simulation(landscape, [Ball.make("sgd", (3.0, 4.0), lr=0.1)])
    assert simulation.status[0] == BallStatus.RUNNING  # the gradient, 1e-299, is not zero there


def test_a_small_but_ordinary_landscape_keeps_the_tolerance_as_it_was():
    for name in ("bowl", "momentum-demo", "sigmoid-error", "error-rate", "rosenbrock"):
        assert gradient_tolerance(preset(name).landscape, DEFAULT_TOLERANCE) == DEFAULT_TOLERANCE
    tiny = gradient_tolerance(landscape_from_expression("1e-300*(x^2+y^2)"), DEFAULT_TOLERANCE)
    assert 0 < tiny < 1e-300


def test_a_view_box_beyond_what_can_be_watched_is_refused_naming_the_limit():
    from gdsim.model.setup import Setup

    setup = Setup.from_preset("bowl")
    for box in (((-1e308, 1e308), (-1, 1)), ((1.0, 1.0 + 1e-13), (-1, 1))):
        try:
            setup.with_view_box(box)
        except ValueError as error:
            assert "view box" in str(error) and ("1e+08" in str(error) or "1e-09" in str(error))
        else:
            raise AssertionError(f"{box} was taken")
    assert setup.with_view_box(((0, 2.5e-5), (0, 2.5e-5))).landscape.view_box == ((0, 2.5e-5), (0, 2.5e-5))


def test_a_ball_far_beyond_the_minima_is_near_none_of_them_without_a_warning():
    """Found by the monkey (seed 18, action 3006): the many-starts summary squared a distance of 1e200."""
    import warnings

    import numpy as np

    from gdsim.model.analysis import nearest_minimum

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = nearest_minimum(np.array([[1e200, -1e200], [0.0, 0.0], [np.inf, 1.0]]), np.array([[0.0, 0.0]]), 1e-3)
    assert found.tolist() == [-1, 0, -1]
