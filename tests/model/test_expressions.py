"""Typed landscapes: the parser (good and bad inputs), exact gradients, readable math, safety limits."""

import builtins
import json
import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdsim.model.expressions import (
    ExpressionError,
    gradient_from_components,
    landscape_from_expression,
    parse,
    readable,
    split_components,
)

X, Y = 0.7, -1.3

# text, f(x, y) at (X, Y)
GOOD = [
    ("0.01*x^2 + 0.1*x", lambda x, y: 0.01 * x**2 + 0.1 * x),
    ("x^2 + y^2", lambda x, y: x**2 + y**2),
    ("(1-x)^2 + 100(y-x^2)^2", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2),
    ("0.4x^2*y^2 - 0.2x + 2.1y", lambda x, y: 0.4 * x**2 * y**2 - 0.2 * x + 2.1 * y),
    ("2", lambda x, y: 2.0),
    ("0.5", lambda x, y: 0.5),
    (".5", lambda x, y: 0.5),
    ("1e-3", lambda x, y: 1e-3),
    ("2.5E+4", lambda x, y: 2.5e4),
    ("2e3", lambda x, y: 2000.0),
    ("2e", lambda x, y: 2 * math.e),
    ("2e-x", lambda x, y: 2 * math.e - x),
    ("e", lambda x, y: math.e),
    ("pi", lambda x, y: math.pi),
    ("2pi x", lambda x, y: 2 * math.pi * x),
    ("2x", lambda x, y: 2 * x),
    ("2 x", lambda x, y: 2 * x),
    ("2*x", lambda x, y: 2 * x),
    ("xy", lambda x, y: x * y),
    ("yx^2", lambda x, y: y * x**2),
    ("x y", lambda x, y: x * y),
    ("(x+1)(x-1)", lambda x, y: (x + 1) * (x - 1)),
    ("x(1-x)", lambda x, y: x * (1 - x)),
    ("2sin(x)", lambda x, y: 2 * math.sin(x)),
    ("sin(x)cos(y)", lambda x, y: math.sin(x) * math.cos(y)),
    ("100(y-x^2)^2", lambda x, y: 100 * (y - x**2) ** 2),
    ("x^2", lambda x, y: x**2),
    ("x**2", lambda x, y: x**2),
    ("-x^2", lambda x, y: -(x**2)),
    ("-x**2", lambda x, y: -(x**2)),
    ("2^3^2", lambda x, y: 512.0),
    ("2**3**2", lambda x, y: 512.0),
    ("x^-2", lambda x, y: x**-2),
    ("2^-x^2", lambda x, y: 2 ** -(x**2)),
    ("-2x", lambda x, y: -2 * x),
    ("+x", lambda x, y: x),
    ("- -x", lambda x, y: x),
    ("x - -y", lambda x, y: x + y),
    ("2*-x", lambda x, y: -2 * x),
    ("1/2x", lambda x, y: x / 2),
    ("x/y/2", lambda x, y: x / y / 2),
    ("3/(2x)", lambda x, y: 3 / (2 * x)),
    ("sin(x) + cos(y) + tan(x)", lambda x, y: math.sin(x) + math.cos(y) + math.tan(x)),
    ("exp(-x^2 - y^2)", lambda x, y: math.exp(-(x**2) - y**2)),
    ("e^x", lambda x, y: math.exp(x)),
    ("log(x)", lambda x, y: math.log(x)),
    ("sqrt(x)", lambda x, y: math.sqrt(x)),
    ("abs(y)", lambda x, y: abs(y)),
    ("tanh(x y)", lambda x, y: math.tanh(x * y)),
    ("x^0.5", lambda x, y: x**0.5),
    ("x^(1/3)", lambda x, y: x ** (1 / 3)),
    ("x^y", lambda x, y: x**y),
    ("sin(x)^2", lambda x, y: math.sin(x) ** 2),
    ("((x))", lambda x, y: x),
    ("  x\t+ y  ", lambda x, y: x + y),
    ("x²+y³", lambda x, y: x**2 + y**3),
    ("x⁻¹", lambda x, y: 1 / x),
    ("0.4·x²·y² − 0.2·x + 2.1·y", lambda x, y: 0.4 * x**2 * y**2 - 0.2 * x + 2.1 * y),
    ("2×x ÷ 4", lambda x, y: x / 2),
    ("πx", lambda x, y: math.pi * x),
    ("1.e2x", lambda x, y: 100 * x),
    ("007", lambda x, y: 7.0),
    ("x^64", lambda x, y: x**64),
    ("9^9", lambda x, y: 9.0**9),
]

# text, the exact message
BAD = [
    ("x^2 + 2z", "unknown name 'z' at column 8; variables are x and y"),
    ("x + X", "unknown name 'X' at column 5; variables are x and y"),
    ("x2", "unknown name 'x2' at column 1; variables are x and y"),
    ("θ^2", "unknown name 'θ' at column 1; variables are x and y"),
    ("xz", "unknown name 'xz' at column 1; variables are x and y"),
    ("12abc", "unknown name 'abc' at column 3; variables are x and y"),
    ("sinx", "unknown name 'sinx' at column 1; write sin(x)"),
    ("foo(x)", "unknown function 'foo' at column 1; functions are sin, cos, tan, exp, log, sqrt, abs, tanh"),
    ("open('f')", "unknown function 'open' at column 1; functions are sin, cos, tan, exp, log, sqrt, abs, tanh"),
    ("sin x", "function 'sin' at column 1 needs parentheses, as in sin(x)"),
    ("2 + cos", "function 'cos' at column 5 needs parentheses, as in cos(x)"),
    ("sin^2(x)", "function 'sin' at column 1 needs parentheses, as in sin(x)"),
    ("x.real", "attribute '.real' at column 2 is not allowed"),
    ("x + .", "unexpected '.' at column 5"),
    ("'x'", "quote at column 1; strings are not allowed"),
    ('x + "y"', "quote at column 5; strings are not allowed"),
    ("[x]", "'[' at column 1; use round parentheses ( ) to group"),
    ("x*{y}", "'{' at column 3; use round parentheses ( ) to group"),
    ("sin(x, y)", "',' at column 6; functions take one argument and decimals use '.'"),
    ("0,5x", "',' at column 2; functions take one argument and decimals use '.'"),
    ("lambda: 1", "'lambda' at column 1 is not allowed; type a formula in x and y"),
    ("x if y else 2", "'if' at column 3 is not allowed; type a formula in x and y"),
    ("__import__('os')", "'__import__' at column 1 is not allowed; type a formula in x and y"),
    ("x.__class__", "attribute '.__class__' at column 2 is not allowed"),
    ("().__class__", "empty parentheses at column 1"),
    ("1_000", "'_000' at column 2 is not allowed; type a formula in x and y"),
    ("f = x^2", "unknown name 'f' at column 1; variables are x and y"),
    ("x = 2", "'=' at column 3; type only the expression, like x^2 + y^2"),
    ("x; y", "';' at column 2; type one expression"),
    ("(x + 1", "'(' at column 1 is never closed"),
    ("(", "'(' at column 1 is never closed"),
    ("x + 1)", "')' at column 6 has no matching '('"),
    (")x", "')' at column 1 has no matching '('"),
    ("()", "empty parentheses at column 1"),
    ("", "the expression is empty"),
    ("   ", "the expression is empty"),
    ("x +", "missing a term after '+' at column 3"),
    ("x *", "missing a term after '*' at column 3"),
    ("x^", "missing a term after '^' at column 2"),
    ("x**", "missing a term after '**' at column 2"),
    ("-", "missing a term after '-' at column 1"),
    ("(x +)", "missing a term after '+' at column 4"),
    ("* x", "unexpected '*' at column 1"),
    ("x * / y", "unexpected '/' at column 5"),
    ("x 2", "missing operator before '2' at column 3"),
    ("2 3", "missing operator before '3' at column 3"),
    ("2.5.3", "malformed number '2.5.3' at column 1"),
    ("1..2 + x", "malformed number '1..2' at column 1"),
    ("3$", "unexpected character '$' at column 2"),
    ("x @ y", "unexpected character '@' at column 3"),
    ("x\x00", "unexpected character '\\x00' at column 2"),
    ("√x", "unexpected character '√' at column 1; use sqrt(...)"),
    ("|x|", "unexpected character '|' at column 1; use abs(...)"),
    ("9^9^9", "exponent 387420489 at column 3 is too large; at most 64"),
    ("2^1000", "exponent 1000 at column 3 is too large; at most 64"),
    ("x^65", "exponent 65 at column 3 is too large; at most 64"),
    ("x^(x - x + 100)", "exponent 100 at column 3 is too large; at most 64"),
    ("1e999", "number '1e999' at column 1 is too large"),
    ("(10^60)^64", "'(10^60)^64' at column 1 is too large"),
    ("exp(1000) + x", "'exp(1000)' at column 1 is too large"),
    ("1/0", "'1/0' at column 1 divides by zero"),
    ("x + y/(2 - 2)", "'y/(2 - 2)' at column 5 divides by zero"),
    ("log(0)", "'log(0)' at column 1 is undefined"),
    ("tan(pi/2)", "'tan(pi/2)' at column 1 is undefined"),
    ("sqrt(-1)", "'sqrt(-1)' at column 1 is not a real number"),
    ("x + log(-2)", "'log(-2)' at column 5 is not a real number"),
    ("(-8)^(1/3)", "'(-8)^(1/3)' at column 1 is not a real number"),
    ("(-2)^x", "'(-2)^x' at column 1 is not a real number"),
    ("(" * 51 + "x" + ")" * 51, "too many nested parentheses at column 51; at most 50"),
    ("x" + "^x" * 51, "too many nested powers at column 102; at most 50"),
    ("x" * 501, "the expression is too long (501 characters; at most 500)"),
    ("+".join(["x"] * 201), "the expression is too big; at most 400 numbers, names and operators"),
]


def value_at(text, x=X, y=Y):
    expr = parse(text)
    return float(expr.subs({sp.Symbol("x", real=True): x, sp.Symbol("y", real=True): y}))


@pytest.mark.parametrize(("text", "expected"), GOOD, ids=[t for t, _ in GOOD])
def test_good_input_parses_to_the_right_value(text, expected):
    assert value_at(text) == pytest.approx(expected(X, Y), rel=1e-12)


@pytest.mark.parametrize(("text", "message"), BAD, ids=[t[:30] for t, _ in BAD])
def test_bad_input_is_refused_with_a_message_that_says_what_and_where(text, message):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert str(caught.value) == message
    if " at column " in message:
        column = int(message.split(" at column ")[1].split()[0].rstrip(";"))
        assert caught.value.column == column
    else:
        assert caught.value.column is None


def test_the_error_is_a_value_error_with_one_line():
    with pytest.raises(ValueError) as caught:
        landscape_from_expression("x + (y")
    assert "\n" not in str(caught.value)


def test_the_leftmost_problem_is_reported():
    assert_message("z + 'a'", "unknown name 'z' at column 1; variables are x and y")
    assert_message("x) + 'a'", "')' at column 2 has no matching '('")


def assert_message(text, message):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert str(caught.value) == message


def test_a_formula_in_x_alone_names_only_x():
    assert_message_in_x = "unknown name 'y' at column 3; the variable is x"
    with pytest.raises(ExpressionError, match=assert_message_in_x):
        parse("2*y", variables=("x",))


# ---------------------------------------------------------------------------------------------
# Landscapes


def test_the_lesson_functions_have_their_exact_gradients():
    ramp = landscape_from_expression("0.01*x^2 + 0.1*x")
    assert ramp.dim == 1
    np.testing.assert_allclose(ramp.gradient(np.array([[5.0], [10.0]]))[:, 0], [0.2, 0.3], rtol=1e-14)
    bowl = landscape_from_expression("x^2 + y^2")
    value, gradient = bowl.value_and_gradient(np.array([[3.0, 4.0]]))
    assert value[0] == 25.0
    np.testing.assert_array_equal(gradient, [[6.0, 8.0]])


def test_rosenbrock_and_the_momentum_demo_typed_match_their_formulas():
    points = np.random.default_rng(4).uniform(-2, 2, size=(50, 2))
    x, y = points.T
    rosenbrock = landscape_from_expression("(1-x)^2 + 100(y-x^2)^2")
    np.testing.assert_allclose(rosenbrock.value(points), (1 - x) ** 2 + 100 * (y - x * x) ** 2, rtol=1e-13)
    np.testing.assert_allclose(rosenbrock.gradient(points),
                               np.column_stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]),
                               rtol=1e-12, atol=1e-12)
    demo = landscape_from_expression("0.4x^2*y^2 - 0.2x + 2.1y")
    np.testing.assert_allclose(demo.gradient(points),
                               np.column_stack([0.8 * x * y * y - 0.2, 0.8 * x * x * y + 2.1]), rtol=1e-13)


def test_landscape_fields():
    landscape = landscape_from_expression("  x^2 + y^2 ")
    assert landscape.name == "expression"
    assert landscape.title == "x^2 + y^2"
    assert landscape.source == "  x^2 + y^2 "
    assert landscape.formula == "x² + y²"
    assert landscape.gradient_formulas == ("2·x", "2·y")
    assert landscape.variables == ("x", "y")


@pytest.mark.parametrize(("text", "dim"), [("x^2", 1), ("y^2", 2), ("x + y", 2), ("sin(x)", 1), ("x y", 2)])
def test_the_variables_used_decide_the_dimension(text, dim):
    landscape = landscape_from_expression(text)
    assert landscape.dim == dim
    assert len(landscape.view_box) == dim
    assert len(landscape.gradient_formulas) == dim
    value, gradient = landscape.value_and_gradient(np.zeros((3, dim)))
    assert value.shape == (3,) and gradient.shape == (3, dim)


@pytest.mark.parametrize("text", ["3", "pi^2 + e", "x - x", "0*y"])
def test_an_expression_without_a_variable_is_refused(text):
    with pytest.raises(ExpressionError, match=r"^the expression has no variable; use x \(and y\)$"):
        landscape_from_expression(text)


def test_constant_partial_derivatives_come_back_as_arrays():
    landscape = landscape_from_expression("3x - 2y")
    value, gradient = landscape.value_and_gradient(np.ones((4, 2)))
    assert value.dtype == float and gradient.dtype == float
    np.testing.assert_array_equal(gradient, np.tile([3.0, -2.0], (4, 1)))
    empty_value, empty_gradient = landscape.value_and_gradient(np.zeros((0, 2)))
    assert empty_value.shape == (0,) and empty_gradient.shape == (0, 2)
    value[0] = 7.0  # the arrays are the caller's own


def test_values_that_overflow_or_leave_the_domain_are_inf_or_nan_not_errors():
    landscape = landscape_from_expression("exp(x^2) + sqrt(y)")
    value, gradient = landscape.value_and_gradient(np.array([[100.0, 1.0], [0.0, -1.0]]))
    assert value[0] == np.inf and np.isnan(value[1])
    assert np.isnan(gradient[1, 1])


@pytest.mark.parametrize(("text", "box"), [
    ("x^2 + y^2", ((-2.0, 2.0), (-2.0, 2.0))),
    ("(1-x)^2 + 100(y-x^2)^2", ((-1.0, 3.0), (-1.0, 3.0))),
    ("0.01*x^2 + 0.1*x", ((-7.0, -3.0),)),
    ("x^2 - y^2", ((-2.0, 2.0), (-2.0, 2.0))),  # a saddle counts
    ("(x^2 - 4)^2 + y^2", ((-4.0, 4.0), (-2.0, 2.0))),  # minima at ±2, a saddle at 0: margin = half the spread
    ("-x^2", ((-5.0, 5.0),)),  # a maximum only
    ("x^3 - 3x", ((-3.0, 3.0),)),  # the maximum at -1 beside the minimum at 1: both with a margin
    ("x", ((-5.0, 5.0),)),  # nothing to find
    ("(x - 30)^2", ((-5.0, 5.0),)),  # outside [-10, 10]
])
def test_the_automatic_view_box_frames_the_minima_and_saddles(text, box):
    np.testing.assert_allclose(landscape_from_expression(text).view_box, box, atol=1e-6)


def test_a_given_view_box_is_kept():
    box = ((-1.0, 2.0), (0.0, 5.0))
    assert landscape_from_expression("x^2 + y^2", view_box=box).view_box == box
    assert landscape_from_expression("x^2", view_box=((-3, 1),)).view_box == ((-3.0, 1.0),)


# ---------------------------------------------------------------------------------------------
# Exact gradients of random expressions


def _wrap(term):
    return f"({term})"


LEAVES = st.sampled_from(["x", "y", "x", "y", "1", "2", "3", "0.5", "1.5", "2x", "0.3y", "xy", "pi", "e"])
SMALL = st.one_of(LEAVES, st.tuples(LEAVES, LEAVES).map(lambda ab: f"{ab[0]}*{ab[1]}"))


def _combine(children):
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda ab: f"{ab[0]} + {ab[1]}"),
        pair.map(lambda ab: f"{ab[0]} - {_wrap(ab[1])}"),
        pair.map(lambda ab: f"{_wrap(ab[0])}*{_wrap(ab[1])}"),
        pair.map(lambda ab: f"{_wrap(ab[0])}{_wrap(ab[1])}"),  # implicit multiplication
        st.tuples(children, st.integers(1, 4), st.sampled_from(["^", "**"])).map(
            lambda t: f"{_wrap(t[0])}{t[2]}{t[1]}"),
        # Functions of small terms only: sin(16x⁸) wiggles too fast for any finite difference.
        st.tuples(st.sampled_from(["exp", "sin", "cos", "tanh"]), SMALL).map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda a: f"-{_wrap(a)}/2"),
    )


EXPRESSIONS = st.recursive(SMALL, _combine, max_leaves=10)


def _richardson_gradient(landscape, points, h):
    """Five-point central differences: error O(h⁴) even where high derivatives are large (sin(x⁶))."""
    grad = np.empty_like(points)
    for axis in range(landscape.dim):
        step = np.zeros(landscape.dim)
        step[axis] = h
        f = {k: landscape.value(points + k * step) for k in (-2, -1, 1, 2)}
        grad[:, axis] = (8 * (f[1] - f[-1]) - (f[2] - f[-2])) / (12 * h)
    return grad


@settings(max_examples=100, deadline=None)
@given(text=EXPRESSIONS, seed=st.integers(0, 2**16))
def test_exact_gradient_matches_central_differences_of_the_value(text, seed):
    try:
        dim = 2 if sp.Symbol("y", real=True) in parse(text).free_symbols else 1
        landscape = landscape_from_expression(text, view_box=((-2.0, 2.0),) * dim)
    except ExpressionError as error:
        assume("no variable" not in str(error))
        raise
    points = np.random.default_rng(seed).uniform(-2, 2, size=(20, landscape.dim))
    value, exact = landscape.value_and_gradient(points)
    numeric = _richardson_gradient(landscape, points, h=1e-5)
    scale = 1.0 + np.max(np.abs(value)) + np.max(np.abs(exact))
    np.testing.assert_allclose(exact, numeric, rtol=1e-6, atol=1e-7 * scale, err_msg=text)
    assert "**" not in landscape.formula and "*" not in "".join(landscape.gradient_formulas)


# ---------------------------------------------------------------------------------------------
# The user's own gradient


def test_split_components():
    assert split_components("DFDX; DFDY") == ["DFDX", "DFDY"]
    assert split_components(" 2x ") == ["2x"]
    assert split_components("2x;2y;") == ["2x", "2y", ""]


def test_a_typed_gradient_is_evaluated_component_by_component():
    gradient = gradient_from_components(split_components("2x; 2"), 2)
    np.testing.assert_array_equal(gradient(np.array([[3.0, 4.0], [1.0, 0.0]])), [[6.0, 2.0], [2.0, 2.0]])
    one_d = gradient_from_components(["0.02x + 0.1"], 1)
    np.testing.assert_allclose(one_d(np.array([[5.0], [10.0]])), [[0.2], [0.3]], rtol=1e-14)


@pytest.mark.parametrize(("texts", "dim", "message"), [
    (["2x"], 2, "expected 2 gradient components separated by ';', got 1"),
    (["2x", "2y", "0"], 2, "expected 2 gradient components separated by ';', got 3"),
    (["2x", "2y"], 1, "expected 1 gradient component, got 2"),
    (["2x", "2z"], 2, "∂f/∂y: unknown name 'z' at column 2; variables are x and y"),
    (["2y"], 1, "∂f/∂x: unknown name 'y' at column 2; the variable is x"),
    (["2x", ""], 2, "∂f/∂y: the expression is empty"),
])
def test_a_typed_gradient_with_the_wrong_shape_or_a_bad_component_is_refused(texts, dim, message):
    with pytest.raises(ExpressionError) as caught:
        gradient_from_components(texts, dim)
    assert str(caught.value) == message


# ---------------------------------------------------------------------------------------------
# Readable math


@pytest.mark.parametrize(("text", "shown"), [
    ("x^2 + y^2", "x² + y²"),
    ("0.4x^2*y^2 - 0.2x + 2.1y", "0.4·x²·y² − 0.2·x + 2.1·y"),
    ("(1-x)^2 + 100(y-x^2)^2", "(1 − x)² + 100·(−x² + y)²"),
    ("0.01*x^2 + 0.1*x", "0.01·x² + 0.1·x"),
    ("sqrt(x)", "√x"),
    ("sqrt(x + 1)", "√(x + 1)"),
    ("1/sqrt(x)", "1/√x"),
    ("pi*x", "π·x"),
    ("2e*x", "2·e·x"),
    ("exp(-x^2)", "exp(−x²)"),
    ("abs(x)", "|x|"),
    ("x/2", "x/2"),
    ("1/x", "1/x"),
    ("3/(2x)", "3/(2·x)"),
    ("(x+1)^2/(y-1)", "(x + 1)²/(y − 1)"),
    ("x^(1/3)", "x^(1/3)"),
    ("2^x", "2^x"),
    ("sin(x)^2", "sin(x)²"),
    ("1e-5x", "1·10⁻⁵·x"),
    ("x^10", "x¹⁰"),
    ("-x", "−x"),
])
def test_readable_math(text, shown):
    assert readable(parse(text)) == shown


def test_readable_gradients():
    assert landscape_from_expression("(1-x)^2 + 100(y-x^2)^2").gradient_formulas == (
        "−400·x·(−x² + y) + 2·x − 2", "−200·x² + 200·y")
    assert landscape_from_expression("0.1x^3").gradient_formulas == ("0.3·x²",)
    assert landscape_from_expression("abs(x)").gradient_formulas == ("sign(x)",)


# ---------------------------------------------------------------------------------------------
# Safety and limits


def test_hostile_input_executes_nothing(tmp_path, monkeypatch):
    sentinel = tmp_path / "sentinel"
    hostile = [
        f"__import__('os').system('touch {sentinel}')",
        f"open('{sentinel}', 'w')",
        f"exec(\"open('{sentinel}', 'w')\")",
        f"eval(\"open('{sentinel}', 'w')\")",
        "().__class__.__bases__[0].__subclasses__()",
        "x.__class__.__mro__",
        f"lambda: open('{sentinel}', 'w')",
        "[c for c in ().__class__.__base__.__subclasses__()]",
        "sympy.Symbol('x')",
        "x; import os",
        "x\nimport os",
    ]
    calls = []

    def refuse(name):
        def call(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} called while parsing")
        return call

    monkeypatch.setattr(builtins, "eval", refuse("eval"))
    monkeypatch.setattr(builtins, "exec", refuse("exec"))
    monkeypatch.setattr(sp, "sympify", refuse("sympify"))
    monkeypatch.setattr(sp, "parse_expr", refuse("parse_expr"))
    for text in hostile:
        with pytest.raises(ExpressionError):
            parse(text)
        with pytest.raises(ExpressionError):
            gradient_from_components([text, text], 2)
    monkeypatch.undo()
    for text in hostile:
        with pytest.raises(ExpressionError):
            landscape_from_expression(text)
    assert calls == []
    assert not sentinel.exists()


# Each is refused by the limit named in its message, checked before sympy computes anything costly
# (an exact 9^387420489 would never finish); so the refusal is cheap whatever the machine.
HUGE_INPUTS = [
    ("(" * 10000 + "x" + ")" * 10000, "the expression is too long (20001 characters; at most 500)"),
    ("9^9^9", "exponent 387420489 at column 3 is too large; at most 64"),
    ("2^1000", "exponent 1000 at column 3 is too large; at most 64"),
    ("9^(9^9 + x - x)", "exponent 387420489 at column 3 is too large; at most 64"),
    ("((10^60 + x - x)^64 + y - y)^64", "'(10^60 + x - x)^64' at column 2 is too large"),
    ("x" * 10**6, "the expression is too long (1000000 characters; at most 500)"),
    ("-" * 499 + "x", "the expression is too big; at most 400 numbers, names and operators"),
]


@pytest.mark.parametrize(("text", "limit"), HUGE_INPUTS, ids=[t[:16] for t, _ in HUGE_INPUTS])
def test_huge_inputs_are_refused_by_a_limit_before_any_costly_work(text, limit):
    with pytest.raises(ExpressionError) as refused:
        landscape_from_expression(text)
    assert str(refused.value) == limit


def test_long_chains_of_signs_and_towers_within_the_limits_do_not_overflow_the_stack():
    assert value_at("-" * 300 + "x") == X
    landscape = landscape_from_expression("x" + "^x" * 20, view_box=((0.5, 1.5),))
    assert np.all(np.isfinite(landscape.gradient(np.array([[1.0], [1.1]]))))


def test_importing_the_module_does_not_import_sympy_and_printing_is_deterministic(tmp_path):
    script = textwrap.dedent("""
        import json, sys
        import gdsim.model.expressions as expressions
        loaded = "sympy" in sys.modules
        texts = ["(1-x)^2 + 100(y-x^2)^2", "0.4x^2*y^2 - 0.2x + 2.1y", "sin(x)cos(y) + xy/3 - exp(-x^2)"]
        shown = [expressions.readable(expressions.parse(t)) for t in texts]
        print(json.dumps({"sympy_at_import": loaded, "shown": shown}))
    """)
    reports = []
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                                timeout=60, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        reports.append(json.loads(result.stdout))
    assert reports[0]["sympy_at_import"] is False
    assert reports[0]["shown"] == reports[1]["shown"]
