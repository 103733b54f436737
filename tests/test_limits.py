"""Bounds on every request from the command line: each is checked before anything is allocated and
refused in one line naming the field and the limit (gdsim.model.limits; README "Limits")."""

import pytest

from gdsim.cli import main
from gdsim.model import limits
from gdsim.model.fitting import make_problem

FIVE_THOUSAND_DIGITS = "1" * 5000


def refused(capsys, argv) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("gdsim: error: ") and err.count("\n") == 1
    return err


def test_a_run_that_would_keep_too_many_steps_is_refused_before_it_starts(capsys, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the run was started")

    monkeypatch.setattr("gdsim.cli.run.run", never)
    monkeypatch.setattr("gdsim.model.analysis.random_starts", never)
    err = refused(capsys, ["run", "--random-starts", "100000", "--steps", "100"])
    assert "300,000 ball(s) × (--steps 100 + 1)" in err and f"{limits.MAX_KEPT_BALL_STEPS:,}" in err


def test_a_run_at_the_limit_is_taken(capsys, monkeypatch):
    taken = []

    def run(landscape, balls, steps, **kwargs):
        taken.append((len(balls), steps))
        raise MemoryError  # a one-line answer too, without running 1.5 million steps here

    monkeypatch.setattr("gdsim.cli.run.run", run)
    refused(capsys, ["run", "--start", "1,1", "--ball", "sgd", "--steps", str(limits.MAX_KEPT_BALL_STEPS - 1)])
    assert taken == [(1, limits.MAX_KEPT_BALL_STEPS - 1)]


def test_a_basin_map_with_too_many_starts_is_refused_before_it_runs(capsys, monkeypatch):
    monkeypatch.setattr("gdsim.cli.basins.basin_map", lambda *a, **k: pytest.fail("the map was run"))
    balls = [argument for _ in range(100) for argument in ("--ball", "sgd:lr=0.001")]
    err = refused(capsys, ["basins", "--grid", "1000", "--steps", "1", *balls])
    assert "--grid 1000 for 100 ball(s)" in err and f"{limits.MAX_BASIN_LABELS:,}" in err


def test_a_sweep_of_too_many_runs_is_refused(capsys):
    balls = [argument for _ in range(20) for argument in ("--ball", "sgd")]
    err = refused(capsys, ["sweep", "--points", "10000", "--steps", "1", *balls])
    assert "--points 10,000" in err and f"{limits.MAX_SWEEP_RUNS:,}" in err


def test_a_fit_of_too_many_points_is_refused_by_the_model_whatever_the_door():
    with pytest.raises(ValueError, match="1,000,000"):
        make_problem("line", points=10 ** 9)


@pytest.mark.parametrize("argv, field", [
    (["run", "--steps", FIVE_THOUSAND_DIGITS], "--steps"),
    (["basins", "--grid", FIVE_THOUSAND_DIGITS], "--grid"),
    (["run", "--random-starts", "-" + FIVE_THOUSAND_DIGITS], "--random-starts"),
])
def test_a_number_of_five_thousand_digits_is_refused_in_one_short_line(capsys, argv, field):
    err = refused(capsys, argv)
    assert field in err and "5,000 digits" in err and "set_int_max_str_digits" not in err and len(err) < 200


@pytest.mark.parametrize("argv", [
    ["run", "--ball", f"sgd:lr={FIVE_THOUSAND_DIGITS}"],
    ["run", "--ball", f"sgd:lr=1,schedule=step,step_size={FIVE_THOUSAND_DIGITS}"],
    ["run", "--start", f"{FIVE_THOUSAND_DIGITS},1"],
    ["run", "--ball", f"sgd:{FIVE_THOUSAND_DIGITS}=1"],
])
def test_a_long_value_is_quoted_short_with_its_length(capsys, argv):
    err = refused(capsys, argv)
    assert "characters)" in err and len(err) < 300
