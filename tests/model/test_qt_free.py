"""The engine and the CLI work on a machine without Qt (DESIGN.md: the model never imports Qt)."""

import json
import subprocess
import sys
import textwrap

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
    import gdsim
    cli_modules = sorted(m.name for m in pkgutil.iter_modules(gdsim.__path__, "gdsim.")
                         if m.name.split(".")[1].startswith("cli"))
    for name in cli_modules:
        importlib.import_module(name)

    sys.argv = ["gdsim", "run", "--landscape", "momentum-demo", "--steps", "5"]
    output = io.StringIO()
    with redirect_stdout(output):
        try:
            runpy.run_module("gdsim", run_name="__main__", alter_sys=True)
        except SystemExit as done:
            status = done.code

    leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    print(json.dumps({{"modules": modules, "cli_modules": cli_modules, "status": status, "leaked": leaked,
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
    assert {"gdsim.cli", "gdsim.cli_export", "gdsim.cli_basins", "gdsim.cli_sweep"} <= set(report["cli_modules"])
    assert report["leaked"] == []
    assert report["status"] == 0
    balls = report["run"]["balls"]
    assert [b["optimizer"] for b in balls] == ["sgd", "momentum", "nag"]
    assert all(len(b["trajectory"]) == 6 for b in balls)
