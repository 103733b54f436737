"""Typed landscapes: a small formula language with exact, symbolic gradients compiled to numpy."""

from gdsim.model.expressions.parser import (
    AUTO_BOX_SEARCH,
    CONSTANTS,
    DEFAULT_BOX,
    FUNCTIONS,
    LANDSCAPE_VARIABLES,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_NESTING,
    MAX_PARTS,
    ExpressionError,
    gradient_from_components,
    landscape_from_expression,
    parse,
    readable,
    split_components,
)

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
