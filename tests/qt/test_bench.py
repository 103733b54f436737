"""The benchmark's measurements run on the real window (their figures are for people, not asserts)."""

from gdsim.bench import window as bench


def test_frame_times_measure_one_figure_per_frame(qapp):
    samples = bench.frame_times(30, frames=3, with_surface=False)
    assert len(samples) == 3 and all(s > 0 for s in samples)


def test_expression_times_cover_every_example(qapp):
    samples = bench.expression_times(rounds=1)
    assert len(samples) == len(bench.EXAMPLE_EXPRESSIONS) and all(s > 0 for s in samples)
