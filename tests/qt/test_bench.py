"""The benchmark's measurements run on the real window (their figures are for people, not asserts)."""

from gdsim.bench import window as bench


def test_frame_times_measure_one_figure_per_frame(qapp):
    samples = bench.frame_times(30, frames=3, with_surface=False)
    assert len(samples) == 3 and all(s > 0 for s in samples)


def test_expression_times_cover_every_example(qapp):
    samples = bench.expression_times(rounds=1)
    assert len(samples) == len(bench.EXAMPLE_EXPRESSIONS) and all(s > 0 for s in samples)


def test_whole_process_figures_carry_numbers_and_targets(tmp_path):
    import json
    import math

    from gdsim.bench import cold_start_ratio, format_window_figures
    from gdsim.bench.process import peak_memory, process_start

    start = process_start(runs=1)
    memory = peak_memory(size="640x400")
    figures = [{"name": "frame, default window with 3-D shown, 3 balls", "median_ms": 9.0, "p95_ms": 9.5,
                "spread_ms": 0.1, "samples": 3, "target_ms": 10.0},
               {"name": "cold start to first paint, gdsim", "median_ms": 500.0, "p95_ms": 510.0,
                "spread_ms": 1.0, "samples": 3, "target_ms": None},
               {"name": "cold start to first paint, bare pyqtgraph PlotWidget", "median_ms": 400.0,
                "p95_ms": 410.0, "spread_ms": 1.0, "samples": 3, "target_ms": None}]
    result = {"figures": figures, "cold_start": cold_start_ratio(figures), "process_start": start,
              "peak_memory": memory}
    decoded = json.loads(json.dumps(result, allow_nan=False))
    for key in ("gdsim_ms", "bare_ms", "ratio", "target_ratio"):
        assert math.isfinite(decoded["process_start"][key]) and decoded["process_start"][key] > 0
    for key in ("gdsim_mib", "bare_mib", "target_mib"):
        assert math.isfinite(decoded["peak_memory"][key]) and decoded["peak_memory"][key] > 0
    assert decoded["cold_start"]["ratio"] == 1.25 and decoded["cold_start"]["target_ratio"] == 1.25
    assert decoded["process_start"]["target_ratio"] == 1.4 and decoded["peak_memory"]["target_mib"] == 200
    table = format_window_figures(decoded)
    assert "≤ 10 ms" in table and "target ≤ 1.4" in table and "target ≤ 200 MiB" in table


def test_window_figures_name_the_issues_targets():
    assert bench.SURFACE_FRAME_TARGETS_MS == {3: 10.0, 300: 12.0, 1000: 16.0}
    assert bench.LANDSCAPE_SWITCH_TARGET_MS == 50 and bench.TYPED_EXPRESSION_TARGET_MS == 80
