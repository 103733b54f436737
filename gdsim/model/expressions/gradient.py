"""A gradient the user typed, one component per variable, compiled to numpy (followed even when wrong)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from gdsim.model.expressions import messages
from gdsim.model.expressions.compiler import compile_numpy
from gdsim.model.expressions.errors import ExpressionError
from gdsim.model.expressions.parser import LANDSCAPE_VARIABLES, parse


def split_components(text: str) -> list[str]:
    """The components of a typed gradient "DFDX; DFDY", stripped."""
    return [part.strip() for part in text.split(";")]


def gradient_from_components(texts: Sequence[str], dim: int) -> Callable[[np.ndarray], np.ndarray]:
    """The user's own gradient, one typed component per variable: points (n, dim) -> (n, dim)."""
    texts = list(texts)
    if len(texts) != dim:
        if dim == 1:
            raise ExpressionError(messages.ONE_COMPONENT, count=len(texts))
        raise ExpressionError(messages.COMPONENTS, dim=dim, count=len(texts))
    names = LANDSCAPE_VARIABLES[:dim]
    exprs = []
    for name, component in zip(names, texts, strict=True):
        try:
            exprs.append(parse(component, names))
        except ExpressionError as error:
            raise ExpressionError(messages.IN_COMPONENT, error.column, variable=name, problem=error) from None
    columns = compile_numpy(exprs, names)

    def gradient(points: np.ndarray) -> np.ndarray:
        return np.column_stack(columns(points))

    return gradient
