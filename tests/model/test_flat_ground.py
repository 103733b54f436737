"""Which stops are on flat ground: the engine marks a ball that converged where the landscape has no curvature
(a staircase's step), and only that one. When and where a ball stops does not change."""

import numpy as np

from gdsim.model.balls import Ball
from gdsim.model.expressions.landscape import landscape_from_expression
from gdsim.model.presets import preset
from gdsim.model.simulation import BallStatus, Simulation


def stopped(landscape, start, lr=0.1, steps=20_000, tolerance=1e-10) -> Simulation:
    simulation = Simulation(landscape, [Ball.make("sgd", start, lr=lr)], tolerance=tolerance)
    simulation.advance(steps)
    assert simulation.status[0] == BallStatus.CONVERGED
    return simulation


def test_a_ball_on_a_staircase_step_stopped_on_flat_ground_where_it_stood():
    simulation = stopped(preset("error-rate").landscape, (-2.5,), lr=1.0)
    assert simulation.stopped_at[0] == 0 and simulation.on_flat_ground[0]
    assert simulation.snapshot().on_flat_ground.tolist() == [True]


def test_minima_are_not_flat_ground_however_gently_curved():
    for text, start in [("x^2 + y^2", (3.0, 4.0)), ("x^2 + 1e-30*y", (3.0, 1.0))]:  # a valley floor, flat along y
        assert not stopped(landscape_from_expression(text), start).on_flat_ground[0], text
    # x⁴ curves so little that a ball takes 10⁷ steps to stop at the default tolerance: at 10⁻⁶, it stops where
    # the curvature is ~5e-4, above the tolerance the engine holds it to
    assert not stopped(landscape_from_expression("x^4"), (1.0,), steps=100_000, tolerance=1e-6).on_flat_ground[0]
    simulation = stopped(preset("momentum-demo").landscape, (0.5, 5.8), lr=0.01)
    assert simulation.stopped_at[0] == 4743 and not simulation.on_flat_ground[0]  # the lesson quotes this step


def test_a_reset_run_forgets_where_its_balls_stopped():
    simulation = Simulation(preset("error-rate").landscape, [Ball.make("sgd", (-2.5,), lr=1.0)])
    simulation.reset()
    assert simulation.on_flat_ground.tolist() == [True]  # stopped again at step 0, as before
    running = Simulation(preset("bowl").landscape, [Ball.make("sgd", (3.0, 4.0), lr=0.1)])
    assert running.on_flat_ground.dtype == np.bool_ and not running.on_flat_ground.any()
