"""Builds (on request) and smoke-runs the one-folder bundle dist/gdsim/, as CI does.

    python packaging/smoke_test.py --build          # pyinstaller packaging/gdsim.spec, then the checks
    python packaging/smoke_test.py                  # the checks on an existing dist/gdsim/
    python packaging/smoke_test.py --timing 7       # also the start-up time, bundle vs `python -m gdsim`

The checks run the frozen binary the way a user does: `--version`, `gdsim run` on a preset and on a
typed function (sympy), `lesson list` (the bundled resources), `--screenshot` on X11 with GLX and
with EGL (PyOpenGL's EGL platform, which Wayland sessions use) and with no display at all, and
`--quit-after-first-paint`. Any run fails on a fatal marker in its stderr (ModuleNotFoundError,
Traceback, a Qt plugin that could not load, ...). The folder is checked too: what must be in it,
what must not (GTK's theme plugin, torch, tkinter, ...), and no dangling links. Uses only the
standard library, and Xvfb when there is no display (one server for all runs).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FATAL_MARKERS = (
    "ModuleNotFoundError", "ImportError", "Traceback", "Could not load the Qt platform plugin",
    "Could not find the Qt platform plugin", "This application failed to start", "Fatal Python error",
    "cannot open shared object file", "Segmentation fault", "Failed to execute script",
    "undefined symbol",
)
MUST_HAVE = (  # glob patterns under the bundle folder
    "_internal/gdsim/resources/lessons/4-momentum.toml",
    "_internal/gdsim/resources/icons/gdsim.svg",
    "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
    "_internal/PySide6/Qt/plugins/platforms/libqwayland.so",
    "_internal/PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "_internal/PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "_internal/PySide6/Qt/plugins/xcbglintegrations/libqxcb-egl-integration.so",
    "_internal/PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "_internal/PySide6/Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
    "_internal/PySide6/Qt/plugins/iconengines/libqsvgicon.so",  # the window icon is an SVG
    "_internal/PySide6/Qt/plugins/imageformats/libqsvg.so",
    "_internal/PySide6/Qt/translations/qtbase_ko.qm",
    "_internal/libxcb-cursor.so.0",  # often missing from systems; Qt's xcb plugin needs it
    "_internal/PIL/_imaging.*.so",  # GIF export
)
MUST_NOT_HAVE = (
    "_internal/PySide6/Qt/plugins/platformthemes/libqgtk3.so", "_internal/libgtk-3*", "_internal/libcairo*",
    "_internal/torch", "_internal/scipy", "_internal/matplotlib", "_internal/_tcl_data", "_internal/imageio_ffmpeg",
    "_internal/PySide6/QtNetwork*", "_internal/PySide6/Qt/lib/libQt6Network*", "_internal/PySide6/Qt/lib/libQt6Qml*",
    "_internal/libssl*", "_internal/PySide6/Qt/translations/qtbase_de.qm", "_internal/PIL/_avif*",
    # left to the system (gdsim.spec's SYSTEM_LIBRARIES)
    "_internal/libstdc++*", "_internal/libgcc_s*", "_internal/libfontconfig*", "_internal/libglib-2.0*",
    "_internal/libdbus-1*", "_internal/libX11.so*",
)


def package_version() -> str:
    tree = ast.parse((ROOT / "gdsim" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit("smoke_test: no __version__ in gdsim/__init__.py")


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


@contextlib.contextmanager
def display():
    """The environment for windowed runs: the current display, or one Xvfb server for all runs."""
    env = dict(os.environ)
    if env.get("DISPLAY") or shutil.which("Xvfb") is None:
        yield env if env.get("DISPLAY") else None
        return
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24",
                               "+extension", "GLX", "+render", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        check(number.isdigit(), "Xvfb did not start")
        env.update(DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
        yield env
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(command: list[str], env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    shown = " ".join(Path(command[0]).name if i == 0 else part for i, part in enumerate(command))
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, cwd=tempfile.gettempdir())
    elapsed = time.perf_counter() - start
    fatal = [marker for marker in FATAL_MARKERS if marker in result.stderr]
    if result.returncode != 0 or fatal:
        raise Failure(f"{shown}: exit {result.returncode}{', ' + ', '.join(fatal) if fatal else ''}\n"
                      f"--- stderr ---\n{result.stderr[-4000:]}")
    print(f"ok   {shown}  ({elapsed:.2f} s)")
    return result


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


def check_folder(bundle: Path) -> None:
    for pattern in MUST_HAVE:
        check(any(bundle.glob(pattern)), f"missing from the bundle: {pattern}")
    for pattern in MUST_NOT_HAVE:
        found = sorted(bundle.glob(pattern))
        check(not found, f"should not be in the bundle: {', '.join(str(p.relative_to(bundle)) for p in found)}")
    dangling = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    check(not dangling, f"dangling links: {', '.join(str(p.relative_to(bundle)) for p in dangling)}")
    print(f"ok   folder: {len(MUST_HAVE)} files present, {len(MUST_NOT_HAVE)} kinds absent, no dangling link")


def check_runs(exe: Path, env_display: dict | None, workdir: Path) -> None:
    version = package_version()
    out = run([str(exe), "--version"]).stdout.strip()
    check(out == f"gdsim {version}", f"--version printed {out!r}, expected 'gdsim {version}'")

    result = json.loads(run([str(exe), "run", "--landscape", "rosenbrock", "--steps", "50",
                             "--ball", "sgd:lr=0.001", "--ball", "adam:lr=0.05"]).stdout)
    check(len(result["balls"]) == 2 and len(result["balls"][0]["trajectory"]) == 51,
          "gdsim run: unexpected JSON")
    result = json.loads(run([str(exe), "run", "--expr", "sin(x) + y^2/4", "--steps", "20"]).stdout)
    check(result["balls"] and len(result["balls"][0]["trajectory"]) == 21, "gdsim run --expr: unexpected JSON")
    lessons = run([str(exe), "lesson", "list"]).stdout
    check("momentum" in lessons, "gdsim lesson list: the bundled lessons are missing")

    headless = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    shots = [("offscreen", headless, {})]
    if env_display is not None:
        shots += [("x11-glx", env_display, {}),
                  # PyOpenGL's EGL platform, as on Wayland; the bundle must carry OpenGL.platform.egl.
                  ("x11-egl", env_display, {"QT_XCB_GL_INTEGRATION": "xcb_egl", "PYOPENGL_PLATFORM": "egl"})]
    else:
        print("skip windowed runs: no display and no Xvfb")
    for name, env, extra in shots:
        png = workdir / f"shot-{name}.png"
        run([str(exe), "--screenshot", str(png), "--steps", "10"], env={**env, **extra})
        check(png.is_file() and png.stat().st_size > 30_000, f"--screenshot ({name}): no PNG, or a blank one")
        check(png_size(png) == (1280, 800), f"--screenshot ({name}): size {png_size(png)}, expected 1280x800")
    if "export" in run([str(exe), "--help"]).stdout:  # `gdsim export`: GIF through imageio and Pillow
        for fmt, magic in (("gif", (b"GIF89a", b"GIF87a")), ("svg", (b"<?xml", b"<svg")), ("png", (b"\x89PNG",))):
            out = workdir / f"export.{fmt}"
            run([str(exe), "export", "--lesson", "momentum", "--stage", "1", "--format", fmt, "-o", str(out)],
                env=env_display or headless)
            check(out.is_file() and out.read_bytes().startswith(magic), f"gdsim export --format {fmt}: no {fmt} file")
    else:
        print("skip gdsim export: this gdsim has no export command")
    if env_display is not None:
        out = run([str(exe), "--quit-after-first-paint"], env=env_display).stdout
        check("gdsim: first paint" in out, "--quit-after-first-paint did not paint")
        check_window_icon(exe, env_display)


def check_window_icon(exe: Path, env: dict) -> None:
    """The window carries the icon (_NET_WM_ICON) and the WM class that the .desktop file names."""
    if shutil.which("xprop") is None or shutil.which("xwininfo") is None:
        print("skip window icon: xprop/xwininfo not installed (Debian: x11-utils)")
        return
    process = subprocess.Popen([str(exe)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                               cwd=tempfile.gettempdir())
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, env=env).stdout
            for line in tree.splitlines():
                if '("gdsim" "gdsim")' in line:
                    window = line.split()[0]
                    props = subprocess.run(["xprop", "-id", window, "_NET_WM_ICON"], capture_output=True,
                                           text=True, env=env).stdout
                    check("Icon (" in props, "the main window has no icon (_NET_WM_ICON)")
                    print("ok   window icon and WM class 'gdsim'")
                    return
            time.sleep(0.2)
        raise Failure("the main window did not appear with WM class 'gdsim'")
    finally:
        process.terminate()
        try:
            _, stderr = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
        fatal = [marker for marker in FATAL_MARKERS if marker in stderr]
        check(not fatal, f"gdsim (window): {', '.join(fatal)}\n{stderr[-4000:]}")


def first_paint_seconds(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                               cwd=tempfile.gettempdir())
    elapsed = None
    for line in process.stdout:
        if "gdsim: first paint" in line:
            elapsed = time.perf_counter() - start
    process.wait(timeout=60)
    check(elapsed is not None, f"{' '.join(command)}: no first paint")
    return elapsed


def timing(exe: Path, env: dict, runs: int) -> None:
    for label, command in (("bundle", [str(exe)]), ("source", [sys.executable, "-m", "gdsim"])):
        first_paint_seconds(command + ["--quit-after-first-paint"], env)  # fills the page cache
        times = [first_paint_seconds(command + ["--quit-after-first-paint"], env) for _ in range(runs)]
        print(f"time {label}: first paint median {statistics.median(times):.3f} s over {runs} runs "
              f"(min {min(times):.3f}, max {max(times):.3f})")


def report_size(bundle: Path, max_mb: float | None) -> None:
    def size(path: Path) -> int:
        if path.is_symlink():
            return 0
        if path.is_file():
            return path.stat().st_size
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())

    total = size(bundle) / 2**20
    print(f"size {bundle}: {total:.1f} MiB; largest in _internal/ and the executable:")
    entries = [*(bundle / "_internal").iterdir(), bundle / "gdsim"]
    for path in sorted(entries, key=size, reverse=True)[:15]:
        print(f"     {size(path) / 2**20:7.1f} MiB  {path.relative_to(bundle)}")
    if max_mb is not None:
        check(total <= max_mb, f"the bundle is {total:.1f} MiB, over the {max_mb:g} MiB budget")


def build() -> None:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", str(ROOT / "packaging" / "gdsim.spec"), "--noconfirm",
                    "--log-level", "WARN", "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build")],
                   check=True, cwd=ROOT)
    print(f"ok   build  ({time.perf_counter() - start:.1f} s)")


def validate_linux_metadata() -> None:
    linux = ROOT / "packaging" / "linux"
    for tool, args in (("desktop-file-validate", [str(linux / "io.github.gdsim.gdsim.desktop")]),
                       ("appstreamcli", ["validate", "--no-net", str(linux / "io.github.gdsim.gdsim.metainfo.xml")])):
        if shutil.which(tool) is None:
            print(f"skip {tool}: not installed")
            continue
        result = subprocess.run([tool, *args], capture_output=True, text=True)
        check(result.returncode == 0, f"{tool}: {result.stdout}{result.stderr}")
        print(f"ok   {tool}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="build the bundle first")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "gdsim", help="the bundle folder")
    parser.add_argument("--timing", type=int, metavar="N", help="also time N starts of the bundle and of the source")
    parser.add_argument("--max-mb", type=float, help="fail when the bundle is larger (MiB)")
    args = parser.parse_args(argv)
    try:
        if args.build:
            build()
        exe = args.bundle / "gdsim"
        check(exe.is_file() and os.access(exe, os.X_OK), f"no executable {exe}; build with --build")
        check_folder(args.bundle)
        validate_linux_metadata()
        with tempfile.TemporaryDirectory(prefix="gdsim-smoke-") as workdir, display() as env:
            os.environ["XDG_CONFIG_HOME"] = str(Path(workdir, "config"))  # leave the user's settings alone
            if env is not None:
                env["XDG_CONFIG_HOME"] = os.environ["XDG_CONFIG_HOME"]
            check_runs(exe, env, Path(workdir))
            if args.timing:
                check(env is not None, "--timing needs a display or Xvfb")
                timing(exe, env, args.timing)
        report_size(args.bundle, args.max_mb)
    except Failure as failure:
        print(f"FAIL {failure}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
