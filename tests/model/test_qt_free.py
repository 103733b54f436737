"""The engine and the CLI work on a machine without Qt (DESIGN.md: the model never imports Qt)."""

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

BLOCKED = ("PySide6", "shiboken6", "pyqtgraph", "OpenGL")

# Runs in a fresh interpreter: a meta-path finder that refuses the Qt stack, installed before
# anything of gdsim is imported, then every module of gdsim.model, the CLI, and a `gdsim run`.
SCRIPT = textwrap.dedent("""
    import importlib, io, json, pkgutil, runpy, sys
    from contextlib import redirect_stdout

    BLOCKED = {blocked!r}

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{{name}} is blocked: the engine must not need Qt")
            return None

    sys.meta_path.insert(0, NoQt())
    for name in BLOCKED:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
        else:
            raise SystemExit(f"the blocker let {{name}} through")

    import gdsim.model
    modules = sorted(m.name for m in pkgutil.walk_packages(gdsim.model.__path__, "gdsim.model."))
    for name in modules:
        importlib.import_module(name)
    # The CLI's commands that draw import Qt inside their functions; none may at import time.
    import gdsim.cli
    cli_modules = ["gdsim.cli", *sorted(m.name for m in pkgutil.walk_packages(gdsim.cli.__path__, "gdsim.cli."))]
    for name in cli_modules:
        importlib.import_module(name)
    # The file writers, shared by the window and the CLI, need no Qt either.
    import gdsim.formats
    formats_modules = sorted(m.name for m in pkgutil.walk_packages(gdsim.formats.__path__, "gdsim.formats."))
    for name in formats_modules:
        importlib.import_module(name)

    sys.argv = ["gdsim", "run", "--landscape", "momentum-demo", "--steps", "5"]
    output = io.StringIO()
    with redirect_stdout(output):
        try:
            runpy.run_module("gdsim", run_name="__main__", alter_sys=True)
        except SystemExit as done:
            status = done.code

    leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    print(json.dumps({{"modules": modules, "cli_modules": cli_modules, "formats_modules": formats_modules,
                      "status": status, "leaked": leaked,
                      "run": json.loads(output.getvalue())}}))
""").format(blocked=BLOCKED)


def test_engine_and_cli_import_and_run_with_qt_unimportable(tmp_path):
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path,
                            timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert {"gdsim.model.landscapes", "gdsim.model.optimizers", "gdsim.model.simulation",
            "gdsim.model.analysis"} <= set(report["modules"])
    assert {"gdsim.cli", "gdsim.cli.common", "gdsim.cli.export", "gdsim.cli.basins", "gdsim.cli.sweep",
            "gdsim.cli.fit", "gdsim.cli.diff"} <= set(report["cli_modules"])
    assert {"gdsim.formats.files", "gdsim.formats.trajectories", "gdsim.formats.animation"} <= set(
        report["formats_modules"])
    assert report["leaked"] == []
    assert report["status"] == 0
    balls = report["run"]["balls"]
    assert [b["optimizer"] for b in balls] == ["sgd", "momentum", "nag"]
    assert all(len(b["trajectory"]) == 6 for b in balls)


ROOT = Path(__file__).resolve().parents[2]

# pytest in a fresh interpreter with the Qt stack unimportable, as on a machine where it is not
# installed; pytest-qt and pytest-xvfb are left out, as they would be there.
PYTEST_WITHOUT_QT = textwrap.dedent("""
    import sys

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {blocked!r}:
                raise ModuleNotFoundError(f"No module named {{name!r}} (blocked: Qt is absent)")
            return None

    sys.meta_path.insert(0, NoQt())
    import pytest
    sys.exit(pytest.main(sys.argv[1:]))
""").format(blocked=BLOCKED)


def pytest_ini_without_qt_options(path: Path) -> Path:
    """The project's pytest settings (strict config, warnings as errors, markers) without the keys
    that only the Qt plugins know, as an ini file at `path`."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    lines = ["[pytest]"]
    for key, value in options.items():
        if key.startswith(("qt_", "xvfb_")):
            continue
        if isinstance(value, list):
            lines.append(f"{key} =" + "".join(f"\n    {item}" for item in value))
        else:
            lines.append(f"{key} = {value}")
    path.write_text("\n".join(lines) + "\n")
    return path


# The inner pytest is a session of its own, not one of pytest-xdist's workers (`-n auto`) that runs this test.
ENVIRONMENT_OF_A_NEW_SESSION = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_XDIST")}


def test_the_model_tests_and_the_root_conftest_run_with_qt_absent(tmp_path):
    """The whole of tests/model is collected (every module and the root conftest imported) and one
    module runs, with Qt unimportable: a model test or the root conftest that needs Qt fails here."""
    ini = pytest_ini_without_qt_options(tmp_path / "pytest.ini")
    common = ["-c", str(ini), "--rootdir", str(ROOT), "--confcutdir", str(ROOT), "-p", "no:cacheprovider",
              "-p", "no:pytest-qt", "-p", "no:xvfb", "-q"]

    for selection in (["tests/model", "--collect-only"], ["tests/model/test_landscapes.py"]):
        result = subprocess.run([sys.executable, "-c", PYTEST_WITHOUT_QT, *common, *selection],
                                capture_output=True, text=True, cwd=ROOT, timeout=300, env=ENVIRONMENT_OF_A_NEW_SESSION)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        summary = result.stdout.splitlines()[-1]
        assert " collected " in summary or " passed" in summary, summary
        assert "error" not in summary and "failed" not in summary, summary
