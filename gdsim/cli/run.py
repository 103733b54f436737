"""`gdsim run`: optimizers run headless from one or many starts; their trajectories as JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gdsim.cli.common import (
    UsageError,
    add_landscape_arguments,
    chosen_landscape,
    count,
    followed_gradient,
    parse_ball,
    parse_point,
    run_seed,
    step_count,
    tolerance,
    whole_number,
    write_json,
)
from gdsim.formats.trajectories import finite_or_none, finite_rows, run_document, write_trajectories_csv
from gdsim.model.balls import Ball
from gdsim.model.events import run_with_events
from gdsim.model.fan import Fan
from gdsim.model.limits import MAX_FAN_BALL_STEPS, MAX_FAN_RUNS, MAX_KEPT_BALL_STEPS
from gdsim.model.optimizers import OptimizerKind, checked_params
from gdsim.model.presets import PRESETS, Preset
from gdsim.model.simulation import BallStatus, run
from gdsim.model.stability import curvature_document


def add_run_parser(commands) -> argparse.ArgumentParser:
    """Adds the `run` command to the subparsers action `commands`; returns its parser."""
    parser = commands.add_parser("run", help="run optimizers headless and print their trajectories")
    add_landscape_arguments(parser)
    parser.add_argument("--list-landscapes", action="store_true", help="list the preset landscapes")
    parser.add_argument("--start", action="append", default=[], metavar="X,Y",
                        help="start point; repeat for several (default: the preset's)")
    parser.add_argument("--ball", action="append", default=[], metavar="OPT[:key=value,...]",
                        help=f"optimizer ({', '.join(OptimizerKind)}) and its settings, e.g. "
                             "momentum:lr=0.005,momentum=0.9; repeat for several "
                             "(default: the preset's SGD, Momentum and Nesterov)")
    parser.add_argument("--random-starts", type=count, metavar="N",
                        help="N starts drawn uniformly over the view box (every --ball from each)")
    parser.add_argument("--seed", type=run_seed, default=0,
                        help="seed of --random-starts and of the balls' noise=σ, 0 to 2**32 − 1 (default 0)")
    parser.add_argument("--fan", type=whole_number(2, MAX_FAN_RUNS), default=None, metavar="N",
                        help="also run each ball N times with the noise seeds SEED … SEED+N−1 and add per ball "
                             "\"fan\": its median path and 10 %% / 90 %% quantile paths (README, \"Fans\")")
    parser.add_argument("--steps", type=step_count, default=100, help="steps to take (default 100)")
    parser.add_argument("--tol", type=tolerance, default=None,
                        help="convergence tolerance on the gradient norm and the step (default 1e-10)")
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument("--events", action="store_true",
                        help="add each ball's events to the JSON: the steps where the loss rose, the step "
                             "overshot a valley, the ball came near a saddle, converged, diverged or left the "
                             "domain (README, \"Events\")")
    parser.add_argument("--curvature", action="store_true",
                        help="add per ball \"curvature\": the Hessian's eigenvalues (largest first), their directions "
                             "and κ at its start and where it ends, as the window's Curvature tab shows them "
                             "(README, \"Curvature\")")
    parser.set_defaults(handler=command_run)
    return parser


def balls_for(chosen: Preset, ball_texts: Sequence[str], start_texts: Sequence[str]) -> list[Ball]:
    """Every ball from every start; defaults come from the preset."""
    dim = chosen.landscape.dim
    starts = [parse_point(t, dim) for t in start_texts] or [chosen.start]
    recipes = [parse_ball(t) for t in ball_texts] or [
        Ball(OptimizerKind(k), checked_params(OptimizerKind(k), p)) for k, p in chosen.ball_params.items()]
    return [recipe.at(start) for start in starts for recipe in recipes]


def command_run(args: argparse.Namespace) -> int:
    if args.list_landscapes:
        for name, item in PRESETS.items():
            print(f"{name:15} {item.landscape.formula}")
        return 0
    chosen = chosen_landscape(args)
    if args.random_starts and args.start:
        raise UsageError("give --start or --random-starts, not both")
    ball_count = (args.random_starts or len(args.start) or 1) * (len(args.ball) or len(chosen.ball_params))
    if ball_count * (args.steps + 1) > MAX_KEPT_BALL_STEPS:  # checked before a start is drawn or a ball made
        raise UsageError(f"{ball_count:,} ball(s) × (--steps {args.steps:,} + 1) is {ball_count * (args.steps + 1):,} "
                         f"steps to keep; keep balls × (steps + 1) at most {MAX_KEPT_BALL_STEPS:,}")
    if args.fan and 4 * ball_count * (args.steps + 1) > MAX_KEPT_BALL_STEPS:  # a fan keeps 3 paths more a ball
        raise UsageError(f"--fan keeps three paths more a ball: 4 × {ball_count:,} ball(s) × (--steps {args.steps:,} "
                         f"+ 1) is {4 * ball_count * (args.steps + 1):,} steps to keep; keep it at most "
                         f"{MAX_KEPT_BALL_STEPS:,}")
    if args.fan and ball_count * args.fan * (args.steps + 1) > MAX_FAN_BALL_STEPS:
        raise UsageError(f"--fan {args.fan:,} of {ball_count:,} ball(s) × (--steps {args.steps:,} + 1) is "
                         f"{ball_count * args.fan * (args.steps + 1):,} steps to take; keep fan × balls × (steps + 1) "
                         f"at most {MAX_FAN_BALL_STEPS:,}")
    if args.curvature and args.format == "csv":
        raise UsageError("--curvature adds to the JSON: use it with --format json")
    if args.fan and args.format == "csv":
        raise UsageError("--fan adds to the JSON: use it with --format json")
    if args.random_starts:
        from gdsim.model.analysis import random_starts

        args.start = [",".join(repr(c) for c in p)
                      for p in random_starts(chosen.landscape.view_box, args.random_starts, args.seed)]
    balls = balls_for(chosen, args.ball, args.start)
    user_gradient = followed_gradient(args.grad, chosen.landscape.dim, balls)
    if args.events and args.format == "csv":
        raise UsageError("--events adds to the JSON: use it with --format json")
    kwargs = {} if args.tol is None else {"tolerance": args.tol}
    recorder = None
    try:
        if args.events:
            recorder = run_with_events(chosen.landscape, balls, args.steps, user_gradient=user_gradient,
                                       seed=args.seed, **kwargs)
            simulation = recorder.simulation
        else:
            simulation = run(chosen.landscape, balls, args.steps, user_gradient=user_gradient, seed=args.seed, **kwargs)
    except MemoryError:  # the run keeps every step of every ball
        raise UsageError(f"--steps {args.steps:,} for {len(balls):,} ball{'s' * (len(balls) != 1)} needs more "
                         "memory than there is; take fewer steps or run fewer balls") from None
    if args.format == "csv":
        write_trajectories_csv(simulation, sys.stdout)
        return 0
    document = run_document(chosen.landscape.name, simulation, chosen.landscape.source)
    if args.random_starts:
        document.update(minima_reached(chosen, simulation))
    if args.fan:
        add_fans(document, Fan(chosen.landscape, balls, args.fan, args.seed, user_gradient=user_gradient, **kwargs),
                 args.steps)
    if args.curvature:
        # Where a ball diverged the differences of a gradient of 1e8 and more are noise: no curvature, as in the window.
        for ball, placed, end, status in zip(document["balls"], balls, simulation.positions, simulation.status,
                                             strict=True):
            ball["curvature"] = {"start": curvature_document(chosen.landscape, placed.start),
                                 "end": None if status == BallStatus.DIVERGED else
                                 curvature_document(chosen.landscape, end)}
    if recorder is not None:
        for ball, events in zip(document["balls"], recorder.events, strict=True):
            ball["events"] = [{"step": e.step, "kind": str(e.kind), "position": finite_or_none(e.position)}
                              for e in events]
    return write_json(document, None)


def add_fans(document: dict, fan: Fan, steps: int) -> None:
    """Per ball, "fan": {"runs", "seeds": [first, last], "median", "p10", "p90"}: paths of `steps` + 1 rows."""
    p10, median, p90 = fan.bands(steps)
    first_seed = fan.seed
    for index, ball in enumerate(document["balls"]):
        ball["fan"] = {"runs": fan.runs, "seeds": [first_seed, first_seed + fan.runs - 1],
                       "median": finite_rows(median[:, index]), "p10": finite_rows(p10[:, index]),
                       "p90": finite_rows(p90[:, index])}


def minima_reached(chosen: Preset, simulation) -> dict:
    """Where the balls of many starts ended, as the window's ball list says it: the minima named A, B, …
    (lowest first, as the basin map names them), how many balls reached each, and the best ball."""
    from gdsim.model.analysis import critical_points_of, restart_summary
    from gdsim.model.basins import minimum_name

    summary = restart_summary(simulation, critical_points_of(chosen.landscape, chosen.known_points), chosen.landscape)
    return {"minima": [{"name": minimum_name(k), "point": [float(c) for c in point], "f": float(value),
                        "reached": reached}
                       for k, (point, value, reached) in enumerate(zip(summary.minima, summary.values, summary.reached,
                                                                       strict=True))],
            "elsewhere": summary.elsewhere,
            "best": {"ball": summary.best if summary.best >= 0 else None,
                     "minimum": minimum_name(summary.best_minimum) if summary.best_minimum >= 0 else None}}
