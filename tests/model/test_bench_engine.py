"""The engine section of `gdsim bench` on tiny batches (no timing asserts: budgets are for people),
and the fast path it measures: in-place kernels and the one-group step give the same numbers as
the general step."""

import json
import warnings

import numpy as np
import pytest

from gdsim.bench.engine import (
    ENGINE_BALLS,
    ENGINE_LANDSCAPES,
    ENGINE_OPTIMIZERS,
    engine_figures,
    format_engine_figures,
)
from gdsim.model.balls import Ball
from gdsim.model.presets import preset
from gdsim.model.simulation import BallStatus, Simulation

FIGURE_KEYS = {"kind", "optimizer", "landscape", "balls", "steps", "samples", "ball_steps_per_s", "iqr",
               "every_ball_ran", "torch_version", "torch_threads", "torch_ball_steps_per_s", "torch_iqr",
               "ratio_vs_torch", "max_abs_difference_vs_torch", "torch_agrees"}


# --- the bench ---------------------------------------------------------------------------------

def test_the_bench_covers_the_sizes_optimizers_and_landscapes_of_the_issue():
    assert ENGINE_BALLS == (1, 100, 10_000, 100_000)
    assert ENGINE_OPTIMIZERS == ("sgd", "momentum", "nag", "adam")
    assert ENGINE_LANDSCAPES == ("momentum-demo", "rosenbrock")


def test_engine_figures_on_tiny_batches_are_well_formed_json():
    figures = engine_figures(quick=True, balls=(1, 7), optimizers=("sgd", "nag"), landscapes=ENGINE_LANDSCAPES,
                             use_torch=False)

    assert [(f["landscape"], f["optimizer"], f["balls"]) for f in figures] == [
        (landscape, optimizer, balls) for landscape in ENGINE_LANDSCAPES for optimizer in ("sgd", "nag")
        for balls in (1, 7)]
    for figure in figures:
        assert set(figure) == FIGURE_KEYS
        assert figure["kind"] == "engine"
        assert figure["ball_steps_per_s"] > 0 and figure["iqr"] >= 0
        assert figure["samples"] == 5 and figure["steps"] >= 3
        assert figure["every_ball_ran"]
        assert figure["torch_ball_steps_per_s"] is None and figure["ratio_vs_torch"] is None
    assert json.loads(json.dumps(figures, allow_nan=False)) == figures


def fake_figure(**changes):
    figure = dict.fromkeys(FIGURE_KEYS)
    figure.update(kind="engine", optimizer="nag", landscape="momentum-demo", balls=10_000, steps=100, samples=5,
                  ball_steps_per_s=6.0e7, iqr=1.0e6, every_ball_ran=True)
    figure.update(changes)
    return figure


def test_the_table_shows_each_figure_and_says_when_torch_is_missing():
    text = format_engine_figures([fake_figure(), fake_figure(optimizer="adam", balls=1, ball_steps_per_s=3e4,
                                                             iqr=3e3, every_ball_ran=False)])
    lines = text.splitlines()
    assert "torch is not importable" in lines[0]
    assert len(lines) == 4  # title, header, two rows: no budget line without torch
    assert "Nesterov" in lines[2] and "10,000" in lines[2] and "6e+07" in lines[2]
    assert "Adam" in lines[3] and "some balls stopped" in lines[3]


def torch_figure(ratio, agrees=True, **changes):
    return fake_figure(torch_version="2.13.0+cpu", torch_threads=1, torch_ball_steps_per_s=6.0e7 / ratio,
                       torch_iqr=1e6, ratio_vs_torch=ratio, max_abs_difference_vs_torch=3e-15 if agrees else 1e-3,
                       torch_agrees=agrees, **changes)


@pytest.mark.parametrize(("ratio", "agrees", "verdict"), [(3.5, True, "met"), (2.5, True, "MISSED"),
                                                          (3.5, False, "MISSED")])
def test_the_table_judges_the_budget_line(ratio, agrees, verdict):
    lines = format_engine_figures([torch_figure(ratio, agrees)]).splitlines()
    assert "torch 2.13.0+cpu" in lines[0]
    assert f"{ratio:.2f}×" in lines[2]
    assert lines[-1].startswith("budget: every optimizer on every landscape at 10,000 balls ≥ 3× torch.optim")
    assert lines[-1].endswith(verdict)


def test_the_budget_holds_every_optimizer_on_every_landscape_to_it_and_names_the_lowest():
    figures = [torch_figure(5.3), torch_figure(2.9, optimizer="adam", landscape="rosenbrock"),
               torch_figure(1.5, optimizer="adam", landscape="rosenbrock", balls=100_000)]  # not the budget's size

    budget = format_engine_figures(figures).splitlines()[-1]

    assert "lowest 2.90× (Adam on rosenbrock)" in budget
    assert budget.endswith("MISSED")


# --- the fast path it measures ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["momentum-demo", "rosenbrock"])
def test_a_kernel_gives_the_same_gradient_with_or_without_the_value_and_the_same_value_alone(name):
    # A Nesterov ball takes the gradient alone at its look-ahead point; a ball in a mixed run gets it
    # from value_and_gradient. Bit for bit the same, or mixed and lone runs would part.
    landscape = preset(name).landscape
    points = np.random.default_rng(3).uniform(-4, 4, size=(500, 2))
    kernel = landscape.workspace(len(points))
    values, gradients, alone = np.empty(500), np.empty((500, 2), order="F"), np.empty((500, 2))
    kernel.value_and_gradient(points, values, gradients)
    kernel.gradient(points, alone)
    values_alone = np.empty(500)
    kernel.value(points, values_alone)  # a Nesterov run's losses: the gradient at the balls waits until asked for

    np.testing.assert_array_equal(alone, gradients)
    np.testing.assert_array_equal(values_alone, values)
    plain_values, plain_gradients = landscape.value_and_gradient(points)
    np.testing.assert_array_equal(values, plain_values)
    np.testing.assert_array_equal(gradients, plain_gradients)


def test_the_momentum_demo_kernel_matches_the_expanded_formula():
    points = np.random.default_rng(4).uniform((-3, -6), (3, 7), size=(1000, 2))
    x, y = points[:, 0], points[:, 1]
    f = (0.4 * x**2 * y**2 + 0.3 * x**2 * y + 0.3 * x**2 + 0.3 * y**2 - 0.25 * x * y**2 + 0.31 * x * y
         - 0.2 * x + 2.1 * y)
    gx = 0.8 * x * y**2 + 0.6 * x * y + 0.6 * x - 0.25 * y**2 + 0.31 * y - 0.2
    gy = 0.8 * x**2 * y + 0.3 * x**2 + 0.6 * y - 0.5 * x * y + 0.31 * x + 2.1
    values, gradients = preset("momentum-demo").landscape.value_and_gradient(points)
    np.testing.assert_allclose(values, f, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(gradients, np.column_stack([gx, gy]), rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("kind", ENGINE_OPTIMIZERS)
@pytest.mark.parametrize("name", ["momentum-demo", "rosenbrock", "himmelblau"])
def test_one_optimizer_for_every_ball_steps_exactly_as_the_general_step(kind, name):
    # The one-group path runs while every ball runs; a second group (one more ball) forces the
    # general path, which gathers and scatters by index. The shared balls must not notice.
    chosen = preset(name)
    params = chosen.suggested_params(kind)
    starts = np.array(chosen.start) + np.random.default_rng(5).uniform(-0.2, 0.2, size=(40, 2))
    balls = [Ball.make(kind, start, **params) for start in starts]
    other = Ball.make("rmsprop", chosen.start)
    alone = Simulation(chosen.landscape, balls)
    mixed = Simulation(chosen.landscape, balls + [other])
    assert alone._sole_optimizer is not None and mixed._sole_optimizer is None

    alone.advance(60)
    mixed.advance(60)

    np.testing.assert_array_equal(alone.history.positions[:61], mixed.history.positions[:61, :40])
    np.testing.assert_array_equal(alone.history.losses[:61], mixed.history.losses[:61, :40])
    np.testing.assert_array_equal(alone.gradients, mixed.gradients[:40])
    np.testing.assert_array_equal(alone.status, mixed.status[:40])


def test_a_ball_that_stops_on_the_fast_path_freezes_and_the_others_go_on():
    start = (-3.0, 4.0)
    bowl = preset("bowl").landscape
    balls = [Ball.make("sgd", start, lr=lr) for lr in (10.0, 0.5, 0.01)]  # diverges, converges, runs
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        simulation = Simulation(bowl, balls)
        simulation.advance(60)

    assert simulation.status.tolist() == [BallStatus.DIVERGED, BallStatus.CONVERGED, BallStatus.RUNNING]
    for index in (0, 1):
        stop = simulation.stopped_at[index]
        positions = simulation.history.positions[stop:simulation.history.length, index]
        np.testing.assert_array_equal(positions, np.broadcast_to(positions[0], positions.shape))
    np.testing.assert_allclose(simulation.positions[2], np.array(start) * 0.98**60, rtol=1e-12)


def test_arrays_handed_out_before_a_step_are_not_overwritten_by_it():
    balls = [Ball.make("nag", (0.5, 5.8)), Ball.make("nag", (1.0, 1.0))]
    simulation = Simulation(preset("momentum-demo").landscape, balls)
    simulation.advance(3)
    kept = (simulation.positions, simulation.losses, simulation.gradients)
    copies = tuple(a.copy() for a in kept)
    simulation.advance(5)
    for array, copy in zip(kept, copies, strict=True):
        np.testing.assert_array_equal(array, copy)


def test_reset_reuses_the_history_buffers_and_repeats_the_run():
    simulation = Simulation(preset("rosenbrock").landscape, [Ball.make("adam", (-1.2, 1.0), lr=0.04)] * 3,
                            history_capacity=32)
    simulation.advance(100)  # thins the history several times
    first = simulation.positions.copy(), simulation.history.steps[:simulation.history.length].copy()
    buffer = simulation.history.positions

    simulation.reset()
    assert simulation.history.positions is buffer
    assert simulation.history.length == 1 and simulation.history.thinned == 0
    simulation.advance(100)

    np.testing.assert_array_equal(simulation.positions, first[0])
    np.testing.assert_array_equal(simulation.history.steps[:simulation.history.length], first[1])


@pytest.mark.parametrize("capacity", [4, 5, 6, 64])
def test_a_short_history_keeps_every_step_it_shows_as_a_long_one_does(capacity):
    # Each step writes its positions straight into the history's next row; just thinned, a history of
    # 4 or 5 rows has no row to spare besides the newest, which holds the positions the step reads.
    chosen = preset("rosenbrock")
    balls = [Ball.make("nag", (x, 1.0), **chosen.suggested_params("nag")) for x in (-1.5, -1.0, 0.5)]
    long_run = Simulation(chosen.landscape, balls, history_capacity=200)
    long_run.advance(100)
    short_run = Simulation(chosen.landscape, balls, history_capacity=capacity)
    for _ in range(100):
        short_run.advance(1)
        history = short_run.history
        kept = history.steps[:history.length]
        assert kept[-1] == short_run.step_count
        np.testing.assert_array_equal(history.positions[:history.length], long_run.history.positions[kept])
        np.testing.assert_array_equal(history.losses[:history.length], long_run.history.losses[kept])
    assert history.thinned > 0 and not short_run.finished


def test_the_run_s_positions_and_losses_cannot_be_written_to_behind_its_history_s_back():
    simulation = Simulation(preset("bowl").landscape, [Ball.make("sgd", (-3.0, 4.0), lr=0.1)])
    simulation.advance(2)
    for array in (simulation.positions, simulation.losses):
        with pytest.raises(ValueError):
            array[0] = 0


def test_nesterov_balls_that_leave_the_gradient_until_asked_stop_where_and_when_the_general_step_stops_them():
    # On a kernel that gives values alone, Nesterov's fast steps skip the gradient at the balls and
    # judge from the step along x₁ whether a ball may have converged.
    chosen = preset("momentum-demo")
    params = chosen.suggested_params("nag")
    starts = np.array(chosen.start) + np.random.default_rng(5).uniform(-0.2, 0.2, size=(20, 2))
    balls = [Ball.make("nag", start, **params) for start in starts]
    alone = Simulation(chosen.landscape, balls)
    mixed = Simulation(chosen.landscape, balls + [Ball.make("rmsprop", chosen.start)])
    assert alone._gradients_when_asked and not mixed._gradients_when_asked

    alone.advance(700)
    mixed.advance(700)

    assert alone.finished and np.all(alone.status == BallStatus.CONVERGED)
    assert len(set(alone.stopped_at.tolist())) > 1  # the first to stop left the others on the general step
    np.testing.assert_array_equal(alone.status, mixed.status[:20])
    np.testing.assert_array_equal(alone.stopped_at, mixed.stopped_at[:20])
    rows = alone.history.length
    np.testing.assert_array_equal(alone.history.positions[:rows], mixed.history.positions[:rows, :20])
    np.testing.assert_array_equal(alone.history.losses[:rows], mixed.history.losses[:rows, :20])
    np.testing.assert_array_equal(alone.gradients, mixed.gradients[:20])


def test_a_nesterov_run_gives_the_gradient_at_its_balls_when_asked():
    chosen = preset("rosenbrock")
    simulation = Simulation(chosen.landscape, [Ball.make("nag", start, **chosen.suggested_params("nag"))
                                               for start in [(-1.2, 1.0), (0.5, 0.5)]])
    simulation.advance(5)
    _, expected = chosen.landscape.value_and_gradient(simulation.positions)

    np.testing.assert_array_equal(simulation.snapshot().gradients, expected)
    np.testing.assert_array_equal(simulation.gradients, expected)
