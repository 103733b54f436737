"""`gdsim sweep`: one optimizer run over a log range of η, all at once: per η the final loss, the steps
to converge and the status.

    gdsim sweep --landscape bowl --ball sgd --lr-range 1e-4,10 --points 60 --steps 300 [--format json|png]

JSON, for one --ball: {"optimizer": OPT, "points": [{"lr", "final_loss", "steps_to_converge", "status"}, ...],
"stability": {"at", "eigenvalues", "kappa", "bound", "optimal_lr"}}, non-finite losses and steps of balls that did
not converge as null. "stability" is taken at the minimum nearest the start (gdsim.model.stability): the largest
stable η there ("bound") and the best constant η, null with a "reason" for adaptive optimizers. For several: {"sweeps": [...]}, one
such document per --ball in the order given. PNG: the plot as the app's sweep panel draws it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from gdsim.cli.common import (
    UsageError,
    add_landscape_arguments,
    checked_output,
    chosen_landscape,
    followed_gradient,
    output_error,
    parse_ball,
    parse_point,
    parse_size,
    run_seed,
    tolerance,
    whole_number,
    write_json,
)
from gdsim.model.limits import MAX_SWEEP_RUNS, quoted
from gdsim.model.stability import heading_minimum, stability_document
from gdsim.model.sweep import (
    DEFAULT_LR_RANGE,
    DEFAULT_POINTS,
    DEFAULT_STEPS,
    SWEEP_TOLERANCE,
    Sweep,
    log_range,
    sweep_learning_rates,
)

MAX_POINTS = 10_000
MAX_STEPS = 1_000_000
# balls × points × steps: a sweep of 60 points and 300 steps is 18,000 and takes milliseconds.
MAX_WORK = 500_000_000


def _lr_range(text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be two numbers LOW,HIGH such as 1e-4,10, got {quoted(text)}") from None
    try:
        log_range(low, high, 2)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return low, high


def add_sweep_parser(commands) -> argparse.ArgumentParser:
    """Adds the `sweep` command to the subparsers action `commands`; returns its parser."""
    parser = commands.add_parser(
        "sweep", help="run an optimizer over a log range of learning rates: final loss, steps to converge, status",
        description="Run each --ball from one start once per η of a log range, all at once. JSON for one --ball: "
                    '{"optimizer", "points": [{"lr", "final_loss", "steps_to_converge", "status"}], "stability": '
                    '{"at", "eigenvalues", "kappa", "bound", "optimal_lr"}} (the curvature at the minimum nearest the '
                    "start and the largest stable η there); for several, "
                    '{"sweeps": [...]} with one such object per --ball, in order. A running ball whose loss ends '
                    "above every loss of the first half of its run is still climbing: it counts as diverged. A ball "
                    "converged when its gradient and its step are both below --tol within --steps.")
    add_landscape_arguments(parser)
    parser.add_argument("--start", metavar="X,Y", help="the start point (default: the preset's)")
    parser.add_argument("--ball", action="append", default=[], metavar="OPT[:key=value,...]",
                        help="optimizer and its settings but η, e.g. momentum:momentum=0.8 (the sweep sets η: "
                             "an lr here is refused); repeat for several (default sgd)")
    parser.add_argument("--lr-range", type=_lr_range, default=DEFAULT_LR_RANGE, metavar="LOW,HIGH",
                        help="the range of η, spaced on a log scale (default 1e-4,10)")
    parser.add_argument("--points", type=whole_number(2, MAX_POINTS), default=DEFAULT_POINTS,
                        help=f"how many values of η (default {DEFAULT_POINTS})")
    parser.add_argument("--steps", type=whole_number(0, MAX_STEPS), default=DEFAULT_STEPS,
                        help=f"steps of each run (default {DEFAULT_STEPS})")
    parser.add_argument("--seed", type=run_seed, default=0,
                        help="seed of the balls' noise=σ, 0 to 2**32 − 1 (default 0): every η of a ball's sweep "
                             "meets the same noise")
    parser.add_argument("--tol", type=tolerance, default=None,
                        help="converged: gradient and step both below this within --steps "
                             f"(default {SWEEP_TOLERANCE:g})".replace("e-0", "e-"))
    parser.add_argument("--format", choices=["json", "png"], default="json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (needed for png; json: default stdout)")
    parser.add_argument("--force", action="store_true", help="replace FILE even if it is read-only")
    parser.add_argument("--size", default="800x500", help="size of the PNG (default 800x500)")
    parser.set_defaults(handler=command_sweep)
    return parser


def _sweep_recipes(texts: Sequence[str]):
    for text in texts:
        keys = {item.partition("=")[0].strip() for item in text.partition(":")[2].split(",")}
        if "lr" in keys:
            raise UsageError(f"--ball {quoted(text)}: the sweep sets η itself; leave lr out and give --lr-range")
    return [parse_ball(text) for text in texts or ["sgd"]]


def sweep_document(sweep: Sweep, stability: dict | None = None) -> dict:
    """One sweep's JSON, as `gdsim sweep` prints it for one --ball (with its `stability_document` when given)."""
    document = {"optimizer": str(sweep.recipe.optimizer), "points": [
        {"lr": point.lr, "final_loss": point.final_loss, "steps_to_converge": point.steps_to_converge,
         "status": point.status.label} for point in sweep.points]}
    if stability is not None:
        document["stability"] = stability
    return document


def command_sweep(args: argparse.Namespace) -> int:
    chosen = chosen_landscape(args)
    landscape = chosen.landscape
    start = chosen.start if args.start is None else parse_point(args.start, landscape.dim)
    recipes = _sweep_recipes(args.ball)
    user_gradient = followed_gradient(args.grad, landscape.dim, recipes)
    if len(recipes) * args.points > MAX_SWEEP_RUNS:
        raise UsageError(f"{len(recipes):,} ball(s) × --points {args.points:,} is too many runs; keep the product "
                         f"at most {MAX_SWEEP_RUNS:,}")
    if len(recipes) * args.points * args.steps > MAX_WORK:
        raise UsageError(f"{len(recipes)} ball(s) × --points {args.points:,} × --steps {args.steps:,} is too much "
                         f"work; keep the product at most {MAX_WORK:,}")
    if args.format == "png" and args.output is None:
        raise UsageError("--format png needs -o FILE")
    if args.output is not None:
        checked_output(args.output, args.format, args.force)
    size = parse_size(args.size) if args.format == "png" else None
    kwargs = {} if args.tol is None else {"tolerance": args.tol}
    try:
        sweeps = sweep_learning_rates(landscape, start, recipes, lr_range=args.lr_range, points=args.points,
                                      steps=args.steps, user_gradient=user_gradient, seed=args.seed, **kwargs)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.format == "png":
        try:
            return save_sweep_png(sweeps, chosen, args.output, size, args.force)
        except OSError as error:
            raise output_error(args.output, error) from None
    minimum = heading_minimum(landscape, start, chosen.known_points)
    documents = [sweep_document(s, stability_document(landscape, minimum, s.recipe.optimizer, s.recipe.params))
                 for s in sweeps]
    document = documents[0] if len(documents) == 1 else {"sweeps": documents}
    return write_json(document, args.output, args.force)


def save_sweep_png(sweeps: Sequence[Sweep], chosen, path: str, size: tuple[int, int],
                   replace_read_only: bool = False) -> int:
    """Draw the sweeps as the app's sweep panel does, ball i in palette colour i; 0 when written,
    OSError when it cannot be."""
    from gdsim.app import headless_application, save_widget_png
    from gdsim.model.analysis import find_critical_points

    headless_application()
    from gdsim.qt import style
    from gdsim.qt.analysis.sweep_panel import SweepPlot

    known = chosen.known_points if chosen.known_points is not None else find_critical_points(chosen.landscape)
    minima = [p.value for p in known if p.kind == "minimum"]
    plot = SweepPlot()
    plot.resize(*size)
    plot.show_sweeps(sweeps, [style.ball_color(number) for number in range(len(sweeps))], min(minima, default=None))
    plot.show()
    try:
        return save_widget_png(plot, path, replace_read_only)
    finally:
        plot.close()
