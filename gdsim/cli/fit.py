"""`gdsim fit`: lessons L3 and L5 headless, W, b, the loss and mean |ŷ − y| per epoch (or per minibatch step).

`command_fit` raises UsageError for bad input, which gdsim prints as one line with exit status 2.
`python -m gdsim.cli.fit ...` runs the command alone.

The JSON: {"model", "parameters": ["W", "b"] or ["w"], "data": {"seed", "points", "noise"},
"optimum": [...], "balls": [{"optimizer", "params", "gradient": "exact"|"notebook", "start",
"batch": null or B, "steps_per_epoch", "epochs": [{"epoch", "W", "b", "loss", "mean_abs_error"}],
"stopped_at", "status"}]}. Epoch 0 is the start. For `proportional`, "W" holds its one weight w and "b" is absent.
A ball with a batch size B (--batch B, or batch=B in its --ball) takes minibatch steps (gdsim.model.minibatch):
its rows are "steps": [{"step", "epoch", "W", "b", "loss", "mean_abs_error"}], one per step, ceil(n / B) steps
an epoch, each with the epoch it belongs to; its "stopped_at" is a step. "data" then also holds "batch_seed".
Non-finite numbers are written as null.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import replace

from gdsim.cli.common import Parser, UsageError, dispatch, parse_ball, seed, tolerance, whole_number
from gdsim.formats.trajectories import finite_or_none
from gdsim.model.balls import Ball, GradientSource
from gdsim.model.fitting import DEFAULT_POINTS, FitModel, FitProblem, FitRun, fit, make_problem
from gdsim.model.limits import MAX_FIT_POINTS, quoted
from gdsim.model.minibatch import steps_per_epoch

MAX_EPOCHS = 1_000_000
MAX_POINTS = MAX_FIT_POINTS
# epochs × points: each epoch evaluates the loss, the gradient and mean |ŷ − y| over every point.
MAX_WORK = 2_000_000_000


def add_fit_parser(commands) -> argparse.ArgumentParser:
    """Add `fit` to the subcommands of gdsim's parser (or of any parser, e.g. in a test)."""
    parser = commands.add_parser("fit", help="fit a line, a sine or one weight by gradient descent "
                                             "(lessons L3, L5); prints every epoch")
    parser.add_argument("--model", required=True, choices=[str(m) for m in FitModel],
                        help="line: ŷ = Wx + b; sine: ŷ = W·sin x + b; proportional: ŷ = w·x (L5's data)")
    parser.add_argument("--data-seed", type=seed, default=None, metavar="S",
                        help="seed of the data and of the start (default 0)")
    parser.add_argument("--noise", type=tolerance, default=None, metavar="SIGMA",
                        help="add N(0, SIGMA) noise to y (default 0)")
    parser.add_argument("--points", type=whole_number(1, MAX_POINTS), default=None, metavar="N",
                        help=f"number of data points (default {DEFAULT_POINTS})")
    parser.add_argument("--init", metavar="W,b",
                        help="start parameters (default: drawn from U(-1, 1) with the data seed; w = 1 for proportional)")
    parser.add_argument("--ball", action="append", default=[], metavar="OPT[:key=value,...]",
                        help="optimizer and settings, e.g. sgd:lr=0.7 or sgd:lr=0.7,gradient=notebook "
                             "(L3's x-for-sin x mistake); repeat for several (default sgd:lr=0.7)")
    parser.add_argument("--epochs", type=whole_number(0, MAX_EPOCHS), default=100,
                        help="epochs: one full-batch step each, or ceil(N / B) minibatch steps (default 100)")
    parser.add_argument("--batch", type=whole_number(1), default=None, metavar="B",
                        help="minibatch SGD: each step averages the gradient over B points, drawn without "
                             "replacement within an epoch (default: every point); a --ball's batch=B wins")
    parser.add_argument("--seed", type=seed, default=None, metavar="S",
                        help="seed of the minibatches (default: the data seed)")
    parser.add_argument("--tol", type=tolerance, default=None,
                        help="stop a ball once mean |ŷ − y| < TOL (default: no such stop)")
    parser.add_argument("--format", choices=["json"], default="json")
    parser.set_defaults(handler=command_fit)
    return parser


def parse_fit_ball(text: str) -> Ball:
    """'sgd:lr=0.7,gradient=notebook,batch=10' → SGD η=0.7 on the notebook gradient over minibatches of 10
    points; the rest as --ball in run."""
    name, colon, rest = text.partition(":")
    gradient = GradientSource.EXACT
    batch = None
    kept = []
    for item in rest.split(","):
        key, eq, value = (part.strip() for part in item.partition("="))
        if key == "gradient" and eq:
            if value.lower() not in ("exact", "notebook"):
                raise UsageError(f"--ball {quoted(text)}: gradient must be exact or notebook, got {quoted(value)}")
            gradient = GradientSource(value.lower())
        elif key == "batch" and eq:
            try:
                batch = whole_number(1, MAX_POINTS)(value)
            except argparse.ArgumentTypeError as error:
                raise UsageError(f"--ball {quoted(text)}: batch {error}") from None
        else:
            kept.append(item)
    stripped = name + colon + ",".join(kept)
    try:
        choice = parse_ball(stripped)
    except UsageError as error:  # name the text the user typed, not the one without its gradient
        raise UsageError(str(error).replace(quoted(stripped), quoted(text))) from None
    return Ball(choice.optimizer, choice.params, gradient, choice.schedule, batch=batch)


def _parse_init(text: str, model: FitModel) -> tuple[float, ...]:
    parts = [p.strip() for p in text.split(",")]
    try:
        point = tuple(float(p) for p in parts)
    except ValueError:
        point = ()
    if len(point) != model.dim or not all(math.isfinite(c) for c in point):
        names = ",".join(model.parameter_names)
        example = "0.5,-0.3" if model.dim == 2 else "1"
        raise UsageError(f"--init {quoted(text)} must be {model.dim} finite number{'s' * (model.dim > 1)} ({names}) "
                         f"for --model {model}, e.g. --init={example}")
    return point


def fit_problem(args: argparse.Namespace) -> FitProblem:
    model = FitModel(args.model)
    if model is FitModel.PROPORTIONAL:
        given = [option for option, value in (("--data-seed", args.data_seed), ("--noise", args.noise),
                                               ("--points", args.points)) if value is not None]
        if given:
            raise UsageError(f"{given[0]}: --model proportional fits L5's fixed data x = [1, 2, 3], "
                             "y = [2, 4, 6]; it takes no --data-seed, --noise or --points")
    init = None if args.init is None else _parse_init(args.init, model)
    seed = 0 if args.data_seed is None else args.data_seed
    points = DEFAULT_POINTS if args.points is None else args.points
    noise = 0.0 if args.noise is None else args.noise
    if args.epochs * points > MAX_WORK:
        raise UsageError(f"--epochs {args.epochs:,} over --points {points:,} is too much work; "
                         f"keep their product at most {MAX_WORK:,}")
    try:
        return make_problem(model, seed=seed, points=points, noise=noise, init=init, batch_seed=args.seed)
    except (ValueError, MemoryError) as error:
        raise UsageError(str(error)) from None


def _rows(run: FitRun, names: Sequence[str]) -> dict[str, list[dict]]:
    """A full-batch ball's rows by epoch; a minibatch ball's by step, each with its epoch."""
    batched = run.ball.batch is not None
    rows = [{**({"step": int(step)} if batched else {}), "epoch": int(epoch),
             **dict(zip(("W", "b")[:len(names)], finite_or_none(params), strict=True)),
             "loss": finite_or_none([loss])[0], "mean_abs_error": finite_or_none([error])[0]}
            for step, epoch, params, loss, error in zip(run.steps, run.epochs, run.params, run.loss,
                                                        run.mean_abs_error, strict=True)]
    return {"steps" if batched else "epochs": rows}


def fit_document(problem: FitProblem, runs: Sequence[FitRun]) -> dict:
    """The JSON of a fit, as `gdsim fit` prints it."""
    names = problem.parameter_names
    data = {"seed": problem.seed, "points": problem.points, "noise": problem.noise}
    if any(run.ball.batch is not None for run in runs):
        data["batch_seed"] = problem.batch_seed
    return {
        "model": str(problem.model),
        "parameters": list(names),
        "data": data,
        "optimum": finite_or_none(problem.optimum),
        "balls": [{
            "optimizer": str(run.ball.optimizer),
            "params": dict(run.ball.params),
            "gradient": "notebook" if run.ball.gradient is GradientSource.USER else "exact",
            "batch": run.ball.batch,
            "steps_per_epoch": steps_per_epoch(problem.points, run.ball.batch),
            "start": finite_or_none(run.params[0]),
            **_rows(run, names),
            "stopped_at": run.stopped_at,
            "status": run.status.label,
        } for run in runs],
    }


def command_fit(args: argparse.Namespace) -> int:
    problem = fit_problem(args)
    balls = [parse_fit_ball(text) for text in args.ball] or [Ball.make("sgd", lr=0.7)]
    balls = [ball if ball.batch is not None else replace(ball, batch=args.batch) for ball in balls]
    for text, ball in zip(args.ball or ["sgd:lr=0.7"], balls, strict=True):
        if ball.batch is not None and ball.batch > problem.points:
            where = f"--batch {ball.batch}" if ball.batch == args.batch else f"--ball {quoted(text)}"
            raise UsageError(f"{where}: a batch is a whole number from 1 to the {problem.points:,} data points, "
                             f"got {ball.batch:,}")
        if args.epochs * steps_per_epoch(problem.points, ball.batch) * problem.points > MAX_WORK:
            raise UsageError(f"--epochs {args.epochs:,} of batch {ball.batch:,} over {problem.points:,} points is too "
                             f"much work (each step measures the loss over every point); take fewer or larger batches")
    try:
        runs = fit(problem, balls, args.epochs, tol=args.tol)
    except MemoryError:
        raise UsageError(f"--epochs {args.epochs:,} needs more memory than there is; take fewer") from None
    json.dump(fit_document(problem, runs), sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m gdsim.cli.fit ...`: the fit command alone, with gdsim's error handling."""
    parser = Parser(prog="gdsim")
    add_fit_parser(parser.add_subparsers(dest="command", required=True))
    return dispatch(parser, ["fit", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
