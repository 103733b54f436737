"""The legend of a run on the map or the curve: a sample and a name per setup ball, then the kinds of
critical point shown."""

from __future__ import annotations

import numpy as np

from gdsim.model.setup import RunInfo
from gdsim.qt import style
from gdsim.qt.names import ball_label, critical_kind_name, short_ball_label
from gdsim.qt.views.legend_layout import LegendEntry, LegendSample


def run_legend_entries(run: RunInfo, groups: dict[int, np.ndarray]) -> list[LegendEntry]:
    """The entries for `run`, whose balls of each setup ball are `groups` (a count after a name of many)."""
    entries: list[LegendEntry] = []
    for index, balls in groups.items():
        sample = LegendSample("o", 12, style.ball_color(run.colors[index]).name(), 1.2)
        count = f" ×{len(balls)}" if len(balls) > 1 else ""
        entries.append(LegendEntry(sample, ball_label(run.labels[balls[0]]) + count,
                                   short_ball_label(run.balls[balls[0]]) + count))
    kinds = {p.kind for p in run.critical_points}
    for kind in ("minimum", "saddle", "maximum"):
        if kind in kinds:
            sample = LegendSample(style.CRITICAL_POINT_SYMBOLS[kind], 11, None, 1.5)
            entries.append(LegendEntry(sample, critical_kind_name(kind)))
    return entries
