"""The headless command line: `gdsim run` and friends, on the same engine as the window."""

from gdsim.cli.common import build_parser, main

__all__ = ["build_parser", "main"]
