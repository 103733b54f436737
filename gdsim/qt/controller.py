"""The controller: the only object that changes the run or advances time."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal, Slot

from gdsim.model.analysis import find_critical_points
from gdsim.model.landscapes import CriticalPoint, Landscape, Preset, PresetName, preset
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.simulation import BallSpec, Simulation, Snapshot

FRAME_INTERVAL_MS = 16
# At most this many steps are taken per frame, so a huge speed never freezes the window.
MAX_STEPS_PER_FRAME = 2000


@dataclass(frozen=True)
class BallSetting:
    """One optimizer slot of the panel: its settings and whether it takes part."""

    optimizer: OptimizerKind
    params: dict[str, float]
    enabled: bool = True


@dataclass(frozen=True)
class Setup:
    """Everything that defines a run. Any change to it restarts the run from the start."""

    preset: PresetName
    starts: tuple[tuple[float, ...], ...]  # every enabled slot runs from every start
    balls: tuple[BallSetting, ...]

    @classmethod
    def from_preset(cls, name: PresetName) -> Setup:
        chosen = preset(name)
        balls = tuple(BallSetting(OptimizerKind(k), checked_params(OptimizerKind(k), p))
                      for k, p in chosen.ball_params.items())
        return cls(name, (chosen.start,), balls)

    @property
    def start(self) -> tuple[float, ...]:
        """The start point the marker shows."""
        return self.starts[0]

    @property
    def active_slots(self) -> tuple[int, ...]:
        return tuple(i for i, b in enumerate(self.balls) if b.enabled)

    @property
    def ball_slots(self) -> tuple[int, ...]:
        """The slot of each ball of the run, in the order of `ball_specs`."""
        return tuple(slot for _ in self.starts for slot in self.active_slots)

    def ball_specs(self) -> list[BallSpec]:
        return [BallSpec(self.balls[slot].optimizer, self.balls[slot].params, start)
                for start in self.starts for slot in self.active_slots]


@dataclass(frozen=True)
class RunInfo:
    """What the views need to build their items for a new run (its snapshots then update them)."""

    landscape: Landscape
    balls: tuple[BallSpec, ...]
    slots: tuple[int, ...]  # the panel slot of each ball: it fixes the ball's colour
    start: tuple[float, ...]
    critical_points: tuple[CriticalPoint, ...]

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.balls]


class Controller(QObject):
    """Owns the setup and the simulation, and drives time with one QTimer.

    Views subscribe to its signals; widgets call its `set_*` methods. The number of
    steps per second does not depend on how fast frames paint: each timer tick takes the
    steps that are due since play was pressed.
    """

    sigLandscapeChanged = Signal(object)  # Preset
    sigRunStarted = Signal(object)  # RunInfo
    sigStepped = Signal(object)  # Snapshot
    sigSetupChanged = Signal(object)  # Setup
    sigPlayingChanged = Signal(bool)
    sigStepsPerSecondChanged = Signal(int)

    def __init__(self, setup: Setup | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)
        self._clock = QElapsedTimer()
        self._steps_since_play = 0
        self._steps_per_second = 30
        self._critical_points: dict[PresetName, tuple[CriticalPoint, ...]] = {}
        self.setup = setup or Setup.from_preset(PresetName.MOMENTUM_DEMO)
        self.simulation = self._new_simulation()

    # --- reading -------------------------------------------------------------------------------
    @property
    def preset(self) -> Preset:
        return preset(self.setup.preset)

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def steps_per_second(self) -> int:
        return self._steps_per_second

    def run_info(self) -> RunInfo:
        return RunInfo(self.simulation.landscape, self.simulation.balls, self.setup.ball_slots,
                       self.setup.start, self.critical_points(self.setup.preset))

    def snapshot(self) -> Snapshot:
        return self.simulation.snapshot()

    def critical_points(self, name: PresetName) -> tuple[CriticalPoint, ...]:
        if name not in self._critical_points:
            chosen = preset(name)
            self._critical_points[name] = chosen.known_points or tuple(find_critical_points(chosen.landscape))
        return self._critical_points[name]

    def publish(self) -> None:
        """Tell every view the whole state: used once after the views are connected."""
        self.sigLandscapeChanged.emit(self.preset)
        self.sigSetupChanged.emit(self.setup)
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())
        self.sigStepsPerSecondChanged.emit(self._steps_per_second)
        self.sigPlayingChanged.emit(self.playing)

    # --- changing the setup (each restarts the run) ---------------------------------------------
    def set_preset(self, name: str) -> None:
        name = PresetName(name)
        if name != self.setup.preset:
            self._apply(Setup.from_preset(name), landscape_changed=True)

    def set_start(self, point) -> None:
        point = tuple(float(c) for c in point)
        if len(point) == self.simulation.landscape.dim and all(np.isfinite(point)) and self.setup.starts != (point,):
            self._apply(replace(self.setup, starts=(point,)))

    def set_ball_enabled(self, slot: int, enabled: bool) -> None:
        self._replace_ball(slot, enabled=bool(enabled))

    def set_ball_param(self, slot: int, name: str, value: float) -> None:
        """Set one hyperparameter; raises ValueError (and changes nothing) when it is not allowed."""
        ball = self.setup.balls[slot]
        params = checked_params(ball.optimizer, {**ball.params, name: value})
        self._replace_ball(slot, params=params)

    def set_setup(self, setup: Setup) -> None:
        self._apply(setup, landscape_changed=setup.preset != self.setup.preset)

    def _replace_ball(self, slot: int, **changes) -> None:
        balls = list(self.setup.balls)
        new = replace(balls[slot], **changes)
        if new != balls[slot]:
            balls[slot] = new
            self._apply(replace(self.setup, balls=tuple(balls)))

    def _apply(self, setup: Setup, landscape_changed: bool = False) -> None:
        was_playing = self.playing
        self._stop_timer()
        self.setup = setup
        self.simulation = self._new_simulation()
        if landscape_changed:
            self.sigLandscapeChanged.emit(self.preset)
        self.sigSetupChanged.emit(self.setup)
        self.sigRunStarted.emit(self.run_info())
        self.sigStepped.emit(self.snapshot())
        if was_playing:
            self.play()
        else:
            self.sigPlayingChanged.emit(False)

    def _new_simulation(self) -> Simulation:
        return Simulation(self.preset.landscape, self.setup.ball_specs())

    # --- time ----------------------------------------------------------------------------------
    @Slot()
    def step(self) -> None:
        """One step of every running ball (pauses playback first)."""
        self.pause()
        if self.simulation.advance(1):
            self.sigStepped.emit(self.snapshot())

    def advance(self, steps: int) -> int:
        """Take `steps` steps at once and publish one snapshot (for scripts and screenshots)."""
        taken = self.simulation.advance(steps)
        if taken:
            self.sigStepped.emit(self.snapshot())
        return taken

    @Slot()
    def play(self) -> None:
        if self.simulation.finished or self.playing:
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
    def reset(self) -> None:
        self.pause()
        self.simulation.reset()
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
        # Steps beyond the per-frame cap are dropped rather than owed: a slow frame never snowballs.
        self._steps_since_play += due
        taken = self.simulation.advance(min(due, MAX_STEPS_PER_FRAME))
        if taken:
            self.sigStepped.emit(self.snapshot())
        if self.simulation.finished:
            self.pause()
