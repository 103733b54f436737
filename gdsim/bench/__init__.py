"""`gdsim bench`: the window's frame times and cold start (window), the engine's throughput (engine) and
memory over a long run (memory), as figures for people to read."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

from gdsim.bench.engine import engine_figures, format_engine_figures
from gdsim.bench.memory import memory_in_fresh_process, timeline_in_fresh_process
from gdsim.bench.process import peak_memory, process_start
from gdsim.bench.window import COLD_START_RATIO_TARGET, soak_in_fresh_process, window_figures

SOAK_GROWTH_TARGET = 0.10  # issue 18: under 10 % growth of resident memory over a long play


def cold_start_ratio(figures: list[dict]) -> dict | None:
    """gdsim's cold start to first paint over the bare pyqtgraph app's, from the window's figures."""
    starts = [f["median_ms"] for f in figures if f["name"].startswith("cold start")]
    if len(starts) != 2:
        return None
    gdsim_start, bare_start = starts
    return {"gdsim_ms": gdsim_start, "bare_ms": bare_start, "ratio": gdsim_start / bare_start,
            "target_ratio": COLD_START_RATIO_TARGET}


def run_bench(quick: bool, soak_minutes: float = 0.5) -> dict:
    gl_problem, figures = window_figures(quick)
    figures = [asdict(f) for f in figures]
    return {"platform": os.environ.get("QT_QPA_PLATFORM") or "default", "opengl": gl_problem or "available",
            "figures": figures, "cold_start": cold_start_ratio(figures),
            "process_start": process_start(3 if quick else 7), "peak_memory": peak_memory(),
            "engine": engine_figures(quick),
            "memory": memory_in_fresh_process(100_000 if quick else 1_000_000),
            "timeline": timeline_in_fresh_process(100_000 if quick else 1_000_000),
            "soak": soak_in_fresh_process(soak_minutes)}


def format_window_figures(result: dict) -> str:
    """The window's and the whole process's figures as a table, each target beside its figure."""
    lines = [f"{'measure':62} {'median':>9} {'p95':>9} {'IQR':>8} {'n':>4}  target"]
    for f in result["figures"]:
        target = f"≤ {f['target_ms']:g} ms" if f.get("target_ms") is not None else ""
        lines.append(f"{f['name']:62} {f['median_ms']:7.1f}ms {f['p95_ms']:7.1f}ms {f['spread_ms']:6.1f}ms "
                     f"{f['samples']:4}  {target}")
    cold = result.get("cold_start")
    if cold:
        lines.append(f"cold start ratio gdsim / bare pyqtgraph, same run: {cold['ratio']:.2f} "
                     f"({cold['gdsim_ms']:.0f} vs {cold['bare_ms']:.0f} ms; target ≤ {cold['target_ratio']:g})")
    whole = result["process_start"]
    lines.append(f"whole process, --quit-after-first-paint vs bare app, {whole['runs']} paired runs: "
                 f"{whole['ratio']:.2f} ({whole['gdsim_ms']:.0f} vs {whole['bare_ms']:.0f} ms; "
                 f"target ≤ {whole['target_ratio']:g})")
    peak = result["peak_memory"]
    lines.append(f"peak resident memory, gdsim --screenshot vs bare app: {peak['gdsim_mib']:.0f} vs "
                 f"{peak['bare_mib']:.0f} MiB (target ≤ {peak['target_mib']:g} MiB)")
    return "\n".join(lines)


def main(quick: bool, as_json: bool, soak_minutes: float = 0.5) -> int:
    result = run_bench(quick, soak_minutes)
    if as_json:
        json.dump(result, sys.stdout, indent=1)
        print()
        return 0
    print(f"Qt platform: {result['platform']}; OpenGL: {result['opengl']}")
    print(format_window_figures(result))
    memory = result["memory"]
    print(f"memory over {memory['steps']:,} steps of {memory['balls']} balls (MB resident at checkpoints): "
          + ", ".join(f"{mb:.0f}" for mb in memory["resident_mb"])
          + f"; history {memory['history_rows']} of {memory['history_capacity']} rows")
    timeline = result["timeline"]
    print("the same with the timeline (MB resident at the same points, then after the seeks): "
          + ", ".join(f"{mb:.0f}" for mb in timeline["resident_mb"])
          + f"; {timeline['checkpoints']} checkpoints {timeline['spacing']:,} steps apart; seek to "
          + ", ".join(f"{name} {ms:.1f} ms" for name, ms in timeline["seek_ms"].items()))
    soak = result["soak"]
    print(f"soak: {soak['balls']:,} balls at {soak['steps_per_second']:,} steps/s for {soak['minutes']:g} min "
          f"({soak['steps']:,} steps): resident memory peak {soak['peak_mb']:.0f} MB, growth after warm-up "
          f"{soak['growth']:+.1%} (target under {SOAK_GROWTH_TARGET:.0%})")
    print()
    print(format_engine_figures(result["engine"]))
    return 0
