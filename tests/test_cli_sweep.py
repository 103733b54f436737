"""`gdsim sweep`: the JSON of one and of several balls, the PNG, and one-line errors for bad input."""

import pytest
from PySide6.QtGui import QColor, QImage

from gdsim import cli
from gdsim.qt import style
from tests.strict_json import strict_json

POINT_KEYS = {"lr", "final_loss", "steps_to_converge", "status"}


def gdsim(capsys, *args):
    status = cli.main(["sweep", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def sweep_json(capsys, *args):
    status, out, err = gdsim(capsys, *args)
    assert (status, err) == (0, ""), err
    return strict_json(out)


def test_one_ball_prints_the_optimizer_and_a_point_per_lr(capsys):
    document = sweep_json(capsys, "--landscape", "bowl", "--ball", "sgd")
    assert set(document) == {"optimizer", "points", "stability"} and document["optimizer"] == "sgd"
    points = document["points"]
    assert len(points) == 60 and points[0]["lr"] == 1e-4 and points[-1]["lr"] == 10.0
    for point in points:
        assert set(point) == POINT_KEYS
        assert point["status"] in {"converged", "running", "diverged"}
        assert (point["status"] == "diverged") == (point["lr"] > 1)
        assert (point["steps_to_converge"] is not None) == (point["status"] == "converged")
    assert {p["status"] for p in points} == {"converged", "running", "diverged"}


def test_options_shape_the_sweep(capsys):
    document = sweep_json(capsys, "--landscape", "bowl", "--start", "-3,0.5", "--lr-range", "0.5,2", "--points", "3",
                          "--steps", "50", "--tol", "1e-6")
    assert [p["lr"] for p in document["points"]] == [0.5, 1.0, 2.0]
    assert [p["status"] for p in document["points"]] == ["converged", "running", "diverged"]
    assert document["points"][0]["steps_to_converge"] == 2  # x ← 0 in one step; the next step is 0 too
    assert document["points"][1]["final_loss"] == 9.25  # x → −x: the loss stays where it started


def test_default_ball_and_start_are_sgd_from_the_presets_start(capsys):
    default = sweep_json(capsys, "--landscape", "bowl", "--points", "4")
    explicit = sweep_json(capsys, "--landscape", "bowl", "--points", "4", "--ball", "sgd", "--start", "-3,4")
    assert default == explicit


def test_several_balls_give_one_sweep_each_in_order(capsys):
    document = sweep_json(capsys, "--landscape", "momentum-demo", "--ball", "sgd", "--ball", "momentum:momentum=0.8",
                          "--ball", "adam", "--points", "5")
    assert list(document) == ["sweeps"]
    assert [s["optimizer"] for s in document["sweeps"]] == ["sgd", "momentum", "adam"]
    for sweep in document["sweeps"]:
        assert set(sweep) == {"optimizer", "points", "stability"} and len(sweep["points"]) == 5


def test_a_typed_function_of_one_variable(capsys):
    document = sweep_json(capsys, "--expr", "x^2", "--start", "-2", "--lr-range", "0.1,3", "--points", "4")
    assert len(document["points"]) == 4
    assert [(p["lr"] > 1) == (p["status"] == "diverged") for p in document["points"]] == [True] * 4


def test_json_to_a_file(capsys, tmp_path):
    target = tmp_path / "sweep.json"
    status, out, err = gdsim(capsys, "--landscape", "bowl", "--points", "3", "-o", str(target))
    assert (status, out, err) == (0, "", "")
    assert len(strict_json(target.read_text())["points"]) == 3


def test_png_is_the_plot_in_the_balls_colours(capsys, tmp_path, qapp):
    target = tmp_path / "sweep.png"
    status, out, err = gdsim(capsys, "--landscape", "bowl", "--ball", "sgd", "--ball", "nag", "--format", "png",
                             "-o", str(target), "--size", "640x400")
    assert (status, out) == (0, "")
    image = QImage(str(target))
    assert (image.width(), image.height()) == (640, 400)
    colours = {image.pixelColor(x, y).name() for x in range(0, 640, 2) for y in range(0, 400, 2)}
    for palette_number in (0, 1):
        wanted = QColor(style.BALL_COLORS[palette_number])
        assert any(_close(QColor(c), wanted) for c in colours), style.BALL_COLORS[palette_number]


def _close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 12


@pytest.mark.parametrize("args, words", [
    (["--lr-range", "10,1e-4"], "0 < low < high"),
    (["--lr-range", "1,1"], "0 < low < high"),
    (["--lr-range", "0,1"], "0 < low < high"),
    (["--lr-range", "-1,1"], "0 < low < high"),
    (["--lr-range", "1e-4"], "LOW,HIGH"),
    (["--lr-range", "a,b"], "LOW,HIGH"),
    (["--lr-range", "1e-4,inf"], "finite"),
    (["--points", "1"], "--points"),
    (["--points", "many"], "--points"),
    (["--steps", "-1"], "--steps"),
    (["--ball", "sgd:lr=0.1"], "sets η itself"),
    (["--ball", "nope"], "unknown optimizer"),
    (["--ball", "sgd:gradient=user"], "--grad"),
    (["--start", "1,2,3"], "--start"),
    (["--landscape", "nowhere"], "unknown landscape"),
    (["--expr", "x^"], "--expr"),
    (["--format", "png"], "-o FILE"),
    (["--format", "svg"], "--format"),
    (["--points", "10000", "--steps", "1000000"], "too much work"),
    (["-o", "/nonexistent-dir/sweep.json"], "-o"),
])
def test_bad_input_is_one_line_and_exit_status_2(capsys, args, words):
    status, out, err = gdsim(capsys, *args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("gdsim: error:") and words in err, err


def test_help_says_what_json_several_balls_give(capsys):
    status, out, _ = gdsim(capsys, "--help")
    assert status == 0
    assert '"sweeps"' in " ".join(out.split()) and "--lr-range" in out
