"""`gdsim diff`: a forward or central difference of a typed 1-D function, beside the exact derivative.

    gdsim diff --expr "0.01x^2 + 0.1x" --at 5 --h 1e-4 --method central [--format text|json]

prints the estimate, the exact derivative (from the symbolic gradient) and the absolute error.
JSON: {"expression", "at", "h", "method", "estimate", "exact", "error"}, non-finite numbers as null.

"--at" and "--h" are in common.OPTIONS_WITH_NUMBERS: argparse takes `--at -2` but refuses `--at -2e-3`
and `--h -1e-4` as options ("expected one argument") unless attach_negative_values rewrites them to
`--at=-2e-3`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from gdsim.cli.common import UsageError
from gdsim.model.differentiation import DifferentiationError, Method, difference

DIFF_OPTIONS_WITH_NUMBERS = ("--at", "--h")  # in common.OPTIONS_WITH_NUMBERS


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _finite_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def _step(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive finite number such as 1e-4, got {text!r}")
    return value


def add_diff_parser(commands) -> argparse.ArgumentParser:
    """Adds the `diff` command to the subparsers action `commands`; returns its parser."""
    diff_parser = commands.add_parser(
        "diff", help="estimate f'(x) by a forward or central difference and compare it with the exact one")
    diff_parser.add_argument("--expr", metavar="F", required=True, help="a function of x alone, e.g. '0.01x^2 + 0.1x'")
    diff_parser.add_argument("--at", metavar="X", type=_finite_number, required=True, help="the point x")
    diff_parser.add_argument("--h", metavar="H", type=_step, required=True,
                             help="the step h > 0, e.g. 1e-4 (try 1e-50 to see the rounding error)")
    diff_parser.add_argument("--method", choices=[str(m) for m in Method], required=True,
                             help="forward: (f(x+h) − f(x))/h; central: (f(x+h) − f(x−h))/2h")
    diff_parser.add_argument("--format", choices=["text", "json"], default="text")
    diff_parser.set_defaults(handler=command_diff)
    return diff_parser


def command_diff(args: argparse.Namespace) -> int:
    from gdsim.model.expressions import ExpressionError, landscape_from_expression

    try:
        # A 1-D box skips the search for critical points, which `diff` does not need.
        landscape = landscape_from_expression(args.expr, view_box=((-5.0, 5.0),))
    except ExpressionError as error:
        raise UsageError(f"--expr: {error}") from None
    try:
        result = difference(landscape, args.at, args.h, args.method)
    except DifferentiationError as error:
        raise UsageError(f"--expr: {error}") from None
    if args.format == "json":
        estimate, exact, error = (_finite_or_none(v) for v in (result.estimate, result.exact, result.error))
        json.dump({"expression": args.expr, "at": result.x, "h": result.h, "method": str(result.method),
                   "estimate": estimate, "exact": exact, "error": error}, sys.stdout, allow_nan=False,
                  ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    formula = ("(f(x+h) − f(x))/h" if result.method is Method.FORWARD else "(f(x+h) − f(x−h))/2h")
    print(f"f(x) = {landscape.formula}, f'(x) = {landscape.gradient_formulas[0]}")
    print(f"{result.method} difference {formula} at x = {result.x!r} with h = {result.h!r}")
    print(f"estimate: {result.estimate!r}")
    print(f"exact:    {result.exact!r}")
    print(f"error:    {result.error!r}")
    return 0
