"""The summary of many starts names the minima as the basin map does: lowest first, A, B, …"""

import numpy as np

from gdsim.model.analysis import critical_points_of, random_starts, restart_summary
from gdsim.model.balls import Ball
from gdsim.model.basins import basin_map
from gdsim.model.presets import preset
from gdsim.model.simulation import Simulation


def finished_run(name: str, count: int, lr: float) -> tuple:
    chosen = preset(name)
    simulation = Simulation(chosen.landscape, [Ball.make("sgd", start, lr=lr)
                                               for start in random_starts(chosen.landscape.view_box, count, 0)],
                            history_capacity=4)
    simulation.advance(3000)
    assert simulation.finished
    return chosen, simulation


def test_the_minima_balls_rested_in_are_counted_and_ordered_as_the_basin_map_orders_them():
    chosen, simulation = finished_run("rastrigin", 300, 0.002)
    summary = restart_summary(simulation, critical_points_of(chosen.landscape, chosen.known_points),
                              chosen.landscape)
    assert sum(summary.reached) + summary.elsewhere == 300 and summary.elsewhere == 0
    mapped = basin_map(chosen.landscape, [Ball.make("sgd", lr=0.002)], grid=100, steps=100)
    # Every minimum a ball reached is one of the map's, in the map's order (the map has more: it has every start).
    indices = [int(np.argmin(np.linalg.norm(mapped.minima - point, axis=1))) for point in summary.minima]
    assert indices == sorted(indices)
    assert np.allclose(mapped.minima[indices], summary.minima, atol=1e-3)
    assert summary.best_minimum == 0 and np.allclose(summary.minima[0], (0.0, 0.0), atol=1e-6)


def test_a_staircase_where_every_ball_rests_at_its_start_has_no_minimum():
    chosen, simulation = finished_run("error-rate", 2000, 1.0)
    summary = restart_summary(simulation, critical_points_of(chosen.landscape, chosen.known_points),
                              chosen.landscape)
    assert summary.reached == () and summary.elsewhere == 2000 and summary.best_minimum == -1
