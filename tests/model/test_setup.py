"""The setup: one value for the whole run, and the edits the controller applies to it."""

import pytest

from gdsim.model.balls import PALETTE_SIZE, GradientSource
from gdsim.model.expressions import landscape_from_expression
from gdsim.model.presets import preset, typed_preset
from gdsim.model.setup import Setup


def test_a_preset_gives_distinct_colours_and_ids():
    setup = Setup.from_preset("momentum-demo")
    assert len({b.color for b in setup.balls}) == len(setup.balls) == 3
    assert [b.id for b in setup.balls] == [1, 2, 3]


def test_switching_preset_keeps_the_colour_of_a_ball_of_the_same_optimizer():
    setup = Setup.from_preset("momentum-demo").without_ball(0)  # Momentum and Nesterov, colours 1 and 2
    kept = {b.optimizer: b.color for b in setup.balls}
    for name in ("bowl", "rosenbrock", "parabola", "himmelblau"):
        switched = setup.with_preset(preset(name))
        colors = [b.color for b in switched.balls]
        assert len(set(colors)) == len(colors) and all(0 <= c < PALETTE_SIZE for c in colors)
        for ball in switched.balls:
            assert ball.color == kept.get(ball.optimizer, ball.color)
            if ball.optimizer not in kept:
                assert ball.color not in kept.values()


def test_edits_that_change_nothing_return_the_same_setup():
    setup = Setup.from_preset("bowl")
    assert setup.with_ball(0, enabled=True) is setup
    assert setup.with_start(setup.start) is setup
    assert setup.with_start((float("nan"), 0.0)) is setup
    assert setup.with_view_box(setup.landscape.view_box) is setup
    assert setup.with_optimizer(0, setup.balls[0].optimizer) is setup
    assert setup.without_ball(0).without_ball(0) is not None


def test_a_bad_hyperparameter_or_view_box_raises_and_changes_nothing():
    setup = Setup.from_preset("bowl")
    with pytest.raises(ValueError):
        setup.with_ball(0, params={**setup.balls[0].params, "lr": -1.0})
    with pytest.raises(ValueError):
        setup.with_view_box(((1.0, 0.0), (0.0, 1.0)))


def test_a_typed_function_keeps_a_typed_gradient_of_its_dimension():
    one_d = typed_preset(landscape_from_expression("x^4 - 2*x^2"))
    setup = Setup(one_d, (one_d.start,), Setup.from_preset("parabola").balls, ("4*x^3 - 4*x",))
    setup = setup.with_copy_of(0, gradient=GradientSource.USER)
    again = setup.with_typed_landscape(typed_preset(landscape_from_expression("x^4 - 2*x^2")))
    assert again.user_gradient == setup.user_gradient
    assert [b.gradient for b in again.balls] == [b.gradient for b in setup.balls]
    two_d = again.with_typed_landscape(typed_preset(landscape_from_expression("x^2 + y^2")))
    assert two_d.user_gradient == () and all(b.gradient is GradientSource.EXACT for b in two_d.balls)


def test_the_noise_seed_is_the_runs_own_kept_across_a_landscape_change_and_checked():
    setup = Setup.from_preset("momentum-demo").with_seed(9)
    assert setup.seed == 9 and setup.with_seed(9) is setup
    assert setup.with_preset(preset("himmelblau")).seed == 9
    assert setup.with_typed_landscape(typed_preset(landscape_from_expression("x^2 + y^2"))).seed == 9
    for bad in (-1, 2**32, 0.5):
        with pytest.raises(ValueError, match="whole number from 0 to 4,294,967,295"):
            setup.with_seed(bad)
