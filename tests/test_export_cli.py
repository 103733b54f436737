"""`gdsim export`: a lesson stage as GIF, PNG or SVG drawn headless; never overwriting without --force."""

import os
import sys
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest

from gdsim.cli import main
from gdsim.qt import style

GIF_ARGS = ["export", "--lesson", "momentum", "--stage", "4", "--format", "gif", "--size", "520x400",
            "--frames", "6", "--steps-per-frame", "40"]


def color_mask(frames: np.ndarray, color: str, tolerance: float = 40) -> np.ndarray:
    rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
    return np.abs(frames[..., :3].astype(float) - rgb).max(axis=-1) <= tolerance


def cores(mask: np.ndarray, radius: int = 2) -> np.ndarray:
    """Pixels whose whole (2·radius + 1)² square is in `mask`: the inside of a ball, not a 2.5 px trail."""
    kept = mask.copy()
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            kept &= np.roll(np.roll(mask, dy, axis=-2), dx, axis=-1)
    return kept


@pytest.fixture(scope="module")
def momentum_gif(tmp_path_factory):
    path = tmp_path_factory.mktemp("gif") / "momentum.gif"
    assert main([*GIF_ARGS, "-o", str(path)]) == 0
    return path


def test_a_gif_of_the_momentum_lesson_shows_the_balls_moving(momentum_gif, capsys):
    import imageio.v3 as iio

    frames = iio.imread(momentum_gif, index=None)
    assert frames.shape[0] >= 5 and frames.shape[1:] == (400, 520, 3)
    assert all(not np.array_equal(a, b) for a, b in zip(frames[:-1], frames[1:], strict=True))
    nesterov = color_mask(frames, style.BALL_COLORS[2])  # on top of the others at the start
    start_disc = cores(nesterov[0]) & ~cores(nesterov[-1])  # the legend's disc cancels
    assert start_disc.sum() > 10  # its disc at the start, gone by the end
    # At the end it rests on the minimum, under the minimum's outlined star: its disc shows as a ring. Its
    # lowest pixel went down the valley, many pixels below where it started.
    assert np.nonzero(nesterov[-1])[0].max() - np.nonzero(start_disc)[0].max() > 60
    sgd = cores(color_mask(frames, style.BALL_COLORS[0]))
    assert (sgd[-1] & ~sgd[0]).sum() > 10  # SGD's ball is somewhere new
    momentum = color_mask(frames, style.BALL_COLORS[1])  # its ball ends under Nesterov's: its trail shows it
    assert (momentum[-1] & ~momentum[0]).sum() > 100
    assert os.listdir(momentum_gif.parent) == ["momentum.gif"]  # no temporary file left behind


def test_an_existing_file_is_replaced_only_with_force(momentum_gif, capsys):
    before = momentum_gif.read_bytes()
    assert main([*GIF_ARGS, "--frames", "3", "-o", str(momentum_gif)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    assert momentum_gif.read_bytes() == before
    assert main([*GIF_ARGS, "--frames", "3", "-o", str(momentum_gif), "--force"]) == 0
    assert momentum_gif.read_bytes() != before
    assert os.listdir(momentum_gif.parent) == ["momentum.gif"]


def test_mp4_without_imageio_ffmpeg_says_how_to_add_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # import fails as if not installed
    path = tmp_path / "m.mp4"
    assert main(["export", "--lesson", "momentum", "--stage", "4", "--format", "mp4", "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install "gdsim[video]"' in err
    assert os.listdir(tmp_path) == []


def test_png_at_twice_the_pixels_and_svg_with_paths(tmp_path):
    from PySide6.QtGui import QImage

    png, svg = tmp_path / "s.png", tmp_path / "s.svg"
    assert main(["export", "--lesson", "momentum", "--stage", "2", "--format", "png", "--size", "400x300",
                 "--scale", "2", "-o", str(png)]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (800, 600)
    assert main(["export", "--lesson", "learning-rate", "--stage", "1", "--format", "svg", "--size", "400x300",
                 "-o", str(svg)]) == 0  # a 1-D lesson: its curve
    root = ElementTree.parse(svg).getroot()
    assert root.tag.endswith("svg") and root.iter("{http://www.w3.org/2000/svg}path") is not None
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) > 3
    assert sorted(os.listdir(tmp_path)) == ["s.png", "s.svg"]


@pytest.mark.parametrize("args, problem", [
    (["--lesson", "nope", "--format", "png"], "unknown lesson"),
    (["--lesson", "momentum", "--stage", "99", "--format", "png"], "has 8 stages"),
    (["--lesson", "momentum", "--format", "svg", "--scale", "2"], "--scale"),
    (["--lesson", "momentum", "--format", "jpeg"], "invalid choice"),
])
def test_bad_requests_are_one_line_errors(tmp_path, capsys, args, problem):
    assert main(["export", *args, "-o", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err
    assert os.listdir(tmp_path) == []
