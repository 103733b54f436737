"""A lesson stage chooses the quadratic by name with its knobs: landscape = "quadratic", kappa = κ, rotation = degrees;
wrong knobs are refused naming the field; a setup on the quadratic is written and read back with its knobs."""

import pytest

from gdsim.model.lessons import LessonError, parse_lesson
from gdsim.model.quadratic import quadratic_preset
from gdsim.model.setup import Setup


def lesson(knobs: str, landscape: str = "quadratic") -> str:
    return (f'id = "q"\ntitle = "Q"\n[[stages]]\nlandscape = "{landscape}"\n{knobs}\n'
            '[[stages.balls]]\noptimizer = "sgd"\nlr = 0.5\n')


def test_a_stage_shapes_the_quadratic_with_kappa_and_rotation():
    setup = Setup.from_stage(parse_lesson(lesson("kappa = 100\nrotation = 30"), "q.toml").stages[0])
    assert dict(setup.preset.shape) == {"kappa": 100.0, "rotation": 30.0}
    assert setup.landscape.title == "Quadratic (κ = 100, rotation 30°)"
    expected = quadratic_preset(100, 30).landscape.value([[1.0, 2.0]])
    assert setup.landscape.value([[1.0, 2.0]]) == pytest.approx(expected)


def test_without_knobs_the_quadratic_has_kappa_10_and_no_rotation():
    setup = Setup.from_stage(parse_lesson(lesson(""), "q.toml").stages[0])
    assert dict(setup.preset.shape) == {"kappa": 10.0, "rotation": 0.0}


@pytest.mark.parametrize("knobs, landscape, message", [
    ("kappa = 0.5", "quadratic", "field 'kappa': κ must be a number from 1 to 1000, got 0.5"),
    ("kappa = 1001", "quadratic", "field 'kappa': κ must be a number from 1 to 1000"),
    ('kappa = "ten"', "quadratic", "field 'kappa': expected a finite number"),
    ("kappa = nan", "quadratic", "field 'kappa': expected a finite number"),
    ("rotation = 1e9", "quadratic", "field 'rotation': the rotation is a number of degrees from -180 to 180"),
    ("rotation = 270", "quadratic", "field 'rotation': the rotation is a number of degrees from -180 to 180, got 270"),
    ("rotation = true", "quadratic", "field 'rotation': expected a finite number"),
    ("kappa = 10", "bowl", "field 'kappa': kappa and rotation shape landscape = \"quadratic\" only"),
    ("rotation = 10", "parabola", "field 'rotation': kappa and rotation shape landscape = \"quadratic\" only"),
])
def test_wrong_knobs_are_refused_naming_the_field(knobs, landscape, message):
    with pytest.raises(LessonError, match="stage 1") as refused:
        parse_lesson(lesson(knobs, landscape), "q.toml")
    assert message in str(refused.value)


def test_a_setup_on_the_quadratic_is_written_and_read_back_with_its_knobs():
    setup = Setup.from_preset("bowl").with_preset(quadratic_preset(31.6, -45))
    text = setup.lesson_toml(0, "Mine")
    assert 'landscape = "quadratic"\nkappa = 31.6\nrotation = -45.0' in text
    again = Setup.from_stage(parse_lesson(text, "mine.toml").stages[0])
    assert dict(again.preset.shape) == {"kappa": 31.6, "rotation": -45.0}
