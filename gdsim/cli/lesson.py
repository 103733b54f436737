"""`gdsim lesson list` and `gdsim lesson run ID`: the bundled lessons, and their stages run headless."""

from __future__ import annotations

import argparse
import json
import sys

from gdsim.cli.common import UsageError, bundled_lessons, count
from gdsim.formats.trajectories import run_document


def add_lesson_parser(commands) -> argparse.ArgumentParser:
    """Adds the `lesson` command to the subparsers action `commands`; returns its parser."""
    parser = commands.add_parser("lesson", help="list the bundled lessons or run their stages headless")
    lesson_commands = parser.add_subparsers(dest="lesson_command", metavar="list|run", required=True)
    lesson_commands.add_parser("list", help="the lessons' ids and titles")
    run_parser = lesson_commands.add_parser("run", help="run a lesson's stages and print each stage's run")
    run_parser.add_argument("id", help="a lesson id (see gdsim lesson list)")
    run_parser.add_argument("--stage", type=count, metavar="K", help="only stage K (from 1)")
    run_parser.add_argument("--format", choices=["json"], default="json")
    run_parser.add_argument("--language", choices=["en", "ko"], default="en", help="language of the captions")
    parser.set_defaults(handler=command_lesson)
    return parser


def command_lesson(args: argparse.Namespace) -> int:
    from gdsim.model.lessons import LessonError, localized, render_caption

    lessons = bundled_lessons()
    if args.lesson_command == "list":
        for lesson in lessons:
            print(f"{lesson.id:15} {lesson.text('en')} — {len(lesson.stages)} stages")
        return 0
    lesson = next((item for item in lessons if item.id == args.id), None)
    if lesson is None:
        raise UsageError(f"unknown lesson {args.id!r}; lessons: {', '.join(item.id for item in lessons)}")
    if args.stage is not None and args.stage > len(lesson.stages):
        raise UsageError(f"--stage {args.stage}: lesson {lesson.id!r} has {len(lesson.stages)} stages")
    numbers = [args.stage] if args.stage else list(range(1, len(lesson.stages) + 1))
    stages = []
    for number in numbers:
        stage = lesson.stages[number - 1]
        try:
            simulation = stage.simulation()
        except LessonError as error:
            raise UsageError(str(error)) from None
        simulation.advance(stage.steps)
        document = run_document(stage.landscape or "expression", simulation, stage.expression)
        stages.append({"stage": number, "title": localized(stage.title, args.language), "steps": stage.steps,
                       "caption": render_caption(localized(stage.caption, args.language), simulation, args.language)
                       if stage.caption else "", **document})
    json.dump({"lesson": lesson.id, "title": lesson.text(args.language), "stages": stages}, sys.stdout,
              allow_nan=False, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
