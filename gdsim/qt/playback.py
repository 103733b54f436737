"""The controller's half that advances time: Step, Play, Pause, Reset and the frame timer's tick.

A mixin of gdsim.qt.controller.Controller, which owns the state it reads (the simulation, the timer, the
lesson stage's step count): one object still changes the run and drives time.
"""

from __future__ import annotations

import math
from functools import wraps

from PySide6.QtCore import QCoreApplication, Slot

from gdsim.qt.pacing import FRAME_INTERVAL_MS, steps_for_frame

# Run to End of Stage plays what is left of a stage in about this long: fast enough that a 500-step stage
# does not hold the class for 17 s, slow enough to see the path drawn, and paced by the frame timer like
# Play, so the window stays responsive and Space pauses it even on a 1,000,000-step stage of a file.
RUSH_SECONDS = 3.0


def refused_while_recording(method):
    """The method does nothing (returning None, or 0 steps for `advance`) while a recording replays the
    run: every frame must be of that run (see Controller.replaying)."""
    @wraps(method)
    def guarded(self, *args, **kwargs):
        if self._replaying:
            self.sigNotice.emit(QCoreApplication.translate("Controller",
                                                           "Recording an animation: the change was not made."))
            return 0 if method.__name__ == "advance" else None
        return method(self, *args, **kwargs)
    return guarded


class Playback:
    """Step, Play, Pause, Reset and the speed, for the Controller (see it for the state they use)."""

    @Slot()
    @refused_while_recording
    def step(self) -> None:
        """One step of every running ball (pauses playback first)."""
        self.pause()
        if self._timeline.advance(1):
            self.sigStepped.emit(self.snapshot())

    @Slot()
    @refused_while_recording
    def step_back(self) -> None:
        """Back one step, exactly (pauses playback first); Step or Play then take the same step again."""
        self.pause()
        if self._timeline.step > 0:
            self.seek(self._timeline.step - 1)

    @refused_while_recording
    def seek(self, step: int) -> None:
        """Show the run at `step` (0 to the furthest step reached), every view with it; pauses playback
        first. Not an edit: the setup and its run stay the same (Undo has nothing to take back, and an
        Undo after it restores the setup before, from step 0, as always). Play or Step from here continue
        into the same future."""
        self.pause()
        shown = self._timeline.step
        if self._timeline.seek(step) != shown:
            self.sigStepped.emit(self.snapshot())

    @property
    def furthest_step(self) -> int:
        """The furthest step the run has reached: the timeline ends there."""
        return self._timeline.furthest

    @refused_while_recording
    def advance(self, steps: int) -> int:
        """Take `steps` steps at once and publish one snapshot (for scripts and screenshots)."""
        taken = self._timeline.advance(steps)
        if taken:
            self.sigStepped.emit(self.snapshot())
        return taken

    @Slot()
    @refused_while_recording
    def play(self) -> None:
        if self.playing:
            return
        if self._at_stage_end() or self._simulation.finished:
            # A stage's step count is where it ends (or where every ball has stopped before it); Step and
            # edits still explore.
            self._tell_stage_end()
            return
        self._start_timer()

    def _start_timer(self) -> None:
        self._steps_since_play = 0
        self._clock.start()
        self._timer.setInterval(max(FRAME_INTERVAL_MS, 1000 // max(self._pace, 1)))
        self._timer.start()
        self.sigPlayingChanged.emit(True)

    @Slot()
    @refused_while_recording
    def run_to_stage_end(self) -> None:
        """Play what is left of the lesson stage in about RUSH_SECONDS (or at the set speed, if that is
        faster), stopping at the stage's step count as Play does; the set speed is kept for the next Play."""
        left = self.steps_left_in_stage
        if left == 0:
            self._tell_stage_end()
            return
        self.pause()
        self._rush_pace = max(self._steps_per_second, math.ceil(left / RUSH_SECONDS))
        self.play()

    @property
    def steps_left_in_stage(self) -> int:
        """The steps Play still takes in this lesson stage: 0 outside a lesson, at the stage's end, and when
        every ball has stopped."""
        if self.stage_steps is None or self._simulation.finished:
            return 0
        return max(self.stage_steps - self._simulation.step_count, 0)

    @property
    def _pace(self) -> int:
        """Steps per second now: the set speed, or Run to End of Stage's until the run pauses."""
        return self._rush_pace or self._steps_per_second

    def _tell_stage_end(self) -> None:
        """Say, in a lesson, that the stage's run is over and what comes next: at the stage's step count, or
        at the step where every ball stopped before it."""
        place = self._setup.lesson
        if place is None:
            return
        translate = QCoreApplication.translate
        last_stage = place.stage + 1 == len(place.lesson.stages)
        last_lesson = last_stage and self.lesson_after(place.lesson) is None
        if not self._at_stage_end():
            n = self._simulation.step_count
            if last_lesson:
                notice = translate("Controller", "Every ball has stopped (step {n}): Esc leaves the lessons")
            elif last_stage:
                notice = translate("Controller", "Every ball has stopped (step {n}): PageDown for the next lesson")
            else:
                notice = translate("Controller", "Every ball has stopped (step {n}): PageDown for the next")
            self.sigNotice.emit(notice.format(n=n))
        elif last_lesson:
            self.sigNotice.emit(translate("Controller", "End of the last lesson: Esc leaves the lessons"))
        elif last_stage:
            self.sigNotice.emit(translate("Controller", "End of this lesson: PageDown for the next lesson"))
        else:
            self.sigNotice.emit(translate("Controller", "End of this stage: PageDown for the next"))

    @Slot()
    def pause(self) -> None:
        if self.playing:
            self._stop_timer()
            self.sigPlayingChanged.emit(False)
        self._reveal_step = None  # a Reveal paused before step k is not an answer: Reveal again goes on

    @Slot()
    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    @Slot()
    @refused_while_recording
    def reset(self) -> None:
        self.pause()
        self._timeline.reset()  # a branch too: its run from step 0 with the new settings
        if self._ghosts:
            self._ghosts = ()
            self.sigGhostsChanged.emit(())
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())

    def set_steps_per_second(self, value: int) -> None:
        value = int(min(max(value, 1), 100_000))
        if value != self._steps_per_second:
            self._steps_per_second = value
            if self.playing:  # keep the pace continuous from now on
                self._stop_timer()
                self.play()
            self.sigStepsPerSecondChanged.emit(value)

    def _stop_timer(self) -> None:
        self._timer.stop()
        self._rush_pace = 0

    @Slot()
    def _on_tick(self) -> None:
        due = int(self._clock.elapsed() * self._pace / 1000) - self._steps_since_play
        if due <= 0:
            return
        # Steps beyond what a frame can afford are dropped rather than owed: a slow frame never snowballs.
        self._steps_since_play += due
        due = steps_for_frame(due, self._ms_per_step)
        stop = self.stage_steps if self._reveal_step is None else self._reveal_step  # a Reveal plays to its k
        if stop is not None:
            due = min(due, stop - self._simulation.step_count)
        self._step_clock.start()
        taken = self._timeline.advance(due)
        if taken:
            cost = self._step_clock.nsecsElapsed() / 1e6 / taken
            self._ms_per_step = cost if self._ms_per_step == 0 else 0.7 * self._ms_per_step + 0.3 * cost
            self.sigStepped.emit(self.snapshot())
        if self._reveal_step is not None:
            if self._simulation.finished or self._simulation.step_count >= self._reveal_step:
                self.pause()
                self._answer_round()
        elif self._simulation.finished or self._at_stage_end():
            self.pause()
            self._tell_stage_end()  # where the class looks, at the moment the run stops

    def _at_stage_end(self) -> bool:
        """Whether a lesson stage's steps are done (a still stage, of no steps, is done from the start)."""
        return self._setup.lesson is not None and self._simulation.step_count >= (self.stage_steps or 0)
