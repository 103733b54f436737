"""The multi-ball simulation: statuses, frozen balls, mixed optimizers, bounded history,
snapshots, and the numbers of LESSONS.md coming out of the engine."""

import warnings

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.history import History
from gdsim.model.presets import preset
from gdsim.model.simulation import (
    DEFAULT_TOLERANCE,
    DIVERGENCE_BOUND,
    BallStatus,
    Simulation,
    run,
    trajectories,
)

BOWL = preset("bowl").landscape
MOMENTUM_DEMO = preset("momentum-demo").landscape
L4_MINIMUM = (0.4824, -4.2560)
L4_MINIMUM_VALUE = -4.9622


def sgd(start, lr):
    return Ball.make("sgd", start, lr=lr)


def bowl_sgd_position(start, lr, step):
    """SGD on x² + y² in closed form: x_k = (1 − 2η)^k · x₀."""
    return np.asarray(start, dtype=float) * (1.0 - 2.0 * lr) ** step


def rows_of_ball(simulation, index):
    h = simulation.history
    return h.steps[:h.length], h.positions[:h.length, index], h.losses[:h.length, index]


# --- converged -------------------------------------------------------------------------------

def test_converged_ball_stops_at_the_first_step_where_gradient_and_step_are_below_tolerance():
    simulation = run(BOWL, [sgd((-3.0, 4.0), 0.1)], steps=1000)

    assert simulation.status[0] == BallStatus.CONVERGED
    stop = int(simulation.stopped_at[0])
    assert 0 < stop < 1000
    steps, positions, _ = rows_of_ball(simulation, 0)
    assert steps[-1] == stop and simulation.step_count == stop  # the only ball stopped: no more steps

    def settled(k):
        gradient = 2.0 * positions[k]
        return (np.linalg.norm(gradient) <= DEFAULT_TOLERANCE
                and np.linalg.norm(positions[k] - positions[k - 1]) <= DEFAULT_TOLERANCE)

    assert settled(stop)
    assert not any(settled(k) for k in range(1, stop))


def test_a_looser_tolerance_stops_the_ball_sooner():
    strict = run(BOWL, [sgd((-3.0, 4.0), 0.1)], steps=1000)
    loose = run(BOWL, [sgd((-3.0, 4.0), 0.1)], steps=1000, tolerance=1e-4)
    assert loose.status[0] == BallStatus.CONVERGED
    assert loose.stopped_at[0] < strict.stopped_at[0]


def test_trajectories_of_a_converged_ball_end_at_the_step_it_stopped():
    simulation = run(BOWL, [sgd((-3.0, 4.0), 0.1), sgd((-3.0, 4.0), 0.001)], steps=300)
    converged, running = trajectories(simulation)

    assert converged["status"] == "converged"
    stop = converged["stopped_at"]
    assert isinstance(stop, int)
    np.testing.assert_array_equal(converged["steps"], np.arange(stop + 1))
    assert len(converged["trajectory"]) == len(converged["loss"]) == stop + 1

    assert running["status"] == "running" and running["stopped_at"] is None
    np.testing.assert_array_equal(running["steps"], np.arange(301))
    assert len(running["trajectory"]) == len(running["loss"]) == 301


def test_advance_reports_fewer_steps_once_every_ball_has_stopped():
    simulation = Simulation(BOWL, [sgd((-3.0, 4.0), 0.1)])
    taken = simulation.advance(1000)
    assert taken == simulation.stopped_at[0] == simulation.step_count
    assert simulation.finished
    assert simulation.advance(10) == 0
    assert simulation.step_count == taken


@pytest.mark.parametrize(("y0", "passes_within"), [(0.01, 0.3), (1e-12, 1e-5)])
def test_a_ball_sliding_through_a_saddle_is_not_frozen_there(y0, passes_within):
    # A convergence test on the gradient alone would stop these balls on the ridge of x² − y².
    simulation = run(preset("saddle").landscape, [sgd((-2.8, y0), 0.05)], steps=1000)

    _, positions, _ = rows_of_ball(simulation, 0)
    assert np.min(np.linalg.norm(positions, axis=1)) < passes_within  # it slid close to the saddle
    assert simulation.status[0] == BallStatus.DIVERGED  # and then escaped downhill along y
    assert abs(simulation.positions[0, 1]) > 1e6


# --- diverged --------------------------------------------------------------------------------

@pytest.mark.parametrize("errstate", ["warn", "raise"])
@pytest.mark.parametrize("lr", [10.0, 1e9, 1e300])
def test_diverging_ball_stops_with_the_step_number_and_no_numpy_warning(lr, errstate):
    start = (-3.0, 4.0)
    with warnings.catch_warnings(), np.errstate(all=errstate):
        warnings.simplefilter("error")
        simulation = run(BOWL, [sgd(start, lr)], steps=100)
        snapshot = simulation.snapshot()
        results = trajectories(simulation)

    factor = abs(1.0 - 2.0 * lr)
    first_beyond_bound = next(k for k in range(1, 100) if 4.0 * factor ** k > DIVERGENCE_BOUND)
    assert simulation.status[0] == BallStatus.DIVERGED
    assert simulation.stopped_at[0] == first_beyond_bound
    assert snapshot.finished
    assert results[0]["status"] == "diverged"
    assert results[0]["stopped_at"] == first_beyond_bound
    assert len(results[0]["trajectory"]) == first_beyond_bound + 1


@pytest.mark.parametrize("start", [(1e308, 1e308), (1e200, 1e200), (1e160, 0.0)])
def test_a_start_too_far_out_is_diverged_at_step_zero_without_a_numpy_warning(start):
    with warnings.catch_warnings(), np.errstate(all="warn"):
        warnings.simplefilter("error")
        simulation = Simulation(BOWL, [sgd(start, 0.1), sgd((1.0, 1.0), 0.1)])
        simulation.advance(3)

    assert simulation.status[0] == BallStatus.DIVERGED
    assert simulation.stopped_at[0] == 0
    assert simulation.status[1] == BallStatus.RUNNING
    assert simulation.step_count == 3


def test_nan_positions_of_a_diverged_nesterov_ball_leak_no_warning_and_do_not_touch_others():
    balls = [Ball.make("nag", (0.5, 5.8), lr=1e150, momentum=0.9),
             Ball.make("nag", (0.5, 5.8), lr=0.005, momentum=0.9)]
    with warnings.catch_warnings(), np.errstate(all="warn"):
        warnings.simplefilter("error")
        simulation = run(MOMENTUM_DEMO, balls, steps=40)
    alone = run(MOMENTUM_DEMO, balls[1:], steps=40)

    assert simulation.status.tolist() == [BallStatus.DIVERGED, BallStatus.RUNNING]
    np.testing.assert_array_equal(simulation.positions[1], alone.positions[0])


# --- frozen balls and mixed optimizers --------------------------------------------------------

def test_stopped_balls_stay_put_while_the_others_keep_moving():
    start = (-3.0, 4.0)
    balls = [sgd(start, 10.0), sgd(start, 0.5), sgd(start, 0.01)]  # diverges, converges, runs
    simulation = Simulation(BOWL, balls)
    simulation.advance(60)

    assert simulation.status.tolist() == [BallStatus.DIVERGED, BallStatus.CONVERGED, BallStatus.RUNNING]
    assert simulation.step_count == 60
    steps = simulation.history.steps[:simulation.history.length]
    for index in (0, 1):
        stop = simulation.stopped_at[index]
        _, positions, losses = rows_of_ball(simulation, index)
        after = steps >= stop
        assert np.count_nonzero(after) > 10
        np.testing.assert_array_equal(positions[after], np.broadcast_to(positions[steps == stop], (after.sum(), 2)))
        np.testing.assert_array_equal(losses[after], losses[steps == stop][0])
    _, running_positions, _ = rows_of_ball(simulation, 2)
    for step, position in zip(steps, running_positions, strict=True):
        np.testing.assert_allclose(position, bowl_sgd_position(start, 0.01, step), rtol=1e-12)


def test_mixed_optimizers_in_one_simulation_match_each_ball_run_alone():
    balls = [Ball.make("nag", (0.5, 5.8), lr=0.005, momentum=0.9),
             Ball.make("sgd", (0.5, 5.8), lr=0.01),
             Ball.make("momentum", (-1.0, 2.0), lr=0.005, momentum=0.9),
             Ball.make("sgd", (2.0, -3.0), lr=0.002),
             Ball.make("momentum", (0.5, 5.8), lr=0.001, momentum=0.5)]
    together = run(MOMENTUM_DEMO, balls, steps=200)

    for index, ball in enumerate(balls):
        alone = run(MOMENTUM_DEMO, [ball], steps=200)
        _, positions, losses = rows_of_ball(together, index)
        np.testing.assert_array_equal(positions, alone.history.positions[:alone.history.length, 0])
        np.testing.assert_array_equal(losses, alone.history.losses[:alone.history.length, 0])
        assert together.status[index] == alone.status[0]


def test_start_with_the_wrong_number_of_coordinates_is_rejected():
    with pytest.raises(ValueError, match="3 coordinates"):
        Simulation(BOWL, [sgd((1.0, 2.0, 3.0), 0.1)])


# --- history stays bounded ---------------------------------------------------------------------

def test_history_memory_stays_flat_over_100k_steps():
    history = History(capacity=64, count=3, dim=2)
    buffers = (history.steps, history.positions, history.losses)
    nbytes = sum(b.nbytes for b in buffers)

    for step in range(100_001):
        history.append(step, np.full((3, 2), float(step)), np.full(3, float(step)))
        assert history.length <= history.capacity

    current = (history.steps, history.positions, history.losses)
    assert all(now is before for now, before in zip(current, buffers, strict=True))  # same arrays, never regrown
    assert sum(b.nbytes for b in buffers) == nbytes
    assert history.capacity == 64
    assert history.thinned > 0
    steps = history.steps[:history.length]
    assert steps[0] == 0 and steps[-1] == 100_000
    assert np.all(np.diff(steps) > 0)
    # every kept row still belongs to its step
    np.testing.assert_array_equal(history.positions[:history.length], np.broadcast_to(
        steps[:, None, None].astype(float), (history.length, 3, 2)))
    np.testing.assert_array_equal(history.losses[:history.length],
                                  np.broadcast_to(steps[:, None].astype(float), (history.length, 3)))


def test_thinned_history_still_covers_the_whole_run():
    history = History(capacity=256, count=1, dim=2)
    for step in range(100_001):
        history.append(step, np.zeros((1, 2)), np.zeros(1))
    steps = history.steps[:history.length]
    # a trail drawn from it has no hole: every tenth of the run keeps some rows
    counts = np.histogram(steps, bins=10, range=(0, 100_000))[0]
    assert np.all(counts > 0), counts
    assert np.max(np.diff(steps)) < 100_000 / 10


def test_thinned_simulation_history_keeps_the_start_the_latest_step_and_the_true_positions():
    start, lr = (-3.0, 4.0), 1e-6  # hardly moves, so it keeps running
    simulation = Simulation(BOWL, [sgd(start, lr), Ball.make("momentum", start, lr=lr)],
                            history_capacity=64)
    simulation.advance(5000)
    snapshot = simulation.snapshot()

    assert simulation.step_count == 5000 and not simulation.finished
    assert snapshot.history_thinned > 0
    assert len(snapshot.history_steps) <= 64
    assert snapshot.history_steps[0] == 0 and snapshot.history_steps[-1] == 5000
    assert np.all(np.diff(snapshot.history_steps) > 0)
    np.testing.assert_array_equal(snapshot.history_positions[0], [start, start])
    np.testing.assert_array_equal(snapshot.history_positions[-1], snapshot.positions)
    for step, positions in zip(snapshot.history_steps, snapshot.history_positions, strict=True):
        np.testing.assert_allclose(positions[0], bowl_sgd_position(start, lr, step), rtol=1e-12)


def test_history_capacity_below_four_is_rejected():
    with pytest.raises(ValueError, match="at least 4"):
        History(capacity=3, count=1, dim=2)


# --- snapshots -------------------------------------------------------------------------------

def test_snapshot_values_are_copies_that_later_steps_do_not_change():
    simulation = Simulation(BOWL, [sgd((-3.0, 4.0), 0.1), sgd((1.0, 1.0), 10.0)])
    simulation.advance(3)
    snapshot = simulation.snapshot()
    kept = {name: getattr(snapshot, name).copy() for name in ("positions", "losses", "status", "stopped_at")}

    simulation.advance(10)

    for name, value in kept.items():
        np.testing.assert_array_equal(getattr(snapshot, name), value)
    assert snapshot.step == 3


def test_editing_a_snapshot_does_not_change_the_simulation():
    simulation = Simulation(BOWL, [sgd((-3.0, 4.0), 0.1)])
    simulation.advance(2)
    snapshot = simulation.snapshot()
    snapshot.positions[:] = 99.0
    snapshot.losses[:] = 99.0
    assert not np.any(simulation.positions == 99.0)
    assert not np.any(simulation.losses == 99.0)


def test_snapshot_history_arrays_are_read_only():
    simulation = Simulation(BOWL, [sgd((-3.0, 4.0), 0.1)])
    simulation.advance(2)
    snapshot = simulation.snapshot()
    for array in (snapshot.history_steps, snapshot.history_positions, snapshot.history_losses):
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = 0


def test_a_new_simulation_gets_a_new_run_id():
    first = Simulation(BOWL, [sgd((-3.0, 4.0), 0.1)])
    second = Simulation(BOWL, [sgd((-3.0, 4.0), 0.1)])
    assert first.snapshot().run_id != second.snapshot().run_id


# --- the lessons' numbers ----------------------------------------------------------------------

@pytest.mark.parametrize(("lr", "steps", "theta"), [
    (0.01, 5, 3.616), (1.2, 5, -21.51), (0.1, 5, 1.311), (0.1, 50, 5.7e-5), (0.01, 500, 1.641e-4)])
def test_lesson_l1_parabola_numbers_along_one_axis_of_the_bowl(lr, steps, theta):
    # x² + y² restricted to x = 0 is L1's θ²: the same update θ ← θ − η·2θ.
    simulation = run(BOWL, [sgd((0.0, 4.0), lr)], steps=steps)
    assert simulation.step_count == steps and simulation.status[0] == BallStatus.RUNNING
    assert simulation.positions[0, 0] == 0.0
    assert simulation.positions[0, 1] == pytest.approx(theta, rel=2e-3)


def test_lesson_l2_gradient_method_on_the_bowl_reaches_the_origin_in_100_steps():
    simulation = run(BOWL, [sgd((-3.0, 4.0), 0.1)], steps=100)
    assert simulation.step_count == 100
    np.testing.assert_allclose(simulation.positions[0], (-6.1e-10, 8.1e-10), rtol=1e-2)


def test_lesson_l2_gradient_at_three_four_is_six_eight():
    np.testing.assert_array_equal(BOWL.gradient((3.0, 4.0)), [[6.0, 8.0]])


def test_lesson_l2_learning_rate_ten_diverges():
    simulation = run(BOWL, [sgd((-3.0, 4.0), 10.0)], steps=100)
    assert simulation.status[0] == BallStatus.DIVERGED


def test_lesson_l2_tiny_learning_rate_hardly_moves():
    simulation = run(BOWL, [sgd((-3.0, 4.0), 1e-10)], steps=100)
    assert simulation.status[0] == BallStatus.RUNNING
    assert np.linalg.norm(simulation.positions[0] - (-3.0, 4.0)) < 1e-6


def test_lesson_l4_all_three_balls_eventually_reach_the_same_minimum():
    start = (0.5, 5.8)
    balls = [Ball.make("sgd", start, lr=0.01),
             Ball.make("momentum", start, lr=0.005, momentum=0.9),
             Ball.make("nag", start, lr=0.005, momentum=0.9)]
    simulation = run(MOMENTUM_DEMO, balls, steps=6000)

    assert simulation.finished
    assert np.all(simulation.status == BallStatus.CONVERGED)
    np.testing.assert_allclose(simulation.positions, [L4_MINIMUM] * 3, atol=5e-5)
    np.testing.assert_allclose(simulation.losses, L4_MINIMUM_VALUE, atol=5e-5)
    # the momentum methods get there in far fewer steps than SGD
    sgd_stop, momentum_stop, nag_stop = simulation.stopped_at
    assert momentum_stop < sgd_stop / 2 and nag_stop < sgd_stop / 2


def test_local_minimum_preset_sgd_stays_shallow_while_momentum_rolls_into_the_deep_basin():
    chosen = preset("local-minimum")
    balls = [Ball.make(kind, chosen.start, **params) for kind, params in chosen.ball_params.items()]
    simulation = run(chosen.landscape, balls, steps=2000)

    by_kind = {str(ball.optimizer): i for i, ball in enumerate(balls)}
    assert np.all(simulation.status == BallStatus.CONVERGED)
    assert simulation.positions[by_kind["sgd"], 0] > 0  # the shallow right basin
    assert simulation.positions[by_kind["momentum"], 0] < 0  # the deep left basin
    assert simulation.losses[by_kind["momentum"]] < simulation.losses[by_kind["sgd"]] - 1.0


def test_ravine_preset_momentum_is_visibly_ahead_of_sgd():
    chosen = preset("ravine")
    balls = [Ball.make(kind, chosen.start, **params) for kind, params in chosen.ball_params.items()]
    simulation = run(chosen.landscape, balls, steps=200)
    sgd_loss, momentum_loss, nag_loss = simulation.losses
    assert momentum_loss < sgd_loss / 10 and nag_loss < sgd_loss / 10


def test_a_diverged_ball_is_last_seen_at_its_last_finite_position_within_the_bound():
    from gdsim.model.history import last_seen

    parabola = preset("parabola").landscape
    simulation = run(parabola, [sgd((4.0,), 1.2), sgd((4.0,), 0.1)], 120)
    assert simulation.status[0] == BallStatus.DIVERGED and simulation.status[1] != BallStatus.DIVERGED
    h = simulation.history
    where, loss = last_seen(h.positions[:h.length], h.losses[:h.length], np.array([0, 1]), DIVERGENCE_BOUND)
    step = simulation.stopped_at[0]
    expected = 4.0 * (-1.4) ** (step - 1)  # the step before it passed the bound
    assert abs(expected) <= DIVERGENCE_BOUND < abs(expected * 1.4)
    assert where[0, 0] == pytest.approx(expected) and loss[0] == pytest.approx(expected ** 2)
    assert where[1, 0] == pytest.approx(simulation.positions[1, 0])
    none, none_loss = last_seen(h.positions[:0], h.losses[:0], np.array([0]), DIVERGENCE_BOUND)
    assert np.isnan(none).all() and np.isnan(none_loss).all()
