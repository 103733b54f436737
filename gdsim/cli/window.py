"""`gdsim` with no command: the window, or with --screenshot a PNG of it; the options that go with it."""

from __future__ import annotations

import argparse

from gdsim.cli.common import (
    checked_output,
    lesson_from_argument,
    output_error,
    parse_size,
    step_count,
)


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """Adds the window's options to gdsim's own parser, and opening the window as what it does by default."""
    parser.add_argument("--screenshot", metavar="PNG", help="save a PNG of the main window and exit")
    parser.add_argument("--size", default="1280x800", help="window size for --screenshot (default 1280x800)")
    parser.add_argument("--steps", type=step_count, default=0, help="steps to advance before --screenshot")
    parser.add_argument("--lesson", metavar="ID|FILE",
                        help="open the window on a bundled lesson, or on a lesson file given by its path")
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=open_window)


def open_window(args: argparse.Namespace) -> int:
    if args.screenshot:
        from gdsim.app import save_screenshot

        checked_output(args.screenshot, "png", force=False, option="--screenshot")
        try:
            return save_screenshot(args.screenshot, parse_size(args.size), args.steps)
        except OSError as error:
            raise output_error(args.screenshot, error, "--screenshot") from None
    from gdsim.app import run_app

    if args.lesson is not None:
        lesson_from_argument(args.lesson)  # a wrong id or a broken file: one line, before any window opens
    return run_app(quit_after_first_paint=args.quit_after_first_paint, lesson=args.lesson)
