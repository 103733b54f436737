"""`gdsim lesson list` and `gdsim lesson run ID|FILE`: the bundled lessons, and the stages of a bundled lesson
or of a lesson file run headless (a file is checked as File ▸ Open Setup checks it)."""

from __future__ import annotations

import argparse
import json
import sys

from gdsim.cli.common import UsageError, bundled_lessons, count, lesson_from_argument
from gdsim.formats.trajectories import run_document
from gdsim.model.limits import MAX_RECORDED_POINTS


def add_lesson_parser(commands) -> argparse.ArgumentParser:
    """Adds the `lesson` command to the subparsers action `commands`; returns its parser."""
    parser = commands.add_parser("lesson", help="list the bundled lessons or run their stages headless")
    lesson_commands = parser.add_subparsers(dest="lesson_command", metavar="list|run", required=True)
    lesson_commands.add_parser("list", help="the lessons' ids and titles")
    run_parser = lesson_commands.add_parser("run", help="run a lesson's stages and print each stage's run")
    run_parser.add_argument("id", metavar="ID|FILE", help="a lesson id (see gdsim lesson list) or a lesson file's path")
    run_parser.add_argument("--stage", type=count, metavar="K", help="only stage K (from 1)")
    run_parser.add_argument("--format", choices=["json"], default="json")
    run_parser.add_argument("--language", choices=["en", "ko"], default="en", help="language of the captions")
    parser.set_defaults(handler=command_lesson)
    return parser


def command_lesson(args: argparse.Namespace) -> int:
    from gdsim.model.lessons import LessonError, localized, render_caption

    if args.lesson_command == "list":
        for lesson in bundled_lessons():
            print(f"{lesson.id:15} {lesson.text('en')} — {len(lesson.stages)} stages")
        return 0
    lesson = lesson_from_argument(args.id)
    if args.stage is not None and args.stage > len(lesson.stages):
        raise UsageError(f"--stage {args.stage}: lesson {lesson.id!r} has {len(lesson.stages)} stages")
    numbers = [args.stage] if args.stage else list(range(1, len(lesson.stages) + 1))
    stages = []
    for number in numbers:
        stage = lesson.stages[number - 1]
        points = (stage.steps + 1) * len(stage.balls) * max(len(stage.starts), 1)
        if points > MAX_RECORDED_POINTS:  # every step of every ball is kept and printed
            raise UsageError(f"{stage.source}: field 'steps': (steps + 1) × balls = {points:,} points to print; "
                             f"at most {MAX_RECORDED_POINTS:,} (play it in the window, or lower the steps)")
        try:
            simulation = stage.simulation()
            known_points = stage.preset().known_points  # the minima a caption may quote
        except LessonError as error:
            raise UsageError(str(error)) from None
        simulation.advance(stage.steps)
        document = run_document(stage.landscape or "expression", simulation, stage.expression)
        stages.append({"stage": number, "title": localized(stage.title, args.language), "steps": stage.steps,
                       "caption": render_caption(localized(stage.caption, args.language), simulation, args.language,
                                                 known_points)
                       if stage.caption else "", **document})
    json.dump({"lesson": lesson.id, "title": lesson.text(args.language), "stages": stages}, sys.stdout,
              allow_nan=False, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
