"""Learning-rate sweeps: where divergence begins on the bowl, statuses as the engine's, no stray numbers."""

import math

import numpy as np
import pytest

from gdsim.model.balls import Ball, GradientSource
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.presets import preset
from gdsim.model.schedules import Schedule
from gdsim.model.simulation import BallStatus, run
from gdsim.model.sweep import (
    DivergenceOnset,
    learning_rate_sweep,
    log_range,
    recipe_label,
    sweep_learning_rates,
    sweep_status,
)

BOWL = preset("bowl")
# Around η = 1, where SGD on x² + y² turns from x ← (1 − 2η)x shrinking to growing.
NEAR_ONE = [1e-3, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 1 - 1e-9, 1 - 1e-12, np.nextafter(1.0, 0.0), 1.0,
            np.nextafter(1.0, 2.0), 1 + 1e-12, 1 + 1e-9, 1.0001, 1.001, 1.01, 1.1, 1.5, 2.0, 5.0, 10.0]


def recipe(kind: str, **params) -> Ball:
    return Ball(OptimizerKind(kind), checked_params(OptimizerKind(kind), params))


def statuses(sweep) -> dict[float, BallStatus]:
    return {p.lr: p.status for p in sweep.points}


@pytest.mark.parametrize("start", [BOWL.start, (0.3, -0.2), (4.9, 0.0), (-1e-3, 2.5)])
def test_sgd_on_the_bowl_diverges_for_every_lr_above_one_and_for_none_below(start):
    sweep = learning_rate_sweep(BOWL.landscape, start, recipe("sgd"), lrs=NEAR_ONE)
    for lr, status in statuses(sweep).items():
        assert (status == BallStatus.DIVERGED) == (lr > 1), (lr, status)
    at_one = next(p for p in sweep.points if p.lr == 1.0)
    # x → −x exactly: the ball swings between two points forever, its loss unchanged
    assert at_one.status == BallStatus.RUNNING and at_one.final_loss == pytest.approx(sum(c * c for c in start))


def test_the_default_sweep_is_60_log_spaced_values_from_1e_4_to_10_and_diverges_just_above_one():
    sweep = learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"))
    lrs = sweep.lrs
    assert len(lrs) == 60 and lrs[0] == 1e-4 and lrs[-1] == 10.0
    assert np.allclose(np.diff(np.log10(lrs)), 5 / 59)
    for lr, status in statuses(sweep).items():
        assert (status == BallStatus.DIVERGED) == (lr > 1), (lr, status)
    onset = sweep.divergence_onset
    assert onset.last_stable == lrs[lrs < 1].max() and onset.first_diverged == lrs[lrs > 1].min()
    # too small crawls, just right converges, too large diverges
    just_right = lrs[np.argmin(np.abs(lrs - 0.5))]
    assert [statuses(sweep)[lr] for lr in (lrs[0], just_right, lrs[-1])] == [
        BallStatus.RUNNING, BallStatus.CONVERGED, BallStatus.DIVERGED]


def test_the_parabola_in_one_dimension_has_the_same_threshold():
    parabola = preset("parabola")
    sweep = learning_rate_sweep(parabola.landscape, parabola.start, recipe("sgd"), lrs=NEAR_ONE)
    for lr, status in statuses(sweep).items():
        assert (status == BallStatus.DIVERGED) == (lr > 1), (lr, status)


@pytest.mark.parametrize("kind, limit", [("momentum", 1.9), ("nag", 3.8 / 5.6)])
def test_momentum_diverges_beyond_its_own_stable_limit_and_not_within_it(kind, limit):
    # On x² + y² (L = 2) with ρ = 0.9: heavy ball is stable for η < 2(1 + ρ)/L, Nesterov for
    # η < 2(1 + ρ)/(L(1 + 2ρ)). Below the limit heavy ball's early overshoot lifts the loss far above the start's
    # (200 times at 0.9 of the limit), then dies away.
    lrs = [limit * f for f in (0.3, 0.6, 0.9, 0.97, 0.999, 1.001, 1.03, 1.1, 1.5, 3.0)]
    sweep = learning_rate_sweep(BOWL.landscape, BOWL.start, recipe(kind, momentum=0.9), lrs=lrs)
    for lr, status in statuses(sweep).items():
        assert (status == BallStatus.DIVERGED) == (lr > limit), (lr, status)


def test_statuses_and_steps_to_converge_are_the_engines_for_each_ball_run_alone():
    scene = preset("momentum-demo")
    recipes = [recipe("sgd"), recipe("momentum", momentum=0.9), recipe("nag", momentum=0.9), recipe("adam")]
    lrs = log_range(1e-4, 10, 24)
    sweeps = sweep_learning_rates(scene.landscape, scene.start, recipes, lrs=lrs, steps=400, tolerance=1e-6)
    seen = set()
    for sweep, chosen in zip(sweeps, recipes, strict=True):
        assert sweep.recipe is chosen and sweep.steps == 400
        for point in sweep.points:
            alone = recipe(str(chosen.optimizer), **{**chosen.params, "lr": point.lr}).at(scene.start)
            simulation = run(scene.landscape, [alone], 400, tolerance=1e-6)
            engine = BallStatus(simulation.status[0])
            loss = float(simulation.losses[0])
            assert point.final_loss == (loss if math.isfinite(loss) else None)
            if engine == BallStatus.CONVERGED:
                assert point.status == BallStatus.CONVERGED
                assert point.steps_to_converge == simulation.stopped_at[0]
            else:
                assert point.steps_to_converge is None
                # a running ball is diverged only when still climbing at the end
                climbed = loss > simulation.history.losses[:201, 0].max()
                assert point.status == (BallStatus.DIVERGED if engine == BallStatus.DIVERGED or climbed else engine)
            seen.add(point.status)
    assert seen == set(BallStatus) - {BallStatus.UNDEFINED, BallStatus.NO_STEP}  # every start here is defined


def test_every_number_is_finite_or_none():
    scene = preset("rosenbrock")
    sweeps = sweep_learning_rates(scene.landscape, scene.start, [recipe(k) for k in OptimizerKind])
    for sweep in sweeps:
        assert math.isfinite(sweep.start_loss)
        for point in sweep.points:
            assert math.isfinite(point.lr) and point.lr > 0
            assert point.final_loss is None or math.isfinite(point.final_loss)
            assert point.steps_to_converge is None or 0 < point.steps_to_converge <= 300
            assert (point.steps_to_converge is not None) == (point.status == BallStatus.CONVERGED)


def test_a_ball_swinging_on_a_bounded_orbit_is_not_diverged():
    assert sweep_status(BallStatus.RUNNING, early_peak=9.0, final_loss=8.0) == BallStatus.RUNNING
    assert sweep_status(BallStatus.RUNNING, early_peak=9.0, final_loss=9.0) == BallStatus.RUNNING
    assert sweep_status(BallStatus.RUNNING, early_peak=9.0, final_loss=9.5) == BallStatus.DIVERGED
    assert sweep_status(BallStatus.RUNNING, early_peak=9.0, final_loss=math.inf) == BallStatus.DIVERGED
    # a ball that settled in a basin higher than its start converged there
    assert sweep_status(BallStatus.CONVERGED, early_peak=1.0, final_loss=3.0) == BallStatus.CONVERGED
    assert sweep_status(BallStatus.DIVERGED, early_peak=1.0, final_loss=0.5) == BallStatus.DIVERGED


def test_a_ball_that_climbed_and_came_back_down_is_running_though_it_ended_above_its_start():
    # RMSprop's steps are about η long whatever the gradient: with η ≥ 2 on Rosenbrock the ball leaps up the
    # walls (a loss of 10⁷ and more), then wanders back down. Still running, not diverging.
    scene = preset("rosenbrock")
    sweep = learning_rate_sweep(scene.landscape, scene.start, recipe("rmsprop"), lrs=[2.0, 5.0, 10.0])
    assert all(p.status == BallStatus.RUNNING and p.final_loss > sweep.start_loss for p in sweep.points)


def test_where_divergence_begins():
    sweep = learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"), lrs=[0.1, 0.5])
    assert sweep.divergence_onset is None
    sweep = learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"), lrs=[3.0, 2.0])
    assert sweep.divergence_onset == DivergenceOnset(None, 2.0)
    sweep = learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"), lrs=[5.0, 0.5, 1.2, 1.0])
    assert sweep.divergence_onset == DivergenceOnset(1.0, 1.2)
    assert list(sweep.lrs) == [5.0, 0.5, 1.2, 1.0]  # in the order given


def test_the_sweep_sets_lr_and_keeps_the_other_settings():
    chosen = Ball(OptimizerKind.MOMENTUM, checked_params(OptimizerKind.MOMENTUM, {"lr": 0.3, "momentum": 0.5}),
                        schedule=Schedule("step", {"step_size": 10, "gamma": 0.5}))
    sweep = learning_rate_sweep(BOWL.landscape, BOWL.start, chosen, lrs=[0.05], steps=40)
    alone = run(BOWL.landscape, [Ball(chosen.optimizer, {**chosen.params, "lr": 0.05}, schedule=chosen.schedule)
                                 .at(BOWL.start)], 40)
    assert sweep.points[0].final_loss == float(alone.losses[0])
    assert recipe_label(chosen) == "Momentum ρ=0.5 · step decay ×0.5 every 10 steps"


def test_no_steps_leave_every_ball_running_at_its_start():
    sweep = learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"), points=5, steps=0)
    assert {p.status for p in sweep.points} == {BallStatus.RUNNING}
    assert {p.final_loss for p in sweep.points} == {25.0}


def test_a_ball_following_the_users_gradient():
    wrong = recipe("sgd")
    wrong = Ball(wrong.optimizer, wrong.params, GradientSource.USER)
    with pytest.raises(ValueError, match="user's gradient"):
        learning_rate_sweep(BOWL.landscape, BOWL.start, wrong, lrs=[0.1])
    # ∇f typed as (x, y), half the true one: SGD diverges only above η = 2
    sweep = learning_rate_sweep(BOWL.landscape, BOWL.start, wrong, lrs=[1.5, 2.5], user_gradient=lambda p: p.copy())
    assert [p.status for p in sweep.points] == [BallStatus.CONVERGED, BallStatus.DIVERGED]


@pytest.mark.parametrize("kwargs", [
    {"lr_range": (1.0, 1.0)}, {"lr_range": (10.0, 1e-4)}, {"lr_range": (0.0, 1.0)}, {"lr_range": (-1.0, 1.0)},
    {"lr_range": (1e-4, math.inf)}, {"lr_range": (math.nan, 1.0)}, {"points": 1}, {"points": 0},
    {"lrs": []}, {"lrs": [0.1, 0.0]}, {"lrs": [-0.1]}, {"lrs": [math.nan]}, {"steps": -1},
])
def test_bad_input_raises_value_error(kwargs):
    with pytest.raises(ValueError):
        learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"), **kwargs)


def test_a_start_of_the_wrong_dimension_raises_value_error():
    with pytest.raises(ValueError, match="coordinates"):
        learning_rate_sweep(BOWL.landscape, (1.0,), recipe("sgd"))


def test_progress_is_reported_every_step_and_an_exception_from_it_ends_the_sweep():
    seen = []
    with_progress = learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"), points=8, steps=40,
                                        progress=seen.append)
    assert seen == [step / 40 for step in range(1, 41)]
    assert with_progress == learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"), points=8, steps=40)

    class Stop(Exception):
        pass

    def stop_at_the_third(fraction):
        if fraction >= 3 / 40:
            raise Stop

    with pytest.raises(Stop):
        learning_rate_sweep(BOWL.landscape, BOWL.start, recipe("sgd"), points=8, steps=40, progress=stop_at_the_third)
