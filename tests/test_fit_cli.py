"""`gdsim fit` (gdsim.cli.fit): the JSON a user gets, LESSONS.md's L3/L5 numbers, one-line errors.

Built on a parser made here with add_fit_parser, as gdsim.cli will wire it: bad input raises
gdsim.cli.UsageError, which gdsim's main prints as one line with exit status 2.
"""

import subprocess
import sys

import pytest

from gdsim.cli.common import Parser as _Parser
from gdsim.cli.common import UsageError
from gdsim.cli.fit import add_fit_parser, command_fit, main
from tests.strict_json import strict_json

SEEDS = (0, 1, 2)
EPOCH_KEYS = {"epoch", "W", "b", "loss", "mean_abs_error"}


def parser():
    root = _Parser(prog="gdsim")
    add_fit_parser(root.add_subparsers(dest="command", metavar="COMMAND"))
    return root




def fit_json(capsys, *args):
    assert command_fit(parser().parse_args(["fit", *args])) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return strict_json(captured.out)


def final(ball):
    last = ball["epochs"][-1]
    return last["W"], last["b"]


def test_the_issues_example_prints_every_epoch(capsys):
    document = fit_json(capsys, "--model", "line", "--data-seed", "0", "--ball", "sgd:lr=0.7",
                        "--epochs", "100", "--tol", "0.001", "--format", "json")
    assert document["model"] == "line" and document["parameters"] == ["W", "b"]
    assert document["data"] == {"seed": 0, "points": 100, "noise": 0.0}
    ball, = document["balls"]
    assert ball["optimizer"] == "sgd" and ball["params"] == {"lr": 0.7} and ball["gradient"] == "exact"
    assert ball["status"] == "converged" and ball["stopped_at"] == 86
    epochs = ball["epochs"]
    assert [e["epoch"] for e in epochs] == list(range(87))  # epoch 0 is the start
    assert all(set(e) == EPOCH_KEYS for e in epochs)
    assert [epochs[0]["W"], epochs[0]["b"]] == ball["start"]
    assert epochs[-1]["mean_abs_error"] < 0.001 <= epochs[-2]["mean_abs_error"]


@pytest.mark.parametrize("seed", SEEDS)
def test_l3_line(capsys, seed):
    ball, = fit_json(capsys, "--model", "line", "--data-seed", str(seed), "--ball", "sgd:lr=0.7",
                     "--epochs", "100", "--tol", "0.001")["balls"]
    assert ball["status"] == "converged" and ball["stopped_at"] <= 100
    assert final(ball) == pytest.approx((0.2, 0.5), abs=0.01)


@pytest.mark.parametrize("seed", SEEDS)
def test_l3_sine_exact_and_notebook_side_by_side(capsys, seed):
    document = fit_json(capsys, "--model", "sine", "--data-seed", str(seed), "--epochs", "200",
                        "--ball", "sgd:lr=0.7", "--ball", "sgd:lr=0.01",
                        "--ball", "sgd:lr=0.7,gradient=notebook", "--ball", "sgd:gradient=notebook,lr=0.01")
    exact_fast, exact_slow, buggy_fast, buggy_slow = document["balls"]
    assert [b["gradient"] for b in document["balls"]] == ["exact", "exact", "notebook", "notebook"]
    assert buggy_slow["params"] == {"lr": 0.01}
    assert final(exact_fast) == pytest.approx((10.0, 1.5), abs=1e-6)
    assert exact_fast["status"] == "converged"  # the engine's own stop: gradient and step below 1e-10
    assert 5.0 < final(exact_slow)[0] < 6.5
    assert (abs(final(buggy_fast)[0]) > 100) == (seed != 1)
    assert 8.0 < final(buggy_slow)[0] < 10.5 and final(buggy_slow)[1] == pytest.approx(1.5, abs=0.2)
    # Every ball starts from the same seeded (W, b), and every loss is the exact one.
    assert len({tuple(b["start"]) for b in document["balls"]}) == 1


@pytest.mark.parametrize("seed", SEEDS)
def test_l3_sine_noisy(capsys, seed):
    document = fit_json(capsys, "--model", "sine", "--data-seed", str(seed), "--noise", "1",
                        "--ball", "sgd:lr=0.7", "--epochs", "200")
    assert document["data"] == {"seed": seed, "points": 100, "noise": 1.0}
    ball, = document["balls"]
    assert final(ball) == pytest.approx((10.0, 1.5), abs=0.3)
    assert 0.75 <= ball["epochs"][-1]["mean_abs_error"] <= 0.80


def test_l5_one_weight(capsys):
    document = fit_json(capsys, "--model", "proportional", "--init", "1", "--ball", "sgd:lr=0.01", "--epochs", "500")
    assert document["parameters"] == ["w"] and document["data"] == {"seed": None, "points": 3, "noise": 0.0}
    ball, = document["balls"]
    assert set(ball["epochs"][0]) == {"epoch", "W", "loss", "mean_abs_error"}  # no b in ŷ = w·x
    assert ball["epochs"][0]["W"] == 1.0 and ball["epochs"][0]["loss"] == pytest.approx(14 / 3)
    assert ball["epochs"][-1]["W"] == pytest.approx(2.0, abs=1e-8)
    # Without --init it starts, as L5 does, at w = 1.
    assert fit_json(capsys, "--model", "proportional", "--epochs", "0")["balls"][0]["start"] == [1.0]


def test_init_points_defaults_and_other_optimizers(capsys):
    document = fit_json(capsys, "--model", "line", "--init=-0.5,0.25", "--points", "20", "--epochs", "5",
                        "--ball", "momentum:lr=0.3,momentum=0.5", "--ball", "adam:lr=0.05")
    assert document["data"]["points"] == 20
    assert [b["start"] for b in document["balls"]] == [[-0.5, 0.25]] * 2
    assert [len(b["epochs"]) for b in document["balls"]] == [6, 6]
    default, = fit_json(capsys, "--model", "sine")["balls"]  # sgd:lr=0.7, 100 epochs
    assert default["params"] == {"lr": 0.7} and len(default["epochs"]) <= 101


def test_a_diverging_ball_is_written_as_null_not_nan(capsys):
    ball, = fit_json(capsys, "--model", "sine", "--ball", "sgd:lr=1e200", "--epochs", "10")["balls"]
    assert ball["status"] == "diverged" and ball["stopped_at"] is not None
    assert None in ball["epochs"][-1].values()


@pytest.mark.parametrize("args,fragment", [
    (["--model", "cubic"], "--model"),
    (["--model", "sine", "--ball", "sgd:lr=0.7,gradient=user"], "exact or notebook"),
    (["--model", "sine", "--ball", "sgd:lr=-1,gradient=notebook"], "'sgd:lr=-1,gradient=notebook'"),
    (["--model", "sine", "--ball", "bfgs:lr=1"], "unknown optimizer"),
    (["--model", "sine", "--init", "1"], "--init"),
    (["--model", "line", "--init=1,nan"], "--init"),
    (["--model", "proportional", "--init", "1,2"], "--init"),
    (["--model", "proportional", "--noise", "1"], "fixed data"),
    (["--model", "sine", "--noise", "-1"], "--noise"),
    (["--model", "sine", "--points", "0"], "--points"),
    (["--model", "sine", "--epochs", "2.5"], "--epochs"),
    (["--model", "sine", "--tol", "inf"], "--tol"),
    (["--model", "sine", "--data-seed", "x"], "--data-seed"),
    (["--model", "sine", "--format", "csv"], "--format"),
    (["--model", "sine", "--epochs", "1000000", "--points", "1000000"], "too much work"),
    (["--model", "line", "--batch", "0"], "argument --batch: must be a whole number >= 1"),
    (["--model", "line", "--batch", "2.5"], "argument --batch: must be a whole number, got '2.5'"),
    (["--model", "line", "--batch", "101"], "--batch 101: a batch is a whole number from 1 to the 100 data points"),
    (["--model", "proportional", "--batch", "4"], "from 1 to the 3 data points"),
    (["--model", "line", "--ball", "sgd:lr=0.5,batch=ten"], "'sgd:lr=0.5,batch=ten': batch must be a whole number"),
    (["--model", "line", "--ball", "sgd:lr=0.5,batch=500"], "from 1 to the 100 data points, got 500"),
    (["--model", "line", "--seed", "-1"], "argument --seed: must be a whole number >= 0"),
    (["--model", "line", "--points", "100000", "--batch", "1", "--epochs", "1"], "too much work"),
])
def test_bad_input_is_a_usage_error(capsys, args, fragment):
    with pytest.raises(UsageError) as error:
        command_fit(parser().parse_args(["fit", *args]))
    assert fragment in str(error.value)
    # The same through main: exit status 2 and one line on stderr, nothing on stdout.
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and captured.err.startswith("gdsim: error: ")


def test_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "gdsim.cli.fit", "--model", "line", "--epochs", "3"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and len(strict_json(done.stdout)["balls"][0]["epochs"]) == 4
    bad = subprocess.run([sys.executable, "-m", "gdsim.cli.fit", "--model", "line", "--points", "-3"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1


def test_minibatch_rows_are_steps_with_their_epoch(capsys):
    document = fit_json(capsys, "--model", "line", "--batch", "30", "--epochs", "3", "--ball", "sgd:lr=0.5",
                        "--ball", "sgd:lr=0.5,batch=100")
    small, whole = document["balls"]
    assert small["batch"] == 30 and small["steps_per_epoch"] == 4 and document["data"]["batch_seed"] == 0
    assert [(row["step"], row["epoch"]) for row in small["steps"]] == \
        [(0, 0), (1, 1), (2, 1), (3, 1), (4, 1), (5, 2), (6, 2), (7, 2), (8, 2), (9, 3), (10, 3), (11, 3), (12, 3)]
    assert set(small["steps"][0]) == {"step"} | EPOCH_KEYS
    assert whole["batch"] == 100 and whole["steps_per_epoch"] == 1 and len(whole["steps"]) == 4


def test_minibatch_runs_repeat_and_two_seeds_differ(capsys):
    args = ("--model", "sine", "--batch", "10", "--epochs", "5", "--ball", "sgd:lr=0.3")
    first, again = fit_json(capsys, *args, "--seed", "7"), fit_json(capsys, *args, "--seed", "7")
    other = fit_json(capsys, *args, "--seed", "8")
    assert first == again and first["data"]["batch_seed"] == 7
    assert first["balls"][0]["steps"][-1] != other["balls"][0]["steps"][-1]
    assert first["balls"][0]["start"] == other["balls"][0]["start"]  # the seed draws batches, not data


def test_a_batch_of_every_point_is_the_full_batch_run(capsys):
    full, = fit_json(capsys, "--model", "sine", "--data-seed", "2", "--noise", "1", "--epochs", "50")["balls"]
    whole, = fit_json(capsys, "--model", "sine", "--data-seed", "2", "--noise", "1", "--epochs", "50",
                      "--batch", "100")["balls"]
    assert [{k: v for k, v in row.items() if k != "step"} for row in whole["steps"]] == full["epochs"]
