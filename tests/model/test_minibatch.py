"""Minibatch SGD on a data fit (gdsim.model.minibatch): batches without replacement within an epoch, the
mean over the batch, seeded, replayed exactly by the timeline, and B = n equal to full batch bit for bit."""

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.fitting import fit, make_problem
from gdsim.model.minibatch import batch_rows, check_batch, epoch_of, steps_per_epoch
from gdsim.model.simulation import Simulation
from gdsim.model.timeline import Timeline


def test_an_epoch_uses_every_point_once_and_the_next_epoch_reshuffles():
    rows = [batch_rows(0, 1, step, 30, 100) for step in range(4)]  # 30 + 30 + 30 + 10
    assert [len(r) for r in rows] == [30, 30, 30, 10]
    assert sorted(np.concatenate(rows).tolist()) == list(range(100))
    assert not np.array_equal(batch_rows(0, 1, 4, 30, 100), rows[0])  # epoch 2: another permutation
    assert steps_per_epoch(100, 30) == 4 and steps_per_epoch(100, None) == steps_per_epoch(100, 100) == 1
    assert [epoch_of(k, 100, 30) for k in (0, 1, 4, 5, 8)] == [0, 1, 1, 2, 2]


def test_batches_depend_on_seed_and_ball_only_and_repeat():
    assert np.array_equal(batch_rows(3, 0, 7, 10, 100), batch_rows(3, 0, 7, 10, 100))
    assert not np.array_equal(batch_rows(3, 0, 7, 10, 100), batch_rows(4, 0, 7, 10, 100))
    assert not np.array_equal(batch_rows(3, 0, 7, 10, 100), batch_rows(3, 1, 7, 10, 100))


def test_the_minibatch_gradient_is_the_mean_over_the_batch():
    problem = make_problem("line", seed=0)
    point = np.array([[0.3, -0.2]])
    rows = batch_rows(problem.batch_seed, 0, 2, 10, problem.points)
    residual = 0.3 * problem.x[rows] - 0.2 - problem.y[rows]
    got = problem.landscape.batch_gradient(point, [0], [10], [False], 2)[0]
    assert got == pytest.approx([np.mean(residual * problem.x[rows]), np.mean(residual)], rel=1e-12)


@pytest.mark.parametrize("optimizer, params", [("sgd", {"lr": 0.7}), ("nag", {"lr": 0.3, "momentum": 0.9}),
                                               ("sgd", {"lr": 0.01, "gradient": "notebook"})])
def test_a_batch_of_every_point_is_full_batch_bit_for_bit(optimizer, params):
    problem = make_problem("sine", seed=1, noise=1.0)
    full, whole = fit(problem, [Ball.make(optimizer, **params), Ball.make(optimizer, batch=problem.points, **params)], 60)
    assert np.array_equal(full.params, whole.params) and np.array_equal(full.loss, whole.loss)


def test_a_small_batch_takes_more_steps_an_epoch_and_a_noisier_path():
    problem = make_problem("line", seed=0)
    full, small = fit(problem, [Ball.make("sgd", lr=0.5), Ball.make("sgd", lr=0.5, batch=10)], 5)
    assert len(full.steps) == 6 and len(small.steps) == 51
    assert small.epochs[-1] == 5 and list(small.epochs[:12]) == [0] + [1] * 10 + [2]
    assert not np.allclose(small.params[10], full.params[1])
    other, = fit(make_problem("line", seed=0, batch_seed=1), [Ball.make("sgd", lr=0.5, batch=10)], 5)
    assert not np.array_equal(other.params, small.params)


def test_the_timeline_replays_minibatches_exactly():
    problem = make_problem("line", seed=0)
    balls = [Ball.make("sgd", problem.init, lr=0.7), Ball.make("momentum", problem.init, lr=0.3, momentum=0.9, batch=7)]
    fresh = Simulation(problem.landscape, balls)
    fresh.advance(57)
    timeline = Timeline(Simulation(problem.landscape, balls), capacity=4)
    timeline.advance(100)
    timeline.seek(3)
    timeline.seek(57)
    assert np.array_equal(timeline.simulation.positions, fresh.positions)


@pytest.mark.parametrize("value", [0, 101, 2.5, True, "ten"])
def test_a_batch_outside_the_points_is_refused(value):
    with pytest.raises(ValueError, match=r"whole number from 1 to the number of points \(100\)"):
        check_batch(value, 100)


def test_a_batch_needs_a_data_fit():
    from gdsim.model.presets import preset

    with pytest.raises(ValueError, match="not a data fit"):
        Simulation(preset("bowl").landscape, [Ball.make("sgd", (1.0, 1.0), lr=0.1, batch=5)])


def test_explain_step_tells_the_minibatch_gradient_and_the_step_it_previews_is_taken():
    from gdsim.model.explain import explain

    problem = make_problem("sine", seed=0, noise=1.0)
    balls = [Ball.make("sgd", problem.init, lr=0.7), Ball.make("nag", problem.init, lr=0.3, momentum=0.9, batch=10)]
    simulation = Simulation(problem.landscape, balls)
    simulation.advance(13)
    preview = simulation.preview()
    told = [explain(preview, i, ball) for i, ball in enumerate(balls)]
    gradient_lines = [next(line for line in explanation.lines if line.symbol == "g") for explanation in told]
    assert [line.formula for line in gradient_lines] == ["∇f(x)", "(1/10)·Σ∇fᵢ(x̃)"]
    assert np.array_equal(gradient_lines[1].value, preview.gradients[1])
    simulation.advance(1)
    assert np.array_equal(preview.next_positions, simulation.positions)  # the batch previewed is the one taken
