"""Lesson files are data, never trusted: each hostile file gets one LessonError naming the file, the stage
and the field, before anything is built from it; captions are bounded; and lesson files travel to
`gdsim lesson run FILE` and `gdsim --lesson FILE`."""

import json

import pytest

from gdsim.cli import main
from gdsim.model import limits
from gdsim.model.balls import Ball
from gdsim.model.lessons import LessonError, load_lessons, parse_lesson, render_caption
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import preset
from gdsim.model.simulation import Simulation
from gdsim.resources import resource_path

BALL = '[[stages.balls]]\noptimizer = "sgd"\nlr = 0.1\n'


def stage(body: str, balls: str = BALL) -> str:
    return 'id = "t"\ntitle = "T"\n[[stages]]\n' + body + "\n" + balls


def problem(text: str) -> str:
    with pytest.raises(LessonError) as raised:
        parse_lesson(text, "x.toml")
    message = str(raised.value)
    assert message.startswith("x.toml: ") and "\n" not in message and len(message) < 400
    return message


def test_a_byte_order_mark_is_accepted(tmp_path):
    text = (resource_path("lessons") / "5-one-weight.toml").read_text(encoding="utf-8")
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    lessons, problems = load_lessons(tmp_path)
    assert problems == [] and lessons[0].id == "one-weight"


@pytest.mark.parametrize("text", [
    stage("x = " + "[" * 5000 + "]" * 5000),  # RecursionError in the TOML parser
    stage("x = " + "{a = " * 5000 + "1" + "}" * 5000),
    stage("x" + ".x" * 3000 + " = 1"),  # a dotted key costs the parser the square of its parts
    "[" + "a." * 3000 + "a]\nb = 1\n" + stage(""),
], ids=["lists", "inline tables", "dotted key", "table header"])
def test_deep_nesting_is_refused_before_the_parser(text):
    assert "nested more than" in problem(text) or "a key of more than" in problem(text)


def test_nesting_within_the_limit_and_strings_with_brackets_read_as_before():
    lesson = parse_lesson(stage('landscape = "bowl"\ncaption = "[[[[[[[[[[[[{{{{ ... a.b.c.d.e.f.g.h.i.j.k.l"',
                                balls=BALL + "# [[[[[[[[[[[[[[[[ a.b.c.d.e.f.g.h.i.j.k.l\n"))
    assert lesson.stages[0].caption["en"].startswith("[[[[")


@pytest.mark.parametrize(("body", "field"), [
    ('fit = { model = ["sine"] }', "fit.model"),  # TypeError "unhashable type: 'list'"
    ('fit = { model = "sine", points = [1] }', "fit.points"),
    ("landscape = [1]", "landscape"),  # TypeError too
    ('fit = { model = "sine", points = 1000000 }', "fit.points"),  # froze the window for 300 s
    ('fit = { model = "sine", noise = 1e300 }', "fit.noise"),
    ('landscape = "bowl"\nstarts = [[1e308, 0]]', "starts"),  # a view box of infinite size
    ('landscape = "bowl"\nstarts = [[1, 2], [3, 4]]\n' + BALL * 5001, "balls"),  # 10,002 balls
    ('expression = "x^2"\nstarts = [[1, 2, 3]]', "starts"),
    ('landscape = "bowl"\ngradient = ["2*x", "2*y", "0"]', "gradient"),
], ids=lambda value: value if len(value) < 20 else None)
def test_types_ranges_and_sizes_are_checked_before_anything_is_built(body, field):
    assert f"stage 1: field '{field}'" in problem(stage(body))


def test_a_million_balls_are_refused_at_reading():
    assert "at most 10,000" in problem(stage('landscape = "bowl"\nrandom_starts = { count = 10000 }', BALL * 101))


def test_too_many_stages_and_too_large_a_file_are_refused(tmp_path):
    assert "at most 100" in problem('id = "t"\n' + ('[[stages]]\nlandscape = "bowl"\n' + BALL) * 101)
    assert "characters; a lesson file has at most" in problem(stage('landscape = "bowl"') + "#" * limits.MAX_LESSON_FILE_BYTES)


@pytest.mark.parametrize(("body", "field"), [
    ('landscape = "bowl"\ncaption = "' + "x" * 20_000 + '"', "caption"),
    ('landscape = "bowl"\ntitle = "' + "x" * 200 + '"', "title"),
    ('landscape = "bowl"\ntitle = "two\\nlines"', "title"),
    ('landscape = "bowl"\ncaption = "' + "line\\n" * 10 + '"', "caption"),
    ('landscape = "bowl"\ncaption = "{step:999999999}"', "caption"),  # froze the window at 10 GB
    ('landscape = "bowl"\ncaption = "{step:c}"', "caption"),  # raised past step 1,114,111
    ('landscape = "bowl"\ncaption = "{ball[0].x:.999f}"', "caption"),
    ('landscape = "bowl"\ncaption = "{ball[0].x:{step}}"', "caption"),  # a width that grows with the step
    ('landscape = "bowl"\ncaption = "{ball[0].x!r}"', "caption"),
], ids=["long caption", "long title", "two-line title", "many lines", "width", "type c", "precision", "nested",
        "conversion"])
def test_captions_and_titles_are_bounded_at_reading(body, field):
    assert f"stage 1: field '{field}'" in problem(stage(body))


def test_captions_keep_the_formats_the_lessons_use():
    lesson = parse_lesson(stage('landscape = "bowl"\ncaption = "{step:>8,} {ball[0].x:+.10f} {best.loss:.2e} '
                                '{ball[0].status:>9s} {ball[0].y:.1%} {{literal}}"'))
    simulation = lesson.stages[0].simulation()
    simulation.advance(3)
    assert render_caption(lesson.stages[0].caption["en"], simulation).endswith("   running 204.8% {literal}")


def test_rendering_a_caption_never_raises():
    simulation = Simulation(preset("bowl").landscape, [Ball(OptimizerKind.SGD, {"lr": 0.1}).at((1.0, 2.0))])
    simulation.step_count = 1_114_112  # past the last character {step:c} could show
    for template in ("{step:c}", "{step:999999999}", "{ball[0].x:{step}}", "{", "{ball[9].x}", "{ball[0].x:d}"):
        rendered = render_caption(template, simulation)
        assert rendered.startswith("[") and len(rendered) < 400


def test_gdsim_lesson_run_takes_a_lesson_file(tmp_path, capsys):
    text = (resource_path("lessons") / "5-one-weight.toml").read_text(encoding="utf-8")
    path = tmp_path / "shared by a colleague.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert main(["lesson", "run", str(path), "--stage", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["lesson"] == "one-weight"


def test_gdsim_lesson_run_checks_a_file_as_the_window_does(tmp_path, capsys):
    path = tmp_path / "broken.toml"
    path.write_text(stage('fit = { model = ["sine"] }'), encoding="utf-8")
    assert main(["lesson", "run", str(path)]) == 2
    assert capsys.readouterr().err == "gdsim: error: broken.toml: stage 1: field 'fit.model': unknown model ['sine']; " \
        "choose one of: line, sine, proportional\n"
    path.write_text(stage('expression = "x^2 + y^2"\ngradient = ["2*x +", "2*y"]', BALL + 'gradient = "user"\n'),
                    encoding="utf-8")
    assert main(["lesson", "run", str(path)]) == 2
    assert capsys.readouterr().err.startswith("gdsim: error: broken.toml: stage 1: field 'gradient': ")
    path.write_text(stage('landscape = "bowl"\nsteps = 1000000', BALL * 3), encoding="utf-8")
    assert main(["lesson", "run", str(path)]) == 2
    assert "field 'steps'" in capsys.readouterr().err


def test_gdsim_window_lesson_option_refuses_a_broken_file_in_one_line(tmp_path, capsys):
    path = tmp_path / "deep.toml"
    path.write_text(stage("x = " + "[" * 5000), encoding="utf-8")
    assert main(["--lesson", str(path)]) == 2
    assert capsys.readouterr().err.startswith("gdsim: error: deep.toml: not a lesson file: ")


def test_a_huge_value_is_quoted_shortly():
    body = 'landscape = "bowl"'
    message = problem(stage(body, BALL + 'schedule = "cosine"\nT_max = 10\neta_min = [' + "1.0, " * 3000 + "]\n"))
    assert "field 'balls[1].eta_min': expected a finite number, got [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, ...]" in message


@pytest.mark.parametrize("ball", [
    BALL + 'schedule = "' + "x" * 5000 + '"\n',
    BALL + 'schedule = "exponential"\ngamma = 0.9\n' + "y" * 5000 + " = 1\n",
    '[[stages.balls]]\noptimizer = "sgd"\nlr = 0.1\n' + "z" * 5000 + " = 1\n",
], ids=["schedule name", "schedule parameter", "optimizer parameter"])
def test_a_huge_name_is_quoted_shortly(ball):
    """Found by the lesson fuzz test: a 5,000-character schedule name came back whole in the message."""
    message = problem(stage('landscape = "bowl"', ball))
    assert "… (5,000 characters)" in message
