"""A typed formula as a Landscape: its value and exact gradient compiled to numpy, and a view box
framed around the minima and saddles it has."""

from __future__ import annotations

import numpy as np

from gdsim.model.expressions import messages
from gdsim.model.expressions.compiler import compile_numpy, derive, real_symbols
from gdsim.model.expressions.domain import domain_note
from gdsim.model.expressions.errors import ExpressionError, not_too_deep
from gdsim.model.expressions.parser import LANDSCAPE_VARIABLES, parse
from gdsim.model.expressions.readable import readable
from gdsim.model.landscapes import Box, CriticalKind, CriticalPoint, Landscape

AUTO_BOX_SEARCH = 10.0  # critical points are looked for in [-10, 10]^dim
DEFAULT_BOX = 5.0  # ... and when none is found the view is [-5, 5]^dim

# The critical-point search evaluates the gradient ~1,000 times: past this many characters of
# formula and gradient (about 75 ms of searching) the automatic box is simply [-5, 5]^dim.
_MAX_SEARCHED_FORMULA = 1000


def _automatic_box(evaluate, dim: int) -> tuple[Box, tuple[CriticalPoint, ...]]:
    """A box around the minima and saddles found in [-10, 10]^dim, and the maxima among them, else
    [-5, 5]^dim, and the critical points found inside it (so nobody has to search again to mark them).

    A maximum alone frames nothing (-x² has nowhere to go), but beside a minimum it is part of the
    picture: x³ − 3x framed around its minimum alone put its maximum on the border."""
    import warnings

    from gdsim.model.analysis import find_critical_points

    trial = Landscape(name="expression", title="", formula="", dim=dim,
                      view_box=((-AUTO_BOX_SEARCH, AUTO_BOX_SEARCH),) * dim, evaluate=evaluate)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = find_critical_points(trial, seeds_per_axis=24 if dim == 1 else 16, iterations=40)
    except (ArithmeticError, ValueError, np.linalg.LinAlgError):
        found = []
    settling = [c.point for c in found if c.kind in (CriticalKind.MINIMUM, CriticalKind.SADDLE)]
    points = np.array(settling + [c.point for c in found if c.kind == CriticalKind.MAXIMUM] if settling else [])
    if len(points) == 0:
        box = ((-DEFAULT_BOX, DEFAULT_BOX),) * dim
    else:
        low, high = points.min(axis=0), points.max(axis=0)
        margin = np.maximum(2.0, 0.5 * (high - low))
        box = tuple((round(float(lo - m), 6) + 0.0, round(float(hi + m), 6) + 0.0)
                    for lo, hi, m in zip(low, high, margin, strict=True))
    inside = tuple(c for c in found if all(lo <= v <= hi for v, (lo, hi) in zip(c.point, box, strict=True)))
    return box, inside


def landscape_from_expression(text: str, view_box: Box | None = None) -> Landscape:
    """The landscape of a typed formula: x alone gives 1-D, y (with or without x) gives 2-D.

    The gradient is exact (derived symbolically) and both are compiled to vectorized numpy.
    Without a `view_box` (or with one for another dimension), the box frames the minima and
    saddles found in [-10, 10]^dim (and the maxima beside them), with a margin of max(2, half their spread),
    else [-5, 5]^dim.
    """
    f = parse(text, LANDSCAPE_VARIABLES)
    x, y = real_symbols(LANDSCAPE_VARIABLES)
    used = f.free_symbols
    if not used:
        raise ExpressionError(messages.NO_VARIABLE)
    dim = 2 if y in used else 1
    names = LANDSCAPE_VARIABLES[:dim]
    gradient = derive(f, names)
    columns = compile_numpy([f, *gradient], names)

    def evaluate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        value, *partials = columns(points)
        return value, np.column_stack(partials)

    with not_too_deep():
        formula = readable(f)
        gradient_formulas = tuple(readable(g) for g in gradient)
    critical_points = None
    if view_box is not None and len(view_box) == dim:
        box = view_box
    elif len(formula) + sum(map(len, gradient_formulas)) > _MAX_SEARCHED_FORMULA:
        box = ((-DEFAULT_BOX, DEFAULT_BOX),) * dim  # searching would take seconds
    else:
        box, critical_points = _automatic_box(evaluate, dim)
    box = tuple((float(lo), float(hi)) for lo, hi in box)
    return Landscape(name="expression", title=text.strip(), formula=formula, dim=dim, view_box=box, evaluate=evaluate,
                     gradient_formulas=gradient_formulas, source=text, critical_points=critical_points,
                     find_undefined_where=lambda: domain_note(f, names, evaluate, box))
