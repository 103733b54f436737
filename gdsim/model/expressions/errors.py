"""What goes wrong with typed input: one error type, with the column where the problem is."""

from __future__ import annotations

from contextlib import contextmanager


class ExpressionError(ValueError):
    """Bad typed input. str(error) is the full one-line message; `column` is 1-based, or None."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


@contextmanager
def not_too_deep():
    """sympy's differentiation, printing and our printer recurse once per level of nesting."""
    try:
        yield
    except RecursionError:
        raise ExpressionError("the expression is too deeply nested") from None
