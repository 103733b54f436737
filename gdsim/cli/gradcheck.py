"""`gdsim gradcheck`: a gradient you derived, compared with the exact one over the view box."""

from __future__ import annotations

import argparse

from gdsim.cli.common import UsageError, chosen_landscape, typed_gradient, write_json
from gdsim.formats.trajectories import finite_or_none


def add_gradcheck_parser(commands) -> argparse.ArgumentParser:
    """Adds the `gradcheck` command to the subparsers action `commands`; returns its parser."""
    parser = commands.add_parser("gradcheck", help="compare a gradient you derived with the exact one")
    parser.add_argument("--landscape", default="momentum-demo", help="preset name")
    parser.add_argument("--expr", metavar="F", help="the function, e.g. 'x^2 + y^2'")
    parser.add_argument("--grad", metavar="DFDX;DFDY", required=True,
                        help="your gradient, components separated by ';', e.g. '2x; 2y'")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.set_defaults(handler=command_gradcheck)
    return parser


def command_gradcheck(args: argparse.Namespace) -> int:
    """0 when the typed gradient is right everywhere on the view box, 1 when a component is wrong."""
    from gdsim.model.analysis import check_gradient

    chosen = chosen_landscape(args)
    try:
        checks = check_gradient(chosen.landscape, typed_gradient(args.grad, chosen.landscape.dim))
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        write_json({"landscape": chosen.landscape.source or chosen.landscape.name, "components": [
            {"variable": c.variable, "right": c.right, "largest_error": finite_or_none([c.largest_error])[0],
             "where": list(c.where), "yours": finite_or_none([c.yours])[0],
             "exact": finite_or_none([c.exact])[0],
             "tolerance": c.tolerance} for c in checks]}, None)
    else:
        for c in checks:
            where = ", ".join(f"{v:.4g}" for v in c.where)
            verdict = "right" if c.right else "WRONG"
            print(f"∂f/∂{c.variable}: {verdict}: largest difference {c.largest_error:.3g} at ({where}): "
                  f"yours {c.yours:.6g}, exact {c.exact:.6g}")
    return 0 if all(c.right for c in checks) else 1
