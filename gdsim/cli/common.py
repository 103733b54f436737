"""The headless command line: `gdsim run` and friends, on the same engine as the window."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

from gdsim import __version__
from gdsim.formats.files import atomic_write_text
from gdsim.formats.trajectories import finite_or_none as _finite_or_none  # the name cli_fit uses
from gdsim.formats.trajectories import run_document, write_trajectories_csv
from gdsim.model.balls import Ball, GradientSource
from gdsim.model.landscapes import PRESETS, Preset, preset, typed_preset
from gdsim.model.optimizers import OptimizerKind, checked_params, hyperparameters
from gdsim.model.schedules import PARAMETER_NAMES as SCHEDULE_PARAMETERS
from gdsim.model.schedules import schedule_from_settings
from gdsim.model.simulation import run

MAX_STEPS = 10_000_000


class UsageError(Exception):
    """Bad input on the command line: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
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
        raise UsageError(f"unknown optimizer {name!r} in --ball {text!r}; "
                         f"choose one of: {', '.join(OptimizerKind)}") from None
    params: dict[str, float] = {}
    schedule_settings: dict[str, str | float] = {}
    gradient = GradientSource.EXACT
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, eq, value = (part.strip() for part in item.partition("="))
        if not eq:
            raise UsageError(f"--ball {text!r}: expected key=value, got {item!r}")
        if key == "gradient":
            try:
                gradient = GradientSource(value)
            except ValueError:
                raise UsageError(f"--ball {text!r}: gradient must be exact or user, got {value!r}") from None
            continue
        if key == "schedule":
            schedule_settings[key] = value
            continue
        if key not in SCHEDULE_PARAMETERS and key not in {h.name for h in hyperparameters(kind)}:
            takes = [h.name for h in hyperparameters(kind)]
            raise UsageError(f"--ball {text!r}: {kind} has no parameter {key!r}; it takes: {', '.join(takes)}, "
                             f"gradient, schedule (with {', '.join(SCHEDULE_PARAMETERS)})")
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--ball {text!r}: {key} must be a number, got {value!r}") from None
        (schedule_settings if key in SCHEDULE_PARAMETERS else params)[key] = number
    try:
        schedule = schedule_from_settings(schedule_settings)
        return Ball(kind, checked_params(kind, params), gradient, schedule)
    except ValueError as error:
        raise UsageError(f"--ball {text!r}: {error}") from None


def parse_point(text: str, dim: int) -> tuple[float, ...]:
    """'0.5,5.8' → (0.5, 5.8): `dim` finite numbers separated by commas."""
    parts = [p.strip() for p in text.split(",")]
    try:
        point = tuple(float(p) for p in parts)
    except ValueError:
        point = ()
    if len(point) != dim or not all(math.isfinite(c) for c in point):
        example = ",".join(["0.5", "5.8"][:dim]) if dim <= 2 else ",".join(["0"] * dim)
        raise UsageError(f"--start {text!r} must be {dim} finite number{'s' * (dim > 1)} "
                         f"separated by commas, e.g. {example}")
    return point


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {text!r} must look like 1280x800") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise UsageError(f"--size {text!r}: width and height must be between 200 and 8000")
    return width, height


def whole_number(low: int, high: int | None = None):
    """An argparse type: a whole number from `low` (to `high`, when given)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if high is None and value < low:
            raise argparse.ArgumentTypeError(f"must be a whole number >= {low}, got {text!r}")
        if high is not None and not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low:,} and {high:,}, got {value}")
        return value

    return parse


_steps = whole_number(0, MAX_STEPS)
_count = whole_number(1, 100_000)
_seed = whole_number(0)  # numpy's generators take no negative seed


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text!r}")
    return value


def add_landscape_arguments(parser: argparse.ArgumentParser, default: str = "momentum-demo") -> None:
    """--landscape, --expr and --grad: the landscape a command's balls run on (see chosen_landscape)."""
    parser.add_argument("--landscape", default=default,
                        help=f"preset name (default {default}; see gdsim run --list-landscapes)")
    parser.add_argument("--expr", metavar="F", help="your own function of x (1-D) or x and y, e.g. 'x^2 + y^2'")
    parser.add_argument("--grad", metavar="DFDX;DFDY", help="your own gradient, followed by balls with gradient=user")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gdsim", description="Watch gradient descent optimizers on a loss landscape.")
    parser.add_argument("--version", action="version", version=f"gdsim {__version__}")
    parser.add_argument("--screenshot", metavar="PNG", help="save a PNG of the main window and exit")
    parser.add_argument("--size", default="1280x800", help="window size for --screenshot (default 1280x800)")
    parser.add_argument("--steps", type=_steps, default=0, help="steps to advance before --screenshot")
    parser.add_argument("--lesson", metavar="ID", help="open the window on a bundled lesson")
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run_parser = commands.add_parser("run", help="run optimizers headless and print their trajectories")
    add_landscape_arguments(run_parser)
    run_parser.add_argument("--list-landscapes", action="store_true", help="list the preset landscapes")
    run_parser.add_argument("--start", action="append", default=[], metavar="X,Y",
                            help="start point; repeat for several (default: the preset's)")
    run_parser.add_argument("--ball", action="append", default=[], metavar="OPT[:key=value,...]",
                            help=f"optimizer ({', '.join(OptimizerKind)}) and its settings, e.g. "
                                 "momentum:lr=0.005,momentum=0.9; repeat for several "
                                 "(default: the preset's SGD, Momentum and Nesterov)")
    run_parser.add_argument("--random-starts", type=_count, metavar="N",
                            help="N starts drawn uniformly over the view box (every --ball from each)")
    run_parser.add_argument("--seed", type=_seed, default=0, help="seed of --random-starts (default 0)")
    run_parser.add_argument("--steps", type=_steps, default=100, help="steps to take (default 100)")
    run_parser.add_argument("--tol", type=_tolerance, default=None,
                            help="convergence tolerance on the gradient norm and the step (default 1e-10)")
    run_parser.add_argument("--format", choices=["json", "csv"], default="json")

    lesson_parser = commands.add_parser("lesson", help="list the bundled lessons or run their stages headless")
    lesson_commands = lesson_parser.add_subparsers(dest="lesson_command", metavar="list|run", required=True)
    lesson_commands.add_parser("list", help="the lessons' ids and titles")
    lesson_run = lesson_commands.add_parser("run", help="run a lesson's stages and print each stage's run")
    lesson_run.add_argument("id", help="a lesson id (see gdsim lesson list)")
    lesson_run.add_argument("--stage", type=_count, metavar="K", help="only stage K (from 1)")
    lesson_run.add_argument("--format", choices=["json"], default="json")
    lesson_run.add_argument("--language", choices=["en", "ko"], default="en", help="language of the captions")

    from gdsim.cli.basins import add_basins_parser
    from gdsim.cli.diff import add_diff_parser
    from gdsim.cli.export import add_export_parser
    from gdsim.cli.fit import add_fit_parser
    from gdsim.cli.sweep import add_sweep_parser

    add_basins_parser(commands)
    add_diff_parser(commands)
    add_export_parser(commands)
    add_fit_parser(commands)
    add_sweep_parser(commands)

    check_parser = commands.add_parser("gradcheck", help="compare a gradient you derived with the exact one")
    check_parser.add_argument("--landscape", default="momentum-demo", help="preset name")
    check_parser.add_argument("--expr", metavar="F", help="the function, e.g. 'x^2 + y^2'")
    check_parser.add_argument("--grad", metavar="DFDX;DFDY", required=True,
                              help="your gradient, components separated by ';', e.g. '2x; 2y'")
    check_parser.add_argument("--format", choices=["text", "json"], default="text")

    bench_parser = commands.add_parser("bench", help="measure frame times and start-up; prints figures")
    bench_parser.add_argument("--quick", action="store_true", help="fewer repetitions (well under a minute)")
    bench_parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def balls_for(chosen: Preset, ball_texts: Sequence[str], start_texts: Sequence[str]) -> list[Ball]:
    """Every ball from every start; defaults come from the preset."""
    dim = chosen.landscape.dim
    starts = [parse_point(t, dim) for t in start_texts] or [chosen.start]
    recipes = [parse_ball(t) for t in ball_texts] or [
        Ball(OptimizerKind(k), checked_params(OptimizerKind(k), p)) for k, p in chosen.ball_params.items()]
    return [recipe.at(start) for start in starts for recipe in recipes]


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


def followed_gradient(text: str | None, dim: int, balls: Sequence[Ball | Ball]):
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


def command_run(args: argparse.Namespace) -> int:
    if args.list_landscapes:
        for name, item in PRESETS.items():
            print(f"{name:15} {item.landscape.formula}")
        return 0
    chosen = chosen_landscape(args)
    if args.random_starts:
        from gdsim.model.analysis import random_starts

        if args.start:
            raise UsageError("give --start or --random-starts, not both")
        args.start = [",".join(repr(c) for c in p)
                      for p in random_starts(chosen.landscape.view_box, args.random_starts, args.seed)]
    balls = balls_for(chosen, args.ball, args.start)
    user_gradient = followed_gradient(args.grad, chosen.landscape.dim, balls)
    kwargs = {} if args.tol is None else {"tolerance": args.tol}
    try:
        simulation = run(chosen.landscape, balls, args.steps, user_gradient=user_gradient, **kwargs)
    except MemoryError:  # the run keeps every step of every ball
        raise UsageError(f"--steps {args.steps:,} for {len(balls):,} ball{'s' * (len(balls) != 1)} needs more "
                         "memory than there is; take fewer steps or run fewer balls") from None
    if args.format == "csv":
        write_trajectories_csv(simulation, sys.stdout)
        return 0
    document = run_document(chosen.landscape.name, simulation, chosen.landscape.source)
    json.dump(document, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 0


def bundled_lessons():
    from gdsim.model.scenario import load_lessons
    from gdsim.resources import resource_path

    lessons, problems = load_lessons(resource_path("lessons"))
    for problem in problems:
        print(f"gdsim: warning: {problem}", file=sys.stderr)
    return lessons


def command_lesson(args: argparse.Namespace) -> int:
    from gdsim.model.scenario import LessonError, localized, render_caption

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


def command_gradcheck(args: argparse.Namespace) -> int:
    """0 when the typed gradient is right everywhere on the view box, 1 when a component is wrong."""
    from gdsim.model.analysis import check_gradient

    chosen = chosen_landscape(args)
    try:
        checks = check_gradient(chosen.landscape, typed_gradient(args.grad, chosen.landscape.dim))
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        json.dump({"landscape": chosen.landscape.source or chosen.landscape.name, "components": [
            {"variable": c.variable, "right": c.right, "largest_error": _finite_or_none([c.largest_error])[0],
             "where": list(c.where), "yours": _finite_or_none([c.yours])[0],
             "exact": _finite_or_none([c.exact])[0],
             "tolerance": c.tolerance} for c in checks]}, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        for c in checks:
            where = ", ".join(f"{v:.4g}" for v in c.where)
            verdict = "right" if c.right else "WRONG"
            print(f"∂f/∂{c.variable}: {verdict}: largest difference {c.largest_error:.3g} at ({where}): "
                  f"yours {c.yours:.6g}, exact {c.exact:.6g}")
    return 0 if all(c.right for c in checks) else 1


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for everything but the window; returns the exit status."""
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(attach_negative_values(sys.argv[1:] if argv is None else argv))
        except SystemExit as done:  # --help and --version print, then exit: return their status instead
            return done.code if isinstance(done.code, int) else 0
        if args.command == "run":
            return command_run(args)
        if args.command == "gradcheck":
            return command_gradcheck(args)
        if args.command == "lesson":
            return command_lesson(args)
        if args.command == "diff":
            from gdsim.cli.diff import command_diff

            return command_diff(args)
        if args.command == "export":
            from gdsim.cli.export import command_export

            return command_export(args)
        if args.command == "basins":
            from gdsim.cli.basins import command_basins

            return command_basins(args)
        if args.command == "fit":
            from gdsim.cli.fit import command_fit

            return command_fit(args)
        if args.command == "sweep":
            from gdsim.cli.sweep import command_sweep

            return command_sweep(args)
        if args.command == "bench":
            from gdsim.bench import main as bench_main

            return bench_main(args.quick, args.json)
        if args.screenshot:
            from gdsim.app import save_screenshot

            return save_screenshot(args.screenshot, parse_size(args.size), args.steps)
        from gdsim.app import run_app

        if args.lesson is not None and args.lesson not in {lesson.id for lesson in bundled_lessons()}:
            raise UsageError(f"unknown lesson {args.lesson!r}; see gdsim lesson list")
        return run_app(quit_after_first_paint=args.quit_after_first_paint, lesson=args.lesson)
    except UsageError as error:
        message = " ".join(str(error).split())  # one line, whatever the input held
        print(f"gdsim: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
