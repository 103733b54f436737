"""What gdsim's commands share: the parser that reports bad input in one line (UsageError), the argument
parsers (--ball, --start, --size, whole numbers, tolerances), the landscape arguments, the output files
(checked before any work, and their problems in one line), the JSON writer, the bundled lessons, and
`dispatch`, which runs a parsed command's handler with gdsim's error handling, a full or closed
standard output included."""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gdsim.formats import ExportFormat
from gdsim.formats.files import WriteProblem, atomic_write_text, checked_target, write_problem
from gdsim.model.balls import Ball, GradientSource, checked_noise
from gdsim.model.limits import MAX_NUMBER_DIGITS, quoted
from gdsim.model.noise import MAX_SEED
from gdsim.model.optimizers import OptimizerKind, checked_params, hyperparameters
from gdsim.model.presets import Preset, preset, typed_preset
from gdsim.model.quadratic import QUADRATIC, quadratic_preset
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
    'sgd:lr=0.5,schedule=cosine-restarts,T_0=50,eta_min=0.01'. The key `noise` (σ ≥ 0) adds seeded
    Gaussian noise to the gradient the ball follows: 'sgd:lr=0.1,noise=0.5'.
    """
    name, _, rest = text.partition(":")
    try:
        kind = OptimizerKind(name.strip().lower())
    except ValueError:
        raise UsageError(f"unknown optimizer {quoted(name)} in --ball {quoted(text)}; "
                         f"choose one of: {', '.join(OptimizerKind)}") from None
    shown = quoted(text)
    params: dict[str, float | str] = {}
    choice_names = {h.name for h in hyperparameters(kind) if h.choices}
    schedule_settings: dict[str, str | float] = {}
    gradient = GradientSource.EXACT
    noise = 0.0
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
        if key == "noise":
            try:
                noise = checked_noise(value)
            except ValueError as error:
                raise UsageError(f"--ball {shown}: {error}") from None
            continue
        if key not in SCHEDULE_PARAMETERS and key not in {h.name for h in hyperparameters(kind)}:
            takes = [h.name for h in hyperparameters(kind)]
            raise UsageError(f"--ball {shown}: {kind} has no parameter {quoted(key)}; it takes: {', '.join(takes)}, "
                             f"gradient, noise, schedule (with {', '.join(SCHEDULE_PARAMETERS)})")
        if key in choice_names:  # line_search=strong_wolfe, form=torch: checked_params reads the name
            params[key] = value
            continue
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--ball {shown}: {key} must be a number, got {quoted(value)}") from None
        (schedule_settings if key in SCHEDULE_PARAMETERS else params)[key] = number
    try:
        schedule = schedule_from_settings(schedule_settings)
        return Ball(kind, checked_params(kind, params), gradient, schedule, noise=noise)
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
run_seed = whole_number(0, MAX_SEED)  # `gdsim run --seed`: the noise seed a window and a lesson take too


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
    parser.add_argument("--kappa", type=float, metavar="K",
                        help="--landscape quadratic: its condition number, 1 to 1000 (default 10)")
    parser.add_argument("--rotation", type=float, metavar="DEGREES",
                        help="--landscape quadratic: the turn of its steep axis in degrees (default 0)")


def chosen_landscape(args: argparse.Namespace) -> Preset:
    """The preset named by --landscape, or the function typed with --expr."""
    if getattr(args, "expr", None) is not None:
        from gdsim.model.expressions import ExpressionError, landscape_from_expression

        try:
            return typed_preset(landscape_from_expression(args.expr))
        except ExpressionError as error:
            raise UsageError(f"--expr: {error}") from None
    kappa, rotation = getattr(args, "kappa", None), getattr(args, "rotation", None)
    if args.landscape == QUADRATIC:
        try:
            return quadratic_preset(10.0 if kappa is None else kappa, 0.0 if rotation is None else rotation)
        except ValueError as error:
            raise UsageError(f"--landscape quadratic: {error}") from None
    if kappa is not None or rotation is not None:
        raise UsageError("--kappa and --rotation shape --landscape quadratic only")
    try:
        return preset(args.landscape)
    except KeyError as error:
        raise UsageError(f"{error.args[0]}, or {QUADRATIC} (with --kappa, --rotation)") from None


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


FORMAT_SUFFIXES = {f".{fmt}" for fmt in ExportFormat}


def output_error(path: str, error: OSError, option: str = "-o") -> UsageError:
    """The one line that says why `path` (given with `option`) could not be written."""
    problem = write_problem(error)
    folder = Path(os.path.abspath(path)).parent if path else Path.cwd()
    reason = {
        WriteProblem.NO_NAME: "the file name is empty; give one",
        WriteProblem.FOLDER: "that is a folder; give a file name",
        WriteProblem.NOT_A_FILE: f"that is {error.strerror}, not a regular file; gdsim writes regular files only",
        WriteProblem.READ_ONLY_FILE: "the file is read-only; add --force to replace it",
        WriteProblem.EXISTS: "the file exists; add --force to replace it",
        WriteProblem.DISK_FULL: "the disk is full; nothing was written",
        WriteProblem.FOLDER_NOT_WRITABLE: f"the folder {folder} cannot be written ({error.strerror}); "
                                          f"nothing was written",
        WriteProblem.NO_FOLDER: f"the folder {folder} does not exist",
    }.get(problem, str(error.strerror or error))
    return UsageError(f"{option} {path!r}: {reason}")


def checked_output(path: str, fmt: str, force: bool, option: str = "-o", overwrite: bool = True) -> Path:
    """`path` if a file of format `fmt` can be written there, checked before any work is done: not empty,
    not a folder, device or FIFO, named with the format's suffix or one gdsim does not write, and
    not a read-only (or, when `overwrite` is False, existing) file unless `force`."""
    suffix = Path(path).suffix.lower()
    if suffix in FORMAT_SUFFIXES and suffix != f".{fmt}":
        raise UsageError(f"{option} {path!r}: a {suffix} name for {fmt.upper()} data; name it "
                         f"{Path(path).stem}.{fmt}")
    try:
        checked_target(path, overwrite=overwrite or force, replace_read_only=force)
    except OSError as error:
        refusal = output_error(path, error, option)
        if fmt == "json" and write_problem(error) is WriteProblem.NOT_A_FILE:
            refusal = UsageError(f"{refusal}; leave out {option} to print to standard output")
        raise refusal from None
    return Path(path)


def write_json(document, path: str | None, force: bool = False) -> int:
    """Strict JSON (no NaN) on one line, to `path` or, when None, to stdout; 0 when written. A read-only
    `path` is replaced only when `force`."""
    if path is None:
        json.dump(document, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    try:
        atomic_write_text(path, json.dumps(document, allow_nan=False) + "\n", replace_read_only=force)
    except OSError as error:
        raise output_error(path, error) from None
    return 0


def bundled_lessons():
    from gdsim.model.lessons import load_lessons
    from gdsim.resources import resource_path

    lessons, problems = load_lessons(resource_path("lessons"))
    for problem in problems:
        print(f"gdsim: warning: {problem}", file=sys.stderr)
    return lessons


def lesson_from_argument(text: str, option: str = "lesson"):
    """A bundled lesson by its id, or the lesson file at the path `text` read and checked as File ▸ Open
    Setup reads it; UsageError, in one line naming the file, the stage and the field, otherwise."""
    from gdsim.model.lessons import LessonError, names_a_file, read_lesson_file

    if names_a_file(text):
        try:
            return read_lesson_file(text)
        except LessonError as error:
            raise UsageError(str(error)) from None
    lessons = bundled_lessons()
    lesson = next((item for item in lessons if item.id == text), None)
    if lesson is None:
        raise UsageError(f"unknown {option} {text!r}; give the path of a .toml file or one of: "
                         f"{', '.join(item.id for item in lessons)}")
    return lesson


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


class StandardOutputFailed(Exception):
    """Standard output cannot be written: closed, or a full disk or device behind it."""


class GuardedOutput:
    """Standard output while a command runs: a write or flush that fails raises StandardOutputFailed (a
    broken pipe stays BrokenPipeError), and a closed one (None) fails when first written, not before."""

    def __init__(self, stream):
        self.stream = stream

    def _guarded(self, name: str, *args):
        if self.stream is None:
            raise StandardOutputFailed("standard output is closed")
        try:
            return getattr(self.stream, name)(*args)
        except BrokenPipeError:
            raise
        except OSError as error:
            reason = "the disk is full" if error.errno in (errno.ENOSPC, errno.EDQUOT) else \
                error.strerror or str(error)
            raise StandardOutputFailed(f"cannot write to standard output: {reason}") from None
        except ValueError as error:  # "I/O operation on closed file"
            raise StandardOutputFailed(f"cannot write to standard output: {error}") from None

    def write(self, text: str) -> int:
        return self._guarded("write", text)

    def flush(self) -> None:
        if self.stream is not None:  # closed, with nothing written: nothing is lost
            self._guarded("flush")

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _occupy_closed_standard_descriptors() -> None:
    """Open /dev/null as a closed descriptor 1 or 2, so no file gdsim opens gets that number and
    receives what a library prints to standard output or error."""
    for descriptor in (1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            with contextlib.suppress(OSError):
                opened = os.open(os.devnull, os.O_WRONLY)
                if opened != descriptor:
                    os.dup2(opened, descriptor)
                    os.close(opened)


def _discard_pending_output(stream) -> None:
    """Point standard output at /dev/null, so the flush at exit writes what is left there, not a traceback."""
    with contextlib.suppress(Exception):
        descriptor = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, descriptor)
        os.close(null)


def dispatch(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int:
    """Parse `argv` and run the chosen command's handler (set with `set_defaults(handler=...)`); returns
    the exit status. Bad input, and a standard output that cannot be written (closed, or /dev/full),
    are printed as one line on stderr with status 2; a broken pipe (`gdsim run | head`) ends quietly
    with 0; --help and --version return 0."""
    original = sys.stdout
    if original is None:
        _occupy_closed_standard_descriptors()
    sys.stdout = GuardedOutput(original)
    try:
        try:
            args = parser.parse_args(attach_negative_values(argv))
        except SystemExit as done:  # --help and --version print, then exit: return their status instead
            status = done.code if isinstance(done.code, int) else 0
        else:
            status = args.handler(args)
        sys.stdout.flush()  # a full disk shows now, while it can be reported
        return status
    except UsageError as error:
        message = " ".join(str(error).split())  # one line, whatever the input held
        print(f"gdsim: error: {message}", file=sys.stderr)
        return 2
    except StandardOutputFailed as error:
        _discard_pending_output(original)
        print(f"gdsim: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _discard_pending_output(original)
        return 0
    finally:
        sys.stdout = original
