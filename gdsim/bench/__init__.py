"""`gdsim bench`: the window's frame times and cold start (window), the engine's throughput (engine) and
memory over a long run (memory), as figures for people to read."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

from gdsim.bench.engine import engine_figures, format_engine_figures
from gdsim.bench.memory import memory_in_fresh_process
from gdsim.bench.window import soak_in_fresh_process, window_figures

SOAK_GROWTH_TARGET = 0.10  # issue 18: under 10 % growth of resident memory over a long play


def run_bench(quick: bool, soak_minutes: float = 0.5) -> dict:
    gl_problem, figures = window_figures(quick)
    return {"platform": os.environ.get("QT_QPA_PLATFORM") or "default", "opengl": gl_problem or "available",
            "figures": [asdict(f) for f in figures], "engine": engine_figures(quick),
            "memory": memory_in_fresh_process(100_000 if quick else 1_000_000),
            "soak": soak_in_fresh_process(soak_minutes)}


def main(quick: bool, as_json: bool, soak_minutes: float = 0.5) -> int:
    result = run_bench(quick, soak_minutes)
    if as_json:
        json.dump(result, sys.stdout, indent=1)
        print()
        return 0
    print(f"Qt platform: {result['platform']}; OpenGL: {result['opengl']}")
    print(f"{'measure':58} {'median':>9} {'p95':>9} {'IQR':>8} {'n':>4}")
    for f in result["figures"]:
        print(f"{f['name']:58} {f['median_ms']:7.1f}ms {f['p95_ms']:7.1f}ms {f['spread_ms']:6.1f}ms {f['samples']:4}")
    starts = {f["name"]: f["median_ms"] for f in result["figures"] if f["name"].startswith("cold start")}
    if len(starts) == 2:
        gdsim_start, bare_start = starts.values()
        print(f"start-up ratio gdsim / bare pyqtgraph: {gdsim_start / bare_start:.2f}")
    memory = result["memory"]
    print(f"memory over {memory['steps']:,} steps of {memory['balls']} balls (MB resident at checkpoints): "
          + ", ".join(f"{mb:.0f}" for mb in memory["resident_mb"])
          + f"; history {memory['history_rows']} of {memory['history_capacity']} rows")
    soak = result["soak"]
    print(f"soak: {soak['balls']:,} balls at {soak['steps_per_second']:,} steps/s for {soak['minutes']:g} min "
          f"({soak['steps']:,} steps): resident memory peak {soak['peak_mb']:.0f} MB, growth after warm-up "
          f"{soak['growth']:+.1%} (target under {SOAK_GROWTH_TARGET:.0%})")
    print()
    print(format_engine_figures(result["engine"]))
    return 0
