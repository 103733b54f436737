"""Caption fields that name what they quote: the landscape's minima, a ball at a given step, a ball's
name; and a field a caption cannot quote is refused in one line that says what it can."""

from dataclasses import replace

import pytest

from gdsim.model import presets
from gdsim.model.balls import Ball
from gdsim.model.landscapes import CriticalKind, CriticalPoint
from gdsim.model.lessons import check_caption, render_caption
from gdsim.model.simulation import Simulation


def momentum_demo_run() -> Simulation:
    """L4's three balls from (0.5, 5.8); the landscape has one minimum in view, (0.4824, −4.2560)."""
    balls = [Ball.make("sgd", lr=0.01), Ball.make("momentum", lr=0.005, momentum=0.9),
             Ball.make("nag", lr=0.005, momentum=0.9)]
    return Simulation(presets.preset("momentum-demo").landscape, [b.at((0.5, 5.8)) for b in balls])


MINIMUM = "{lowest_minimum.x:.4f}, {lowest_minimum.y:.4f}, {lowest_minimum.loss:.4f}"


def test_the_lowest_minimum_is_the_landscapes_at_any_step():
    simulation = momentum_demo_run()
    assert render_caption(MINIMUM, simulation) == "0.4824, −4.2560, −4.9622"
    simulation.advance(10)
    assert render_caption(MINIMUM, simulation) == "0.4824, −4.2560, −4.9622"


def test_the_minima_a_preset_knows_are_the_ones_quoted():
    simulation = momentum_demo_run()
    known = (CriticalPoint((1.0, 2.0), CriticalKind.MINIMUM, 3.0), CriticalPoint((-1.0, 0.0), CriticalKind.MINIMUM, -1.0),
             CriticalPoint((9.0, 9.0), CriticalKind.SADDLE, -9.0))
    assert render_caption(MINIMUM.replace(".4f", ".1f"), simulation, known_points=known) == "−1.0, 0.0, −1.0"
    near = "{ball[0].nearest_minimum.x:.1f}, {ball[0].nearest_minimum.y:.1f}; {best.nearest_minimum.loss:.1f}"
    assert render_caption(near, simulation, known_points=known) == "1.0, 2.0; 3.0"  # the start (0.5, 5.8) is nearer (1, 2)
    assert render_caption("{lowest_minimum.x} {ball[1].nearest_minimum.y:.2f}", simulation, known_points=()) == "— —"


def test_a_ball_at_a_step_is_a_dash_until_the_run_gets_there():
    simulation = momentum_demo_run()
    caption = "{ball[1].x@0:.1f} {ball[1].loss@3:.3f}"
    assert render_caption(caption, simulation) == "0.5 —"
    simulation.advance(5)
    loss_at_3 = simulation.history.losses[3, 1]
    assert render_caption(caption, simulation) == f"0.5 {loss_at_3:.3f}"
    simulation.advance(10)
    assert render_caption(caption, simulation) == f"0.5 {loss_at_3:.3f}"  # the past stays what it was


def test_a_ball_that_stopped_stays_where_it_stopped():
    ball = Ball.make("sgd", lr=10.0).at((-3.0, 4.0))  # on the bowl, diverges
    simulation = Simulation(presets.preset("bowl").landscape, [ball])
    simulation.advance(50)
    stopped = int(simulation.stopped_at[0])
    assert 0 < stopped < 50 and simulation.step_count == stopped
    assert render_caption("{ball[0].x@1:.0f} {ball[0].x@40:.0f}", simulation) == f"57 {simulation.positions[0, 0]:.0f}".replace("-", "−")


def test_balls_are_named_as_the_legend_names_them_in_the_captions_language():
    simulation = momentum_demo_run()
    assert render_caption("{best.name}", simulation) == "SGD, Momentum, Nesterov"  # level at the start
    simulation.advance(10)
    assert render_caption("{ball[0].name}, {ball[1].name}, {best.name}", simulation) == "SGD, Momentum, Nesterov"
    assert render_caption("{ball[0].name}, {ball[1].name}, {best.name}", simulation, "ko") == "SGD, 모멘텀, 네스테로프"
    named = Simulation(simulation.landscape, [replace(Ball.make("sgd", (0.5, 5.8), lr=0.01), name="plain")])
    assert render_caption("{ball[0].name}", named, "ko") == "plain"


@pytest.mark.parametrize("field", ["{minimum.x}", "{lowest_minimum.z}", "{ball[0].grad_x@3}", "{best.x@3}",
                                   "{lowest_minimum.x@2}", "{ball[0].x@-1}", "{ball[0].x@1e3}", "{ball[0].x@}",
                                   "{ball[0].nearest_minimum.status}", "{ball[0].name:.3f}"])
def test_a_field_a_caption_cannot_quote_is_refused_in_one_line(field):
    with pytest.raises(ValueError) as caught:
        check_caption(field, 3)
    message = str(caught.value)
    assert "\n" not in message and field.split(":")[0].strip("{}") in message
    assert render_caption(field, momentum_demo_run()) == f"[{message}]"


def test_the_unknown_field_message_lists_the_new_fields():
    with pytest.raises(ValueError, match=r"lowest_minimum.*nearest_minimum") as caught:
        check_caption("{minimum.x}", 1)
    assert "x@STEP" in str(caught.value) and "name" in str(caught.value)


def test_a_ball_stopped_on_flat_ground_is_not_called_converged():
    staircase = Simulation(presets.preset("error-rate").landscape, [Ball.make("sgd", (-2.5,), lr=1.0)])
    caption = "{ball[0].status} (step {ball[0].stopped_at})"
    assert render_caption(caption, staircase) == "stopped on flat ground (step 0)"
    assert render_caption(caption, staircase, "ko") == "평평한 곳에 멈춤 (step 0)"
    at_the_minimum = Simulation(presets.preset("bowl").landscape, [Ball.make("sgd", (0.0, 0.0), lr=0.1)])
    assert render_caption(caption, at_the_minimum) == "converged (step 0)"


def test_best_name_names_the_balls_level_to_a_billionth():
    simulation = momentum_demo_run()
    simulation.advance(5000)
    losses = simulation.losses
    assert losses[1] != losses[0] and abs(losses[1] - losses[0]) < 1e-9 * abs(losses[0])
    assert render_caption("{best.name}", simulation) == "SGD, Momentum, Nesterov"
    simulation = momentum_demo_run()
    simulation.advance(10)
    assert render_caption("{best.name}", simulation) == "Nesterov"  # lower by far more than a billionth
