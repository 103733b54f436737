"""Atomic writes, and the widget-free parts of exporting: frames recorded by engine steps, GIF palettes."""

import os

import numpy as np
import pytest

from gdsim.formats import ExportCancelled
from gdsim.formats.animation import gif_palette, record, steps_per_frame_for, write_gif
from gdsim.formats.files import atomic_write, atomic_write_text


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert os.stat(target).st_mode & 0o777 == 0o640  # the old file's permissions are kept
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "picture.png"
    target.write_bytes(b"old picture")
    seen = []

    def failing(temporary):
        seen.append(temporary)
        assert temporary.parent == tmp_path and temporary.suffix == ".png"  # writers pick the format by it
        temporary.write_bytes(b"half a pic")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, failing)
    assert target.read_bytes() == b"old picture"
    assert os.listdir(tmp_path) == ["picture.png"] and not seen[0].exists()


def test_no_overwrite_refuses_an_existing_file(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("{}")
    with pytest.raises(FileExistsError):
        atomic_write_text(target, "[]", overwrite=False)
    assert target.read_text() == "{}" and os.listdir(tmp_path) == ["a.json"]


def test_record_takes_a_fixed_number_of_steps_per_frame_and_stops_when_the_balls_stop():
    state = {"step": 0}

    def advance(steps):
        taken = min(steps, 23 - state["step"])  # every ball stops at step 23
        state["step"] += taken
        return taken

    frames = list(record(advance, lambda: np.full((2, 2, 3), state["step"], dtype=np.uint8), 10, 5))
    assert [int(f[0, 0, 0]) for f in frames] == [0, 5, 10, 15, 20, 23]
    with pytest.raises(ExportCancelled):
        list(record(advance, lambda: np.zeros((2, 2, 3), np.uint8), 10, 5, progress=lambda done, total: done < 2))


def test_steps_per_frame_spread_the_steps_over_the_frames():
    assert steps_per_frame_for(5000, 100) == 51  # 99 × 51 ≥ 5000
    assert steps_per_frame_for(0, 100) == 1 and steps_per_frame_for(10, 1) == 10


def test_a_gif_keeps_the_ball_colours_exact(tmp_path):
    import imageio.v3 as iio

    rng = np.random.default_rng(0)
    ramp = np.linspace(120, 250, 64 * 64 * 3).reshape(64, 64, 3).astype(np.uint8)  # a large pale map
    frames = []
    for k in range(3):
        frame = ramp.copy()
        frame[10 + 10 * k:16 + 10 * k, 10:16] = (230, 159, 0)  # a small orange ball, moving
        frame += rng.integers(0, 2, frame.shape, dtype=np.uint8)
        frames.append(frame)
    assert len(gif_palette(frames, ["#E69F00"])) == 768
    write_gif(tmp_path / "a.gif", frames, fps=10, key_colors=["#E69F00"])
    back = iio.imread(tmp_path / "a.gif", index=None)
    assert back.shape == (3, 64, 64, 3)
    for k in range(3):
        assert (back[k, 10 + 10 * k:16 + 10 * k, 10:16] == (230, 159, 0)).all()
