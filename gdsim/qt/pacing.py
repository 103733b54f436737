"""How fast the run plays: the frame timer, and how many steps a frame takes."""

from __future__ import annotations

FRAME_INTERVAL_MS = 16
# At most this many steps are taken per frame, so a huge speed never freezes the window.
MAX_STEPS_PER_FRAME = 2000
# The engine's share of a frame while playing: the steps a frame takes are bounded by the time they
# are measured to cost, so a speed the machine cannot reach plays as fast as it can at a steady frame
# rate, instead of frames that each take 200 ms of stepping.
STEP_BUDGET_MS = 8.0


def steps_for_frame(due: int, ms_per_step: float) -> int:
    """How many of the `due` steps a frame takes: at most MAX_STEPS_PER_FRAME, and at most what fits in
    STEP_BUDGET_MS at the measured cost of a step (16 until it is measured); always at least one."""
    affordable = int(STEP_BUDGET_MS / ms_per_step) if ms_per_step > 0 else 16
    return max(1, min(due, MAX_STEPS_PER_FRAME, affordable))
