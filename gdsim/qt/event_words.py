"""What the window calls each kind of event (gdsim.model.events), short on a marker and as a sentence in the
Explain step page, in the language of the moment."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from gdsim.model.events import Event, EventKind


def short_name(kind: EventKind) -> str:
    """The label on a marker: a word or two."""
    return {EventKind.LOSS_ROSE: QCoreApplication.translate("Events", "loss rose"),
            EventKind.OVERSHOOT: QCoreApplication.translate("Events", "overshoot"),
            EventKind.SADDLE: QCoreApplication.translate("Events", "saddle"),
            EventKind.CONVERGED: QCoreApplication.translate("Events", "converged"),
            EventKind.DIVERGED: QCoreApplication.translate("Events", "diverged"),
            EventKind.LEFT_DOMAIN: QCoreApplication.translate("Events", "left the domain")}[kind]


def sentence(kind: EventKind) -> str:
    """What happened, as a clause of the Explain step page."""
    return {EventKind.LOSS_ROSE: QCoreApplication.translate("Events", "the loss rose"),
            EventKind.OVERSHOOT: QCoreApplication.translate("Events", "the step crossed the valley"),
            EventKind.SADDLE: QCoreApplication.translate(
                "Events", "near a saddle: a small gradient, the ground curving up one way and down another"),
            EventKind.CONVERGED: QCoreApplication.translate("Events", "the ball converged"),
            EventKind.DIVERGED: QCoreApplication.translate("Events", "the ball diverged"),
            EventKind.LEFT_DOMAIN: QCoreApplication.translate("Events", "the ball left the domain")}[kind]


# The order kinds are named in, whatever order they were found in: the cause before its effect.
_ORDER = (EventKind.OVERSHOOT, EventKind.LOSS_ROSE, EventKind.SADDLE, EventKind.CONVERGED, EventKind.DIVERGED,
          EventKind.LEFT_DOMAIN)


def ordered(kinds) -> list[EventKind]:
    found = set(kinds)
    return [kind for kind in _ORDER if kind in found]


def marker_label(events: Sequence[Event]) -> str:
    """The label of a marker for the events of one step: their short names."""
    return ", ".join(short_name(kind) for kind in ordered(e.kind for e in events))


def step_description(step: int, events: Sequence[Event]) -> str:
    """'Step 5: overshoot, loss rose — the step crossed the valley; the loss rose.' ('' for no events)."""
    kinds = ordered(e.kind for e in events)
    if not kinds:
        return ""
    return QCoreApplication.translate("Events", "Step {step}: {names} — {sentences}.").format(
        step=step, names=", ".join(short_name(k) for k in kinds), sentences="; ".join(sentence(k) for k in kinds))
