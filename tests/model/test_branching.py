"""Branching a run at step k: the edited ball goes on from its exact state, the others as before, and
the ghost is the unbranched run's path."""

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.branching import BranchRefused, continue_branch, make_ghost
from gdsim.model.optimizers import _factor
from gdsim.model.presets import preset
from gdsim.model.schedules import Schedule
from gdsim.model.simulation import Simulation
from gdsim.model.timeline import Timeline

LANDSCAPE = preset("momentum-demo").landscape
K, AFTER = 25, 40


def balls(**changes):
    made = [Ball.make("sgd", (-1.5, 1.0), lr=0.01), Ball.make("momentum", (-1.5, 1.0), lr=0.01, momentum=0.9),
            Ball.make("adam", (1.2, -0.8), lr=0.05, schedule=Schedule("step", {"step_size": 7, "gamma": 0.5})),
            Ball.make("nag", (1.2, -0.8), lr=0.01, momentum=0.9)]
    for index, ball in changes.items():
        made[int(index[1:])] = ball
    return made


def simulation(of):
    return Simulation(LANDSCAPE, of, measure_paths=True)


def branched(**changes):
    """The unbranched run taken to step K, and the edited setup's run branched from it."""
    old = Timeline(simulation(balls()))
    old.advance(K)
    new = simulation(balls(**changes))
    unchanged = balls()
    fresh = np.array([a.optimizer != b.optimizer for a, b in zip(new.balls, unchanged, strict=True)])
    continue_branch(new, old.simulation, fresh)
    return old, new


def engine_with(ball: int, name: str, value: float) -> Simulation:
    """What the engine does when one ball's setting changes at step K with its state kept."""
    reference = simulation(balls())
    reference.advance(K)
    for index, optimizer, _ in reference._groups:
        if ball in index:
            row = list(index).index(ball)
            column = optimizer.params[name].copy()
            column[row] = value
            optimizer.params[name] = column
            optimizer._factors[name] = _factor(column)
    return reference


@pytest.mark.parametrize(("ball", "name", "value"), [(0, "lr", 0.05), (1, "lr", 0.002), (1, "momentum", 0.5),
                                                      (3, "momentum", 0.3)])
def test_a_changed_setting_goes_on_from_the_exact_state_at_k(ball, name, value):
    params = dict(balls()[ball].params, **{name: value})
    _, new = branched(**{f"b{ball}": Ball.make(balls()[ball].optimizer, balls()[ball].start, **params)})
    reference = engine_with(ball, name, value)
    assert new.step_count == K
    np.testing.assert_array_equal(new.positions, reference.positions, strict=True)
    new.advance(AFTER)
    reference.advance(AFTER)
    np.testing.assert_array_equal(new.positions, reference.positions, strict=True)
    np.testing.assert_array_equal(new.losses, reference.losses, strict=True)
    np.testing.assert_array_equal(new.path_lengths, reference.path_lengths, strict=True)


def test_the_other_balls_are_the_unbranched_run_exactly_and_the_past_is_drawn():
    old, new = branched(b0=Ball.make("sgd", (-1.5, 1.0), lr=0.2))
    np.testing.assert_array_equal(new.history.positions[:new.history.length],
                                  old.simulation.history.positions[:old.simulation.history.length], strict=True)
    unbranched = simulation(balls())
    unbranched.advance(K + AFTER)
    new.advance(AFTER)
    np.testing.assert_array_equal(new.positions[1:], unbranched.positions[1:], strict=True)
    assert not np.array_equal(new.positions[0], unbranched.positions[0])


def test_a_changed_optimizer_starts_fresh_where_the_ball_stands():
    old, new = branched(b0=Ball.make("momentum", (-1.5, 1.0), lr=0.01, momentum=0.9))
    alone = simulation([Ball.make("momentum", tuple(old.simulation.positions[0]), lr=0.01, momentum=0.9)])
    new.advance(AFTER)
    alone.advance(AFTER)
    np.testing.assert_array_equal(new.positions[0], alone.positions[0], strict=True)


def test_a_fresh_adam_cannot_join_adam_balls_that_have_run():
    with pytest.raises(BranchRefused):
        branched(b0=Ball.make("adam", (-1.5, 1.0), lr=0.05))


def test_the_ghost_is_the_unbranched_runs_path_from_k_with_its_final_loss():
    old, _ = branched(b1=Ball.make("momentum", (-1.5, 1.0), lr=0.01, momentum=0.5))
    ghost = make_ghost(simulation(balls()), old.simulation, 1, range(4), "Momentum η=0.01 ρ=0.9", 1, old.furthest)
    assert ghost.step == K and ghost.end_step == ghost.stopped_at[0] < K + 500  # it converged: the ghost ends there
    unbranched = simulation(balls())
    unbranched.advance(K)
    for row in range(len(ghost.positions)):
        np.testing.assert_array_equal(ghost.positions[row, 0], unbranched.positions[1], strict=True)
        if row < len(ghost.positions) - 1:
            unbranched.advance(1)
    assert unbranched.step_count == ghost.end_step
    assert ghost.final_loss == unbranched.losses[1]
    assert old.simulation.step_count == K  # the run on screen was not moved


def test_a_branchs_timeline_starts_at_k_and_seeks_back_to_it_exactly():
    _, new = branched(b0=Ball.make("sgd", (-1.5, 1.0), lr=0.2))
    timeline = Timeline(new, capacity=4)
    at_k = new.positions.copy()
    timeline.advance(300)  # the checkpoints' spacing doubles: step K is kept still
    assert K in timeline.checkpoints
    assert timeline.seek(3) == K
    np.testing.assert_array_equal(new.positions, at_k, strict=True)
    timeline.seek(200)
    reference = branched(b0=Ball.make("sgd", (-1.5, 1.0), lr=0.2))[1]
    reference.advance(200 - K)
    np.testing.assert_array_equal(new.positions, reference.positions, strict=True)
