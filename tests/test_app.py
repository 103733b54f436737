"""The real entry point, in a subprocess: a second QApplication in the test process would abort."""

import os
import shutil
import struct
import subprocess
import sys

import pytest


def run_gdsim(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.run([sys.executable, "-m", "gdsim", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as file:
        data = file.read(24)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshot_saves_the_whole_window(tmp_path):
    target = tmp_path / "window.png"
    result = run_gdsim("--screenshot", str(target), "--size", "1280x800", "--steps", "30")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert png_size(target) == (1280, 800)
    assert target.stat().st_size > 50_000  # a drawn window, not a blank one


def test_screenshot_with_a_bad_size_says_what_is_allowed(tmp_path):
    result = run_gdsim("--screenshot", str(tmp_path / "x.png"), "--size", "huge")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["gdsim: error: --size 'huge' must look like 1280x800"]


def test_screenshot_of_a_lesson_stage_in_presenter_mode_and_korean(tmp_path):
    korean, english = tmp_path / "ko.png", tmp_path / "en.png"
    stage = ("--lesson", "learning-rate", "--stage", "2", "--steps", "end", "--size", "1024x768")
    result = run_gdsim("--screenshot", str(korean), *stage, "--presenter", "--language", "ko")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert run_gdsim("--screenshot", str(english), *stage).returncode == 0
    assert png_size(korean) == png_size(english) == (1024, 768)
    assert korean.read_bytes() != english.read_bytes()


@pytest.mark.parametrize(("arguments", "message"), [
    (("--stage", "2"), "--stage goes with --lesson"),
    (("--lesson", "momentum", "--stage", "9"), "--stage 9: lesson 'momentum' has 8 stages"),
    (("--lesson", "momentum", "--stage", "0"), "argument --stage: must be a whole number >= 1"),
    (("--steps", "many"), "argument --steps"),
])
def test_screenshot_options_that_cannot_be_met_say_so_in_one_line(tmp_path, arguments, message):
    result = run_gdsim("--screenshot", str(tmp_path / "x.png"), *arguments)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_app_starts_paints_and_quits():
    result = run_gdsim("--quit-after-first-paint")
    assert result.returncode == 0, result.stderr
    assert "gdsim: first paint" in result.stdout
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


@pytest.mark.skipif(not os.environ.get("CI"), reason="the console script is checked on CI's fresh install")
def test_console_script_is_installed():
    result = subprocess.run(["gdsim", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("gdsim ")


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run to start an X server without GLX")
def test_an_x_server_without_glx_draws_the_3d_view_through_egl_without_tracebacks(tmp_path):
    """Qt gets an OpenGL context from such a server through EGL; PyOpenGL used GLX and every draw failed,
    printing thousands of lines of tracebacks while the 3-D view stayed blank."""
    target = tmp_path / "window.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "PYOPENGL_PLATFORM")}
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -extension GLX", sys.executable, "-m",
                             "gdsim", "--screenshot", str(target), "--size", "1280x800", "--steps", "20"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Error while drawing" not in result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(target))
    surface = image.copy(image.width() * 3 // 4 - 60, 120, 120, 160)  # the middle of the 3-D view
    colours = {surface.pixel(x, y) for x in range(0, 120, 4) for y in range(0, 160, 4)}
    assert len(colours) > 10, "the 3-D view is blank"
