"""Typed landscapes: a small formula language with exact, symbolic gradients compiled to numpy.

The typed text is never evaluated as Python. A tokenizer and a recursive-descent parser of our
own accept only numbers, the variables, `pi`, `e`, `+ - * / ^ **`, parentheses and a fixed set
of functions, and build the sympy expression node by node. sympy is imported lazily, on the
first expression, so that importing this module (and starting the app) stays fast.

Grammar (what a teacher types):

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
import re
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from operator import add, mul, sub, truediv
from typing import TYPE_CHECKING, Any

import numpy as np

from gdsim.model.landscapes import Box, CriticalKind, CriticalPoint, Landscape

if TYPE_CHECKING:
    import sympy

MAX_LENGTH = 500
MAX_NESTING = 50
MAX_PARTS = 400
MAX_EXPONENT = 64
FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh")
CONSTANTS = ("pi", "e")
LANDSCAPE_VARIABLES = ("x", "y")
AUTO_BOX_SEARCH = 10.0  # critical points are looked for in [-10, 10]^dim
DEFAULT_BOX = 5.0  # ... and when none is found the view is [-5, 5]^dim

# The critical-point search evaluates the gradient ~1,000 times: past this many characters of
# formula and gradient (about 75 ms of searching) the automatic box is simply [-5, 5]^dim.
_MAX_SEARCHED_FORMULA = 1000

# Exact integer powers beyond this many bits are refused (only reachable through terms that
# cancel, like 10^300 + x - x: everything constant is also checked in floating point).
_MAX_EXACT_BITS = 4096


class ExpressionError(ValueError):
    """Bad typed input. str(error) is the full one-line message; `column` is 1-based, or None."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


# ---------------------------------------------------------------------------------------------
# Tokens

_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPT_VALUE = re.compile(r"-?[0-9]+\Z")
_OPERATOR_ALIASES = {"−": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/"}  # pasted from slides
_CHAR_HINTS = {"√": "; use sqrt(...)", "|": "; use abs(...)"}
_OTHER_LETTERS = re.compile(r"[^\W\d_]+")  # θ, λ: reported as unknown names, not as odd characters

NUM, NAME, OP, LPAREN, RPAREN, SUP, END, ERROR = "num", "name", "op", "(", ")", "sup", "end", "error"


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str  # as typed
    start: int  # 0-based index into the text
    value: Any = None  # NUM: the number's text; OP: the operator (** is ^); SUP: int; ERROR: the error

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def column(self) -> int:
        return self.start + 1


def _tokens(text: str) -> list[_Token]:
    """The tokens of `text`, ending in END, or in an ERROR token where the text stops making sense.

    The error is raised only when the parser reaches it, so the leftmost problem is reported.
    """
    tokens: list[_Token] = []
    i, n = 0, len(text)

    def error(message: str) -> list[_Token]:
        tokens.append(_Token(ERROR, "", i, ExpressionError(message, i + 1)))
        return tokens

    while i < n:
        ch = text[i]
        column = i + 1
        if ch.isspace():
            i += 1
        elif "0" <= ch <= "9" or (ch == "." and i + 1 < n and "0" <= text[i + 1] <= "9"):
            match = _NUMBER.match(text, i)
            end = match.end()
            if end < n and text[end] == ".":
                garbage = re.compile(r"[0-9A-Za-z_.]*").match(text, i).group()
                return error(f"malformed number '{garbage}' at column {column}")
            tokens.append(_Token(NUM, match.group(), i, match.group()))
            i = end
        elif ch == ".":
            attribute = _NAME.match(text, i + 1)
            if attribute:
                return error(f"attribute '.{attribute.group()}' at column {column} is not allowed")
            return error(f"unexpected '.' at column {column}")
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            match = _NAME.match(text, i)
            tokens.append(_Token(NAME, match.group(), i, match.group()))
            i = match.end()
        elif ch == "π":
            tokens.append(_Token(NAME, ch, i, "pi"))
            i += 1
        elif ch.isalpha():
            match = _OTHER_LETTERS.match(text, i)
            tokens.append(_Token(NAME, match.group(), i, match.group()))
            i = match.end()
        elif ch == "*" and text.startswith("**", i):
            tokens.append(_Token(OP, "**", i, "^"))
            i += 2
        elif ch in "+-*/^":
            tokens.append(_Token(OP, ch, i, ch))
            i += 1
        elif ch in _OPERATOR_ALIASES:
            tokens.append(_Token(OP, ch, i, _OPERATOR_ALIASES[ch]))
            i += 1
        elif ch in _SUPERSCRIPT_CHARS:
            end = i
            while end < n and text[end] in _SUPERSCRIPT_CHARS:
                end += 1
            typed = text[i:end]
            digits = typed.translate(_SUPERSCRIPT_DIGITS)
            if not _SUPERSCRIPT_VALUE.match(digits):
                return error(f"unexpected '{typed}' at column {column}")
            tokens.append(_Token(SUP, typed, i, int(digits)))
            i = end
        elif ch == "(":
            tokens.append(_Token(LPAREN, ch, i))
            i += 1
        elif ch == ")":
            tokens.append(_Token(RPAREN, ch, i))
            i += 1
        elif ch in "'\"`‘’“”":
            return error(f"quote at column {column}; strings are not allowed")
        elif ch in "[]{}":
            return error(f"'{ch}' at column {column}; use round parentheses ( ) to group")
        elif ch == ",":
            return error(f"',' at column {column}; functions take one argument and decimals use '.'")
        elif ch == "=":
            return error(f"'=' at column {column}; type only the expression, like x^2 + y^2")
        elif ch == ";":
            return error(f"';' at column {column}; type one expression")
        else:
            shown = ch if ch.isprintable() else ch.encode("unicode_escape").decode()
            return error(f"unexpected character '{shown}' at column {column}{_CHAR_HINTS.get(ch, '')}")
    tokens.append(_Token(END, "", n))
    return tokens


# ---------------------------------------------------------------------------------------------
# Parser


@dataclass(frozen=True)
class _Node:
    """A parsed piece: its sympy expression, its float value when it is a constant, its span."""

    expr: Any
    value: float | None
    start: int
    end: int


def _variables_phrase(variables: Sequence[str]) -> str:
    if len(variables) == 1:
        return f"the variable is {variables[0]}"
    return f"variables are {', '.join(variables[:-1])} and {variables[-1]}"


class _Parser:
    def __init__(self, text: str, variables: Sequence[str]):
        import sympy as sp

        self.sp = sp
        self.text = text
        self.variables = tuple(variables)
        self.symbols = {name: sp.Symbol(name, real=True) for name in self.variables}
        self.letters = {name for name in self.variables if len(name) == 1}
        self.tokens = _tokens(text)
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
    def token(self) -> _Token:
        return self.tokens[self.position]

    @property
    def previous(self) -> _Token | None:
        return self.tokens[self.position - 1] if self.position else None

    def advance(self) -> _Token:
        token = self.token
        self.position += 1
        self._raise_if_error(self.token)
        return token

    @staticmethod
    def _raise_if_error(token: _Token) -> None:
        if token.kind == ERROR:
            raise token.value

    def count(self, parts: int = 1) -> None:
        self.parts += parts
        if self.parts > MAX_PARTS:
            raise ExpressionError(f"the expression is too big; at most {MAX_PARTS} numbers, names and operators")

    def nest(self, token: _Token, what: str) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionError(f"too many nested {what} at column {token.column}; at most {MAX_NESTING}",
                                  token.column)

    # -- checks on what a node computes

    def quoted(self, start: int, end: int) -> str:
        piece = " ".join(self.text[start:end].split())  # one line, whatever whitespace was typed
        return piece if len(piece) <= 30 else piece[:29] + "…"

    def fail(self, start: int, end: int, problem: str) -> ExpressionError:
        while start < end and self.text[start].isspace():
            start += 1
        return ExpressionError(f"'{self.quoted(start, end)}' at column {start + 1} {problem}", start + 1)

    def checked(self, compute: Callable[[], float | complex], start: int, end: int) -> float:
        """A constant's float value, or an error that says why it is not a usable real number."""
        try:
            value = compute()
        except ZeroDivisionError:
            raise self.fail(start, end, "divides by zero") from None
        except OverflowError:
            raise self.fail(start, end, "is too large") from None
        except ValueError:
            raise self.fail(start, end, "is undefined") from None
        if isinstance(value, complex):
            raise self.fail(start, end, "is not a real number")
        if math.isnan(value):
            raise self.fail(start, end, "is undefined")
        if math.isinf(value):
            raise self.fail(start, end, "is too large")
        return value

    def defined(self, expr, start: int, end: int):
        if any(expr is bad for bad in self.undefined):
            raise self.fail(start, end, "is undefined")
        return expr

    # -- grammar

    def parse(self):
        node = self.expression()
        token = self.token
        if token.kind == RPAREN:
            raise ExpressionError(f"')' at column {token.column} has no matching '('", token.column)
        if token.kind != END:
            raise self.unexpected_after_term(token)
        expr = node.expr
        if expr.has(self.sp.I, *self.undefined):
            raise ExpressionError("part of the expression is not a real number")
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
                raise self.fail(start, end, "divides by zero")
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
            self.nest(operator, "powers")
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
            raise self.fail(base.start, exponent.end, "is not a real number")
        value = None
        if base.value is not None and p is not None:  # so (x - x - 8)^(1/3) is refused like (-8)^(1/3)
            b = base.value
            value = self.checked(lambda: b ** p, base.start, exponent.end)
        elif base.expr.is_Rational and exponent.expr.is_Rational:
            bits = max(abs(base.expr.p).bit_length(), abs(base.expr.q).bit_length())
            if bits * abs(float(exponent.expr)) > _MAX_EXACT_BITS:
                raise self.fail(base.start, exponent.end, "is too large")
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
        return ExpressionError(f"exponent {shown} at column {start + 1} is too large; at most {MAX_EXPONENT}",
                               start + 1)

    def primary(self) -> _Node:
        token = self.token
        if token.kind == NUM:
            return self.number(token)
        if token.kind == NAME:
            return self.name(token)
        if token.kind == LPAREN:
            return self.parenthesized(token)
        raise self.missing_term(token)

    def number(self, token: _Token) -> _Node:
        sp = self.sp
        self.count()
        text = token.value
        if text.isdigit():
            value = self.checked(lambda: float(int(text)), token.start, token.end)
            expr = sp.Integer(int(text))
        else:
            value = float(text)
            if math.isinf(value):
                raise ExpressionError(f"number '{text}' at column {token.column} is too large", token.column)
            expr = sp.Integer(int(value)) if value.is_integer() and abs(value) < 2.0**53 else sp.Float(value)
        self.advance()
        return _Node(expr, value, token.start, token.end)

    def name(self, token: _Token) -> _Node:
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
                raise ExpressionError(f"function '{name}' at column {column} needs parentheses, "
                                      f"as in {name}(x)", column)
            self.count()
            self.advance()
            argument = self.parenthesized(self.token)
            value = None
            if argument.value is not None:
                a = argument.value
                if name in ("sqrt", "log") and a < 0:
                    raise self.fail(token.start, argument.end, "is not a real number")
                value = self.checked(lambda: self.math_functions[name](a), token.start, argument.end)
            expr = self.defined(self.functions[name](argument.expr), token.start, argument.end)
            return _Node(expr, value, token.start, argument.end)
        if name.startswith("_") or keyword.iskeyword(name) or keyword.issoftkeyword(name):
            raise ExpressionError(f"'{name}' at column {column} is not allowed; "
                                  f"type a formula in {' and '.join(self.variables)}", column)
        if self.letters and set(name) <= self.letters:  # xy is x·y, and yx^2 is y·x²: one token per letter
            self.tokens[self.position:self.position + 1] = [
                _Token(NAME, letter, token.start + i, letter) for i, letter in enumerate(name)]
            return self.name(self.token)
        if following.kind == LPAREN:
            raise ExpressionError(f"unknown function '{name}' at column {column}; "
                                  f"functions are {', '.join(FUNCTIONS)}", column)
        hint = _variables_phrase(self.variables)
        for function in FUNCTIONS:  # sinx: the parentheses were forgotten
            rest = name[len(function):]
            if name.startswith(function) and rest and self.letters and set(rest) <= self.letters:
                hint = f"write {function}({rest})"
        raise ExpressionError(f"unknown name '{name}' at column {column}; {hint}", column)

    def parenthesized(self, opening: _Token) -> _Node:
        self.nest(opening, "parentheses")
        self.advance()
        if self.token.kind == RPAREN:
            raise ExpressionError(f"empty parentheses at column {opening.column}", opening.column)
        inner = self.expression()
        closing = self.token
        if closing.kind == END:
            raise ExpressionError(f"'(' at column {opening.column} is never closed", opening.column)
        if closing.kind != RPAREN:
            raise self.unexpected_after_term(closing)
        self.advance()
        self.depth -= 1
        return _Node(inner.expr, inner.value, opening.start, closing.end)

    # -- messages for tokens in the wrong place

    def missing_term(self, token: _Token) -> ExpressionError:
        previous = self.previous
        if token.kind == END and previous is not None and previous.kind == LPAREN:
            return ExpressionError(f"'(' at column {previous.column} is never closed", previous.column)
        if token.kind == RPAREN and self.depth == 0:
            return ExpressionError(f"')' at column {token.column} has no matching '('", token.column)
        if previous is not None and previous.kind == OP and token.kind in (END, RPAREN):
            return ExpressionError(f"missing a term after '{previous.text}' at column {previous.column}",
                                   previous.column)
        if token.kind == END:
            return ExpressionError("the expression is empty")
        return ExpressionError(f"unexpected '{token.text}' at column {token.column}", token.column)

    @staticmethod
    def unexpected_after_term(token: _Token) -> ExpressionError:
        if token.kind == NUM:
            return ExpressionError(f"missing operator before '{token.text}' at column {token.column}", token.column)
        return ExpressionError(f"unexpected '{token.text}' at column {token.column}", token.column)


@contextmanager
def _not_too_deep():
    """sympy's differentiation, printing and our printer recurse once per level of nesting."""
    try:
        yield
    except RecursionError:
        raise ExpressionError("the expression is too deeply nested") from None


def parse(text: str, variables: Sequence[str] = LANDSCAPE_VARIABLES) -> sympy.Expr:
    """The sympy expression of a typed formula in `variables` (real symbols); raises ExpressionError."""
    if not isinstance(text, str):
        raise ExpressionError("the expression must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(text)} characters; at most {MAX_LENGTH})")
    if not text.strip():
        raise ExpressionError("the expression is empty")
    with _not_too_deep():
        return _Parser(text, variables).parse()


# ---------------------------------------------------------------------------------------------
# Compiling to numpy


def _symbols(names: Sequence[str]):
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
        return ExpressionError("the expression cannot be computed: a number in it is beyond the range of "
                               "floating point (about 10⁻³⁰⁸ to 10³⁰⁸)")
    return ExpressionError(f"the expression cannot be computed ({type(error).__name__})")


def _compile(exprs: Sequence, names: Sequence[str]) -> Callable[[np.ndarray], list[np.ndarray]]:
    """points (n, len(names)) -> one float array (n,) per expression."""
    import sympy as sp

    if any(e.has(sp.I, sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity) for e in exprs):
        raise ExpressionError("part of the expression is not a real number")
    try:
        function = sp.lambdify(_symbols(names), [_big_integers_as_floats(e) for e in exprs], modules="numpy")
    except (RecursionError, SyntaxError, MemoryError):  # Python's parser refuses > 200 nested brackets
        raise ExpressionError("the expression is too deeply nested") from None
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


def _derive(expr, names: Sequence[str]) -> list:
    import sympy as sp

    with _not_too_deep():
        return [sp.diff(expr, symbol) for symbol in _symbols(names)]


def _automatic_box(evaluate, dim: int) -> tuple[Box, tuple[CriticalPoint, ...]]:
    """A box around the minima and saddles found in [-10, 10]^dim, else [-5, 5]^dim, and the
    critical points found inside it (so nobody has to search again to mark them)."""
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
    points = np.array([c.point for c in found if c.kind in (CriticalKind.MINIMUM, CriticalKind.SADDLE)])
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
    saddles found in [-10, 10]^dim, with a margin of max(2, half their spread), else [-5, 5]^dim.
    """
    f = parse(text, LANDSCAPE_VARIABLES)
    x, y = _symbols(LANDSCAPE_VARIABLES)
    used = f.free_symbols
    if not used:
        raise ExpressionError("the expression has no variable; use x (and y)")
    dim = 2 if y in used else 1
    names = LANDSCAPE_VARIABLES[:dim]
    gradient = _derive(f, names)
    columns = _compile([f, *gradient], names)

    def evaluate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        value, *partials = columns(points)
        return value, np.column_stack(partials)

    with _not_too_deep():
        formula = readable(f)
        gradient_formulas = tuple(readable(g) for g in gradient)
    critical_points = None
    if view_box is not None and len(view_box) == dim:
        box = view_box
    elif len(formula) + sum(map(len, gradient_formulas)) > _MAX_SEARCHED_FORMULA:
        box = ((-DEFAULT_BOX, DEFAULT_BOX),) * dim  # searching would take seconds
    else:
        box, critical_points = _automatic_box(evaluate, dim)
    return Landscape(name="expression", title=text.strip(), formula=formula, dim=dim,
                     view_box=tuple((float(lo), float(hi)) for lo, hi in box), evaluate=evaluate,
                     gradient_formulas=gradient_formulas, source=text, critical_points=critical_points)


def split_components(text: str) -> list[str]:
    """The components of a typed gradient "DFDX; DFDY", stripped."""
    return [part.strip() for part in text.split(";")]


def gradient_from_components(texts: Sequence[str], dim: int) -> Callable[[np.ndarray], np.ndarray]:
    """The user's own gradient, one typed component per variable: points (n, dim) -> (n, dim)."""
    texts = list(texts)
    if len(texts) != dim:
        expected = "1 gradient component" if dim == 1 else f"{dim} gradient components separated by ';'"
        raise ExpressionError(f"expected {expected}, got {len(texts)}")
    names = LANDSCAPE_VARIABLES[:dim]
    exprs = []
    for name, component in zip(names, texts, strict=True):
        try:
            exprs.append(parse(component, names))
        except ExpressionError as error:
            raise ExpressionError(f"∂f/∂{name}: {error}", error.column) from None
    columns = _compile(exprs, names)

    def gradient(points: np.ndarray) -> np.ndarray:
        return np.column_stack(columns(points))

    return gradient


# ---------------------------------------------------------------------------------------------
# Readable math

_ADD, _NEG, _MUL, _POW, _ATOM = range(5)
_TO_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _superscript(n: int) -> str:
    return str(n).translate(_TO_SUPERSCRIPT)


def _format_float(value: float) -> str:
    text = f"{value:.12g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}·10{_superscript(int(exponent))}"
    return text


def _integral(number) -> int | None:
    """The integer value of a sympy number that is a whole number (2 or 2.0), else None."""
    if number.is_Integer:
        return int(number)
    if number.is_Float and float(number).is_integer() and abs(float(number)) < 1e15:
        return int(number)
    return None


class _Readable:
    def __init__(self):
        import sympy as sp

        self.sp = sp

    def wrap(self, printed: tuple[str, int], at_least: int) -> str:
        text, precedence = printed
        return text if precedence >= at_least else f"({text})"

    def print(self, e) -> tuple[str, int]:
        sp = self.sp
        if e.is_Number:
            return self.number(e)
        if e is sp.pi:
            return "π", _ATOM
        if e is sp.E:
            return "e", _ATOM
        if e.is_Symbol:
            return e.name, _ATOM
        if e.is_Add:
            return self.add(e)
        if e.is_Mul:
            return self.mul(e)
        if e.is_Pow:
            return self.pow(e)
        if isinstance(e, sp.Abs):
            return f"|{self.print(e.args[0])[0]}|", _ATOM
        if isinstance(e, sp.Function):
            return f"{type(e).__name__}({', '.join(self.print(a)[0] for a in e.args)})", _ATOM
        return str(e), _ATOM

    def number(self, e) -> tuple[str, int]:
        if e.is_Integer:
            text = str(abs(int(e)))
            precedence = _ATOM
        elif e.is_Rational:
            text = f"{abs(e.p)}/{e.q}"
            precedence = _MUL
        elif e.is_Float:
            text = _format_float(abs(float(e)))
            precedence = _MUL if "·" in text else _ATOM
        else:
            text, precedence = str(e), _ATOM
        if e.is_negative:
            return "−" + text, _NEG
        return text, precedence

    def add(self, e) -> tuple[str, int]:
        parts = []
        for term in e.as_ordered_terms():
            negative = term.could_extract_minus_sign()
            text = self.wrap(self.print(-term if negative else term), _NEG + 1)
            if not parts:
                parts.append(("−" if negative else "") + text)
            else:
                parts.append((" − " if negative else " + ") + text)
        return "".join(parts), _ADD

    def mul(self, e) -> tuple[str, int]:
        sp = self.sp
        coefficient, rest = e.as_coeff_Mul()
        factors = rest.as_ordered_factors()
        if coefficient.is_negative:
            return "−" + self.wrap(self.print(-e), _MUL), _NEG
        numerator, denominator = [], []
        if coefficient.is_Rational:
            if coefficient.p != 1:
                numerator.append(sp.Integer(coefficient.p))
            if coefficient.q != 1:
                denominator.append(sp.Integer(coefficient.q))
        elif float(coefficient) != 1.0:
            numerator.append(coefficient)
        for factor in factors:
            if factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
                denominator.append(sp.Pow(factor.base, -factor.exp, evaluate=False) if factor.exp != -1
                                   else factor.base)
            else:
                numerator.append(factor)
        top_factors = [self.print(f) for f in numerator]
        if not denominator and len(top_factors) == 1:
            return top_factors[0]
        top = "·".join(self.wrap(p, _MUL) for p in top_factors) or "1"
        if not denominator:
            return top, _MUL
        bottom_factors = [self.print(f) for f in denominator]
        if len(bottom_factors) == 1:
            bottom = self.wrap(bottom_factors[0], _POW)
        else:
            bottom = "(" + "·".join(self.wrap(p, _MUL) for p in bottom_factors) + ")"
        return f"{top}/{bottom}", _MUL

    def pow(self, e) -> tuple[str, int]:
        sp = self.sp
        base, exponent = e.args
        if exponent.is_Number and exponent.is_negative:
            positive = base if exponent == -1 else sp.Pow(base, -exponent, evaluate=False)
            return f"1/{self.wrap(self.print(positive), _POW)}", _MUL
        if exponent == sp.Rational(1, 2):
            return "√" + self.wrap(self.print(base), _ATOM), _POW
        whole = _integral(exponent) if exponent.is_Number else None
        if whole is not None:
            return self.wrap(self.print(base), _ATOM) + (_superscript(whole) if whole != 1 else ""), _POW
        return f"{self.wrap(self.print(base), _ATOM)}^{self.wrap(self.print(exponent), _ATOM)}", _POW


def readable(expr) -> str:
    """One line of Unicode math for a label: 0.4·x²·y² − 0.2·x + 2.1·y, √x, π, exp(x), |x|."""
    return _Readable().print(expr)[0]
