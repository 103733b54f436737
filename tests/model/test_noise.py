"""Noisy gradients (a ball's `noise=σ`) and fans of N noisy runs, in the engine."""

from __future__ import annotations

import numpy as np
import pytest

from gdsim.model.balls import Ball, checked_noise
from gdsim.model.events import EventKind, EventRecorder, run_with_events
from gdsim.model.explain import Note, explain
from gdsim.model.fan import Fan
from gdsim.model.lessons import LessonError, parse_lesson
from gdsim.model.noise import standard_normal, stream_keys
from gdsim.model.presets import PRESETS
from gdsim.model.setup import Setup
from gdsim.model.simulation import Simulation, run
from gdsim.model.timeline import Timeline

HIMMELBLAU = PRESETS["himmelblau"].landscape


def noisy_balls(sigma: float = 5.0) -> list[Ball]:
    return [Ball.make("sgd", (0, 0), lr=0.01, noise=sigma), Ball.make("nag", (0, 0), lr=0.002, noise=sigma),
            Ball.make("adam", (0, 0), lr=0.1, noise=sigma)]


def test_a_noisy_run_is_the_same_for_the_same_seed_and_differs_for_another():
    first, again = run(HIMMELBLAU, noisy_balls(), 100, seed=3), run(HIMMELBLAU, noisy_balls(), 100, seed=3)
    other = run(HIMMELBLAU, noisy_balls(), 100, seed=4)
    assert np.array_equal(first.history.positions, again.history.positions)
    assert not np.allclose(first.positions, other.positions)


def test_sgd_follows_the_gradient_plus_sigma_times_the_seeded_normal():
    ball = Ball.make("sgd", (0.5, -1.0), lr=0.01, noise=2.0)
    simulation = run(HIMMELBLAU, [ball], 1, seed=7)
    xi = standard_normal(stream_keys([7], [0]), 0, 2)[0]
    g = HIMMELBLAU.gradient(np.array([[0.5, -1.0]]))[0]
    assert np.array_equal(simulation.positions[0], np.array([0.5, -1.0]) - 0.01 * (g + 2.0 * xi))
    assert np.array_equal(simulation.gradients[0], HIMMELBLAU.gradient(simulation.positions)[0])  # ∇f, not g̃


def test_noise_zero_leaves_the_run_as_it_was():
    plain = [Ball.make("adam", (0, 0), lr=0.1)]
    assert np.array_equal(run(HIMMELBLAU, plain, 50, seed=1).positions, run(HIMMELBLAU, plain, 50, seed=2).positions)


def test_the_normals_are_standard_and_independent_across_balls_steps_and_seeds():
    keys = stream_keys(np.zeros(50_000, dtype=int), np.arange(50_000))
    xi = standard_normal(keys, 3, 2)
    assert abs(xi.mean()) < 0.02 and abs(xi.std() - 1) < 0.02
    assert abs(np.corrcoef(xi[:, 0], xi[:, 1])[0, 1]) < 0.02
    assert abs(np.corrcoef(xi[:, 0], standard_normal(keys, 4, 2)[:, 0])[0, 1]) < 0.02
    assert abs(np.corrcoef(xi[:, 0], standard_normal(stream_keys(np.ones(50_000, dtype=int), np.arange(50_000)),
                                                        3, 2)[:, 0])[0, 1]) < 0.02


def test_seeking_back_and_forth_on_a_noisy_run_gives_the_same_positions():
    fresh = run(HIMMELBLAU, noisy_balls(), 300)
    timeline = Timeline(Simulation(HIMMELBLAU, noisy_balls(), history_capacity=64))
    timeline.advance(300)
    for step in (137, 12, 299, 0, 250):
        timeline.seek(step)
        assert np.array_equal(timeline.simulation.positions, fresh.history.positions[step]), step
    timeline.seek(300)
    assert np.array_equal(timeline.simulation.positions, fresh.positions)


def test_the_explanation_shows_the_gradient_the_noise_and_their_sum():
    simulation = Simulation(HIMMELBLAU, noisy_balls(), seed=2)
    simulation.advance(10)
    preview = simulation.preview()
    told = explain(preview, 0, simulation.balls[0])
    exact, noise, followed = told.value("∇f"), told.value("σ·ξ"), told.value("g")
    assert np.array_equal(exact, simulation.gradients[0])
    assert np.array_equal(followed, exact + noise)
    assert next(line for line in told.lines if line.symbol == "σ·ξ").note is Note.NOISE
    simulation.advance(1)
    assert np.array_equal(told.next_position, simulation.positions[0])
    assert np.array_equal(preview.next_positions, simulation.positions)  # Nesterov's look-ahead noise too


def test_a_fans_run_r_is_the_plain_run_with_seed_plus_r_and_its_band_is_numpys_quantiles():
    fan = Fan(HIMMELBLAU, noisy_balls(), runs=20, seed=10)
    bands = fan.bands(150)
    runs = np.stack([run(HIMMELBLAU, noisy_balls(), 150, seed=10 + r).history.positions for r in range(20)])
    assert np.array_equal(fan.positions(), runs[:, -1])
    assert np.array_equal(bands, np.quantile(runs, [0.1, 0.5, 0.9], axis=0))
    assert np.array_equal(fan.bands(40), bands[:, :41])


@pytest.mark.parametrize("value", [-0.1, float("nan"), float("inf"), 1e7, "lots"])
def test_noise_outside_its_range_is_refused_in_one_line(value):
    with pytest.raises(ValueError, match="noise must be a number") as error:
        checked_noise(value)
    assert "\n" not in str(error.value)


def lesson_with(noise_line: str) -> str:
    return ('id = "t"\ntitle = "T"\n[[stages]]\ntitle = "S"\nlandscape = "himmelblau"\nsteps = 5\n'
            f'[[stages.balls]]\noptimizer = "sgd"\nlr = 0.01\n{noise_line}\n')


def test_a_lesson_ball_takes_noise_and_a_saved_setup_keeps_it():
    lesson = parse_lesson(lesson_with("noise = 0.5"), "x.toml")
    setup = Setup.from_stage(lesson.stages[0])
    assert setup.balls[0].noise == 0.5 and "σ=0.5" in setup.balls[0].label
    saved = parse_lesson(setup.lesson_toml(5, "mine"), "saved.toml")
    assert saved.stages[0].balls[0].noise == 0.5


@pytest.mark.parametrize(("line", "said"), [
    ("noise = -1", "field 'balls[1].noise': noise must be a number from 0 to 1e+06, got -1"),
    ("noise = 1e9", "field 'balls[1].noise': noise must be a number from 0 to 1e+06, got 1e+09"),
    ("noise = nan", "field 'balls[1].noise': expected a finite number, got nan"),
    ('noise = "loud"', "field 'balls[1].noise': expected a finite number, got 'loud'")])
def test_a_lesson_with_a_bad_noise_gets_one_clear_line(line, said):
    with pytest.raises(LessonError) as raised:
        parse_lesson(lesson_with(line), "x.toml")
    assert said in str(raised.value) and "\n" not in str(raised.value)


def test_a_noisy_balls_events_are_its_saddles_and_stops_not_the_noises_rises():
    balls = [Ball.make("sgd", (0, 0), lr=0.01, noise=5.0), Ball.make("sgd", (0, 0), lr=0.05)]
    recorder = run_with_events(HIMMELBLAU, balls, 300, seed=2)
    kinds = [{event.kind for event in events} for events in recorder.events]
    assert not kinds[0] & {EventKind.LOSS_ROSE, EventKind.OVERSHOOT}
    assert EventKind.OVERSHOOT in kinds[1]  # a steady ball's are still noted
    replay = EventRecorder.replaying(recorder.simulation)  # the window's copy draws the same noise
    replay.advance(300)
    assert np.array_equal(replay.simulation.positions, recorder.simulation.positions)


def test_a_branch_of_a_noisy_run_goes_on_with_the_noise_the_run_would_have_drawn():
    from dataclasses import replace

    from gdsim.model.branching import continue_branch

    old = Simulation(HIMMELBLAU, noisy_balls(), history_capacity=64)
    old.advance(40)
    edited = [replace(noisy_balls()[0], noise=0.5), *noisy_balls()[1:]]
    new = Simulation(HIMMELBLAU, edited, history_capacity=64)
    continue_branch(new, old, np.zeros(3, dtype=bool))
    at_40 = old.positions[0].copy()
    new.advance(1)  # ball 0's step 41: SGD with σ = 0.5 and its stream's ξ of step 40 (counted from 0)
    xi = standard_normal(stream_keys([0], [0]), 40, 2)[0]
    expected = at_40 - 0.01 * (HIMMELBLAU.gradient(at_40[None])[0] + 0.5 * xi)
    np.testing.assert_array_equal(new.positions[0], expected)
    new.advance(59)
    fresh = run(HIMMELBLAU, noisy_balls(), 100)
    np.testing.assert_array_equal(new.positions[1:], fresh.positions[1:])  # the balls not edited, exactly
