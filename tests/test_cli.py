"""`gdsim run` and friends: the JSON/CSV a user gets, and the one-line errors for bad input."""

import csv
import io
import itertools
import subprocess
import sys

import numpy as np
import pytest

import gdsim
from gdsim.cli import main
from gdsim.model.presets import PRESETS, preset
from tests.strict_json import strict_json

BALL_KEYS = {"optimizer", "params", "start", "trajectory", "loss", "status", "stopped_at"}
ISSUE_EXAMPLE = ["run", "--landscape", "momentum-demo", "--start", "0.5,5.8",
                 "--ball", "sgd:lr=0.01", "--ball", "momentum:lr=0.005,momentum=0.9",
                 "--ball", "nag:lr=0.005,momentum=0.9", "--steps", "160", "--format", "json"]


def gdsim_cli(capsys, *args):
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err




def run_json(capsys, *args):
    status, out, err = gdsim_cli(capsys, "run", *args)
    assert (status, err) == (0, ""), err
    return strict_json(out)


# --- JSON -------------------------------------------------------------------------------------

def test_issue_example_prints_the_documented_json_schema(capsys):
    status, out, err = gdsim_cli(capsys, *ISSUE_EXAMPLE)
    assert (status, err) == (0, "")
    document = strict_json(out)

    assert set(document) == {"landscape", "balls"}
    assert document["landscape"] == "momentum-demo"
    balls = document["balls"]
    assert [set(b) for b in balls] == [BALL_KEYS] * 3
    assert [b["optimizer"] for b in balls] == ["sgd", "momentum", "nag"]
    assert [b["params"] for b in balls] == [{"lr": 0.01}, {"lr": 0.005, "momentum": 0.9, "form": "lecture"},
                                            {"lr": 0.005, "momentum": 0.9, "form": "lecture"}]
    start_loss = preset("momentum-demo").landscape.value((0.5, 5.8))[0]
    for ball in balls:
        assert ball["start"] == [0.5, 5.8]
        assert ball["status"] == "running" and ball["stopped_at"] is None
        assert len(ball["trajectory"]) == len(ball["loss"]) == 161  # the start and one row per step
        assert ball["trajectory"][0] == [0.5, 5.8]
        assert all(len(row) == 2 and all(isinstance(c, float) for c in row) for row in ball["trajectory"])
        assert ball["loss"][0] == start_loss
        assert ball["loss"][-1] < ball["loss"][0]


def test_json_trajectory_is_the_engines_step_by_step_sgd(capsys):
    document = run_json(capsys, "--landscape", "bowl", "--start=-3,4", "--ball", "sgd:lr=0.1", "--steps", "100")
    (ball,) = document["balls"]
    expected = [[-3.0 * 0.8 ** k, 4.0 * 0.8 ** k] for k in range(101)]
    np.testing.assert_allclose(ball["trajectory"], expected, rtol=1e-12)
    np.testing.assert_allclose(ball["trajectory"][-1], (-6.1e-10, 8.1e-10), rtol=1e-2)  # lesson L2
    np.testing.assert_allclose(ball["loss"], [x * x + y * y for x, y in ball["trajectory"]], rtol=1e-12)


def test_stopped_balls_have_no_rows_after_they_stopped(capsys):
    document = run_json(capsys, "--landscape", "bowl", "--start=-3,4", "--ball", "sgd:lr=0.1",
                        "--ball", "sgd:lr=10", "--ball", "sgd:lr=0.001", "--steps", "300")
    converged, diverged, running = document["balls"]

    assert converged["status"] == "converged"
    assert isinstance(converged["stopped_at"], int) and 0 < converged["stopped_at"] < 300
    assert len(converged["trajectory"]) == len(converged["loss"]) == converged["stopped_at"] + 1

    assert diverged["status"] == "diverged"
    assert diverged["stopped_at"] == 6  # 4·19⁶ is the first |y| beyond the divergence bound
    assert len(diverged["trajectory"]) == len(diverged["loss"]) == 7

    assert running["status"] == "running" and running["stopped_at"] is None
    assert len(running["trajectory"]) == 301


def test_every_ball_runs_from_every_start(capsys):
    starts = ["0.5,5.8", "-2,3", "1.5,-4"]
    balls = ["sgd:lr=0.01", "momentum:lr=0.005,momentum=0.9", "nag:lr=0.005,momentum=0.5"]
    args = [f"--start={s}" for s in starts] + [a for b in balls for a in ("--ball", b)]
    document = run_json(capsys, *args, "--steps", "3")

    runs = {(b["optimizer"], b["params"].get("momentum"), tuple(b["start"])) for b in document["balls"]}
    expected = {(kind, rho, start) for (kind, rho), start in itertools.product(
        [("sgd", None), ("momentum", 0.9), ("nag", 0.5)], [(0.5, 5.8), (-2.0, 3.0), (1.5, -4.0)])}
    assert len(document["balls"]) == 9
    assert runs == expected
    for ball in document["balls"]:
        assert ball["trajectory"][0] == ball["start"]


def test_without_start_or_ball_the_run_uses_the_presets_start_and_three_balls(capsys):
    chosen = preset("local-minimum")
    document = run_json(capsys, "--landscape", "local-minimum", "--steps", "2")
    assert [b["optimizer"] for b in document["balls"]] == ["sgd", "momentum", "nag"]
    for ball in document["balls"]:
        assert ball["start"] == list(chosen.start)
        form = {"form": "lecture"} if ball["optimizer"] in ("momentum", "nag") else {}  # the default, by name
        assert ball["params"] == {**chosen.ball_params[ball["optimizer"]], **form}


def test_optimizer_defaults_fill_in_missing_settings(capsys):
    document = run_json(capsys, "--landscape", "bowl", "--ball", "nag", "--steps", "1")
    assert document["balls"][0]["params"] == {"lr": 0.01, "momentum": 0.9, "form": "lecture"}


def test_zero_steps_gives_just_the_start(capsys):
    document = run_json(capsys, "--landscape", "bowl", "--ball", "sgd", "--steps", "0")
    (ball,) = document["balls"]
    assert ball["trajectory"] == [list(preset("bowl").start)]
    assert ball["status"] == "running"


@pytest.mark.parametrize("args", [
    ("--start", "1e308,1e308", "--ball", "sgd"),
    ("--start", "1e200,1e200", "--ball", "sgd"),
    ("--ball", "sgd:lr=1e300"),
    ("--ball", "nag:lr=1e300,momentum=0.9"),
], ids=["start-1e308", "start-1e200", "sgd-lr-1e300", "nag-lr-1e300"])
def test_non_finite_numbers_are_written_as_null_and_the_output_is_valid_json(capsys, args):
    status, out, err = gdsim_cli(capsys, "run", "--landscape", "bowl", *args, "--steps", "5")

    assert (status, err) == (0, ""), err
    assert "NaN" not in out and "Infinity" not in out
    (ball,) = strict_json(out)["balls"]
    assert ball["status"] == "diverged"
    assert None in ball["loss"] or any(None in row for row in ball["trajectory"])
    assert len(ball["trajectory"]) == ball["stopped_at"] + 1


@pytest.mark.parametrize("start", ["-3,4", "-3.5,-4", "-1e-3,2"])
def test_negative_start_coordinates_can_be_given_as_the_next_argument(capsys, start):
    # The issue's form is `--start X,Y`; lesson L2 starts at (−3, 4).
    document = run_json(capsys, "--landscape", "bowl", "--start", start, "--ball", "sgd", "--steps", "1")
    assert document["balls"][0]["start"] == [float(c) for c in start.split(",")]


# --- CSV and listing ----------------------------------------------------------------------------

def test_csv_has_a_header_and_one_row_per_ball_and_step_matching_the_json(capsys):
    args = ["--landscape", "bowl", "--start=-3,4", "--start", "1,2", "--ball", "sgd:lr=0.1",
            "--ball", "momentum:lr=0.05,momentum=0.5", "--ball", "sgd:lr=10", "--steps", "20"]
    document = run_json(capsys, *args)
    status, out, err = gdsim_cli(capsys, "run", *args, "--format", "csv")
    assert (status, err) == (0, "")

    header, *rows = list(csv.reader(io.StringIO(out)))
    assert {"ball", "optimizer", "step", "x", "y", "loss", "status"} <= set(header)
    column = {name: header.index(name) for name in header}
    assert len(rows) == sum(len(b["trajectory"]) for b in document["balls"])
    for index, ball in enumerate(document["balls"]):
        mine = [r for r in rows if int(r[column["ball"]]) == index]
        assert [int(r[column["step"]]) for r in mine] == list(range(len(ball["trajectory"])))
        assert {r[column["optimizer"]] for r in mine} == {ball["optimizer"]}
        assert {r[column["status"]] for r in mine} == {ball["status"]}
        assert [[float(r[column["x"]]), float(r[column["y"]])] for r in mine] == ball["trajectory"]
        assert [float(r[column["loss"]]) for r in mine] == ball["loss"]


def test_list_landscapes_names_every_preset_and_each_name_runs(capsys):
    status, out, err = gdsim_cli(capsys, "run", "--list-landscapes")
    assert (status, err) == (0, "")
    names = [line.split()[0] for line in out.splitlines()]
    assert sorted(names) == sorted(PRESETS)
    for name in names:
        document = run_json(capsys, "--landscape", name, "--steps", "2")
        assert document["landscape"] == name


# --- bad input ---------------------------------------------------------------------------------

BAD_INPUT = {
    "unknown landscape": (["--landscape", "nope"], ["'nope'", *PRESETS]),
    "unknown optimizer": (["--ball", "bfgs:lr=0.1"], ["'bfgs'", "sgd", "momentum", "nag", "adam"]),
    "lr zero": (["--ball", "sgd:lr=0"], ["lr", "positive finite number"]),
    "lr negative": (["--ball", "sgd:lr=-1"], ["lr", "positive finite number"]),
    "lr nan": (["--ball", "momentum:lr=nan"], ["lr", "positive finite number"]),
    "lr inf": (["--ball", "nag:lr=inf"], ["lr", "positive finite number"]),
    "lr not a number": (["--ball", "sgd:lr=abc"], ["lr", "number", "'abc'"]),
    "lr without value": (["--ball", "sgd:lr"], ["key=value"]),
    "momentum one": (["--ball", "momentum:momentum=1"], ["momentum", "[0, 1)"]),
    "unknown parameter": (["--ball", "sgd:momentum=0.9"], ["'momentum'", "lr"]),
    "start one number": (["--start", "1"], ["'1'", "2 finite numbers"]),
    "start three numbers": (["--start", "1,2,3"], ["'1,2,3'", "2 finite numbers"]),
    "start not numbers": (["--start", "a,b"], ["'a,b'", "2 finite numbers"]),
    "start nan": (["--start", "nan,1"], ["'nan,1'", "2 finite numbers"]),
    "start empty": (["--start="], ["2 finite numbers"]),
    "negative steps": (["--steps", "-1"], ["--steps", "-1", "between 0"]),
    "steps not a number": (["--steps", "ten"], ["--steps", "'ten'", "whole number"]),
    "unknown format": (["--format", "xml"], ["'xml'", "json", "csv"]),
}


@pytest.mark.parametrize(("args", "mentions"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_exits_2_with_one_line_saying_what_is_wrong(capsys, args, mentions):
    status, out, err = gdsim_cli(capsys, "run", "--landscape", "bowl", *args)

    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    assert lines[0].startswith("gdsim: error: ")
    for text in mentions:
        assert text in lines[0]


def test_unknown_command_exits_2_with_one_line(capsys):
    status, out, err = gdsim_cli(capsys, "fly")
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("gdsim: error: ") and "'fly'" in err


# --- the real entry point ----------------------------------------------------------------------

def test_python_dash_m_gdsim_runs_and_reports_its_version(tmp_path):
    def gdsim_process(*args):
        return subprocess.run([sys.executable, "-m", "gdsim", *args], capture_output=True, text=True,
                              cwd=tmp_path, timeout=120)

    version = gdsim_process("--version")
    assert (version.returncode, version.stderr) == (0, "")
    assert version.stdout.strip() == f"gdsim {gdsim.__version__}"

    lesson = gdsim_process("run", "--landscape", "bowl", "--start=-3,4", "--ball", "sgd:lr=0.1",
                           "--ball", "sgd:lr=10", "--ball", "sgd:lr=1e-10", "--steps", "100")
    assert (lesson.returncode, lesson.stderr) == (0, "")
    steady, diverging, tiny = strict_json(lesson.stdout)["balls"]
    np.testing.assert_allclose(steady["trajectory"][-1], (-6.1e-10, 8.1e-10), rtol=1e-2)
    assert diverging["status"] == "diverged"
    np.testing.assert_allclose(tiny["trajectory"][-1], (-3.0, 4.0), atol=1e-6)

    bad = gdsim_process("run", "--landscape", "nope")
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.splitlines()) == 1 and bad.stderr.startswith("gdsim: error: ")


def test_gradcheck_refuses_when_the_exact_gradient_is_nowhere_defined(capsys):
    assert main(["gradcheck", "--expr", "sqrt(x-100)", "--grad", "7"]) == 2
    assert "undefined everywhere" in capsys.readouterr().err


# --- events ----------------------------------------------------------------------------------

def test_events_are_added_to_each_balls_json_only_when_asked(capsys):
    args = ["--landscape", "parabola", "--start", "1", "--ball", "sgd:lr=1.2", "--ball", "sgd:lr=0.4", "--steps", "30"]
    plain = run_json(capsys, *args)
    assert all(set(ball) == BALL_KEYS for ball in plain["balls"])
    with_events = run_json(capsys, *args, "--events")
    too_fast, gentle = with_events["balls"]
    assert {k: v for k, v in too_fast.items() if k != "events"} == plain["balls"][0]  # the run itself is the same
    # x ← −1.4x: across the valley and uphill at every step, until |x| passes 1e8 (step 55, after this run)
    assert [(e["step"], e["kind"]) for e in too_fast["events"]] == [
        (k, kind) for k in range(1, 31) for kind in ("loss-rose", "overshoot")]
    assert too_fast["events"][0]["position"] == pytest.approx([-1.4])
    # x ← 0.2x: straight down, until the engine stops it, at its step
    assert gentle["events"] == [{"step": gentle["stopped_at"], "kind": "converged",
                                 "position": pytest.approx(gentle["trajectory"][-1])}]


def test_events_name_every_stop_of_the_engine(capsys):
    document = run_json(capsys, "--landscape", "parabola", "--start", "1", "--ball", "sgd:lr=1.5", "--steps", "100",
                        "--events")
    ball = document["balls"][0]
    assert ball["status"] == "diverged"
    assert ball["events"][-1]["kind"] == "diverged" and ball["events"][-1]["step"] == ball["stopped_at"]


def test_events_are_for_the_json(capsys):
    status, out, err = gdsim_cli(capsys, "run", "--landscape", "bowl", "--format", "csv", "--events")
    assert status == 2 and "--events" in err and out == ""
