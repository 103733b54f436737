"""`gdsim bench`: the figures of gdsim.bench (the window's frame and start-up times, the engine's throughput)."""

from __future__ import annotations

import argparse


def add_bench_parser(commands) -> argparse.ArgumentParser:
    """Adds the `bench` command to the subparsers action `commands`; returns its parser."""
    parser = commands.add_parser("bench", help="measure frame times and start-up; prints figures")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (well under a minute)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--soak", type=float, default=None, metavar="MINUTES",
                        help="play 1,000 balls at the top speed for MINUTES and report resident memory's peak and "
                             "growth (default: 0.5 with --quick, else 2; the classroom figure is 30)")
    parser.set_defaults(handler=command_bench)
    return parser


def command_bench(args: argparse.Namespace) -> int:
    from gdsim.bench import main  # times the window: Qt is imported only for this command

    soak = args.soak if args.soak is not None else (0.5 if args.quick else 2.0)
    return main(args.quick, args.json, soak_minutes=max(soak, 0.1))
