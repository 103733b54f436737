"""Learning-rate schedules: torch.optim.lr_scheduler's formulas, their checks, and the engine using η_t."""

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.lessons import LessonError, load_lessons, parse_lesson
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import preset
from gdsim.model.schedules import PARAMETER_NAMES, Schedule, ScheduleError, schedule_from_settings
from gdsim.model.simulation import Simulation, run

LESSONS = Path(__file__).resolve().parents[2] / "resources" / "lessons"


# --- the formulas, step by step -------------------------------------------------------------------

def test_constant_gives_the_balls_own_rate_exactly():
    assert Schedule("constant").rate(0.37, np.arange(5)).tolist() == [0.37] * 5


def test_step_multiplies_by_gamma_every_step_size_steps():
    rates = Schedule("step", {"step_size": 3, "gamma": 0.5}).rate(0.8, np.arange(8))
    assert rates.tolist() == [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2]
    assert Schedule("step", {"step_size": 2}).params == {"step_size": 2, "gamma": 0.1}  # StepLR's default γ


def test_exponential_multiplies_by_gamma_every_step():
    rates = Schedule("exponential", {"gamma": 0.9}).rate(2.0, np.arange(4))
    np.testing.assert_allclose(rates, [2.0, 1.8, 1.62, 1.458], rtol=1e-15)


def test_cosine_goes_from_eta_to_eta_min_in_t_max_steps_and_back():
    schedule = Schedule("cosine", {"T_max": 4, "eta_min": 0.1})
    half = (1 + math.cos(math.pi / 4)) / 2  # (1 + cos(π/4))/2 ≈ 0.854
    expected = [1.0, 0.1 + 0.9 * half, 0.55, 0.1 + 0.9 * (1 - half), 0.1, 0.1 + 0.9 * (1 - half), 0.55]
    np.testing.assert_allclose(schedule.rate(1.0, np.arange(7)), expected, rtol=1e-15, atol=1e-16)


def test_cosine_restarts_starts_over_every_t_0_steps():
    rates = Schedule("cosine-restarts", {"T_0": 4}).rate(1.0, np.arange(9))
    np.testing.assert_allclose(rates, [1, 0.853553390593, 0.5, 0.146446609407] * 2 + [1], atol=1e-12)


def test_cosine_restarts_with_t_mult_lengthens_each_cycle():
    # Cycles of 2, 4 and 8 steps: restarts at steps 2, 6 and 14.
    rates = Schedule("cosine-restarts", {"T_0": 2, "T_mult": 2, "eta_min": 0.5}).rate(1.5, np.arange(15))
    cycle = lambda t_i: [0.5 + (1 + math.cos(math.pi * k / t_i)) / 2 for k in range(t_i)]  # noqa: E731
    np.testing.assert_allclose(rates, cycle(2) + cycle(4) + cycle(8) + [1.5], rtol=1e-15)


def test_cosine_restarts_finds_the_cycle_exactly_at_every_restart():
    # Far out, a logarithm alone would put some restarts in the cycle before.
    schedule = Schedule("cosine-restarts", {"T_0": 3, "T_mult": 3})
    restarts = [3 * (3 ** n - 1) // 2 for n in range(1, 16)]
    assert schedule.rate(1.0, np.array(restarts)).tolist() == [1.0] * len(restarts)
    cycles = [3 ** n for n in range(1, 16)]  # the step before a restart ends a cycle of T_i steps
    np.testing.assert_allclose(schedule.rate(1.0, np.array(restarts) - 1),
                               [(1 + math.cos(math.pi * (t_i - 1) / t_i)) / 2 for t_i in cycles], rtol=1e-9)


def test_rate_broadcasts_base_rates_against_steps_and_gives_a_float_for_one_step():
    rates = Schedule("exponential", {"gamma": 0.5}).rate(np.array([[1.0], [4.0]]), np.arange(3))
    assert rates.tolist() == [[1.0, 0.5, 0.25], [4.0, 2.0, 1.0]]
    assert isinstance(Schedule("cosine", {"T_max": 10}).rate(0.1, 3), float)


def cosine_annealing_recursive(base, eta_min, t_max, steps):
    """torch's CosineAnnealingLR.get_lr, written out: the rate of each step from the one before."""
    rates = [base]
    for epoch in range(1, steps):
        previous = rates[-1]
        if (epoch - 1 - t_max) % (2 * t_max) == 0:
            rates.append(previous + (base - eta_min) * (1 - math.cos(math.pi / t_max)) / 2)
        else:
            rates.append((1 + math.cos(math.pi * epoch / t_max)) / (1 + math.cos(math.pi * (epoch - 1) / t_max))
                         * (previous - eta_min) + eta_min)
    return rates


@pytest.mark.parametrize(("base", "eta_min", "t_max"), [(1.0, 0.0, 10), (0.5, 0.01, 50), (0.3, 0.05, 7),
                                                        (2.0, 0.0, 1), (0.1, 0.02, 100)])
def test_cosine_closed_form_matches_torchs_recursion_for_three_periods(base, eta_min, t_max):
    steps = 3 * t_max + 1
    closed = Schedule("cosine", {"T_max": t_max, "eta_min": eta_min}).rate(base, np.arange(steps))
    np.testing.assert_allclose(closed, cosine_annealing_recursive(base, eta_min, t_max, steps), rtol=0, atol=1e-12)


TORCH_CASES = [("step", {"step_size": 7, "gamma": 0.5}), ("step", {"step_size": 1}),
               ("exponential", {"gamma": 0.97}), ("cosine", {"T_max": 25, "eta_min": 0.01}),
               ("cosine-restarts", {"T_0": 10, "eta_min": 0.02}), ("cosine-restarts", {"T_0": 3, "T_mult": 2})]


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
@pytest.mark.parametrize(("name", "params"), TORCH_CASES, ids=[f"{n}-{p}" for n, p in TORCH_CASES])
def test_rates_match_torch_lr_scheduler_stepped_once_per_step(name, params):
    import torch

    classes = {"step": torch.optim.lr_scheduler.StepLR, "exponential": torch.optim.lr_scheduler.ExponentialLR,
               "cosine": torch.optim.lr_scheduler.CosineAnnealingLR,
               "cosine-restarts": torch.optim.lr_scheduler.CosineAnnealingWarmRestarts}
    weight = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=0.4)
    scheduler = classes[name](optimizer, **params)
    expected = []
    for _ in range(100):
        expected.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    np.testing.assert_allclose(Schedule(name, params).rate(0.4, np.arange(100)), expected, rtol=1e-12, atol=1e-15)


# --- checks and labels ----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "params", "message"), [
    ("warm", {}, "unknown schedule 'warm'; choose one of: constant, step, exponential, cosine, cosine-restarts"),
    ("cosine-restarts", {}, "cosine-restarts schedule needs T_0"),
    ("cosine-restarts", {"T_0": 0}, "cosine-restarts schedule: T_0 must be a whole number >= 1, got 0"),
    ("cosine-restarts", {"T_0": 2.5}, "cosine-restarts schedule: T_0 must be a whole number >= 1, got 2.5"),
    ("cosine-restarts", {"T_0": 5, "T_mult": 0}, "cosine-restarts schedule: T_mult must be a whole number >= 1"),
    ("cosine-restarts", {"T_0": 5, "eta_min": -0.1}, "cosine-restarts schedule: eta_min must be a finite number >= 0"),
    ("cosine", {"T_max": 5, "eta_min": math.inf}, "cosine schedule: eta_min must be a finite number >= 0, got inf"),
    ("exponential", {"gamma": 0}, "exponential schedule: gamma must be a positive finite number, got 0"),
    ("exponential", {"gamma": math.nan}, "exponential schedule: gamma must be a positive finite number, got nan"),
    ("exponential", {}, "exponential schedule needs gamma"),
    ("step", {"step_size": 10, "gamma": "big"}, "step schedule: gamma must be a number, got 'big'"),
    ("step", {"step_size": True}, "step schedule: step_size must be a number, got True"),
    ("step", {"step_size": 10, "T_0": 3}, "step schedule has no parameter 'T_0'; it takes: step_size, gamma"),
    ("constant", {"gamma": 0.5}, "constant schedule has no parameter 'gamma'; it takes: no parameters"),
])
def test_a_bad_schedule_is_refused_with_a_message_saying_what_is_allowed(name, params, message):
    with pytest.raises(ValueError) as raised:
        Schedule(name, params)
    assert str(raised.value).startswith(message)


def test_whole_number_settings_given_as_floats_become_ints():
    assert Schedule("cosine-restarts", {"T_0": 50.0, "T_mult": 2.0}).params == {"T_0": 50, "T_mult": 2, "eta_min": 0.0}


def test_rate_refuses_negative_or_fractional_steps():
    with pytest.raises(ValueError, match="t must be >= 0"):
        Schedule("constant").rate(0.1, -1)
    with pytest.raises(ValueError, match="whole step numbers"):
        Schedule("constant").rate(0.1, 0.5)


def test_labels_show_required_settings_and_non_defaults():
    assert Schedule("cosine-restarts", {"T_0": 50}).label == "cosine restarts every 50 steps"
    assert Schedule("cosine-restarts", {"T_0": 50, "eta_min": 0.01}).label == \
        "cosine restarts every 50 steps, ηₘᵢₙ=0.01"
    assert Schedule("cosine-restarts", {"T_0": 50, "T_mult": 2}).label == \
        "cosine restarts every 50 steps, each cycle ×2 longer"
    assert Schedule("step", {"step_size": 100, "gamma": 0.5}).label == "step decay ×0.5 every 100 steps"
    assert Schedule("step", {"step_size": 100}).label == "step decay ×0.1 every 100 steps"  # γ always shown
    assert Schedule("exponential", {"gamma": 0.99}).label == "exponential decay ×0.99 every step"
    assert Schedule("constant").label == "constant η"
    spec = Ball.make("sgd", (0, 0), lr=0.5, schedule=Schedule("cosine", {"T_max": 300}))
    assert spec.label == "SGD η=0.5 · cosine annealing over 300 steps"
    assert Ball.make("sgd", (0, 0), lr=0.5).label == "SGD η=0.5"


def test_settings_give_up_their_schedule_keys_and_keep_the_rest():
    settings = {"lr": 0.5, "schedule": "cosine", "T_max": 10, "momentum": 0.9}
    assert schedule_from_settings(settings) == Schedule("cosine", {"T_max": 10})
    assert settings == {"lr": 0.5, "momentum": 0.9}
    assert schedule_from_settings({"lr": 0.5}) is None
    with pytest.raises(ScheduleError, match="T_0 is a setting of the cosine-restarts schedule") as raised:
        schedule_from_settings({"T_0": 5})
    assert raised.value.key == "T_0"
    assert set(PARAMETER_NAMES) == {"step_size", "gamma", "T_max", "eta_min", "T_0", "T_mult"}


# --- the engine -----------------------------------------------------------------------------------

@pytest.mark.parametrize("schedule", [Schedule("cosine-restarts", {"T_0": 7, "eta_min": 0.01}),
                                      Schedule("step", {"step_size": 5, "gamma": 0.5}),
                                      Schedule("exponential", {"gamma": 0.95}), Schedule("cosine", {"T_max": 12})])
def test_a_scheduled_ball_takes_step_t_with_eta_t(schedule):
    landscape = preset("momentum-demo").landscape
    simulation = run(landscape, [Ball.make("sgd", (0.5, 5.8), lr=0.02, schedule=schedule)], 30)
    x = np.array([[0.5, 5.8]])
    for t in range(30):
        np.testing.assert_array_equal(simulation.history.positions[t, 0], x[0])
        x = x - schedule.rate(0.02, t) * landscape.gradient(x)
    np.testing.assert_allclose(simulation.positions[0], x[0], rtol=1e-14)


def test_scheduled_and_plain_balls_share_a_group_each_with_its_own_rate():
    landscape = preset("local-minimum").landscape
    restarts = Schedule("cosine-restarts", {"T_0": 10, "eta_min": 0.01})
    step = Schedule("step", {"step_size": 4})
    balls = [Ball.make("sgd", (2.4, 1.5), lr=0.05), Ball.make("sgd", (2.4, 1.5), lr=0.3, schedule=restarts),
             Ball.make("sgd", (1.0, -1.0), lr=0.1, schedule=step),
             Ball.make("sgd", (-2.0, 1.0), lr=0.2, schedule=restarts),
             Ball.make("momentum", (2.4, 1.5), lr=0.02, momentum=0.9)]
    together = run(landscape, balls, 40)
    for i, ball in enumerate(balls):
        alone = run(landscape, [ball], 40)
        np.testing.assert_array_equal(together.positions[i], alone.positions[0])


@pytest.mark.parametrize("kind", [k for k in OptimizerKind])
def test_a_constant_schedule_changes_nothing_for_any_optimizer(kind):
    landscape = preset("momentum-demo").landscape
    params = {"lr": 0.004}
    plain = run(landscape, [Ball.make(kind, (0.5, 5.8), **params), Ball.make(kind, (1, 2), **params)], 50)
    scheduled = run(landscape, [Ball.make(kind, (0.5, 5.8), schedule=Schedule("constant"), **params),
                                Ball.make(kind, (1, 2), **params)], 50)
    np.testing.assert_array_equal(plain.history.positions[:51], scheduled.history.positions[:51])


def test_adamw_decays_the_weights_with_the_scheduled_rate():
    # On f = x the gradient is always 1, so Adam's step is η_t/(1 + ε): x ← x·(1 − η_t·λ) − η_t/(1 + ε).
    from gdsim.model.landscapes import Landscape

    slope = Landscape(name="slope", title="slope", formula="x", dim=1, view_box=((-5.0, 5.0),),
                      evaluate=lambda p: (p[:, 0].copy(), np.ones_like(p)))
    schedule = Schedule("step", {"step_size": 2, "gamma": 0.5})
    simulation = run(slope, [Ball.make("adamw", (1.0,), lr=0.1, weight_decay=0.5, schedule=schedule)], 5)
    expected = 1.0
    for t in range(5):
        eta = schedule.rate(0.1, t)
        expected = expected * (1 - eta * 0.5) - eta / (1 + 1e-8)
    assert simulation.positions[0, 0] == pytest.approx(expected, rel=1e-12)


def test_runs_without_schedules_are_unchanged_and_keep_the_fast_path():
    landscape = preset("rosenbrock").landscape
    balls = [Ball.make("sgd", (-1.2 + 0.01 * k, 1.0), lr=1.5e-3) for k in range(50)]
    simulation = Simulation(landscape, balls, history_capacity=300)
    assert simulation._scheduled == [] and simulation._sole_optimizer is not None
    simulation.advance(200)
    x = np.array([b.start for b in balls])
    for _ in range(200):
        x = x - 1.5e-3 * landscape.gradient(x)
    np.testing.assert_allclose(simulation.positions, x, rtol=1e-13)
    assert Ball.make("sgd", (0, 0), lr=0.1) == Ball(OptimizerKind.SGD, {"lr": 0.1}, start=(0.0, 0.0))


def test_reset_starts_the_schedule_again_from_step_0():
    landscape = preset("bowl").landscape
    simulation = Simulation(landscape, [Ball.make("sgd", (-3, 4), lr=0.3,
                                                      schedule=Schedule("exponential", {"gamma": 0.5}))])
    simulation.advance(10)
    first = simulation.positions.copy()
    simulation.reset()
    simulation.advance(10)
    np.testing.assert_array_equal(simulation.positions, first)


# --- lesson files ---------------------------------------------------------------------------------

def ball_lesson(ball: str) -> str:
    return f'id = "t"\n[[stages]]\nlandscape = "bowl"\n[[stages.balls]]\noptimizer = "sgd"\nlr = 0.1\n{ball}\n'


def test_a_lesson_ball_takes_a_schedule():
    lesson = parse_lesson(ball_lesson('schedule = "cosine-restarts"\nT_0 = 50\neta_min = 0.01'))
    ball = lesson.stages[0].balls[0]
    assert ball.schedule == Schedule("cosine-restarts", {"T_0": 50, "eta_min": 0.01})
    assert ball.params == {"lr": 0.1}
    assert lesson.stages[0].simulation().balls[0].schedule == ball.schedule


@pytest.mark.parametrize(("ball", "message"), [
    ('schedule = "warm"', "x.toml: stage 1: field 'balls[1].schedule': unknown schedule 'warm'"),
    ('schedule = 3', "x.toml: stage 1: field 'balls[1].schedule': expected a schedule's name, got 3"),
    ('schedule = "cosine"', "x.toml: stage 1: field 'balls[1].T_max': cosine schedule needs T_max"),
    ('schedule = "cosine-restarts"\nT_0 = 0', "x.toml: stage 1: field 'balls[1].T_0': cosine-restarts schedule: "
                                              "T_0 must be a whole number >= 1, got 0"),
    ('schedule = "step"\nstep_size = "ten"', "x.toml: stage 1: field 'balls[1].step_size': expected a finite "
                                             "number, got 'ten'"),
    ('gamma = 0.5', "x.toml: stage 1: field 'balls[1].gamma': gamma is a setting of the step or exponential"),
    ('schedule = "cosine"\nT_max = 5\nT_0 = 5', "x.toml: stage 1: field 'balls[1].T_0': cosine schedule has "
                                                "no parameter 'T_0'; it takes: T_max, eta_min"),
])
def test_a_bad_schedule_in_a_lesson_names_the_field(ball, message):
    with pytest.raises(LessonError) as raised:
        parse_lesson(ball_lesson(ball), "x.toml")
    assert str(raised.value).startswith(message)


def bundled_stage(lesson_id, title):
    lessons, problems = load_lessons(LESSONS)
    assert problems == []
    lesson = next(lesson for lesson in lessons if lesson.id == lesson_id)
    return next(stage for stage in lesson.stages if stage.title["en"] == title)


def test_warm_restarts_stage_ends_in_the_deep_minimum_while_constant_eta_stays_in_the_sharp_one():
    stage = bundled_stage("learning-rate", "Escape a sharp minimum with warm restarts")
    assert stage.expression and stage.starts == ((3.2,),)
    assert [b.schedule.name if b.schedule else None for b in stage.balls] == [None, "cosine-restarts"]
    simulation = stage.simulation()
    simulation.advance(stage.steps)
    constant, restarts = simulation.positions[:, 0]
    sharp, deep = 1.49201, -1.47058  # the minima of 0.02x² − 2exp(−(x + 1.5)²/2) − exp(−8(x − 1.5)²)
    assert constant == pytest.approx(sharp, abs=1e-3)
    assert restarts == pytest.approx(deep, abs=1e-4)
    assert simulation.losses[1] == pytest.approx(-1.956, abs=1e-3) and simulation.losses[0] == pytest.approx(-0.978, abs=1e-3)


def test_decaying_eta_stage_compares_four_schedules():
    stage = bundled_stage("momentum", "Decaying η over time")
    assert [b.schedule.name if b.schedule else "constant" for b in stage.balls] == [
        "constant", "step", "exponential", "cosine"]
    simulation = stage.simulation()
    simulation.advance(stage.steps)
    # On this valley η = 0.02 is safe: every decay only slows the ball, the fastest decay most.
    losses = simulation.losses
    assert losses[0] < losses[1] < losses[3] < losses[2]
