"""Animations are streamed: a frame is written as it is drawn, so memory holds one or two frames however
long the recording; and a picture or an animation too large is refused in one line before it is painted
(issue 18: 400 GIF frames took 2.2 GB, and a GIF of the 3-D view at 4× ran out of memory)."""

import os
import subprocess
import sys
import tracemalloc
import weakref

import imageio.v3 as iio
import numpy as np

from gdsim.cli import main
from gdsim.formats.animation import write_gif

FRAME_BYTES = 800 * 600 * 3


def test_a_gif_is_written_frame_by_frame_without_keeping_the_frames(tmp_path):
    alive: list[weakref.ref] = []

    def frames():
        for k in range(12):
            kept = sum(ref() is not None for ref in alive)
            assert kept <= 2, f"{kept} earlier frames still held when frame {k} is drawn"
            frame = np.full((30, 40, 3), 200, dtype=np.uint8)
            frame[2 + 2 * k:6 + 2 * k, 3:7] = (230, 159, 0)
            alive.append(weakref.ref(frame))
            yield frame

    written = write_gif(tmp_path / "a.gif", frames(), fps=10, key_colors=["#E69F00"])
    assert written == (12, 40, 30)
    back = iio.imread(tmp_path / "a.gif", index=None)
    assert back.shape == (12, 30, 40, 3)
    assert all((back[k, 2 + 2 * k:6 + 2 * k, 3:7] == (230, 159, 0)).all() for k in range(12))


def export_gif(path, frames: int) -> int:
    """The peak of memory traced while `gdsim export` records `frames` frames of 800 × 600 into `path`."""
    tracemalloc.start()
    try:
        assert main(["export", "--lesson", "momentum", "--stage", "4", "--format", "gif", "--frames", str(frames),
                     "--size", "800x600", "-o", str(path), "--force"]) == 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_exporting_a_gif_holds_a_few_frames_not_all_of_them(tmp_path, capsys):
    path = tmp_path / "run.gif"
    export_gif(path, 2)  # the first export imports and builds what every later one reuses
    many = export_gif(path, 25)
    assert capsys.readouterr().out.endswith(f"{path}: 24 frames of 800×600, 209 steps apart\n")  # all stopped
    few = export_gif(path, 5)
    assert many - few < 4 * FRAME_BYTES, f"20 more frames held {(many - few) / FRAME_BYTES:.1f} frames' worth more"
    assert iio.imread(path, index=None).shape[1:] == (600, 800, 3)


def test_a_picture_too_large_is_refused_in_one_line_before_it_is_painted(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("gdsim.qt.export.rendering.MAX_PICTURE_PIXELS", 1_000_000)
    path = tmp_path / "big.png"
    assert main(["export", "--lesson", "momentum", "--stage", "2", "--format", "png", "--size", "800x600",
                 "--scale", "4", "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "3200 × 2400" not in err and "at 4× is too large; the limit is 1 million" in err
    assert not path.exists()


def test_an_animation_too_large_is_refused_in_one_line_before_a_frame_is_drawn(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("gdsim.qt.export.rendering.MAX_ANIMATION_PIXELS", 10_000_000)
    monkeypatch.setattr("gdsim.qt.export.rendering.render_image", lambda *a: (_ for _ in ()).throw(AssertionError))
    path = tmp_path / "long.gif"
    assert main(["export", "--lesson", "momentum", "--stage", "4", "--format", "gif", "--frames", "100",
                 "--size", "800x600", "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "100 frames of 800 × 600 pixels at 1× are too many" in err
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_a_large_gif_costs_little_more_memory_than_its_frames(tmp_path):
    """Pillow's median cut, fitting the palette to three frames of a 1280 × 800 window at 2×, took 170 MB at
    once: the monkey's peak. The palette is now fitted to a sample of at most 2 million pixels."""
    def peak_mb(scale: int) -> int:
        measure = ("import resource, runpy, sys\nsys.argv = ['gdsim'] + sys.argv[1:]\ntry:\n"
                   "    runpy.run_module('gdsim', run_name='__main__')\nexcept SystemExit as end:\n"
                   "    assert not end.code, end.code\n"
                   "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
        result = subprocess.run(
            [sys.executable, "-c", measure, "export", "--lesson", "momentum", "--stage", "4", "--format", "gif",
             "--frames", "3", "--scale", str(scale), "--size", "1280x800", "--view", "window",
             "-o", str(tmp_path / f"{scale}.gif")],
            capture_output=True, text=True, timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        assert result.returncode == 0, result.stderr
        return int(result.stdout.split()[-1])

    frame_mb = 2560 * 1600 * 3 / 2**20  # 11.7 MB
    assert peak_mb(2) - peak_mb(1) < 6 * frame_mb  # was 141 MB more; now about 58
