"""`--ball ...,schedule=NAME,PARAM=VALUE`: parsing, the JSON of `gdsim run`, and one-line errors."""

import json

import numpy as np
import pytest

from gdsim.cli import main
from gdsim.cli.common import UsageError, parse_ball
from gdsim.model.balls import Ball
from gdsim.model.presets import preset
from gdsim.model.schedules import Schedule
from gdsim.model.simulation import run


def gdsim_cli(capsys, *args):
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_ball_spec_gives_up_its_schedule_keys_before_the_optimizer_checks_its_own():
    choice = parse_ball("sgd:lr=0.5,schedule=cosine-restarts,T_0=50,eta_min=0.01")
    assert choice.params == {"lr": 0.5}
    assert choice.schedule == Schedule("cosine-restarts", {"T_0": 50, "eta_min": 0.01})
    assert choice.schedule.params["T_0"] == 50 and isinstance(choice.schedule.params["T_0"], int)
    momentum = parse_ball("momentum:schedule=step,lr=0.1,step_size=30,momentum=0.5")
    assert momentum.params == {"lr": 0.1, "momentum": 0.5, "form": 0.0}  # form=lecture
    assert momentum.schedule == Schedule("step", {"step_size": 30, "gamma": 0.1})
    assert parse_ball("sgd:lr=0.5").schedule is None


def test_run_json_has_the_schedule_of_a_scheduled_ball_only(capsys):
    status, out, err = gdsim_cli(capsys, "run", "--landscape", "local-minimum", "--steps", "20",
                                 "--ball", "sgd:lr=0.3,schedule=cosine-restarts,T_0=5,eta_min=0.01",
                                 "--ball", "sgd:lr=0.05")
    assert (status, err) == (0, "")
    scheduled, plain = json.loads(out)["balls"]
    assert scheduled["schedule"] == {"name": "cosine-restarts", "params": {"T_0": 5, "T_mult": 1, "eta_min": 0.01}}
    assert scheduled["params"] == {"lr": 0.3}
    assert "schedule" not in plain
    assert set(plain) == {"optimizer", "params", "start", "trajectory", "loss", "status", "stopped_at"}
    expected = run(preset("local-minimum").landscape, [Ball.make(
        "sgd", (2.4, 1.5), lr=0.3, schedule=Schedule("cosine-restarts", {"T_0": 5, "eta_min": 0.01}))], 20)
    np.testing.assert_array_equal(scheduled["trajectory"][-1], expected.positions[0])


BAD_BALLS = {
    "unknown key": ("sgd:lr=0.5,foo=1", ["'foo'", "lr", "gradient", "schedule", "T_0", "eta_min", "step_size"]),
    "optimizer key of another": ("sgd:momentum=0.9", ["'momentum'", "lr"]),
    "unknown schedule": ("sgd:schedule=warm", ["'warm'", "constant", "cosine-restarts"]),
    "missing parameter": ("sgd:schedule=cosine", ["cosine", "needs T_max"]),
    "parameter without schedule": ("sgd:T_0=50", ["T_0", "schedule=cosine-restarts"]),
    "parameter of another schedule": ("sgd:schedule=step,step_size=3,T_0=4", ["'T_0'", "step_size, gamma"]),
    "fractional T_0": ("sgd:schedule=cosine-restarts,T_0=2.5", ["T_0", "whole number >= 1", "2.5"]),
    "zero T_0": ("sgd:schedule=cosine-restarts,T_0=0", ["T_0", "whole number >= 1"]),
    "zero gamma": ("sgd:schedule=exponential,gamma=0", ["gamma", "positive finite number"]),
    "infinite gamma": ("sgd:schedule=exponential,gamma=inf", ["gamma", "positive finite number"]),
    "negative eta_min": ("sgd:schedule=cosine,T_max=10,eta_min=-1", ["eta_min", ">= 0"]),
    "gamma not a number": ("sgd:schedule=step,step_size=2,gamma=abc", ["gamma", "number", "'abc'"]),
}


@pytest.mark.parametrize(("ball", "mentions"), BAD_BALLS.values(), ids=BAD_BALLS.keys())
def test_a_bad_schedule_exits_2_with_one_line(capsys, ball, mentions):
    status, out, err = gdsim_cli(capsys, "run", "--landscape", "bowl", "--ball", ball)
    assert status == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gdsim: error: --ball "), err
    for text in mentions:
        assert text in lines[0]
    with pytest.raises(UsageError):
        parse_ball(ball)


def test_lesson_run_prints_the_schedules_of_the_warm_restarts_stage(capsys):
    assert main(["lesson", "run", "learning-rate", "--format", "json"]) == 0
    stages = json.loads(capsys.readouterr().out)["stages"]
    stage = next(s for s in stages if s["title"] == "Escape a sharp minimum with warm restarts")
    constant, restarts = stage["balls"]
    assert "schedule" not in constant and restarts["schedule"]["name"] == "cosine-restarts"
    assert constant["trajectory"][-1][0] > 1 and restarts["trajectory"][-1][0] < -1.4
    assert f"f = {constant['loss'][-1]:.3f}".replace("-", "−") in stage["caption"]
    assert f"f = {restarts['loss'][-1]:.3f}".replace("-", "−") in stage["caption"]
