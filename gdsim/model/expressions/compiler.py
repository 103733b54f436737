"""sympy expressions compiled to vectorized numpy functions, and their exact derivatives."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

import numpy as np

from gdsim.model.expressions import messages
from gdsim.model.expressions.errors import ExpressionError, not_too_deep


def real_symbols(names: Sequence[str]):
    """The sympy symbols of `names`, real, as the parser makes them (so they compare equal)."""
    import sympy as sp

    return tuple(sp.Symbol(name, real=True) for name in names)


def _column(result, n: int) -> np.ndarray:
    """One lambdified output as a float array of length n (constants come back as scalars)."""
    array = np.asarray(result)
    if np.iscomplexobj(array):
        array = np.where(array.imag == 0, array.real, np.nan)
    return np.array(np.broadcast_to(array.astype(float, copy=False), (n,)))


def _big_integers_as_floats(expr):
    """numpy's functions refuse Python integers beyond int64 (sin(10^30)): give them floats instead."""
    import sympy as sp

    big = {}
    for integer in expr.atoms(sp.Integer):
        if abs(int(integer)) > 2**62:
            try:
                big[integer] = sp.Float(float(int(integer)))
            except OverflowError:  # beyond any float: left as it is, for the probe below to refuse
                pass
    return expr.xreplace(big) if big else expr


def _not_computable(error: Exception) -> ExpressionError:
    if isinstance(error, OverflowError):  # an exact number that cancelled or combined beyond a float: 10^-3480
        return ExpressionError(messages.BEYOND_FLOATING_POINT)
    return ExpressionError(messages.NOT_COMPUTABLE, kind=type(error).__name__)


def _without_docstring(lambdify) -> dict:
    """lambdify's docstring prints the expressions once more, for no one: half its time. sympy ≥ 1.13 leaves it
    out when asked (docstring_limit); the 1.12 we allow has no such argument."""
    return {"docstring_limit": 0} if "docstring_limit" in inspect.signature(lambdify).parameters else {}


def compile_numpy(exprs: Sequence, names: Sequence[str]) -> Callable[[np.ndarray], list[np.ndarray]]:
    """points (n, len(names)) -> one float array (n,) per expression."""
    import sympy as sp

    if any(e.has(sp.I, sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity) for e in exprs):
        raise ExpressionError(messages.PART_NOT_REAL)
    try:
        function = sp.lambdify(real_symbols(names), [_big_integers_as_floats(e) for e in exprs], modules="numpy",
                               **_without_docstring(sp.lambdify))
    except (RecursionError, SyntaxError, MemoryError):  # Python's parser refuses > 200 nested brackets
        raise ExpressionError(messages.TOO_DEEP) from None
    except Exception as error:  # a construct numpy cannot compute; the parser should not let any through
        raise _not_computable(error) from None
    dim = len(names)

    def columns(points: np.ndarray) -> list[np.ndarray]:
        points = np.asarray(points, dtype=float).reshape(-1, dim)
        with np.errstate(all="ignore"):
            results = function(*(points[:, i] for i in range(dim)))
            return [_column(r, len(points)) for r in results]

    probe = np.linspace(-1.0, 1.0, 3 * dim).reshape(3, dim)
    try:
        columns(probe)
    except Exception as error:  # e.g. an integer too large for a float after terms cancelled
        raise _not_computable(error) from None
    return columns


def derive(expr, names: Sequence[str]) -> list:
    import sympy as sp

    with not_too_deep():
        return [sp.diff(expr, symbol) for symbol in real_symbols(names)]
