"""The parser of typed formulas: text in, a sympy expression out, never through Python's eval.

A recursive-descent parser of our own accepts only numbers, the variables, `pi`, `e`,
`+ - * / ^ **`, parentheses and a fixed set of functions, and builds the sympy expression node
by node. Grammar (what a teacher types):

    expression := term (("+" | "-") term)*
    term       := signed (("*" | "/") signed | implicit)*     implicit: 2x, 2 x, x(1-x), (x+1)(x-1)
    signed     := ("+" | "-")* power                           so -x^2 is -(x^2)
    power      := primary superscript* ("^" signed)?           right-associative: 2^3^2 is 2^9
    primary    := number | name | function "(" expression ")" | "(" expression ")"

A name made only of variable letters is their product (`xy` is x·y). A number may not follow
another factor without an operator (`x 2` is refused). Limits keep every accepted input cheap:
500 characters, 50 nested parentheses or powers, 400 parts, and a constant exponent of at most 64
in size (sympy computes integer powers exactly, so `9^9^9` would never finish).
"""

from __future__ import annotations

import decimal
import keyword
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from operator import add, mul, sub, truediv
from typing import TYPE_CHECKING, Any

from gdsim.model.expressions import messages
from gdsim.model.expressions.errors import ExpressionError, not_too_deep
from gdsim.model.expressions.tokens import END, ERROR, LPAREN, NAME, NUM, OP, RPAREN, SUP, Token, tokenize
from gdsim.model.messages import Template

if TYPE_CHECKING:
    import sympy

MAX_LENGTH = 500
MAX_NESTING = 50
MAX_PARTS = 400
MAX_EXPONENT = 64
FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh")
CONSTANTS = ("pi", "e")
LANDSCAPE_VARIABLES = ("x", "y")

# Exact integer powers beyond this many bits are refused (only reachable through terms that
# cancel, like 10^300 + x - x: everything constant is also checked in floating point).
_MAX_EXACT_BITS = 4096


@dataclass(frozen=True)
class _Node:
    """A parsed piece: its sympy expression, its float value when it is a constant, its span."""

    expr: Any
    value: float | None
    start: int
    end: int


def _naming_variables(one: Template, several: Template, variables: Sequence[str], **arguments) -> tuple[Template, dict]:
    """The template (of `one` variable or `several`) and its arguments, that name the variables."""
    if len(variables) == 1:
        return one, {**arguments, "variable": variables[0]}
    return several, {**arguments, "others": ", ".join(variables[:-1]), "last": variables[-1]}


class _Parser:
    def __init__(self, text: str, variables: Sequence[str]):
        import sympy as sp

        self.sp = sp
        self.text = text
        self.variables = tuple(variables)
        self.symbols = {name: sp.Symbol(name, real=True) for name in self.variables}
        self.letters = {name for name in self.variables if len(name) == 1}
        self.tokens = tokenize(text)
        self.position = 0
        self.depth = 0
        self.parts = 0
        self._raise_if_error(self.tokens[0])
        self.functions = {"sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log,
                          "sqrt": sp.sqrt, "abs": sp.Abs, "tanh": sp.tanh}
        self.math_functions = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp,
                               "log": math.log, "sqrt": math.sqrt, "abs": abs, "tanh": math.tanh}
        self.undefined = (sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity)

    # -- token stream

    @property
    def token(self) -> Token:
        return self.tokens[self.position]

    @property
    def previous(self) -> Token | None:
        return self.tokens[self.position - 1] if self.position else None

    def advance(self) -> Token:
        token = self.token
        self.position += 1
        self._raise_if_error(self.token)
        return token

    @staticmethod
    def _raise_if_error(token: Token) -> None:
        if token.kind == ERROR:
            raise token.value

    def count(self, parts: int = 1) -> None:
        self.parts += parts
        if self.parts > MAX_PARTS:
            raise ExpressionError(messages.TOO_BIG, limit=MAX_PARTS)

    def nest(self, token: Token, too_many: Template) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionError(too_many, token.column, limit=MAX_NESTING)

    # -- checks on what a node computes

    def quoted(self, start: int, end: int) -> str:
        piece = " ".join(self.text[start:end].split())  # one line, whatever whitespace was typed
        return piece if len(piece) <= 30 else piece[:29] + "…"

    def fail(self, start: int, end: int, problem: Template) -> ExpressionError:
        """`problem` (messages.DIVIDES_BY_ZERO, TOO_LARGE, UNDEFINED, NOT_REAL) of the text from start to end."""
        while start < end and self.text[start].isspace():
            start += 1
        return ExpressionError(problem, start + 1, piece=self.quoted(start, end))

    def checked(self, compute: Callable[[], float | complex], start: int, end: int) -> float:
        """A constant's float value, or an error that says why it is not a usable real number."""
        try:
            value = compute()
        except ZeroDivisionError:
            raise self.fail(start, end, messages.DIVIDES_BY_ZERO) from None
        except OverflowError:
            raise self.fail(start, end, messages.TOO_LARGE) from None
        except ValueError:
            raise self.fail(start, end, messages.UNDEFINED) from None
        if isinstance(value, complex):
            raise self.fail(start, end, messages.NOT_REAL)
        if math.isnan(value):
            raise self.fail(start, end, messages.UNDEFINED)
        if math.isinf(value):
            raise self.fail(start, end, messages.TOO_LARGE)
        return value

    def defined(self, expr, start: int, end: int):
        if any(expr is bad for bad in self.undefined):
            raise self.fail(start, end, messages.UNDEFINED)
        return expr

    # -- grammar

    def parse(self):
        node = self.expression()
        token = self.token
        if token.kind == RPAREN:
            raise ExpressionError(messages.UNMATCHED_CLOSING, token.column)
        if token.kind != END:
            raise self.unexpected_after_term(token)
        expr = node.expr
        if expr.has(self.sp.I, *self.undefined):
            raise ExpressionError(messages.PART_NOT_REAL)
        return expr

    def expression(self) -> _Node:
        first = self.term()
        terms, value, start, end = [first.expr], first.value, first.start, first.end
        while self.token.kind == OP and self.token.value in "+-":
            operator = self.advance()
            self.count()
            node = self.term()
            end = node.end
            terms.append(node.expr if operator.value == "+" else -node.expr)
            if value is not None and node.value is not None:
                combine = add if operator.value == "+" else sub
                value = self.checked(partial(combine, value, node.value), start, end)
            else:
                value = None
        expr = terms[0] if len(terms) == 1 else self.sp.Add(*terms)
        return _Node(expr, value, start, end)

    def term(self) -> _Node:
        first = self.signed()
        factors, value, start, end = [first.expr], first.value, first.start, first.end
        while True:
            token = self.token
            if token.kind == OP and token.value in "*/":
                self.advance()
                node = self.signed()
            elif token.kind in (NAME, LPAREN):  # implicit multiplication: 2x, x(1-x), (x+1)(x-1)
                node = self.power()
            else:
                break
            self.count()
            end = node.end
            divide = token.kind == OP and token.value == "/"
            if divide and node.value == 0.0:
                raise self.fail(start, end, messages.DIVIDES_BY_ZERO)
            factors.append(self.defined(self.sp.Pow(node.expr, -1), node.start, node.end) if divide else node.expr)
            if value is not None and node.value is not None:
                value = self.checked(partial(truediv if divide else mul, value, node.value), start, end)
            else:
                value = None
        expr = factors[0] if len(factors) == 1 else self.defined(self.sp.Mul(*factors), start, end)
        return _Node(expr, value, start, end)

    def signed(self) -> _Node:
        negative, signs = False, []
        while self.token.kind == OP and self.token.value in "+-":
            signs.append(self.advance())
            self.count()
            negative ^= signs[-1].value == "-"
        node = self.power()
        if not signs:
            return node
        start = signs[0].start
        value = None if node.value is None else (-node.value if negative else node.value)
        return _Node(-node.expr if negative else node.expr, value, start, node.end)

    def power(self) -> _Node:
        base = self.primary()
        while self.token.kind == SUP:
            exponent = self.advance()
            self.count()
            if abs(exponent.value) > MAX_EXPONENT:  # before float(), which a long run of digits overflows
                raise self.exponent_too_large(exponent.value, exponent.start)
            number = self.sp.Integer(exponent.value)
            base = self.raise_to(base, _Node(number, float(exponent.value), exponent.start, exponent.end))
        if self.token.kind == OP and self.token.value == "^":
            operator = self.advance()
            self.count()
            self.nest(operator, messages.NESTED_POWERS)
            exponent = self.signed()
            self.depth -= 1
            base = self.raise_to(base, exponent)
        return base

    def raise_to(self, base: _Node, exponent: _Node) -> _Node:
        sp = self.sp
        p = exponent.value
        if p is None and exponent.expr.is_Number:  # the exponent's variables cancelled (x - x)
            p = self.checked(lambda: float(exponent.expr), exponent.start, exponent.end)
        if p is not None and abs(p) > MAX_EXPONENT:
            raise self.exponent_too_large(p, exponent.start)
        if base.value is None and base.expr.is_Number:  # the base's variables cancelled (x - x - 8)
            b = base.expr
            base = _Node(b, self.checked(lambda: float(b), base.start, base.end), base.start, base.end)
        if base.value is not None and base.value < 0 and p is None:  # (-2)^x is real only at whole x
            raise self.fail(base.start, exponent.end, messages.NOT_REAL)
        value = None
        if base.value is not None and p is not None:  # so (x - x - 8)^(1/3) is refused like (-8)^(1/3)
            b = base.value
            value = self.checked(lambda: b ** p, base.start, exponent.end)
        elif base.expr.is_Rational and exponent.expr.is_Rational:
            bits = max(abs(base.expr.p).bit_length(), abs(base.expr.q).bit_length())
            if bits * abs(float(exponent.expr)) > _MAX_EXACT_BITS:
                raise self.fail(base.start, exponent.end, messages.TOO_LARGE)
        power = exponent.expr
        if power.is_Rational and not power.is_Integer:
            # sympy looks for exact roots of the numbers in the base by factoring them, and builds
            # numbers of about bits × q bits: 12^(600000001/1000000007) would never finish.
            bits = max((max(abs(r.p).bit_length(), r.q.bit_length()) for r in base.expr.atoms(sp.Rational)),
                       default=1)
            if power.q > MAX_EXPONENT or bits * power.q > _MAX_EXACT_BITS:
                power = sp.Float(p)
        expr = self.defined(sp.Pow(base.expr, power), base.start, exponent.end)
        return _Node(expr, value, base.start, exponent.end)

    @staticmethod
    def exponent_too_large(p: float | int, start: int) -> ExpressionError:
        if isinstance(p, int):  # a superscript: any number of digits, too many for a float
            rounded = decimal.Context(prec=6).create_decimal(p).normalize()
            shown = str(p) if abs(p) < 10**15 else format(rounded, "g")
        else:
            shown = str(int(p)) if p.is_integer() and abs(p) < 1e15 else f"{p:.6g}"
        return ExpressionError(messages.EXPONENT_TOO_LARGE, start + 1, exponent=shown, limit=MAX_EXPONENT)

    def primary(self) -> _Node:
        token = self.token
        if token.kind == NUM:
            return self.number(token)
        if token.kind == NAME:
            return self.name(token)
        if token.kind == LPAREN:
            return self.parenthesized(token)
        raise self.missing_term(token)

    def number(self, token: Token) -> _Node:
        sp = self.sp
        self.count()
        text = token.value
        if text.isdigit():
            value = self.checked(lambda: float(int(text)), token.start, token.end)
            expr = sp.Integer(int(text))
        else:
            value = float(text)
            if math.isinf(value):
                raise ExpressionError(messages.NUMBER_TOO_LARGE, token.column, number=text)
            expr = sp.Integer(int(value)) if value.is_integer() and abs(value) < 2.0**53 else sp.Float(value)
        self.advance()
        return _Node(expr, value, token.start, token.end)

    def name(self, token: Token) -> _Node:
        sp = self.sp
        name = token.value
        column = token.column
        following = self.tokens[self.position + 1]
        if name in self.symbols:
            self.count()
            self.advance()
            return _Node(self.symbols[name], None, token.start, token.end)
        if name in CONSTANTS:
            self.count()
            self.advance()
            return _Node(sp.pi if name == "pi" else sp.E, math.pi if name == "pi" else math.e,
                         token.start, token.end)
        if name in FUNCTIONS:
            if following.kind != LPAREN:
                raise ExpressionError(messages.NEEDS_PARENTHESES, column, name=name)
            self.count()
            self.advance()
            argument = self.parenthesized(self.token)
            value = None
            if argument.value is not None:
                a = argument.value
                if name in ("sqrt", "log") and a < 0:
                    raise self.fail(token.start, argument.end, messages.NOT_REAL)
                value = self.checked(lambda: self.math_functions[name](a), token.start, argument.end)
            expr = self.defined(self.functions[name](argument.expr), token.start, argument.end)
            return _Node(expr, value, token.start, argument.end)
        if name.startswith("_") or keyword.iskeyword(name) or keyword.issoftkeyword(name):
            template, arguments = _naming_variables(messages.NOT_ALLOWED_ONE_VARIABLE, messages.NOT_ALLOWED_VARIABLES,
                                                    self.variables, name=name)
            raise ExpressionError(template, column, **arguments)
        if self.letters and set(name) <= self.letters:  # xy is x·y, and yx^2 is y·x²: one token per letter
            self.tokens[self.position:self.position + 1] = [
                Token(NAME, letter, token.start + i, letter) for i, letter in enumerate(name)]
            return self.name(self.token)
        if following.kind == LPAREN:
            raise ExpressionError(messages.UNKNOWN_FUNCTION, column, name=name, functions=", ".join(FUNCTIONS))
        template, arguments = _naming_variables(messages.UNKNOWN_NAME_ONE_VARIABLE, messages.UNKNOWN_NAME_VARIABLES,
                                                self.variables, name=name)
        for function in FUNCTIONS:  # sinx: the parentheses were forgotten
            rest = name[len(function):]
            if name.startswith(function) and rest and self.letters and set(rest) <= self.letters:
                template, arguments = messages.UNKNOWN_NAME_FORGOTTEN_PARENTHESES, {"name": name, "function": function,
                                                                                     "rest": rest}
        raise ExpressionError(template, column, **arguments)

    def parenthesized(self, opening: Token) -> _Node:
        self.nest(opening, messages.NESTED_PARENTHESES)
        self.advance()
        if self.token.kind == RPAREN:
            raise ExpressionError(messages.EMPTY_PARENTHESES, opening.column)
        inner = self.expression()
        closing = self.token
        if closing.kind == END:
            raise ExpressionError(messages.NEVER_CLOSED, opening.column)
        if closing.kind != RPAREN:
            raise self.unexpected_after_term(closing)
        self.advance()
        self.depth -= 1
        return _Node(inner.expr, inner.value, opening.start, closing.end)

    # -- messages for tokens in the wrong place

    def missing_term(self, token: Token) -> ExpressionError:
        previous = self.previous
        if token.kind == END and previous is not None and previous.kind == LPAREN:
            return ExpressionError(messages.NEVER_CLOSED, previous.column)
        if token.kind == RPAREN and self.depth == 0:
            return ExpressionError(messages.UNMATCHED_CLOSING, token.column)
        if previous is not None and previous.kind == OP and token.kind in (END, RPAREN):
            return ExpressionError(messages.MISSING_TERM, previous.column, operator=previous.text)
        if token.kind == END:
            return ExpressionError(messages.EMPTY)
        return ExpressionError(messages.UNEXPECTED, token.column, text=token.text)

    @staticmethod
    def unexpected_after_term(token: Token) -> ExpressionError:
        if token.kind == NUM:
            return ExpressionError(messages.MISSING_OPERATOR, token.column, number=token.text)
        return ExpressionError(messages.UNEXPECTED, token.column, text=token.text)


def parse(text: str, variables: Sequence[str] = LANDSCAPE_VARIABLES) -> sympy.Expr:
    """The sympy expression of a typed formula in `variables` (real symbols); raises ExpressionError."""
    if not isinstance(text, str):
        raise ExpressionError(messages.NOT_TEXT)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(messages.TOO_LONG, length=len(text), limit=MAX_LENGTH)
    if not text.strip():
        raise ExpressionError(messages.EMPTY)
    with not_too_deep():
        return _Parser(text, variables).parse()
