"""The controller's half that knows the run's events (gdsim.model.events) and moves the run to them:
Run ▸ Next Event and Previous Event.

A mixin of gdsim.qt.controller.Controller, which owns the state it reads (the simulation, the selected
ball): one object still changes the run. The events come from a copy of the run followed step by step
(an EventRecorder), which may be ahead of the run on screen after a Next Event search; what is shown is
only what happened up to the run's step.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QTimer, Slot

from gdsim.model.events import Event, EventRecorder
from gdsim.qt.playback import refused_while_recording

# Next Event looks this many steps past the current one, at most, before saying there is none: following the
# copy costs ~0.1–0.5 ms a step (a step of the engine, a gradient, the checks), so the search takes a second
# at most.
NEXT_EVENT_SEARCH = 2_000
# The views ask for the events on every frame: a call follows the copy for at most this long, so a frame of
# a fast run (Run to End of Stage) never waits; the rest is followed in slices while the window is idle, and
# sigEventsChanged tells the views.
CATCH_UP_SECONDS = 0.008


class EventSeeking:
    """Events of the run, and Next/Previous Event, for the Controller (see it for the state they use)."""

    _recorder: EventRecorder | None = None
    _recorder_of: tuple | None = None  # the run it follows: its id and balls
    _catch_up_timer: QTimer | None = None

    def _events(self) -> EventRecorder:
        """The recorder of this run (a new setup, a new one; Reset keeps it: the same run again)."""
        simulation = self._simulation
        if self._recorder is None or self._recorder_of != (simulation.run_id, simulation.balls):
            # A branch's events are its own from its step k on: followed from a fresh run, they would be
            # another run's (the edited setup's from step 0).
            origin = self._timeline.origin
            start = self._timeline.state_at(origin) if origin else None
            self._recorder = EventRecorder.replaying(simulation, start=start)
            self._recorder_of = (simulation.run_id, simulation.balls)
        return self._recorder

    def events_of(self, ball: int) -> list[Event]:
        """Ball number `ball` of the run (not an index into setup.balls): its events up to the run's step, as far
        as they are known (see CATCH_UP_PER_CALL)."""
        self._catch_up()
        return self._events().events_of(ball, up_to=self._simulation.step_count)

    def events_known_to(self) -> int:
        """The last step whose events are known (at most the run's step)."""
        return min(self._events().step, self._simulation.step_count)

    def _catch_up(self) -> bool:
        """Follow the copy towards the run's step for at most CATCH_UP_SECONDS; True when it got there (else
        the rest is followed while the window is idle)."""
        recorder, target = self._events(), self._simulation.step_count
        started = time.perf_counter()
        while recorder.step < target and time.perf_counter() - started < CATCH_UP_SECONDS:
            if not recorder.advance(min(64, target - recorder.step)):
                break
        behind = recorder.step < target and not recorder.simulation.finished
        if behind:
            if self._catch_up_timer is None:
                self._catch_up_timer = QTimer(self)
                self._catch_up_timer.setSingleShot(True)
                self._catch_up_timer.timeout.connect(self._on_events_behind)
            self._catch_up_timer.start(0)
        return not behind

    def know_every_event(self) -> None:
        """Follow the copy to the run's step however long it takes, and tell the views (a screenshot's
        picture must show every event of the run, not those of its first milliseconds)."""
        recorder = self._events()
        recorder.advance_to(self._simulation.step_count)
        self.sigEventsChanged.emit()

    @Slot()
    def _on_events_behind(self) -> None:
        self._catch_up()
        self.sigEventsChanged.emit()

    @Slot()
    @refused_while_recording
    def next_event(self) -> Event | None:
        """Advance the run to the selected ball's next event, looking at most NEXT_EVENT_SEARCH steps ahead;
        when there is none by then, the run stays and the status bar says so."""
        self.pause()
        ball = self.first_ball_of(self.selected_index)
        if ball is None:
            return None
        step = self._simulation.step_count
        found = self._events().next_event(ball, after=step, within=NEXT_EVENT_SEARCH)
        if found is None:
            self.sigNotice.emit(QCoreApplication.translate(
                "Controller", "No event of the selected ball in the next {steps} steps.").format(
                steps=f"{NEXT_EVENT_SEARCH:,}"))
            return None
        self.advance(found.step - step)
        return found

    @Slot()
    @refused_while_recording
    def previous_event(self) -> Event | None:
        """Move the run back to the selected ball's event before the current step (the status bar says when
        there is none)."""
        self.pause()
        ball = self.first_ball_of(self.selected_index)
        if ball is None:
            return None
        found = self._events().previous_event(ball, before=self._simulation.step_count)
        if found is None:
            self.sigNotice.emit(QCoreApplication.translate("Controller", "No earlier event of the selected ball."))
            return None
        self.seek(found.step)  # the timeline's: from its nearest checkpoint
        return found
