"""What goes wrong with typed input: one error type, with the column where the problem is."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from gdsim.model.expressions import messages
from gdsim.model.messages import Template, TranslatableError


class ExpressionError(TranslatableError):
    """Bad typed input. str(error) is the full one-line message in English, `template` and `arguments`
    (gdsim.model.expressions.messages) let the window translate it; `column` is 1-based, or None."""

    def __init__(self, template: Template, column: int | None = None, **arguments: Any):
        super().__init__(template, column=column, **arguments)
        self.column = column


@contextmanager
def not_too_deep():
    """sympy's differentiation, printing and our printer recurse once per level of nesting."""
    try:
        yield
    except RecursionError:
        raise ExpressionError(messages.TOO_DEEP) from None
