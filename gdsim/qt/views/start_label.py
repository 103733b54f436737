"""Where the start marker's word sits: right of the crosshair, or left of it where the right would cut it."""

from __future__ import annotations

import pyqtgraph as pg


def place_start_label(marker: pg.TargetItem, gap_px: float) -> None:
    """Put the marker's label `gap_px` right of its centre (past the crosshair's arm), or as far left of
    it when the word would not fit inside the view box on the right but does on the left: a start near
    the right edge otherwise reads "sta"."""
    label = marker.label()
    view_box = label.getViewBox() if label is not None else None
    if not isinstance(view_box, pg.ViewBox):
        return
    at = view_box.mapViewToScene(marker.pos()).x()
    width = label.textItem.boundingRect().width()  # pixels: the text does not scale with the view
    room = view_box.sceneBoundingRect()
    right = at + gap_px + width <= room.right() or at - gap_px - width < room.left()
    label.setAnchor((0, 0.5) if right else (1, 0.5))
    label.offset = pg.Point(gap_px if right else -gap_px, 0)
    label.viewTransformChanged()
