"""What a ball is doing: running, or why it stopped, as a code (BallStatus) and in words (status_label)."""

from __future__ import annotations

from enum import IntEnum


class BallStatus(IntEnum):
    RUNNING = 0
    CONVERGED = 1
    DIVERGED = 2
    # f or its gradient is not a number where the ball is: at the start it cannot set off; later it
    # left the domain (stepped to where √ or log has a negative argument)
    UNDEFINED = 3
    # its optimizer has no step to take where it is: Newton's where H + δ·I is singular
    NO_STEP = 4

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", " ")


# What the codes alone do not tell. A ball UNDEFINED after step 0 stepped out of the domain. A CONVERGED ball
# where the ground has no curvature (a step of a staircase) stopped because the gradient is 0 there: it found
# no minimum, and a lesson that calls it "converged" tells the class the opposite of what happened.
LEFT_THE_DOMAIN = "left the domain"
ON_FLAT_GROUND = "stopped on flat ground"


def status_label(status: int, stopped_at: int, on_flat_ground: bool = False) -> str:
    """'running', 'converged', 'stopped on flat ground', 'diverged', 'undefined' (at its start) or 'left the
    domain': what every view and caption calls a ball's state, in English."""
    if status == BallStatus.CONVERGED and on_flat_ground:
        return ON_FLAT_GROUND
    if status == BallStatus.UNDEFINED and stopped_at > 0:
        return LEFT_THE_DOMAIN
    return BallStatus(status).label
