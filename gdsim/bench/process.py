"""Whole-process figures for `gdsim bench`: gdsim's start to its first paint and exit, and its peak resident
memory, each beside a bare pyqtgraph app run as a subprocess in the same way."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from gdsim.bench.window import BARE_PYQTGRAPH_APP

PROCESS_START_RATIO_TARGET = 1.4  # issue 15: gdsim's whole process over the bare app's
PEAK_MEMORY_TARGET_MIB = 200.0  # issue 15: `gdsim --screenshot`'s peak resident memory

GDSIM_FIRST_PAINT = [sys.executable, "-m", "gdsim", "--quit-after-first-paint"]
BARE_FIRST_PAINT = [sys.executable, "-c", BARE_PYQTGRAPH_APP]


def child_environment() -> dict[str, str]:
    """The environment of the timed children: byte-code cached, as an installed gdsim has it. A checkout run
    with PYTHONDONTWRITEBYTECODE (as this project's machines are) would otherwise compile every gdsim module
    from source on every start, while the bare app's pyqtgraph comes compiled from its wheel."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "gdsim-bench-pycache")
    return environment


def warm_bytecode() -> None:
    """One untimed run of each app, which writes the byte-code that the timed runs then read."""
    for command in (GDSIM_FIRST_PAINT, BARE_FIRST_PAINT):
        subprocess.run(command, env=child_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120, check=False)


# Run by a small interpreter of its own: a child forked from the bench (which has built many windows by then)
# starts with the bench's resident pages, and wait4's ru_maxrss counts them, so the app is started by this
# launcher instead, whose own few megabytes are what its child inherits.
WAIT4_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_pid, status, usage = os.wait4(process.pid, 0)
print((time.perf_counter() - start) * 1000, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_child(command: list[str]) -> tuple[float, float]:
    """Runs `command` to its end: (milliseconds from spawn to exit, its peak resident memory in MiB)."""
    result = subprocess.run([sys.executable, "-c", WAIT4_LAUNCHER, *command], env=child_environment(),
                            capture_output=True, text=True, timeout=300, check=True)
    elapsed_ms, peak_kb, status = result.stdout.split()
    if int(status) != 0:  # a figure of a crash would pass for a fast start
        raise RuntimeError(f"{' '.join(command[:4])}... ended with status {status}")
    return float(elapsed_ms), int(peak_kb) / 1024  # kilobytes on Linux


def process_start(runs: int) -> dict:
    """`gdsim --quit-after-first-paint` and the bare app that paints and quits, run in pairs (one right
    after the other, so a busy moment of the machine weighs on both): medians and their ratio."""
    warm_bytecode()
    gdsim_ms, bare_ms = [], []
    for _ in range(runs):
        gdsim_ms.append(run_child(GDSIM_FIRST_PAINT)[0])
        bare_ms.append(run_child(BARE_FIRST_PAINT)[0])
    ratios = sorted(g / b for g, b in zip(gdsim_ms, bare_ms, strict=True))
    return {"runs": runs, "gdsim_ms": _median(gdsim_ms), "bare_ms": _median(bare_ms),
            "ratio": _median(ratios), "target_ratio": PROCESS_START_RATIO_TARGET}


def peak_memory(size: str = "1280x800") -> dict:
    """Peak resident memory of `gdsim --screenshot` (the window built, the 3-D view included, drawn to a
    file) and of the bare app, in MiB."""
    with tempfile.TemporaryDirectory() as folder:
        png = str(Path(folder) / "window.png")
        _ms, gdsim_mib = run_child([sys.executable, "-m", "gdsim", "--screenshot", png, "--size", size])
    _ms, bare_mib = run_child(BARE_FIRST_PAINT)
    return {"gdsim_mib": gdsim_mib, "bare_mib": bare_mib, "target_mib": PEAK_MEMORY_TARGET_MIB}


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
