"""Saving a setup as a lesson file: what parse_lesson reads back is the same setup, with the same run."""

import numpy as np
import pytest

from gdsim.model import presets
from gdsim.model.balls import Ball, GradientSource
from gdsim.model.expressions import landscape_from_expression
from gdsim.model.lessons import lesson_toml, load_lessons, parse_lesson
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.schedules import Schedule
from gdsim.resources import resource_path

MOMENTUM_BALLS = (Ball(OptimizerKind.SGD, {"lr": 0.01}),
                  Ball(OptimizerKind.MOMENTUM, {"lr": 0.005, "momentum": 0.9, "form": 0.0}),
                  Ball(OptimizerKind.NAG, {"lr": 0.005, "momentum": 0.9, "form": 0.0}))


def same_run(stage, preset, starts, balls, user_gradient, steps):
    """The stage's run and the original setup's run, both `steps` steps on, agree to the last bit."""
    from gdsim.model.expressions import gradient_from_components
    from gdsim.model.simulation import Simulation

    gradient = gradient_from_components(user_gradient, preset.landscape.dim) if user_gradient else preset.user_gradient
    original = Simulation(preset.landscape, [b.at(s) for s in starts for b in balls], user_gradient=gradient)
    loaded = stage.simulation()
    original.advance(steps)
    loaded.advance(steps)
    np.testing.assert_array_equal(loaded.positions, original.positions)
    np.testing.assert_array_equal(loaded.losses, original.losses)


def test_a_preset_with_schedules_several_starts_and_a_user_gradient_round_trips():
    preset = presets.preset("momentum-demo")
    starts = ((0.5, 5.8), (-1.25, 1e-5))
    user = ("0.8x*y^2 + 0.6x", "0.8x^2*y + 2.1")
    balls = (*MOMENTUM_BALLS,
             Ball(OptimizerKind.SGD, {"lr": 0.02}, schedule=Schedule("cosine-restarts", {"T_0": 50,
                                                                                               "eta_min": 0.001})),
             Ball(OptimizerKind.MOMENTUM, {"lr": 0.005, "momentum": 0.9, "form": 0.0}, GradientSource.USER),
             Ball(OptimizerKind.ADAMW, {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                                              "weight_decay": 0.01}),
             Ball.make("lbfgs", line_search="strong_wolfe", history_size=4), Ball.make("nag", form="torch"))
    text = lesson_toml(preset, starts, balls, user, 37, "My setup")
    lesson = parse_lesson(text, "saved.toml")
    assert lesson.id == "my-setup" and lesson.text("en") == "My setup"
    (stage,) = lesson.stages
    assert stage.landscape == "momentum-demo" and stage.starts == starts and stage.steps == 37
    assert stage.balls == balls and stage.user_gradient == user
    same_run(stage, preset, starts, balls, user, 150)


def test_a_typed_function_round_trips_and_titles_are_escaped():
    preset = presets.typed_preset(landscape_from_expression("x^2 + 3y^2 - x*y"))
    title = 'A "quoted" \\ title\twith a tab, 한국어 and a newline\n'
    text = lesson_toml(preset, ((2.0, -1.5),), MOMENTUM_BALLS[:1], (), 12, title)
    lesson = parse_lesson(text)
    assert lesson.text("en") == 'A "quoted" \\ title with a tab, 한국어 and a newline'  # a title is one line
    (stage,) = lesson.stages
    assert stage.expression == "x^2 + 3y^2 - x*y" and not stage.landscape
    same_run(stage, preset, ((2.0, -1.5),), MOMENTUM_BALLS[:1], (), 40)


def test_every_bundled_stage_round_trips_to_the_same_run():
    """Each stage, as its setup would be saved from the window, reads back to the same numbers."""
    lessons, problems = load_lessons(resource_path("lessons"))
    assert not problems
    for lesson in lessons:
        for stage in lesson.stages:
            preset = stage.preset()
            starts = stage.starts or (preset.start,)
            text = lesson_toml(preset, starts, stage.balls, stage.user_gradient, stage.steps, "saved")
            (loaded,) = parse_lesson(text, stage.source).stages
            assert loaded.balls == stage.balls and loaded.starts == tuple(starts)
            if stage.fit:  # written out in full (noise, points): the same data
                fit, original = loaded.preset().fit, preset.fit
                assert fit.model == original.model and fit.init == original.init
                np.testing.assert_array_equal(fit.y, original.y)
            same_run(loaded, preset, starts, stage.balls, stage.user_gradient, min(stage.steps, 60))


@pytest.mark.parametrize("balls, starts, problem", [
    ((), ((0.0, 0.0),), "at least one ball"),
    (MOMENTUM_BALLS, ((float("nan"), 0.0),), "finite"),
])
def test_what_a_lesson_cannot_hold_is_refused(balls, starts, problem):
    with pytest.raises(ValueError, match=problem):
        lesson_toml(presets.preset("momentum-demo"), starts, balls, (), 10, "x")


def test_a_noise_seed_round_trips_and_seeds_the_stages_run_as_the_engine_does():
    from gdsim.model.simulation import Simulation

    preset = presets.preset("himmelblau")
    noisy = (Ball(OptimizerKind.SGD, {"lr": 0.01}, noise=3.0),
             Ball(OptimizerKind.ADAM, checked_params(OptimizerKind.ADAM, {"lr": 0.1}), noise=3.0))
    text = lesson_toml(preset, ((-0.5, 0.5),), noisy, (), 30, "Noisy", seed=4_294_967_295)
    assert "seed = 4294967295" in text.splitlines()
    (stage,) = parse_lesson(text).stages
    assert stage.seed == 2**32 - 1
    engine = Simulation(preset.landscape, [b.at((-0.5, 0.5)) for b in noisy], seed=2**32 - 1)
    other = Simulation(preset.landscape, [b.at((-0.5, 0.5)) for b in noisy], seed=0)
    loaded = stage.simulation()
    for run in (engine, other, loaded):
        run.advance(30)
    np.testing.assert_array_equal(loaded.positions, engine.positions)
    assert not np.allclose(loaded.positions, other.positions)
    assert "seed" not in lesson_toml(preset, ((-0.5, 0.5),), noisy, (), 30, "Noisy")  # 0, the default, is not written
    assert parse_lesson(lesson_toml(preset, ((-0.5, 0.5),), noisy, (), 30, "Noisy")).stages[0].seed == 0


@pytest.mark.parametrize(("value", "shown"), [("-1", "-1"), ("4294967296", "4294967296"), ("99999999999999999999", "99999999999999999999"), ("1.5", "1.5"),
                                             ('"7"', "'7'"), ("true", "True"), ("nan", "nan"), ("[7]", "[7]")])
def test_a_bad_seed_is_refused_in_one_line_naming_the_stage_and_the_field(value, shown):
    from gdsim.model.lessons import LessonError

    text = f'id = "x"\n[[stages]]\nlandscape = "bowl"\nseed = {value}\n[[stages.balls]]\noptimizer = "sgd"\nnoise = 1.0\n'
    with pytest.raises(LessonError) as refused:
        parse_lesson(text, "noisy.toml")
    assert str(refused.value) == ("noisy.toml: stage 1: field 'seed': the seed must be a whole number from 0 to "
                                  f"4,294,967,295, got {shown}")
