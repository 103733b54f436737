"""Over what box a map or a curve samples its landscape: past the range shown, and again only when the
range shown leaves what is sampled, or shrinks to a small part of it."""

from __future__ import annotations

from gdsim.model.landscapes import Box
from gdsim.model.limits import MAX_VIEW_COORDINATE

SAMPLED_MARGIN = 0.25  # of the shown span, sampled past each edge, so following or a drag needs no new sample
FINER_BELOW = 0.3  # a map showing less than this share of the sampled span samples again, finer


def covers(sampled: Box, box: Box) -> bool:
    """Whether what is sampled over `sampled` serves a view of `box`: it holds the box, and not so
    coarsely that the box is a small part of it."""
    inside = all(slo <= lo and hi <= shi for (lo, hi), (slo, shi) in zip(box, sampled, strict=True))
    fine = any(hi - lo >= FINER_BELOW * (shi - slo) for (lo, hi), (slo, shi) in zip(box, sampled, strict=True))
    return inside and fine


def box_to_sample(box: Box) -> Box:
    """The box to sample for a view of `box`: a margin past each of its edges, within the coordinates a view shows."""
    return tuple(
        (max(lo - SAMPLED_MARGIN * (hi - lo), -MAX_VIEW_COORDINATE), min(hi + SAMPLED_MARGIN * (hi - lo),
                                                                          MAX_VIEW_COORDINATE))
        for lo, hi in box)
