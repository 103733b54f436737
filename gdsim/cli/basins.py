"""`gdsim basins`: which minimum each start of a grid over the view box leads to, as JSON or as a PNG.

    gdsim basins --landscape himmelblau --ball nag:lr=0.002,momentum=0.9 --grid 200 --steps 500 --format json

Bad input raises UsageError (one line, exit status 2). The JSON is described in BASINS_EPILOG, which
--help prints.
"""

from __future__ import annotations

import argparse
from functools import partial

from gdsim.cli.common import (
    UsageError,
    add_landscape_arguments,
    checked_output,
    chosen_landscape,
    followed_gradient,
    output_error,
    parse_ball,
    parse_size,
    step_count,
    tolerance,
    whole_number,
    write_json,
)
from gdsim.formats.trajectories import finite_rows as _rows
from gdsim.model.balls import Ball, GradientSource
from gdsim.model.basins import BASIN_TOLERANCE, BasinMap, BasinShares, basin_map
from gdsim.model.limits import MAX_BASIN_LABELS
from gdsim.model.optimizers import OptimizerKind, checked_params, readable_params
from gdsim.model.presets import Preset

MAX_GRID = 1000
# grid² × steps × balls: at ~3e7 ball-steps a second, this bound is about a minute of work.
MAX_WORK = 2_000_000_000

BASINS_EPILOG = """\
JSON with one --ball: {"minima": [[x, y], ...], "labels": [[i, ...], ...], "shares": {"minima": [s, ...],
"diverged": s, "not_converged": s}}. "labels" holds grid rows of grid starts (cell centres of the view
box), the first row the lowest y; i is an index into "minima", -1 for diverged or -2 for not converged
(still running, or stopped on a saddle). Shares are fractions of the starts. With several --ball:
{"minima": [...], "balls": [{"optimizer", "params", "labels", "shares"}, ...]} (plus "gradient" and
"schedule" where a ball sets them), every ball indexing the same minima. On a landscape of one variable
"labels" is one row of grid starts along x and each minimum is [x].
PNG: the map as the app draws it, with a key; it shows one ball, so give at most one --ball.
"""


def add_basins_parser(commands) -> argparse.ArgumentParser:
    """Add `basins` to the subcommands of gdsim's parser (or of any parser, e.g. in a test)."""
    parser = commands.add_parser("basins", help="which minimum each start of a grid leads to (basins of attraction)",
                                 epilog=BASINS_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_landscape_arguments(parser, default="himmelblau")
    parser.add_argument("--ball", action="append", default=[], metavar="OPT[:key=value,...]",
                        help="optimizer and settings, as in gdsim run; repeat for several "
                             "(default: Nesterov with the landscape's suggested settings)")
    parser.add_argument("--grid", type=whole_number(2, MAX_GRID), default=200,
                        help="starts per side of the view box (default 200: 40,000 starts; along x in 1-D: 200)")
    parser.add_argument("--steps", type=step_count, default=500, help="steps each start may take (default 500)")
    parser.add_argument("--tol", type=tolerance, default=BASIN_TOLERANCE,
                        help=f"convergence tolerance on the gradient norm and the step (default {BASIN_TOLERANCE:g})")
    parser.add_argument("--format", choices=["json", "png"], default="json")
    parser.add_argument("-o", "--output", metavar="FILE", help="where to write (JSON default: stdout; PNG: required)")
    parser.add_argument("--force", action="store_true", help="replace FILE even if it is read-only")
    parser.add_argument("--size", default="900x900", help="PNG size (default 900x900)")
    parser.set_defaults(handler=command_basins)
    return parser


def default_recipe(chosen: Preset) -> Ball:
    return Ball(OptimizerKind.NAG, checked_params(OptimizerKind.NAG, chosen.suggested_params("nag")))


def shares_document(shares: BasinShares) -> dict:
    return {"minima": list(shares.minima), "diverged": shares.diverged, "not_converged": shares.not_converged}


def basins_document(result: BasinMap) -> dict:
    """The JSON of a basin map, as `gdsim basins` prints it."""
    minima = _rows(result.minima)
    labels = [[row.tolist() for row in labels] for labels in result.labels]
    shares = [shares_document(s) for s in result.shares]
    if len(result.recipes) == 1:
        return {"minima": minima, "labels": labels[0], "shares": shares[0]}
    balls = []
    for recipe, ball_labels, ball_shares in zip(result.recipes, labels, shares, strict=True):
        ball = {"optimizer": str(recipe.optimizer), "params": readable_params(recipe.optimizer, recipe.params)}
        if recipe.gradient != GradientSource.EXACT:
            ball["gradient"] = str(recipe.gradient)
        if recipe.schedule is not None:
            ball["schedule"] = {"name": recipe.schedule.name, "params": dict(recipe.schedule.params)}
        balls.append({**ball, "labels": ball_labels, "shares": ball_shares})
    return {"minima": minima, "balls": balls}


def basin_view(chosen: Preset, result: BasinMap, recipe_index: int, size: tuple[int, int]):
    """A contour view of the landscape (its curve, in 1-D) with the map of one recipe and a key, shown at `size`."""
    from gdsim.app import headless_application

    headless_application()
    import pyqtgraph as pg

    from gdsim.model.balls import Ball
    from gdsim.model.setup import Setup
    from gdsim.qt import style
    from gdsim.qt.controller import Controller
    from gdsim.qt.layers.basin_layer import key_entries
    from gdsim.qt.views.contour_view import ContourView
    from gdsim.qt.views.curve_view import CurveView
    from gdsim.qt.views.legend_layout import legend_sample

    recipe = result.recipes[recipe_index]
    # A disabled ball: the legend and the map are about its setting, and no ball is drawn on the map.
    ball = Ball(recipe.optimizer, dict(recipe.params), enabled=False, schedule=recipe.schedule)
    controller = Controller(Setup(chosen, (chosen.start,), (ball,)))
    view = (CurveView if chosen.landscape.dim == 1 else ContourView)(controller)
    controller.publish()
    view.start_marker.hide()
    view.basin_layer.show(result, recipe_index)
    view.set_legend([(partial(legend_sample, "o", 12, pg.mkBrush(style.ball_color(0)), 1.2), ball.label),
                     *key_entries(result, recipe_index)])
    view.resize(*size)
    view.show()
    return view


def command_basins(args: argparse.Namespace) -> int:
    chosen = chosen_landscape(args)
    landscape = chosen.landscape
    starts = args.grid ** landscape.dim
    recipes = [parse_ball(text) for text in args.ball] or [default_recipe(chosen)]
    user_gradient = followed_gradient(args.grad, landscape.dim, recipes)
    if args.format == "png":
        if args.output is None:
            raise UsageError("--format png needs a file to write: -o FILE")
        if len(recipes) > 1:
            raise UsageError("--format png draws the map of one ball; give one --ball (JSON takes several)")
    if args.output is not None:
        checked_output(args.output, args.format, args.force)
    size = parse_size(args.size)
    if starts * len(recipes) > MAX_BASIN_LABELS:
        raise UsageError(f"--grid {args.grid} for {len(recipes)} ball(s) is {starts * len(recipes):,} starts; "
                         f"keep grid² × balls at most {MAX_BASIN_LABELS:,} (the map's memory and its JSON)")
    if starts * max(args.steps, 1) * len(recipes) > MAX_WORK:
        raise UsageError(f"--grid {args.grid} with --steps {args.steps:,} for {len(recipes)} ball(s) is too much "
                         f"work; keep grid² × steps × balls at most {MAX_WORK:,}")
    try:
        result = basin_map(landscape, recipes, args.grid, args.steps, tolerance=args.tol, user_gradient=user_gradient)
    except MemoryError:
        raise UsageError(f"--grid {args.grid} needs more memory than there is; use a smaller grid") from None
    if args.format == "png":
        from gdsim.app import save_widget_png

        view = basin_view(chosen, result, 0, size)
        try:
            return save_widget_png(view, args.output, replace_read_only=args.force)
        except OSError as error:
            raise output_error(args.output, error) from None
        finally:
            view.close()
    return write_json(basins_document(result), args.output, args.force)

