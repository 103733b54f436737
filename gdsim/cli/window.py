"""`gdsim` with no command: the window, or with --screenshot a PNG of it; the options that go with it."""

from __future__ import annotations

import argparse

from gdsim.cli.common import (
    UsageError,
    checked_output,
    lesson_from_argument,
    output_error,
    parse_size,
    step_count,
    whole_number,
)


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """Adds the window's options to gdsim's own parser, and opening the window as what it does by default."""
    parser.add_argument("--screenshot", metavar="PNG", help="save a PNG of the main window and exit")
    parser.add_argument("--size", default="1280x800", help="window size for --screenshot (default 1280x800)")
    parser.add_argument("--steps", type=steps_or_end, default=0, metavar="N|end",
                        help="steps to advance before --screenshot, from the stage's start with --lesson; "
                             "'end' plays the stage to its end")
    parser.add_argument("--lesson", metavar="ID|FILE",
                        help="open the window on a bundled lesson, or on a lesson file given by its path")
    parser.add_argument("--stage", type=whole_number(1), default=1, metavar="K",
                        help="the lesson's stage to open, counted from 1 as in the window (default 1)")
    parser.add_argument("--presenter", action="store_true", help="presenter mode (F5): larger text, balls and lines")
    parser.add_argument("--language", choices=("en", "ko"), help="the window's language for this run")
    parser.add_argument("--fan", type=whole_number(2, 1000), default=None, metavar="N",
                        help="draw each noisy ball as a fan of N runs (Balls ▸ Fan)")
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=open_window)


def steps_or_end(text: str) -> int | None:
    """An argparse type: a step count, or 'end' (None) for the stage's own step count."""
    return None if text.strip().lower() == "end" else step_count(text)


def open_window(args: argparse.Namespace) -> int:
    # A wrong id, a broken file or a stage the lesson lacks: one line, before any window opens.
    lesson = None if args.lesson is None else lesson_from_argument(args.lesson)
    stage = args.stage - 1
    if lesson is None and args.stage != 1:
        raise UsageError("--stage goes with --lesson")
    if lesson is not None and stage >= len(lesson.stages):
        raise UsageError(f"--stage {args.stage}: lesson {lesson.id!r} has {len(lesson.stages)} stages")
    if lesson is not None:
        from gdsim.model.lessons import LessonError

        try:
            lesson.stages[stage].check()  # a file's later stage, set up once, changing nothing
        except LessonError as error:
            raise UsageError(str(error)) from None
    view = {"lesson": lesson, "stage": stage, "presenter": args.presenter, "language": args.language, "fan": args.fan}
    if args.screenshot:
        from gdsim.app import save_screenshot

        checked_output(args.screenshot, "png", force=False, option="--screenshot")
        try:
            return save_screenshot(args.screenshot, parse_size(args.size), args.steps, **view)
        except OSError as error:
            raise output_error(args.screenshot, error, "--screenshot") from None
    from gdsim.app import run_app

    return run_app(quit_after_first_paint=args.quit_after_first_paint, **view)
