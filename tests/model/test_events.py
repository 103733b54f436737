"""The events of hand-checked runs: each one worked out on paper from the update rule (issue 16, part 4)."""

import numpy as np
import pytest

from gdsim.model.balls import Ball
from gdsim.model.events import SADDLE_GRADIENT_FRACTION, EventKind, EventRecorder, recorded_run
from gdsim.model.expressions import landscape_from_expression
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import PresetName, preset
from gdsim.model.simulation import Simulation, run
from gdsim.model.tolerance import gradient_scale


def recorded(landscape, balls, steps, cap=10_000):
    recorder = EventRecorder(Simulation(landscape, balls, history_capacity=steps + 1), cap)
    recorder.advance(steps)
    return recorder


def kinds_by_step(events):
    found: dict[int, set] = {}
    for event in events:
        found.setdefault(event.step, set()).add(event.kind)
    return found


def test_sgd_too_fast_on_the_parabola_overshoots_and_climbs_at_every_step():
    """x² with η = 1.2: x ← x − 2.4x = −1.4x. Every step jumps across the valley (the slope −2x·d flips
    sign) and lands higher (f grows by 1.96)."""
    recorder = recorded(preset(PresetName.PARABOLA).landscape, [Ball(OptimizerKind.SGD, {"lr": 1.2}, start=(1.0,))], 20)
    by_step = kinds_by_step(recorder.events[0])
    assert by_step == {k: {EventKind.OVERSHOOT, EventKind.LOSS_ROSE} for k in range(1, 21)}
    assert [e.position[0] for e in recorder.events[0] if e.kind == EventKind.OVERSHOOT] == pytest.approx(
        [(-1.4) ** k for k in range(1, 21)])


def test_sgd_gently_down_the_bowl_neither_overshoots_nor_climbs():
    """x² + y² with η = 0.1: x ← 0.8x, straight down, every step lower, until the engine stops it."""
    landscape = preset(PresetName.BOWL).landscape
    balls = [Ball(OptimizerKind.SGD, {"lr": 0.1}, start=(-3.0, 4.0))]
    recorder = recorded(landscape, balls, 300)
    engine = run(landscape, balls, 300)
    assert [(e.step, e.kind) for e in recorder.events[0]] == [(int(engine.stopped_at[0]), EventKind.CONVERGED)]


def test_a_ball_rolling_past_the_saddle_is_near_it_once():
    """x² − y² from (−2.8, 0.01), SGD η = 0.05: x_k = −2.8·0.9^k, y_k = 0.01·1.1^k and ‖∇f‖ = 2‖(x, y)‖.
    It is near the saddle from the first step where ‖∇f‖ is at most a tenth of the gradient scale; the
    Hessian diag(2, −2) is indefinite everywhere. One visit, one event."""
    landscape = preset(PresetName.SADDLE).landscape
    recorder = recorded(landscape, [Ball(OptimizerKind.SGD, {"lr": 0.05}, start=(-2.8, 0.01))], 200)
    small = SADDLE_GRADIENT_FRACTION * gradient_scale(landscape)
    first = next(k for k in range(200) if 2 * np.hypot(2.8 * 0.9 ** k, 0.01 * 1.1 ** k) <= small)
    assert first == 21
    saddles = [e for e in recorder.events[0] if e.kind == EventKind.SADDLE]
    assert [e.step for e in saddles] == [first]
    assert saddles[0].position == pytest.approx((-2.8 * 0.9 ** first, 0.01 * 1.1 ** first))


def test_a_ball_in_a_minimum_or_on_a_curve_is_never_near_a_saddle():
    landscape = preset(PresetName.HIMMELBLAU).landscape
    recorder = recorded(landscape, [Ball(OptimizerKind.SGD, {"lr": 0.01}, start=(2.9, 2.1)),
                                    Ball(OptimizerKind.SGD, {"lr": 0.01}, start=(-0.13, -1.95))], 300)
    assert EventKind.SADDLE not in {e.kind for e in recorder.events[0]}
    assert [e.kind for e in recorder.events[1]][0] == EventKind.SADDLE  # started on Himmelblau's saddle
    cubic = landscape_from_expression("x^3")  # an inflection, flat at 0, but a 1×1 Hessian is never indefinite
    assert EventKind.SADDLE not in {e.kind for e in recorded(cubic, [Ball(OptimizerKind.SGD, {"lr": 0.01},
                                                                            start=(0.01,))], 50).events[0]}


def test_the_engines_stops_are_events_at_the_engines_steps():
    landscape = preset(PresetName.PARABOLA).landscape
    balls = [Ball(OptimizerKind.SGD, {"lr": lr}, start=(1.0,)) for lr in (0.1, 0.4, 1.2, 1.5)]
    engine = run(landscape, balls, 400)
    recorder = recorded(landscape, balls, 400)
    for ball in range(len(balls)):
        stops = [(e.step, e.kind) for e in recorder.events[ball]
                 if e.kind in (EventKind.CONVERGED, EventKind.DIVERGED)]
        expected = {1: EventKind.CONVERGED, 2: EventKind.DIVERGED}[int(engine.status[ball])]
        assert stops == [(int(engine.stopped_at[ball]), expected)]


def test_a_ball_that_steps_out_of_the_domain_left_it_where_it_last_was():
    """√x from 0.5 with η = 1 steps to −0.207 at step 1 (tests/model/test_domain.py); a start outside
    never set off, which is no event."""
    recorder = recorded(landscape_from_expression("sqrt(x)"), [Ball(OptimizerKind.SGD, {"lr": 1.0}, start=(0.5,)),
                                                                Ball(OptimizerKind.SGD, {"lr": 1.0}, start=(-0.5,))], 5)
    left = [e for e in recorder.events[0] if e.kind == EventKind.LEFT_DOMAIN]
    # It stepped to 0.5 − 1/(2√0.5) = −0.207, where √ has no value: the event is where it last had one.
    assert [(e.step, e.position, e.loss) for e in left] == [(1, (0.5,), pytest.approx(0.5 ** 0.5))]
    assert recorder.events[1] == []


def test_events_do_not_change_the_run_and_are_capped_per_ball():
    landscape = preset(PresetName.PARABOLA).landscape
    balls = [Ball(OptimizerKind.SGD, {"lr": 1.2}, start=(1.0,))]
    simulation = Simulation(landscape, balls, history_capacity=31)
    recorder = recorded_run(simulation, 30)
    assert np.array_equal(simulation.positions, run(landscape, balls, 30).positions)
    capped = recorded(landscape, balls, 30, cap=5)
    assert len(capped.events[0]) == 5 and capped.truncated[0]
    assert len(recorder.events[0]) == 60 and not recorder.truncated[0]


def test_the_next_and_previous_events_of_a_ball():
    landscape = preset(PresetName.SADDLE).landscape
    recorder = EventRecorder(Simulation(landscape, [Ball(OptimizerKind.SGD, {"lr": 0.05}, start=(-2.8, 0.01))]))
    assert recorder.next_event(0, after=0, within=10) is None and recorder.step == 10
    found = recorder.next_event(0, after=5, within=100)
    assert (found.step, found.kind) == (21, EventKind.SADDLE)
    assert recorder.previous_event(0, before=40).step == 21 and recorder.previous_event(0, before=21) is None
