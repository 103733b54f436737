"""The timeline: any step of a run restored exactly from checkpoints, with flat memory."""

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import preset
from gdsim.model.schedules import Schedule
from gdsim.model.simulation import Simulation
from gdsim.model.timeline import Timeline, save_state

SETTINGS = {OptimizerKind.SGD: {"lr": 0.01}, OptimizerKind.MOMENTUM: {"lr": 0.01, "momentum": 0.9, "form": "torch"},
            OptimizerKind.NAG: {"lr": 0.01, "momentum": 0.9}, OptimizerKind.ADAGRAD: {"lr": 0.3},
            OptimizerKind.RMSPROP: {"lr": 0.01}, OptimizerKind.ADAM: {"lr": 0.05},
            OptimizerKind.ADAMW: {"lr": 0.05, "weight_decay": 0.1}, OptimizerKind.AMSGRAD: {"lr": 0.05}, OptimizerKind.ADAMAX: {"lr": 0.05}, OptimizerKind.NADAM: {"lr": 0.05}, OptimizerKind.RADAM: {"lr": 0.05}, OptimizerKind.ADADELTA: {"lr": 1.0}, OptimizerKind.RPROP: {"lr": 0.05},
            OptimizerKind.LBFGS: {"lr": 0.5, "line_search": "strong_wolfe"}, OptimizerKind.NEWTON: {"lr": 0.05},
            OptimizerKind.LION: {"lr": 0.05}}
SCHEDULES = (None, Schedule("step", {"step_size": 7, "gamma": 0.5}), Schedule("cosine", {"T_max": 40}))


def one_optimizer(kind, schedule=None):
    """Every ball with one optimizer: the engine's fast path."""
    balls = [Ball.make(kind, start, schedule=schedule, **SETTINGS[kind]) for start in ((-1.5, 1.0), (1.2, -0.8))]
    return Simulation(preset("momentum-demo").landscape, balls, measure_paths=True)


def every_optimizer(capacity=2048):
    """All seven optimizers at once, some scheduled, one ball sure to diverge: the per-group path."""
    balls = [Ball.make(kind, (-1.5 + 0.3 * i, 1.0), schedule=SCHEDULES[i % 3], **SETTINGS[kind])
             for i, kind in enumerate(OptimizerKind)]
    balls.append(Ball.make("sgd", (0.5, 0.5), lr=5.0))
    return Simulation(preset("momentum-demo").landscape, balls, history_capacity=capacity, measure_paths=True)


def crawling(capacity=2048):
    """Momentum crawling along Rosenbrock's valley: still running at step 100,000."""
    balls = [Ball.make("momentum", start, lr=1e-4, momentum=0.5) for start in ((-1.5, 1.0), (1.2, -0.8))]
    return Simulation(preset("rosenbrock").landscape, balls, history_capacity=capacity)


def assert_same_state(shown: Simulation, fresh: Simulation):
    mine, theirs = save_state(shown), save_state(fresh)
    assert mine.step == theirs.step
    for name in ("positions", "losses", "status", "stopped_at", "on_flat_ground", "path_lengths"):
        np.testing.assert_array_equal(getattr(mine, name), getattr(theirs, name), err_msg=name, strict=True)
    np.testing.assert_array_equal(shown.gradients, fresh.gradients, strict=True)
    for saved, expected in zip(mine.optimizers, theirs.optimizers, strict=True):
        assert saved.keys() == expected.keys()
        for key in saved:
            np.testing.assert_array_equal(saved[key], expected[key], err_msg=key, strict=True)
    assert shown.finished == fresh.finished


def fresh_at(make, step):
    simulation = make()
    simulation.advance(step)
    return simulation


def assert_history_reads_up_to(simulation: Simulation, step: int):
    h = simulation.history
    steps = h.steps[:h.length]
    assert steps[-1] == step and np.all(np.diff(steps) > 0)
    np.testing.assert_array_equal(h.positions[h.length - 1], simulation.positions)


@pytest.mark.parametrize("kind", list(OptimizerKind))
@pytest.mark.parametrize("schedule", SCHEDULES, ids=["constant", "step", "cosine"])
def test_seeking_any_step_gives_the_state_of_a_fresh_run_at_that_step(kind, schedule):
    def make():
        return one_optimizer(kind, schedule=schedule)
    timeline = Timeline(make(), capacity=4)  # few checkpoints: most steps are replayed from one
    timeline.advance(150)
    for step in (0, 1, 37, 149, 64, 150, 3, 150):
        assert timeline.seek(step) == step
        assert_same_state(timeline.simulation, fresh_at(make, step))
        assert_history_reads_up_to(timeline.simulation, step)


def test_every_optimizer_at_once_with_schedules_and_a_divergence_is_exact_at_every_step():
    timeline = Timeline(every_optimizer(), capacity=5)
    timeline.advance(60)
    assert timeline.simulation.status[-1] != 0  # the runaway stopped on the way
    for step in (59, 0, 12, 2, 60, 31, 30):
        timeline.seek(step)
        assert_same_state(timeline.simulation, fresh_at(every_optimizer, step))
        assert_history_reads_up_to(timeline.simulation, step)


def test_play_from_a_step_back_continues_into_the_same_future():
    timeline = Timeline(every_optimizer())
    timeline.advance(80)
    timeline.seek(25)
    assert timeline.advance(100) == 100  # past the furthest step, into new steps
    assert timeline.furthest == 125
    assert_same_state(timeline.simulation, fresh_at(every_optimizer, 125))
    assert_history_reads_up_to(timeline.simulation, 125)
    timeline.seek(124)
    assert_same_state(timeline.simulation, fresh_at(every_optimizer, 124))


def test_step_back_after_step_is_the_identity():
    timeline = Timeline(one_optimizer(OptimizerKind.ADAM))
    timeline.advance(10)
    before = save_state(timeline.simulation)
    timeline.advance(1)
    timeline.seek(timeline.step - 1)
    after = save_state(timeline.simulation)
    np.testing.assert_array_equal(after.positions, before.positions, strict=True)
    for key in before.optimizers[0]:
        np.testing.assert_array_equal(after.optimizers[0][key], before.optimizers[0][key], strict=True)


def test_step_3_of_a_50000_step_run_is_exact_though_the_history_kept_far_less():
    def make():
        return crawling(capacity=512)
    timeline = Timeline(make())
    assert timeline.advance(50_000) == 50_000
    assert 3 not in timeline.simulation.history.steps[:timeline.simulation.history.length]
    timeline.seek(3)
    assert_same_state(timeline.simulation, fresh_at(make, 3))
    assert timeline.simulation.history.steps[:timeline.simulation.history.length].tolist() == [0, 1, 2, 3]
    timeline.seek(50_000)  # and back to the end at once
    assert_same_state(timeline.simulation, fresh_at(make, 50_000))


def test_checkpoints_stay_few_and_spread_over_the_whole_run():
    timeline = Timeline(crawling())
    assert timeline.advance(100_000) == 100_000
    steps = sorted(timeline.checkpoints)
    assert len(steps) <= 64 and steps[0] == 0
    assert steps[-1] > 100_000 - 2 * timeline.spacing
    assert np.all(np.diff(steps) == timeline.spacing)


def test_seek_is_clamped_to_the_steps_reached_and_a_finished_run_stays_finished():
    def make():
        return Simulation(preset("bowl").landscape, [Ball.make("sgd", (1.0, 1.0), lr=0.5)])
    timeline = Timeline(make())
    assert timeline.advance(100) < 100  # converged on the way
    end = timeline.step
    assert timeline.seek(10_000) == end and timeline.seek(-5) == 0
    assert not timeline.simulation.finished
    assert timeline.seek(end) == end and timeline.simulation.finished
    assert_same_state(timeline.simulation, fresh_at(make, end))


def test_reset_forgets_the_steps_reached():
    timeline = Timeline(one_optimizer(OptimizerKind.NAG))
    timeline.advance(30)
    timeline.seek(4)
    timeline.reset()
    assert timeline.step == 0 and timeline.furthest == 0 and list(timeline.checkpoints) == [0]
    timeline.advance(5)
    assert_same_state(timeline.simulation, fresh_at(lambda: one_optimizer(OptimizerKind.NAG), 5))


def test_a_ball_stopped_at_a_checkpoint_stays_stopped_when_the_run_comes_back_to_it():
    def make():  # one optimizer (the engine's fast path) with a runaway among the balls
        balls = [Ball.make("sgd", (0.5, 0.5), lr=5.0), Ball.make("sgd", (-1.5, 1.0), lr=0.01)]
        return Simulation(preset("momentum-demo").landscape, balls, measure_paths=True)
    timeline = Timeline(make(), capacity=4)
    timeline.advance(40)
    assert timeline.simulation.status[0] != 0 and timeline.simulation.stopped_at[0] < 16
    for step in (2, 35, 1, 17):
        timeline.seek(step)
        assert_same_state(timeline.simulation, fresh_at(make, step))


def test_state_at_a_step_leaves_the_step_shown_where_it_was():
    timeline = Timeline(every_optimizer(), capacity=4)
    timeline.advance(50)
    timeline.seek(20)
    state = timeline.state_at(33)
    assert timeline.step == 20 and timeline.furthest == 50
    assert_same_state(timeline.simulation, fresh_at(every_optimizer, 20))
    fresh = fresh_at(every_optimizer, 33)
    np.testing.assert_array_equal(state.positions, fresh.positions, strict=True)
    assert state.step == 33 and state.optimizers[-1]["t"] == save_state(fresh).optimizers[-1]["t"]


def test_a_crowd_keeps_fewer_checkpoints_and_a_few_balls_every_one():
    from gdsim.model.timeline import CHECKPOINTS, checkpoint_capacity
    assert checkpoint_capacity(1) == checkpoint_capacity(4000) == CHECKPOINTS
    assert checkpoint_capacity(10_000) == 25 and checkpoint_capacity(1_000_000) == 8
