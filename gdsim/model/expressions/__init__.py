"""Typed landscapes: a small formula language with exact, symbolic gradients compiled to numpy.

The typed text is never evaluated as Python: `tokens` splits it, `parser` checks it against a
closed grammar with limits and builds the sympy expression node by node, `compiler` derives and
compiles it to vectorized numpy, `landscape` makes a Landscape of it (`gradient` a typed gradient),
and `readable` prints it back as one line of math. sympy is imported lazily, on the first
expression, so that importing this package (and starting the app) stays fast.
"""

from gdsim.model.expressions.errors import ExpressionError
from gdsim.model.expressions.gradient import gradient_from_components, split_components
from gdsim.model.expressions.landscape import AUTO_BOX_SEARCH, DEFAULT_BOX, landscape_from_expression
from gdsim.model.expressions.parser import (
    CONSTANTS,
    FUNCTIONS,
    LANDSCAPE_VARIABLES,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_NESTING,
    MAX_PARTS,
    parse,
)
from gdsim.model.expressions.readable import readable

__all__ = [
    "AUTO_BOX_SEARCH",
    "CONSTANTS",
    "DEFAULT_BOX",
    "FUNCTIONS",
    "LANDSCAPE_VARIABLES",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_NESTING",
    "MAX_PARTS",
    "ExpressionError",
    "gradient_from_components",
    "landscape_from_expression",
    "parse",
    "readable",
    "split_components",
]
