"""The controller's half that advances time: Step, Play, Pause, Reset and the frame timer's tick.

A mixin of gdsim.qt.controller.Controller, which owns the state it reads (the simulation, the timer, the
lesson stage's step count): one object still changes the run and drives time.
"""

from __future__ import annotations

from functools import wraps

from PySide6.QtCore import QCoreApplication, Slot

from gdsim.qt.pacing import FRAME_INTERVAL_MS, steps_for_frame


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
        if self._simulation.advance(1):
            self.sigStepped.emit(self.snapshot())

    @refused_while_recording
    def advance(self, steps: int) -> int:
        """Take `steps` steps at once and publish one snapshot (for scripts and screenshots)."""
        taken = self._simulation.advance(steps)
        if taken:
            self.sigStepped.emit(self.snapshot())
        return taken

    @Slot()
    @refused_while_recording
    def play(self) -> None:
        if self.playing:
            return
        if self._at_stage_end():  # a stage's step count is where it ends; Step and edits still explore
            self.sigNotice.emit(QCoreApplication.translate("Controller", "End of this stage: PageDown for the next"))
            return
        if self._simulation.finished:
            if self._setup.lesson is not None:  # the stage has ended before its step count: nothing moves
                self.sigNotice.emit(QCoreApplication.translate(
                    "Controller", "Every ball has stopped (step {n}): PageDown for the next").format(
                        n=self._simulation.step_count))
            return
        self._steps_since_play = 0
        self._clock.start()
        self._timer.setInterval(max(FRAME_INTERVAL_MS, 1000 // max(self._steps_per_second, 1)))
        self._timer.start()
        self.sigPlayingChanged.emit(True)

    @Slot()
    def pause(self) -> None:
        if self.playing:
            self._stop_timer()
            self.sigPlayingChanged.emit(False)

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
        self._simulation.reset()
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

    @Slot()
    def _on_tick(self) -> None:
        due = int(self._clock.elapsed() * self._steps_per_second / 1000) - self._steps_since_play
        if due <= 0:
            return
        # Steps beyond what a frame can afford are dropped rather than owed: a slow frame never snowballs.
        self._steps_since_play += due
        due = steps_for_frame(due, self._ms_per_step)
        stop = self.stage_steps
        if stop is not None:
            due = min(due, stop - self._simulation.step_count)
        self._step_clock.start()
        taken = self._simulation.advance(due)
        if taken:
            cost = self._step_clock.nsecsElapsed() / 1e6 / taken
            self._ms_per_step = cost if self._ms_per_step == 0 else 0.7 * self._ms_per_step + 0.3 * cost
            self.sigStepped.emit(self.snapshot())
        if self._simulation.finished or self._at_stage_end():
            self.pause()

    def _at_stage_end(self) -> bool:
        """Whether a lesson stage's steps are done (a still stage, of no steps, is done from the start)."""
        return self._setup.lesson is not None and self._simulation.step_count >= (self.stage_steps or 0)
