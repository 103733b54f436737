"""Memory for `gdsim bench`: resident memory over a long headless run in the window's setting."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np


def resident_megabytes() -> float:
    """This process's resident memory, from /proc (Linux); NaN elsewhere."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return float("nan")


def memory_over_steps(steps: int, balls: int = 100, checkpoints: int = 5) -> dict:
    """Resident memory at checkpoints of a long run in the GUI's setting (capped history)."""
    from gdsim.model.balls import Ball
    from gdsim.model.presets import preset
    from gdsim.model.simulation import Simulation

    chosen = preset("rosenbrock")  # slow valley: the balls keep running the whole time
    rng = np.random.default_rng(0)
    specs = [Ball.make("sgd", rng.uniform(-1.5, 1.5, 2), lr=1e-4) for _ in range(balls)]
    simulation = Simulation(chosen.landscape, specs, tolerance=0.0)
    readings = [resident_megabytes()]
    for _ in range(checkpoints):
        simulation.advance(steps // checkpoints)
        readings.append(resident_megabytes())
    return {"steps": simulation.step_count, "balls": balls, "resident_mb": readings,
            "history_rows": simulation.history.length, "history_capacity": simulation.history.capacity}


def memory_in_fresh_process(steps: int) -> dict:
    """memory_over_steps in a new interpreter, so windows and torch measured earlier do not count."""
    code = f"import json; from gdsim.bench.memory import memory_over_steps; print(json.dumps(memory_over_steps({steps})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    return json.loads(result.stdout)


def timeline_over_steps(steps: int, balls: int = 100, readings: int = 5) -> dict:
    """memory_over_steps's run with the window's timeline in place (its checkpoints kept as it goes), then
    the time to seek: step 3, the step before a checkpoint mid-run (the longest replay), and the end again."""
    from time import perf_counter

    from gdsim.model.balls import Ball
    from gdsim.model.presets import preset
    from gdsim.model.simulation import Simulation
    from gdsim.model.timeline import Timeline, checkpoint_capacity

    rng = np.random.default_rng(0)
    specs = [Ball.make("sgd", rng.uniform(-1.5, 1.5, 2), lr=1e-4) for _ in range(balls)]
    timeline = Timeline(Simulation(preset("rosenbrock").landscape, specs, tolerance=0.0), checkpoint_capacity(balls))
    resident = [resident_megabytes()]
    for _ in range(readings):
        timeline.advance(steps // readings)
        resident.append(resident_megabytes())
    end, spacing = timeline.step, timeline.spacing
    longest = (end // 2 // spacing + 1) * spacing - 1  # replayed from the checkpoint a spacing before it
    seek_ms = {}
    for name, step in (("step 3", 3), (f"step {longest:,}", longest), ("the end", end)):
        started = perf_counter()
        timeline.seek(step)
        seek_ms[name] = (perf_counter() - started) * 1000
    resident.append(resident_megabytes())  # with the end's state and history kept while behind it
    return {"steps": end, "balls": balls, "resident_mb": resident, "checkpoints": len(timeline.checkpoints),
            "spacing": spacing, "seek_ms": seek_ms}


def timeline_in_fresh_process(steps: int) -> dict:
    """timeline_over_steps in a new interpreter (see memory_in_fresh_process)."""
    code = f"import json; from gdsim.bench.memory import timeline_over_steps; print(json.dumps(timeline_over_steps({steps})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    return json.loads(result.stdout)
