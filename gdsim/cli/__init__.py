"""The headless command line: `gdsim run` and friends, on the same engine as the window.

One module per command, each with `add_<command>_parser(commands)`, which sets the command's handler
with `set_defaults(handler=...)`; the helpers they share are in common. `gdsim` with no command
opens the window (window.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gdsim import __version__
from gdsim.cli.common import Parser, dispatch


def build_parser() -> argparse.ArgumentParser:
    # Imported here, not at the top: `python -m gdsim.cli.fit` imports this package before it runs fit.
    from gdsim.cli import basins, bench, diff, export, fit, gradcheck, lesson, run, sweep, window

    parser = Parser(prog="gdsim", description="Watch gradient descent optimizers on a loss landscape.")
    parser.add_argument("--version", action="version", version=f"gdsim {__version__}")
    window.add_window_arguments(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run.add_run_parser(commands)
    lesson.add_lesson_parser(commands)
    basins.add_basins_parser(commands)
    diff.add_diff_parser(commands)
    export.add_export_parser(commands)
    fit.add_fit_parser(commands)
    sweep.add_sweep_parser(commands)
    gradcheck.add_gradcheck_parser(commands)
    bench.add_bench_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The `gdsim` command, the window included; returns the exit status."""
    return dispatch(build_parser(), sys.argv[1:] if argv is None else argv)
