"""What gdsim's commands share: the parser that reports bad input in one line (UsageError), the argument
parsers (--ball, --start, --size, whole numbers, tolerances), the landscape arguments, the JSON writer, the
bundled lessons, and `dispatch`, which runs a parsed command's handler with gdsim's error handling."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

from gdsim.formats.files import atomic_write_text
from gdsim.model.balls import Ball, GradientSource
from gdsim.model.limits import MAX_NUMBER_DIGITS, quoted
from gdsim.model.optimizers import OptimizerKind, checked_params, hyperparameters
from gdsim.model.presets import Preset, preset, typed_preset
from gdsim.model.schedules import PARAMETER_NAMES as SCHEDULE_PARAMETERS
from gdsim.model.schedules import schedule_from_settings

MAX_STEPS = 10_000_000


class UsageError(Exception):
    """Bad input on the command line: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """gdsim's argument parser: bad input raises UsageError instead of printing the usage block."""

    def error(self, message: str):  # one line, never the usage block
        raise UsageError(message)


def parse_ball(text: str) -> Ball:
    """'momentum:lr=0.005,momentum=0.9' → MOMENTUM with {'lr': 0.005, 'momentum': 0.9}, checked.

    The key `gradient` takes `exact` (the default) or `user` (follow the gradient given by --grad).
    The key `schedule` (constant, step, exponential, cosine, cosine-restarts) and its parameters,
    named as in torch.optim.lr_scheduler, schedule the learning rate:
    'sgd:lr=0.5,schedule=cosine-restarts,T_0=50,eta_min=0.01'.
    """
    name, _, rest = text.partition(":")
    try:
        kind = OptimizerKind(name.strip().lower())
    except ValueError:
        raise UsageError(f"unknown optimizer {quoted(name)} in --ball {quoted(text)}; "
                         f"choose one of: {', '.join(OptimizerKind)}") from None
    shown = quoted(text)
    params: dict[str, float] = {}
    schedule_settings: dict[str, str | float] = {}
    gradient = GradientSource.EXACT
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, eq, value = (part.strip() for part in item.partition("="))
        if not eq:
            raise UsageError(f"--ball {shown}: expected key=value, got {quoted(item)}")
        if key == "gradient":
            try:
                gradient = GradientSource(value)
            except ValueError:
                raise UsageError(f"--ball {shown}: gradient must be exact or user, got {quoted(value)}") from None
            continue
        if key == "schedule":
            schedule_settings[key] = value
            continue
        if key not in SCHEDULE_PARAMETERS and key not in {h.name for h in hyperparameters(kind)}:
            takes = [h.name for h in hyperparameters(kind)]
            raise UsageError(f"--ball {shown}: {kind} has no parameter {quoted(key)}; it takes: {', '.join(takes)}, "
                             f"gradient, schedule (with {', '.join(SCHEDULE_PARAMETERS)})")
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--ball {shown}: {key} must be a number, got {quoted(value)}") from None
        (schedule_settings if key in SCHEDULE_PARAMETERS else params)[key] = number
    try:
        schedule = schedule_from_settings(schedule_settings)
        return Ball(kind, checked_params(kind, params), gradient, schedule)
    except ValueError as error:
        raise UsageError(f"--ball {shown}: {error}") from None


def parse_point(text: str, dim: int) -> tuple[float, ...]:
    """'0.5,5.8' → (0.5, 5.8): `dim` finite numbers separated by commas."""
    parts = [p.strip() for p in text.split(",")]
    try:
        point = tuple(float(p) for p in parts)
    except ValueError:
        point = ()
    if len(point) != dim or not all(math.isfinite(c) for c in point):
        example = ",".join(["0.5", "5.8"][:dim]) if dim <= 2 else ",".join(["0"] * dim)
        raise UsageError(f"--start {quoted(text)} must be {dim} finite number{'s' * (dim > 1)} "
                         f"separated by commas, e.g. {example}")
    return point


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {quoted(text)} must look like 1280x800") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise UsageError(f"--size {quoted(text)}: width and height must be between 200 and 8000")
    return width, height


def whole_number(low: int, high: int | None = None):
    """An argparse type: a whole number from `low` (to `high`, when given)."""
    def parse(text: str) -> int:
        digits = len(text.strip().lstrip("+-").lstrip("0"))
        if digits > MAX_NUMBER_DIGITS and text.strip().lstrip("+-").isdigit():
            # Refused before int(): Python converts long digit strings in quadratic time, and above 4,300
            # digits raises an error that tells the user to call sys.set_int_max_str_digits().
            bounds = f"between {low:,} and {high:,}" if high is not None else f">= {low:,}"
            raise argparse.ArgumentTypeError(f"must be a whole number {bounds}, got one of {digits:,} digits")
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {quoted(text)}") from None
        if high is None and value < low:
            raise argparse.ArgumentTypeError(f"must be a whole number >= {low}, got {quoted(text)}")
        if high is not None and not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low:,} and {high:,}, got {value}")
        return value

    return parse


step_count = whole_number(0, MAX_STEPS)
count = whole_number(1, 100_000)
seed = whole_number(0)  # numpy's generators take no negative seed


def tolerance(text: str) -> float:
    """An argparse type: a finite number >= 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {quoted(text)}")
    return value


def add_landscape_arguments(parser: argparse.ArgumentParser, default: str = "momentum-demo") -> None:
    """--landscape, --expr and --grad: the landscape a command's balls run on (see chosen_landscape)."""
    parser.add_argument("--landscape", default=default,
                        help=f"preset name (default {default}; see gdsim run --list-landscapes)")
    parser.add_argument("--expr", metavar="F", help="your own function of x (1-D) or x and y, e.g. 'x^2 + y^2'")
    parser.add_argument("--grad", metavar="DFDX;DFDY", help="your own gradient, followed by balls with gradient=user")


def chosen_landscape(args: argparse.Namespace) -> Preset:
    """The preset named by --landscape, or the function typed with --expr."""
    if getattr(args, "expr", None) is not None:
        from gdsim.model.expressions import ExpressionError, landscape_from_expression

        try:
            return typed_preset(landscape_from_expression(args.expr))
        except ExpressionError as error:
            raise UsageError(f"--expr: {error}") from None
    try:
        return preset(args.landscape)
    except KeyError as error:
        raise UsageError(str(error.args[0])) from None


def typed_gradient(text: str | None, dim: int):
    """The gradient typed with --grad ("DFDX; DFDY") as a function of points, or None."""
    if text is None:
        return None
    from gdsim.model.expressions import ExpressionError, gradient_from_components, split_components

    try:
        return gradient_from_components(split_components(text), dim)
    except ExpressionError as error:
        raise UsageError(f"--grad: {error}") from None


def followed_gradient(text: str | None, dim: int, balls: Sequence[Ball]):
    """The gradient typed with --grad, or None; refused when missing while a ball follows it."""
    user_gradient = typed_gradient(text, dim)
    if user_gradient is None and any(b.gradient == GradientSource.USER for b in balls):
        raise UsageError("a --ball with gradient=user needs the gradient itself: --grad \"DFDX; DFDY\"")
    return user_gradient


def write_json(document, path: str | None) -> int:
    """Strict JSON (no NaN) on one line, to `path` or, when None, to stdout; 0 when written."""
    if path is None:
        json.dump(document, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    try:
        atomic_write_text(path, json.dumps(document, allow_nan=False) + "\n")
    except OSError as error:
        raise UsageError(f"-o {path!r}: {error.strerror or error}") from None
    return 0


def bundled_lessons():
    from gdsim.model.lessons import load_lessons
    from gdsim.resources import resource_path

    lessons, problems = load_lessons(resource_path("lessons"))
    for problem in problems:
        print(f"gdsim: warning: {problem}", file=sys.stderr)
    return lessons


# Options whose value may start with a minus sign ("--start -3,4"); argparse would read it as an option.
OPTIONS_WITH_NUMBERS = ("--start", "--expr", "--grad", "--at", "--h", "--init", "--lr-range")


def attach_negative_values(argv: Sequence[str]) -> list[str]:
    """'--start', '-3,4' → '--start=-3,4', so a negative coordinate is taken as the value it is."""
    result: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token in OPTIONS_WITH_NUMBERS:
            value = next(tokens, None)
            result.append(token if value is None else f"{token}={value}")
        else:
            result.append(token)
    return result


def dispatch(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int:
    """Parse `argv` and run the chosen command's handler (set with `set_defaults(handler=...)`); returns
    the exit status. Bad input is printed as one line with status 2; --help and --version return 0."""
    try:
        try:
            args = parser.parse_args(attach_negative_values(argv))
        except SystemExit as done:  # --help and --version print, then exit: return their status instead
            return done.code if isinstance(done.code, int) else 0
        return args.handler(args)
    except UsageError as error:
        message = " ".join(str(error).split())  # one line, whatever the input held
        print(f"gdsim: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
