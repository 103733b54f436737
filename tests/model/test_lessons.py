"""Lesson files: parsed with messages that say where a mistake is; captions quote the engine."""

import numpy as np
import pytest

from gdsim.model.lessons import LessonError, load_lessons, parse_lesson, render_caption

GOOD = '''
id = "learning-rate"
title = { en = "Learning rate", ko = "학습률" }

[[stages]]
title = { en = "Too large", ko = "너무 큰 학습률" }
landscape = "parabola"
starts = [[4.0]]
steps = 5
caption = { en = "θ₅ = {ball[0].x:.2f} after {step} steps", ko = "{step}번 후 θ₅ = {ball[0].x:.2f}" }
[[stages.balls]]
optimizer = "sgd"
lr = 1.2

[[stages]]
expression = "x^2 + y^2"
starts = [[-3, 4]]
steps = 100
[[stages.balls]]
optimizer = "sgd"
lr = 0.1
'''


def stage_text(body: str) -> str:
    return 'id = "t"\n[[stages]]\n' + body


def test_a_lesson_runs_its_stages_and_captions_quote_the_engine():
    lesson = parse_lesson(GOOD, "learning-rate.toml")
    assert lesson.id == "learning-rate" and lesson.text("ko") == "학습률"
    first = lesson.stages[0]
    simulation = first.simulation()
    simulation.advance(first.steps)
    assert render_caption(first.caption["en"], simulation) == "θ₅ = −21.51 after 5 steps"
    assert render_caption(first.caption["ko"], simulation) == "5번 후 θ₅ = −21.51"
    second = lesson.stages[1]
    simulation = second.simulation()
    simulation.advance(second.steps)
    assert simulation.positions[0] == pytest.approx([-6.1e-10, 8.1e-10], rel=0.01)  # lesson L2


@pytest.mark.parametrize(("text", "message"), [
    ("id = [", "x.toml: not valid TOML: "),
    ('title = "no id"', "x.toml: field 'id': expected id = \"a-short-name\""),
    ('id = "t"', "x.toml: field 'stages': expected at least one [[stages]] table"),
    (stage_text('landscape = "nope"\n[[stages.balls]]\noptimizer = "sgd"'),
     "x.toml: stage 1: field 'landscape': unknown landscape 'nope'; choose one of: "),
    (stage_text('landscape = "bowl"\n[[stages.balls]]\noptimizer = "bfgs"'),
     "x.toml: stage 1: field 'balls[1].optimizer': unknown optimizer 'bfgs'; choose one of: "),
    (stage_text('landscape = "bowl"\n[[stages.balls]]\noptimizer = "lbfgs"\nline_search = "wolfe"'),
     "x.toml: stage 1: field 'balls[1]': line_search must be one of none, strong_wolfe, got 'wolfe'"),
    (stage_text('landscape = "bowl"\n[[stages.balls]]\noptimizer = "sgd"\nlr = -1'),
     "x.toml: stage 1: field 'balls[1]': lr must be a positive finite number, got -1"),
    (stage_text('landscape = "bowl"'), "x.toml: stage 1: field 'balls': expected at least one [[stages.balls]] table"),
    (stage_text('landscape = "bowl"\nstarts = [[1]]\n[[stages.balls]]\noptimizer = "sgd"'),
     "x.toml: stage 1: field 'starts': expected a start of 2 numbers, got [1]"),
    (stage_text('landscape = "bowl"\ncolour = "red"\n[[stages.balls]]\noptimizer = "sgd"'),
     "x.toml: stage 1: field 'colour': unknown field; a stage takes: "),
    (stage_text('landscape = "bowl"\ncaption = "{ball[0].__class__}"\n[[stages.balls]]\noptimizer = "sgd"'),
     "x.toml: stage 1: field 'caption': unknown caption field {ball[0].__class__}"),
    (stage_text('landscape = "bowl"\ncaption = "{ball[3].x}"\n[[stages.balls]]\noptimizer = "sgd"'),
     "x.toml: stage 1: field 'caption': caption field {ball[3].x}: there are only 1 balls"),
    (stage_text('landscape = "bowl"\nsteps = -1\n[[stages.balls]]\noptimizer = "sgd"'),
     "x.toml: stage 1: field 'steps': expected a whole number of steps"),
])
def test_mistakes_name_the_file_the_stage_and_the_field(text, message):
    with pytest.raises(LessonError) as raised:
        parse_lesson(text, "x.toml")
    assert str(raised.value).startswith(message)


def test_a_stage_with_steps_may_say_what_it_shows_before_play():
    lesson = parse_lesson(stage_text('landscape = "parabola"\nsteps = 5\ncaption = "x = {ball[0].x:.2f} after {step} '
                                     'steps"\nbefore = { en = "From x = {ball[0].x:.0f}", ko = "x = {ball[0].x:.0f}에서" }'
                                     '\n[[stages.balls]]\noptimizer = "sgd"'), "x.toml")
    stage = lesson.stages[0]
    assert stage.before == {"en": "From x = {ball[0].x:.0f}", "ko": "x = {ball[0].x:.0f}에서"}
    assert render_caption(stage.before["ko"], stage.simulation()).endswith("에서")
    assert parse_lesson(GOOD).stages[0].before == {}


@pytest.mark.parametrize(("body", "message"), [
    ('steps = 5\nbefore = "{ball[1].x}"', "caption field {ball[1].x}: there are only 1 balls"),
    ('steps = 5\nbefore = "{ball[0].speed}"', "unknown caption field {ball[0].speed}"),
    ('steps = 5\nbefore = "{step:.99f}"', "caption field {step:.99f}: a caption formats numbers"),
    ('steps = 5\nbefore = { fr = "Avant" }', "unknown language 'fr'"),
    ('steps = 5\nbefore = 3', "expected a text or a table of texts by language"),
    ('before = "At the start"', "a stage of no steps shows its caption from the start"),
])
def test_a_mistake_in_before_is_one_line_naming_the_field(body, message):
    with pytest.raises(LessonError) as raised:
        parse_lesson(stage_text(f'landscape = "bowl"\n{body}\n[[stages.balls]]\noptimizer = "sgd"'), "x.toml")
    assert str(raised.value).startswith("x.toml: stage 1: field 'before': ")
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_captions_cannot_reach_python_objects():
    for caption in ("{ball[0].x.__class__}", "{0.__class__}", "{step.__class__.__mro__}", "{ball[0].x:{0.__doc__}}"):
        with pytest.raises(LessonError):
            parse_lesson(stage_text(f'landscape = "bowl"\ncaption = "{caption}"\n[[stages.balls]]\noptimizer = "sgd"'))


def test_a_broken_lesson_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text("id = [", encoding="utf-8")
    (tmp_path / "c.toml").write_bytes(b"\xff\xfe not text")
    lessons, problems = load_lessons(tmp_path)
    assert [lesson.id for lesson in lessons] == ["learning-rate"]
    assert problems[0].startswith("b.toml: not valid TOML") and problems[1].startswith("c.toml: ")


def test_a_typed_function_is_checked_when_its_stage_is_shown():
    lesson = parse_lesson(stage_text('expression = "x +"\n[[stages.balls]]\noptimizer = "sgd"'), "x.toml")
    with pytest.raises(LessonError) as raised:
        lesson.stages[0].simulation()
    assert str(raised.value).startswith("x.toml: stage 1: field 'expression': ")
    lesson = parse_lesson(stage_text('expression = "x^2"\nstarts = [[1, 2]]\n[[stages.balls]]\noptimizer = "sgd"'))
    with pytest.raises(LessonError, match="field 'starts'"):
        lesson.stages[0].simulation()


def test_a_running_ball_has_not_stopped_anywhere_yet():
    from gdsim.model.balls import Ball
    from gdsim.model.optimizers import OptimizerKind
    from gdsim.model.presets import preset
    from gdsim.model.simulation import Simulation

    simulation = Simulation(preset("bowl").landscape, [Ball(OptimizerKind.SGD, {"lr": 0.1}).at((1.0, 2.0)),
                                                       Ball(OptimizerKind.SGD, {"lr": 0.5}).at((1.0, 2.0))])
    simulation.advance(3)
    caption = "{ball[0].stopped_at} / {ball[0].stopped_at:d} / {ball[1].stopped_at}"
    assert render_caption(caption, simulation) == "— / — / 2"


@pytest.mark.parametrize("value", ['"gradient"', '["gradient"]', "1", '"SELECTED"'])
def test_a_stage_asks_for_the_selected_balls_or_every_balls_step_arrows_and_nothing_else(value):
    body = 'landscape = "bowl"\n{}\n[[stages.balls]]\noptimizer = "sgd"'
    assert parse_lesson(stage_text(body.format('arrows = "selected"'))).stages[0].arrows == "selected"
    assert parse_lesson(stage_text(body.format('arrows = "every"'))).stages[0].arrows == "every"
    assert parse_lesson(stage_text(body.format(""))).stages[0].arrows == ""
    with pytest.raises(LessonError) as raised:
        parse_lesson(stage_text(body.format(f"arrows = {value}")), "x.toml")
    assert str(raised.value).startswith("x.toml: stage 1: field 'arrows': expected arrows = \"selected\"")


def fit_stage(fit: str, ball: str = "") -> str:
    return stage_text(f'fit = {fit}\nsteps = 20\n[[stages.balls]]\noptimizer = "sgd"\nlr = 0.5\n'
                      f'[[stages.balls]]\noptimizer = "sgd"\nlr = 0.5\n{ball}')


def test_a_fit_stage_takes_a_batch_for_every_ball_and_a_ball_may_take_all():
    stage = parse_lesson(fit_stage('{ model = "line", batch = 10 }', 'batch = "all"')).stages[0]
    assert [ball.batch for ball in stage.balls] == [10, None] and "batch" not in stage.fit
    stage = parse_lesson(fit_stage('{ model = "line" }', "batch = 25")).stages[0]
    assert [ball.batch for ball in stage.balls] == [None, 25]
    simulation = stage.simulation()
    simulation.advance(20)
    assert not np.array_equal(simulation.positions[0], simulation.positions[1])


@pytest.mark.parametrize(("fit", "ball", "field", "message"), [
    ('{ model = "line", batch = 0 }', "", "fit.batch", "from 1 to the fit's 100 points, got 0"),
    ('{ model = "line", points = 50, batch = 51 }', "", "fit.batch", "from 1 to the fit's 50 points, got 51"),
    ('{ model = "proportional", batch = 4 }', "", "fit.batch", "from 1 to the fit's 3 points, got 4"),
    ('{ model = "line" }', "batch = 2.5", "balls[2].batch", "got 2.5"),
    ('{ model = "line" }', 'batch = "half"', "balls[2].batch", "expected \"all\" or a whole number"),
    ('{ model = "line" }', "batch = true", "balls[2].batch", "expected \"all\" or a whole number from 1 to the fit's 100 points, got True"),
])
def test_a_bad_batch_is_one_line_naming_the_field(fit, ball, field, message):
    with pytest.raises(LessonError) as raised:
        parse_lesson(fit_stage(fit, ball), "x.toml")
    assert str(raised.value).startswith(f"x.toml: stage 1: field '{field}': ")
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_batch_needs_a_fit():
    with pytest.raises(LessonError) as raised:
        parse_lesson(stage_text('landscape = "bowl"\n[[stages.balls]]\noptimizer = "sgd"\nbatch = 5'), "x.toml")
    assert str(raised.value).startswith("x.toml: stage 1: field 'balls[1].batch': a batch is a share of a fit's")
