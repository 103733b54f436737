"""Where a typed function is undefined, said in words: "undefined where x < 0", "undefined at (x, y) = (0, 0)".

numpy computes sqrt and log of a negative number, and a fractional power of one, as NaN, and a
division by zero as ±inf: the function is accepted, but part of the plane has no value. The
conditions come from the parsed expression (the arguments of log, the bases of fractional and
negative powers); a condition in one variable is solved, so that sqrt(log(x)) reads "x < 1". When a
condition cannot be written simply (x^y), the grid over the view box is measured instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gdsim.model.expressions import messages
from gdsim.model.expressions.compiler import real_symbols
from gdsim.model.expressions.readable import readable
from gdsim.model.landscapes import Box, Evaluator
from gdsim.model.messages import Note

LONGEST_CONDITION = 40  # characters: a longer condition is no help under the expression box
MEASURED_RESOLUTION = 101  # per axis, where the conditions cannot be written
MOST_CONDITIONS = 3  # "x < 0 or y < 0 or x − y = 0"; more are measured on the grid instead
MOST_DERIVED = 8  # conditions found in the expression, before those on one variable are solved together
# solveset takes ~0.2 s for a quintic: a longer argument is left as it is.
MOST_SOLVED_OPERATIONS = 8

_LESS, _AT_MOST, _EQUAL = "<", "≤", "="


class _NotSimple(Exception):
    """A condition that cannot be written simply."""


def _conditions(expr) -> dict:
    """{base: relation}: f is undefined where `base` relation 0 (one relation per base, the widest)."""
    import sympy as sp

    found: dict = {}

    def add(base, relation: str) -> None:
        if not base.free_symbols:
            return
        if relation == _LESS and base.is_nonnegative or relation == _AT_MOST and base.is_positive \
                or relation == _EQUAL and base.is_nonzero:
            return
        if relation == _AT_MOST and base.is_nonnegative:
            relation = _EQUAL  # log(x² + y²): only where x² + y² is 0
        before = found.get(base)
        if before is not None and before != relation:
            relation = _AT_MOST  # < and =, or either with ≤
        found[base] = relation

    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.log):
            add(node.args[0], _AT_MOST)
        elif node.is_Pow:
            base, exponent = node.args
            if not exponent.free_symbols:
                value = float(exponent)
                if value.is_integer():
                    if value < 0:
                        add(base, _EQUAL)  # a division
                else:
                    add(base, _LESS if value > 0 else _AT_MOST)
            elif base.free_symbols or not base.is_positive:
                raise _NotSimple  # x^y: where depends on whether y is whole
    return found


def _solved(base, relation: str, symbol):
    """The set of `symbol` where `base` relation 0 holds, or None when sympy cannot say it simply."""
    import sympy as sp

    condition = {_LESS: sp.Lt, _AT_MOST: sp.Le, _EQUAL: sp.Eq}[relation](base, 0)
    try:
        solution = sp.solveset(condition, symbol, domain=sp.S.Reals)
    except (NotImplementedError, ValueError, TypeError):
        return None
    return solution


def _pieces_of_set(solution, name: str) -> list[str] | None:
    """A set of reals as conditions on `name`: 'x < 0', '−1 < x ≤ 1', 'x = 2'; None when it is not a
    union of intervals and points."""
    import sympy as sp

    parts = solution.args if isinstance(solution, sp.Union) else (solution,)
    pieces = []
    for part in parts:
        if isinstance(part, sp.Interval):
            low, high = part.start, part.end
            if low is sp.S.NegativeInfinity and high is sp.S.Infinity:
                pieces.append(None)  # every x
            elif low is sp.S.NegativeInfinity:
                pieces.append(f"{name} {'<' if part.right_open else '≤'} {readable(high)}")
            elif high is sp.S.Infinity:
                pieces.append(f"{name} {'>' if part.left_open else '≥'} {readable(low)}")
            else:
                pieces.append(f"{readable(low)} {'<' if part.left_open else '≤'} {name} "
                              f"{'<' if part.right_open else '≤'} {readable(high)}")
        elif isinstance(part, sp.FiniteSet) and all(p.is_real for p in part.args):
            pieces.extend(f"{name} = {readable(p)}" for p in sorted(part.args, key=float))
        else:
            return None
    return pieces


def _either(pieces: Sequence[str | Note]) -> str | Note:
    joined = pieces[-1]
    for piece in reversed(pieces[:-1]):
        joined = Note(messages.EITHER, first=piece, second=joined)
    return joined


def _solved_pieces(conditions: list[tuple], symbol, name: str) -> tuple[list[str], bool] | None:
    """The conditions on one variable solved together, as pieces ('x < −1', 'x > 1') and whether they
    are points alone; None when sympy cannot say them simply, _Everywhere when they hold for every x."""
    import sympy as sp

    solution = sp.S.EmptySet
    for base, relation in conditions:
        solved = _solved(base, relation, symbol)
        if solved is None or isinstance(solved, sp.ConditionSet):
            return None
        solution = solution | solved
    if solution == sp.S.Reals:
        raise _Everywhere
    written = _pieces_of_set(solution, name)
    if written is None or any(len(piece) > LONGEST_CONDITION for piece in written):
        return None
    return written, isinstance(solution, sp.FiniteSet)


class _Everywhere(Exception):
    """The conditions on a variable hold for every value of it."""


def _as_written(base, relation: str, names: dict) -> str:
    """'x − y < 0'; a sum of squares that is 0 at one point only as that point: x² + y² = 0 is
    '(x, y) = (0, 0)'."""
    import sympy as sp

    if relation == _EQUAL and base.is_Add and all(term.is_nonnegative for term in base.args):
        try:
            solutions = sp.solve(list(base.args), list(names), dict=True)
        except (NotImplementedError, ValueError, TypeError):
            solutions = []
        if len(solutions) == 1 and set(solutions[0]) == set(names) \
                and all(value.is_real and value.is_number for value in solutions[0].values()):
            point = ", ".join(readable(solutions[0][symbol]) for symbol in names)
            return f"({', '.join(names.values())}) = ({point})"
    return f"{readable(base)} {relation} 0"


def _written(expr, names: Sequence[str]) -> Note | None:
    """The note of the conditions derived from `expr`; _NotSimple when they cannot be written simply."""
    import sympy as sp

    conditions = _conditions(expr)
    if not conditions:
        return None
    if len(conditions) > MOST_DERIVED:
        raise _NotSimple  # solving them all would take a while, for a list that says little
    symbols = dict(zip(real_symbols(names), names, strict=True))
    per_variable: dict = {}
    pieces: list[str] = []
    only_points = True
    for base, relation in conditions.items():
        # solveset answers one period of a periodic condition (sin(x) < 0: π < x < 2π): those stay as written.
        if len(base.free_symbols) == 1 and not base.has(sp.sin, sp.cos, sp.tan) \
                and sp.count_ops(base) <= MOST_SOLVED_OPERATIONS:
            per_variable.setdefault(next(iter(base.free_symbols)), []).append((base, relation))
        else:
            pieces.append(_as_written(base, relation, symbols))
            only_points = only_points and relation == _EQUAL
    solved_pieces: list[str] = []
    for symbol in sorted(per_variable, key=lambda s: s.name):
        try:
            solved = _solved_pieces(per_variable[symbol], symbol, symbols[symbol])
        except _Everywhere:
            return Note(messages.UNDEFINED_EVERYWHERE)
        if solved is None:  # x⁵ − 3·x + 1 < 0: as it is
            solved_pieces.extend(_as_written(base, relation, symbols) for base, relation in per_variable[symbol])
            only_points = only_points and all(relation == _EQUAL for _, relation in per_variable[symbol])
        else:
            solved_pieces.extend(solved[0])
            only_points = only_points and solved[1]
    pieces = solved_pieces + pieces
    if not pieces:
        return None
    if any(len(p) > LONGEST_CONDITION for p in pieces) or len(pieces) > MOST_CONDITIONS:
        raise _NotSimple
    return Note(messages.UNDEFINED_AT if only_points else messages.UNDEFINED_WHERE, condition=_either(pieces))


def undefined_share(evaluate: Evaluator, box: Box, resolution: int = MEASURED_RESOLUTION) -> float:
    """The share of a grid over `box` where f is not a number (NaN): 0 where it is defined throughout."""
    axes = [np.linspace(lo, hi, resolution) for lo, hi in box]
    points = np.column_stack([g.ravel() for g in np.meshgrid(*axes)])
    with np.errstate(all="ignore"):
        values = evaluate(points)[0]
    return float(np.mean(np.isnan(values)))


def domain_note(expr, names: Sequence[str], evaluate: Evaluator, box: Box) -> Note | None:
    """Where f is undefined, in words; None where it is defined everywhere (as far as can be said)."""
    try:
        return _written(expr, names)
    except (_NotSimple, RecursionError, TypeError, ValueError):
        return Note(messages.UNDEFINED_IN_PART) if undefined_share(evaluate, box) > 0 else None
