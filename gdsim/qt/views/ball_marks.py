"""Marks for balls a map or a curve cannot show where they are: a diverged ball's ✕ where it was last
seen, and a triangle at the edge, with its value, for every ball (and the start) outside the view."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

from gdsim.model.history import last_seen_rows
from gdsim.model.simulation import DIVERGENCE_BOUND, BallStatus, Snapshot
from gdsim.qt.layers.edge_markers import EdgeMarkers, stopped_label, stopped_note, value_text


def place_crosses(snapshot: Snapshot, points: np.ndarray, plot_points: Callable[[np.ndarray, np.ndarray], np.ndarray],
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Move the diverged balls' `points` (where the plot draws the balls, by `plot_points`) to where their ✕
    goes; returns which balls diverged, their indices, and where and at which step each was last seen."""
    left = (snapshot.status == BallStatus.UNDEFINED) & (snapshot.stopped_at > 0)  # stepped out of the domain
    diverged = (snapshot.status == BallStatus.DIVERGED) | left
    crosses = np.flatnonzero(diverged)
    # A diverged ball stays where it was last seen, its ✕ there; one that left the domain where it
    # stepped to, on a map (on the hatching), or on a curve, which has no f there, where f was last defined.
    seen, seen_losses, rows = last_seen_rows(snapshot.history_positions, snapshot.history_losses, crosses,
                                             DIVERGENCE_BOUND)
    own = points[crosses]
    stays = left[crosses] & np.all(np.isfinite(own), axis=1)
    points[crosses] = np.where(stays[:, None], own, plot_points(seen, seen_losses))
    seen[stays] = snapshot.positions[crosses[stays]]
    seen_steps = np.where(rows >= 0, snapshot.history_steps[np.maximum(rows, 0)], -1) if len(rows) else rows
    seen_steps[stays] = snapshot.stopped_at[crosses[stays]]
    return diverged, crosses, seen, seen_steps


def mark_edges(edge_markers: EdgeMarkers, snapshot: Snapshot, points: np.ndarray, crosses: np.ndarray,
               seen: np.ndarray, seen_steps: np.ndarray, start: np.ndarray, start_point: tuple[float, float] | None,
               start_text: Callable[[], str], brushes: np.ndarray) -> None:
    """A triangle at the edge for every ball (and the start, drawn at `start_point` unless None) outside the
    view, with its value; a note by each diverged ball's ✕. A diverged ball's value (inf) is where it was
    last seen, at seen_steps."""
    positions = snapshot.positions.copy()
    positions[crosses] = seen
    seen_step = dict(zip(crosses.tolist(), seen_steps.tolist(), strict=True))
    every = np.vstack([points, [start_point]]) if start_point is not None else points
    diverged = np.zeros(len(points), dtype=bool)
    diverged[crosses] = True

    def text_of(index: int) -> str:
        if index == len(points):
            return f"{start_text()} {value_text(start)}"
        if diverged[index]:
            return stopped_label(positions[index], seen_step[index], int(snapshot.status[index]),
                                 int(snapshot.stopped_at[index]))
        return value_text(positions[index])

    notes = [(float(points[i, 0]), float(points[i, 1]),
              stopped_note(int(snapshot.status[i]), int(snapshot.stopped_at[i])))
             for i in crosses[:12] if np.all(np.isfinite(points[i]))]
    start_brush = pg.mkBrush("w")
    edge_markers.set_points(every, lambda i: start_brush if i == len(points) else brushes[i], text_of, notes)
