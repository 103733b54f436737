"""`gdsim run` with noisy balls (`noise=σ`, `--seed`) and fans (`--fan N`): the JSON a user gets."""

import numpy as np
import pytest

from gdsim.cli import main
from tests.strict_json import strict_json

NOISY = ["--landscape", "himmelblau", "--start", "0,0", "--ball", "sgd:lr=0.01,noise=3",
         "--ball", "momentum:lr=0.002,noise=3", "--ball", "adam:lr=0.1,noise=3", "--steps", "80"]


def run_json(capsys, *args):
    status = main(["run", *args])
    captured = capsys.readouterr()
    assert (status, captured.err) == (0, ""), captured.err
    return strict_json(captured.out)


def test_equal_seeds_give_the_same_json_and_other_seeds_other_paths(capsys):
    first, again = run_json(capsys, *NOISY, "--seed", "5"), run_json(capsys, *NOISY, "--seed", "5")
    other = run_json(capsys, *NOISY, "--seed", "6")
    assert first == again
    assert first["seed"] == 5 and [b["noise"] for b in first["balls"]] == [3.0, 3.0, 3.0]
    for ball, elsewhere in zip(first["balls"], other["balls"], strict=True):
        assert ball["trajectory"][1] != elsewhere["trajectory"][1]


def test_a_fan_gives_each_ball_numpys_quantiles_of_the_runs_with_the_seeds_it_names(capsys):
    fan = run_json(capsys, *NOISY, "--seed", "3", "--fan", "7")
    runs = np.array([[b["trajectory"] for b in run_json(capsys, *NOISY, "--seed", str(3 + r))["balls"]]
                     for r in range(7)])  # (runs, balls, steps + 1, 2)
    p10, median, p90 = np.quantile(runs, [0.1, 0.5, 0.9], axis=0)
    for index, ball in enumerate(fan["balls"]):
        assert ball["fan"]["runs"] == 7 and ball["fan"]["seeds"] == [3, 9]
        assert np.array_equal(ball["fan"]["median"], median[index])
        assert np.array_equal(ball["fan"]["p10"], p10[index]) and np.array_equal(ball["fan"]["p90"], p90[index])
    assert fan["balls"][0]["trajectory"] == runs[0, 0].tolist()  # the run itself is the fan's first seed


@pytest.mark.parametrize(("ball", "said"), [("sgd:noise=-1", "noise must be a number from 0 to 1e+06, got -1"),
                                            ("sgd:noise=nan", "noise must be a number from 0 to 1e+06, got nan"),
                                            ("sgd:noise=loud", "noise must be a number, got 'loud'")])
def test_a_bad_noise_is_refused_in_one_line(capsys, ball, said):
    assert main(["run", "--ball", ball]) == 2
    error = capsys.readouterr().err.strip()
    assert said in error and "\n" not in error


def test_a_fan_too_large_is_refused_before_it_runs(capsys):
    assert main(["run", *NOISY[:-1], "100000", "--fan", "1000"]) == 2
    assert "--fan" in capsys.readouterr().err


NOISY_STAGE = """id = "noisy"
title = "Noisy"
[[stages]]
title = "Three noisy balls"
landscape = "himmelblau"
starts = [[-0.5, 0.5]]
steps = 60
[[stages.balls]]
optimizer = "sgd"
lr = 0.01
noise = 8.0
[[stages.balls]]
optimizer = "adam"
lr = 0.1
noise = 8.0
"""


def test_the_window_opens_with_fans_when_asked_and_refuses_a_fan_of_one(tmp_path):
    from tests.test_app import run_gdsim

    lesson = tmp_path / "noisy.toml"
    lesson.write_text(NOISY_STAGE, encoding="utf-8")
    shots = {}
    for name, extra in (("plain", ()), ("fan", ("--fan", "20"))):
        shots[name] = tmp_path / f"{name}.png"
        result = run_gdsim("--screenshot", str(shots[name]), "--lesson", str(lesson), "--steps", "end", *extra)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert shots["plain"].read_bytes() != shots["fan"].read_bytes()
    result = run_gdsim("--screenshot", str(tmp_path / "x.png"), "--fan", "1")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "--fan" in result.stderr


SEEDED_STAGE = NOISY_STAGE.replace("steps = 60\n", "steps = 60\nseed = {seed}\n")


def test_a_lesson_stages_seed_is_gdsim_run_seed(capsys, tmp_path):
    lesson = tmp_path / "seeded.toml"
    lesson.write_text(SEEDED_STAGE.format(seed=7), encoding="utf-8")
    assert main(["lesson", "run", str(lesson)]) == 0
    (stage,) = strict_json(capsys.readouterr().out)["stages"]
    run = run_json(capsys, "--landscape", "himmelblau", "--start", "-0.5,0.5", "--ball", "sgd:lr=0.01,noise=8",
                   "--ball", "adam:lr=0.1,noise=8", "--steps", "60", "--seed", "7")
    assert stage["seed"] == run["seed"] == 7
    assert [b["trajectory"] for b in stage["balls"]] == [b["trajectory"] for b in run["balls"]]


@pytest.mark.parametrize("seed", ["-1", "4294967296", "99999999999999999999"])
def test_a_seed_beyond_what_a_window_and_a_lesson_take_is_refused_in_one_line(capsys, tmp_path, seed):
    assert main(["run", "--ball", "sgd:noise=1", "--seed", seed]) == 2
    error = capsys.readouterr().err.strip()
    assert "--seed" in error and "\n" not in error
    lesson = tmp_path / "seeded.toml"
    lesson.write_text(SEEDED_STAGE.format(seed=seed), encoding="utf-8")
    assert main(["lesson", "run", str(lesson)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.endswith(f"seeded.toml: stage 1: field 'seed': the seed must be a whole number from 0 to "
                          f"4,294,967,295, got {seed}") and "\n" not in error


def test_gdsim_sweep_seeds_its_noise_and_gives_every_eta_the_same_draws(capsys):
    """A noisy ball's sweep was drawn with seed 0 whatever was asked, and each η met other draws."""
    def final_losses(*args):
        assert main(["sweep", "--landscape", "bowl", "--ball", "sgd:noise=1", "--steps", "100", *args]) == 0
        return [point["final_loss"] for point in strict_json(capsys.readouterr().out)["points"]]

    assert final_losses("--seed", "3", "--points", "5") == final_losses("--seed", "3", "--points", "5")
    assert final_losses("--seed", "3", "--points", "5") != final_losses("--seed", "4", "--points", "5")


def test_every_eta_of_a_noisy_sweep_meets_the_same_draws():
    from gdsim.model.balls import Ball
    from gdsim.model.presets import preset
    from gdsim.model.sweep import sweep_learning_rates

    noisy = Ball.make("sgd", noise=1.0)
    sweep, = sweep_learning_rates(preset("bowl").landscape, (-3.0, 4.0), [noisy], lrs=[0.1, 0.1], steps=100, seed=3)
    first, second = (point.final_loss for point in sweep.points)
    assert first == second  # one η twice over: the same noise, the same loss
