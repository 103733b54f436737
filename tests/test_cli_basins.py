"""`gdsim basins`: the JSON's shape, one or several balls, the PNG with the map's colours, one-line errors."""

import numpy as np
import pytest

from gdsim.cli import main
from tests.strict_json import strict_json

HIMMELBLAU_MINIMA = np.array([(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)])


def rgb_pixels(image) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :3 * image.width()].reshape(image.height(), image.width(), 3).astype(float)


def basins_json(capsys, *args):
    assert main(["basins", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return strict_json(captured.out)


def test_json_has_minima_labels_row_by_row_and_shares(capsys):
    document = basins_json(capsys, "--landscape", "himmelblau", "--ball", "nag:lr=0.002,momentum=0.9",
                           "--grid", "30", "--steps", "500", "--format", "json")
    assert set(document) == {"minima", "labels", "shares"}
    minima = np.array(document["minima"])
    assert minima.shape == (4, 2)
    assert np.abs(minima[:, None, :] - HIMMELBLAU_MINIMA[None]).max(axis=2).min(axis=0).max() < 1e-5
    labels = np.array(document["labels"])
    assert labels.shape == (30, 30) and set(np.unique(labels)) <= {-2, -1, 0, 1, 2, 3}
    # Row 0 is the lowest y: its left end is in the basin of the minimum at (−3.78, −3.28).
    lowest_left = int(np.argmin(np.abs(minima - HIMMELBLAU_MINIMA[2]).max(axis=1)))
    assert labels[2, 3] == lowest_left
    shares = document["shares"]
    assert set(shares) == {"minima", "diverged", "not_converged"} and len(shares["minima"]) == 4
    assert sum(shares["minima"]) + shares["diverged"] + shares["not_converged"] == pytest.approx(1.0)
    assert shares["minima"][lowest_left] == pytest.approx(np.mean(labels == lowest_left))


def test_the_default_ball_is_the_landscapes_nesterov(capsys):
    default = basins_json(capsys, "--grid", "12", "--steps", "300")
    explicit = basins_json(capsys, "--landscape", "himmelblau", "--ball", "nag:lr=0.002,momentum=0.9",
                           "--grid", "12", "--steps", "300")
    assert default == explicit


def test_several_balls_share_the_minima_and_each_has_labels_and_shares(capsys, tmp_path):
    target = tmp_path / "basins.json"
    assert main(["basins", "--landscape", "himmelblau", "--ball", "sgd:lr=0.01", "--ball",
                 "momentum:lr=0.002,momentum=0.9", "--grid", "16", "--steps", "400", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    document = strict_json(target.read_text())
    assert set(document) == {"minima", "balls"}
    sgd, momentum = document["balls"]
    assert sgd["optimizer"] == "sgd" and sgd["params"] == {"lr": 0.01}
    assert momentum["optimizer"] == "momentum" and momentum["params"] == {"lr": 0.002, "momentum": 0.9, "form": "lecture"}
    for ball in document["balls"]:
        assert set(ball) == {"optimizer", "params", "labels", "shares"}
        assert np.array(ball["labels"]).shape == (16, 16)
        assert len(ball["shares"]["minima"]) == len(document["minima"]) == 4


def test_a_typed_expression(capsys):
    document = basins_json(capsys, "--expr", "x^4/4 - x^2 + y^2/2", "--ball", "sgd:lr=0.05", "--grid", "20",
                           "--steps", "400")
    assert sorted(round(x, 4) for x, _ in document["minima"]) == [-1.4142, 1.4142]
    labels = np.array(document["labels"])
    left = int(np.argmin([x for x, _ in document["minima"]]))
    assert (labels[:, :10] == left).all() and (labels[:, 10:] == 1 - left).all()


def test_png_draws_the_map_in_the_basins_colours(tmp_path, qapp):
    from PySide6.QtGui import QImage

    from gdsim.cli.basins import basin_view
    from gdsim.model.balls import Ball
    from gdsim.model.basins import basin_map
    from gdsim.model.optimizers import OptimizerKind
    from gdsim.model.presets import preset
    from gdsim.qt.layers.basin_layer import BASIN_ALPHA, BASIN_COLORS
    from tests.qt.conftest import view_to_widget

    target = tmp_path / "basins.png"
    assert main(["basins", "--landscape", "himmelblau", "--grid", "60", "--format", "png", "-o", str(target),
                 "--size", "700x700"]) == 0
    drawn = rgb_pixels(QImage(str(target)))
    assert drawn.shape == (700, 700, 3)
    # Where each minimum's basin lies on that picture, and what is under the map there: the same view,
    # built the same way, with the map hidden.
    scene = preset("himmelblau")
    result = basin_map(scene.landscape, [Ball(OptimizerKind.NAG, {"lr": 0.002, "momentum": 0.9})], grid=60)
    view = basin_view(scene, result, 0, (700, 700))
    view.basin_layer.set_visible(False)
    under = rgb_pixels(view.grab().toImage())
    palette = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in BASIN_COLORS[:4]], dtype=float)
    alpha = BASIN_ALPHA / 255
    for index, (x, y) in enumerate(result.minima):
        # Beside the minimum, away from its ring and its name; a patch's median passes over the contour lines.
        spot = view_to_widget(view, (x - 0.5 * np.sign(x), y - 0.5 * np.sign(y)))
        patch = (slice(spot.y() - 3, spot.y() + 4), slice(spot.x() - 3, spot.x() + 4))
        colour = np.median(drawn[patch].reshape(-1, 3), axis=0)
        expected = (1 - alpha) * np.median(under[patch].reshape(-1, 3), axis=0) + alpha * palette
        assert int(np.argmin(np.abs(expected - colour).sum(axis=1))) == index, (index, colour, expected)
        assert np.abs(expected[index] - colour).max() < 30
    view.close()


@pytest.mark.parametrize("args", [
    ["--landscape", "nowhere"],
    ["--grid", "1"],
    ["--grid", "ten"],
    ["--steps", "-5"],
    ["--tol", "-1"],
    ["--ball", "bfgs:lr=1"],
    ["--ball", "sgd:lr=-1"],
    ["--ball", "sgd:gradient=user"],
    ["--format", "png"],
    ["--format", "png", "-o", "x.png", "--ball", "sgd", "--ball", "nag"],
    ["--format", "svg"],
    ["--size", "10x10"],
    ["--grid", "1000", "--steps", "100000"],
])
def test_bad_input_is_one_line_and_exit_status_2(capsys, args):
    assert main(["basins", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gdsim: error: ")


def test_a_landscape_of_one_variable_gives_one_row_of_starts_along_x(capsys):
    document = basins_json(capsys, "--expr", "x^4 - 3*x^2 + x", "--ball", "sgd:lr=0.01", "--grid", "10")
    assert [[round(x, 2)] for (x,) in document["minima"]] == [[-1.3], [1.13]]
    assert document["labels"] == [[0] * 5 + [1] * 5]
