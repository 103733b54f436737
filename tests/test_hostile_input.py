"""Hostile input, without Qt: the CLI's arguments, extreme numbers, overflowing landscapes and the
expression parser, fuzzed with hypothesis.

Every rejected input gets a clear one-line message, no exception escapes, no numpy warning is
raised (warnings are errors in this suite) and nothing typed is ever executed: a sentinel file and
an environment flag that a successful injection would create are checked after every example.

GDSIM_LONG_FUZZ=1 runs every fuzz target with 10,000 examples instead of the short CI run.
"""

import builtins
import csv
import faulthandler
import io
import math
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gdsim.cli import build_parser, main
from gdsim.cli.common import MAX_STEPS, attach_negative_values
from gdsim.model.balls import Ball
from gdsim.model.expressions import (
    FUNCTIONS,
    MAX_EXPONENT,
    MAX_PARTS,
    ExpressionError,
    gradient_from_components,
    landscape_from_expression,
    parse,
    split_components,
)
from gdsim.model.landscapes import Landscape
from gdsim.model.optimizers import OptimizerKind, hyperparameters
from gdsim.model.presets import PRESETS
from gdsim.model.simulation import BallStatus, run, trajectories
from tests.strict_json import strict_json

LONG_FUZZ = os.environ.get("GDSIM_LONG_FUZZ") == "1"
LONG_EXAMPLES = 10_000


def fuzz(short_examples: int):
    """Hypothesis settings: `short_examples` in CI, 10,000 with GDSIM_LONG_FUZZ=1."""
    return settings(max_examples=LONG_EXAMPLES if LONG_FUZZ else short_examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])


# What an accepted expression may grow to in sympy's tree: a part can become a few nodes (x - y is
# x + (-1)·y; 2(x + y) is 2x + 2y), never hundreds. A hang still hits faulthandler_timeout.
MOST_NODES = 8 * MAX_PARTS

# ---------------------------------------------------------------------------------------------
# The sentinel: what a successful injection would leave behind

# Named at import (the injections below spell it out), made only while this module's tests run.
SENTINEL_DIR = Path(tempfile.gettempdir()) / f"gdsim-hostile-{os.getpid()}-{time.time_ns()}"
SENTINEL = SENTINEL_DIR / "SENTINEL"
FLAG = "GDSIM_HOSTILE_INPUT_RAN"

INJECTIONS = [
    f"__import__('os').system('touch {SENTINEL}')",
    f"__import__(\"os\").system(\"touch {SENTINEL}\")",
    f"open('{SENTINEL}','w')",
    f"open('{SENTINEL}', 'w').write('x')",
    f"__import__('os').environ.__setitem__('{FLAG}', '1')",
    f"__import__('pathlib').Path('{SENTINEL}').touch()",
    f"exec(\"open('{SENTINEL}','w')\")",
    f"eval(\"__import__('os').system('touch {SENTINEL}')\")",
    f"compile(\"open('{SENTINEL}','w')\", 's', 'exec')",
    f"lambda: open('{SENTINEL}','w')",
    f"x if open('{SENTINEL}','w') else y",
    f"[open('{SENTINEL}','w') for _ in (1,)]",
    f"x; import os; os.system('touch {SENTINEL}')",
    f"x\nimport os\nos.system('touch {SENTINEL}')",
    f"sympy.sympify(\"open('{SENTINEL}','w')\")",
    f"Symbol('x').__class__.__init__.__globals__['os'].system('touch {SENTINEL}')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__.__mro__[-1].__subclasses__()",
    "exp(x).func.__globals__",
    "getattr(x, '__class__')",
    f"x + y*__builtins__['open']('{SENTINEL}', 'w')",
    f"sin(x) + __import__('subprocess').run(['touch', '{SENTINEL}'])",
    f"x**2 #{SENTINEL}",
    f"x^2 + `touch {SENTINEL}`",
    f"$(touch {SENTINEL})",
]


@pytest.fixture(scope="module", autouse=True)
def _warmed_up_and_cleaned_up():
    SENTINEL_DIR.mkdir()
    # Lazy imports (sympy's, lambdify's numpy namespace, gradcheck's analysis module) exec module
    # code: they happen here, before any guard watches exec.
    for text in ("x^2 + y^2", "sin(x) + cos(y) + tan(x) + exp(y) + log(x) + sqrt(y) + abs(x) + tanh(y)"):
        landscape_from_expression(text)
    gradient_from_components(["2x", "abs(y)"], 2)
    main(["gradcheck", "--expr", "x^2", "--grad", "2x"])
    yield
    shutil.rmtree(SENTINEL_DIR, ignore_errors=True)


class _Guard:
    """Records every call of the functions an injection would need; each one fails the test."""

    def __init__(self):
        self.calls: list[str] = []

    def refuse(self, name: str):
        def call(*args, **kwargs):
            self.calls.append(name)
            raise AssertionError(f"{name} called with {args!r:.200}")
        return call


@contextmanager
def nothing_runs(*, allow_exec: bool = False):
    """Fails if typed text reaches eval, exec, sympify, a shell or a subprocess, or leaves the sentinels.

    Compiling to numpy (sympy.lambdify) execs code it generated itself; with `allow_exec`, exec
    and compile may run, but only on code that names no file, shell, import or dunder. A module
    imported on first use (its code read from its file) may always run.
    """
    guard = _Guard()
    forbidden_words = ("__", "open", "system", "environ", "subprocess", "eval", "exec",
                       "compile", "getattr", "globals", "builtins", "SENTINEL", str(SENTINEL_DIR))
    real_exec, real_compile = builtins.exec, builtins.compile

    def is_a_module_file(filename) -> bool:
        return isinstance(filename, str) and filename.endswith(".py") and os.path.isfile(filename)

    def is_an_import(source) -> bool:  # a module's code from its file, e.g. a codec loaded on first use
        return (hasattr(source, "co_filename") and source.co_name == "<module>"
                and is_a_module_file(source.co_filename))

    def names_in(code) -> set[str]:
        found = set(code.co_names) | set(code.co_varnames)
        for const in code.co_consts:
            if isinstance(const, str):
                found.add(const)
            elif hasattr(const, "co_names"):
                found |= names_in(const)
        return found

    def inspected(source) -> None:
        words = names_in(source) if hasattr(source, "co_names") else {str(source)}
        hit = [w for w in forbidden_words for text in words if w in text]
        if hit:
            guard.calls.append(f"generated code naming {hit[0]!r}")
            raise AssertionError(f"generated code names {hit[0]!r}: {words!r:.300}")

    importing = 0  # a module runs its code when imported on first use: dataclasses exec theirs

    def run_import(source, *args, **kwargs):
        nonlocal importing
        importing += 1
        try:
            return real_exec(source, *args, **kwargs)
        finally:
            importing -= 1

    def checked_exec(source, *args, **kwargs):
        if is_an_import(source):
            return run_import(source, *args, **kwargs)
        if not importing:
            inspected(source)
        return real_exec(source, *args, **kwargs)

    def strict_exec(source, *args, **kwargs):
        if is_an_import(source):
            return run_import(source, *args, **kwargs)
        if importing:
            return real_exec(source, *args, **kwargs)
        return guard.refuse("exec")(source, *args, **kwargs)

    def checked_compile(source, filename="", *args, **kwargs):
        if not (importing or is_a_module_file(filename)):
            inspected(source)
        return real_compile(source, filename, *args, **kwargs)

    real_eval = builtins.eval

    def checked_eval(source, *args, **kwargs):  # namedtuple evals its code when a module defines one
        if importing:
            return real_eval(source, *args, **kwargs)
        return guard.refuse("eval")(source, *args, **kwargs)

    def strict_compile(source, filename="", *args, **kwargs):
        if importing or is_a_module_file(filename):
            return real_compile(source, filename, *args, **kwargs)
        return guard.refuse("compile")(source, filename, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "eval", checked_eval)
        patch.setattr(builtins, "exec", checked_exec if allow_exec else strict_exec)
        patch.setattr(builtins, "compile", checked_compile if allow_exec else strict_compile)
        patch.setattr(sp, "sympify", guard.refuse("sympify"))
        patch.setattr(sp, "parse_expr", guard.refuse("parse_expr"))
        patch.setattr(os, "system", guard.refuse("os.system"))
        patch.setattr(os, "popen", guard.refuse("os.popen"))
        patch.setattr(subprocess, "Popen", guard.refuse("subprocess.Popen"))
        try:
            yield guard
        finally:
            patch.undo()
            assert guard.calls == []
            assert not SENTINEL.exists(), "hostile input created the sentinel file"
            assert FLAG not in os.environ, "hostile input set the sentinel environment flag"


@pytest.fixture
def watchdog(request):
    """Call it at the start of each example: pytest's faulthandler timeout then applies per example,
    so a hung example still dumps every thread's stack, while 10,000 quick ones do not."""
    timeout = float(request.config.getini("faulthandler_timeout") or 0)
    try:
        from _pytest.faulthandler import fault_handler_stderr_fd_key  # where pytest's own dumps go

        stderr = request.config.stash[fault_handler_stderr_fd_key]
    except (ImportError, KeyError):
        stderr = None

    def rearm() -> None:
        if timeout > 0 and stderr is not None:
            faulthandler.dump_traceback_later(timeout, file=stderr)

    return rearm


@contextmanager
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_the_sentinel_guard_would_notice_an_injection():
    """The guard itself works: eval is refused, and a created sentinel file is reported."""
    with pytest.raises(AssertionError, match="eval"), nothing_runs():
        eval("1")  # noqa: S307
    with pytest.raises(AssertionError, match="exec"), nothing_runs():
        exec("1")  # noqa: S102
    with pytest.raises(AssertionError, match="generated code nam"), nothing_runs(allow_exec=True):
        exec("__import__('os')")  # noqa: S102
    with pytest.raises(AssertionError, match="sentinel file"), nothing_runs():
        SENTINEL.touch()
    SENTINEL.unlink()
    with pytest.raises(AssertionError, match="flag"), nothing_runs():
        os.environ[FLAG] = "1"
    del os.environ[FLAG]


# ---------------------------------------------------------------------------------------------
# Strategies: numbers, tokens, formulas

EXTREME_NUMBERS = [0.0, -0.0, -1.0, math.nan, math.inf, -math.inf, 1e308, -1e308, 1e-320, -1e-320,
                   5e-324, 1.7976931348623157e308, 0.9999999999999999, 1.0, 1e-17, 1e17]
NUMBER_TEXTS = ["0", "-0", "-1", "1", "0.5", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "+inf",
                "1e308", "-1e308", "1e-320", "1e309", "-1e309", "1e-400", "5e-324", "9" * 400, "-" + "9" * 30,
                "1_000", "0x10", "1e", "e5", "", " ", "½", "١٢", "1,5", "0.9999999999999999", "١", "1" * 5000]

EXTREME_STARTS = [1e308, -1e308, 1e-320, -1e-320, 0.0, 1e154, -3.0]

FINITE_OR_NOT = st.one_of(st.sampled_from(EXTREME_NUMBERS), st.floats(allow_nan=True, allow_infinity=True),
                          st.floats(-10, 10))

GRAMMAR_TOKENS = ["x", "y", "x", "y", "pi", "e", "π", "0", "1", "2", "3", "0.5", ".5", "1e3", "1e308", "1e-320",
                  "9" * 20, "64", "65", "+", "-", "*", "/", "^", "**", "(", ")", "(", ")", *FUNCTIONS, "²", "³",
                  "⁻¹", "⁻", "⁶⁴", "⁹⁹", "−", "×", "·", "÷", " ", "xy", "2x", "sinx"]
HOSTILE_TOKENS = ["__", "_", ".", "'", '"', "[", "]", "{", "}", "lambda", "import", "__import__", "os", "system",
                  ";", "=", ",", ":", "\\", "\n", "\r", "\t", "\x00", "@", "$", "#", "!", "|", "√", "θ", "𝑥",
                  "ｘ", "x\u0302", "\u200b", "\ufeff", "\u202e", "%", "&", "~", "<", ">", "`", "eval", "exec",
                  "open", "getattr", "globals", "True", "None", "not", "and", "if", "else", "for", "in",
                  "async", "await", "match", "case", "type", "_x", "x_", "Symbol", "sympy", "oo", "zoo", "nan",
                  "inf", "I", "E", "Integer", "print", "1j", "0x1F", "0b1", "1_000", "1..2", "...", "1.2.3",
                  "\ufffd", "𝟘", "٣", "Ⅻ", "ﬁ", "Ω", "x²³", "⁻⁻", "⁰"]
TOKENS = st.one_of(st.sampled_from(GRAMMAR_TOKENS), st.sampled_from(HOSTILE_TOKENS),
                   st.sampled_from(INJECTIONS), st.text(max_size=3))
TOKEN_SOUP = st.lists(st.tuples(TOKENS, st.sampled_from(["", "", " "])), max_size=60).map(
    lambda pairs: "".join(token + gap for token, gap in pairs))


_VARIABLES = st.sampled_from(["x", "y", "x", "y", "xy", "2x", "0.5y", "x y", "yx"])
LEAVES = st.one_of(_VARIABLES, _VARIABLES, _VARIABLES, st.sampled_from(["pi", "e", "π", "1", "2", "0.5"]),
                   st.sampled_from(["0", "1e308", "1e-320", "5e-324", "1e-400", "9" * 20, "1.7976931348623157e308"]),
                   st.floats(0, 1e308).map(repr))


def _combine(children):
    pair = st.tuples(children, children)
    return st.one_of(
        st.tuples(pair, st.sampled_from(["+", "-", "*", "/", "×", "·", "−", "÷"])).map(
            lambda t: f"{t[0][0]} {t[1]} ({t[0][1]})"),
        pair.map(lambda ab: f"({ab[0]})({ab[1]})"),  # implicit multiplication
        st.tuples(children, st.integers(-MAX_EXPONENT - 4, MAX_EXPONENT + 4), st.sampled_from(["^", "**"])).map(
            lambda t: f"({t[0]}){t[2]}{t[1]}" if t[1] >= 0 else f"({t[0]}){t[2]}({t[1]})"),
        st.tuples(children, st.sampled_from(["^", "**"]), children).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        st.tuples(children, st.sampled_from(["²", "³", "⁻¹", "⁶⁴", "⁶⁵", "⁻⁶⁵"])).map(
            lambda t: f"({t[0]}){t[1]}"),
        st.tuples(st.sampled_from(FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["-", "+", "--", "- -"]), children).map("".join),
    )


# Formulas of the grammar with extreme numbers, deep nesting and big exponents (many are refused
# for their numbers, many are accepted)...
FORMULAS = st.recursive(LEAVES, _combine, max_leaves=20)


def _mutate(text_and_edit):
    text, (where, token, action) = text_and_edit
    i = int(where * len(text))
    if action == "insert":
        return text[:i] + token + text[i:]
    if action == "replace":
        return text[:i] + token + text[i + 1:]
    return text[:i] + text[i + 1:]


# ... and the same broken by one hostile token inserted, put in place of a character, or a deletion.
BROKEN_FORMULAS = st.tuples(FORMULAS, st.tuples(st.floats(0, 1), TOKENS, st.sampled_from(
    ["insert", "replace", "delete"]))).map(_mutate)


# ---------------------------------------------------------------------------------------------
# The expression parser


def assert_clear_refusal(error: ExpressionError, text: str) -> None:
    message = str(error)
    assert message and message == message.strip(), repr(message)
    assert "\n" not in message and "\r" not in message, repr(message)
    assert len(message) <= 700, message
    assert error.column is None or 1 <= error.column <= len(text) + 1, (error.column, message)
    if error.column is not None:
        assert f"column {error.column}" in message, message


def assert_small(expr: sp.Expr) -> None:
    """The work an accepted expression can cause is bounded: differentiating, printing and
    compiling it walk a tree of at most MOST_NODES nodes."""
    nodes = sum(1 for _ in sp.preorder_traversal(expr))
    assert nodes <= MOST_NODES, (nodes, expr)


def check_parse(text: str) -> None:
    with nothing_runs(), warnings_are_errors():
        try:
            expr = parse(text)
        except ExpressionError as error:
            assert_clear_refusal(error, text)
            event("refused")
        else:
            event("accepted")
            assert isinstance(expr, sp.Expr)
            assert {s.name for s in expr.free_symbols} <= {"x", "y"}
            assert not expr.has(sp.I, sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity)
            assert_small(expr)


@fuzz(200)
@given(text=st.text(max_size=120))
def test_parser_on_random_text(watchdog, text):
    watchdog()
    check_parse(text)


@fuzz(200)
@given(text=st.one_of(TOKEN_SOUP, st.sampled_from(INJECTIONS)))
def test_parser_on_token_soups_and_injections(watchdog, text):
    watchdog()
    check_parse(text)


@fuzz(150)
@given(text=st.one_of(FORMULAS, BROKEN_FORMULAS))
def test_parser_on_formulas_with_extreme_numbers_and_hostile_edits(watchdog, text):
    watchdog()
    check_parse(text)


# Found by the fuzzing above (each used to raise, hang, give NaN everywhere or break the message's line).
FOUND_REFUSED = [
    ("x" + "⁹" * 400, "exponent 1e+400 at column 2 is too large; at most 64"),  # was an OverflowError
    ("(x - x - 8)^(1/3) + x", "'(x - x - 8)^(1/3)' at column 1 is not a real number"),  # was NaN everywhere
    ("x/(1 +\n 1 - 2)", "'x/(1 + 1 - 2)' at column 1 divides by zero"),  # was a message on two lines
    ("log(\n0) + x", "'log( 0)' at column 1 is undefined"),
    # 10^-3480 and 10^510 as exact numbers: were "cannot be computed (OverflowError)"
    ("(((99999999999999999999)³)**(-58))**(((yx)(pi))^19)", "the expression cannot be computed: a number in it is "
     "beyond the range of floating point (about 10⁻³⁰⁸ to 10³⁰⁸)"),
    ("((1.5e-267 − e)(yx / 5048437504400710.0))^(-33)", "the expression cannot be computed: a number in it is "
     "beyond the range of floating point (about 10⁻³⁰⁸ to 10³⁰⁸)"),
]
FOUND_ACCEPTED = [
    "12^(600000001/1000000007) x",  # sympy factored 2^(2·600000001 − 1000000007)·3^600000001 for ever
    "(12x^2)^(600000001/1000000007)",
    "x sin(10^30)",  # numpy's sin of a Python int: was refused as "cannot be computed (TypeError)"
    "x + exp(sin((99999999999999999999)³))",
]


@pytest.mark.parametrize(("text", "message"), FOUND_REFUSED, ids=[t[:20] for t, _ in FOUND_REFUSED])
def test_inputs_found_by_fuzzing_are_refused_in_one_line(text, message):
    with pytest.raises(ExpressionError) as caught:
        landscape_from_expression(text)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", FOUND_ACCEPTED)
def test_inputs_found_by_fuzzing_are_accepted_at_once(text):
    with warnings_are_errors():
        landscape = landscape_from_expression(text)
    # No exact root is left for sympy to find by factoring huge numbers: it is taken in floating point.
    expr = parse(text)
    assert not any(p.exp.is_Rational and not p.exp.is_Integer for p in expr.atoms(sp.Pow)), expr
    assert_small(expr)
    assert np.all(np.isfinite(landscape.value_and_gradient(np.ones((1, landscape.dim)))[0]))


EVALUATION_POINTS = np.array([[0.0, 0.0], [1.0, -1.0], [-1.0, 0.5], [1e308, -1e308], [-1e308, 1e308],
                              [1e-320, -1e-320], [math.nan, 1.0], [math.inf, -math.inf], [30.0, 30.0]])


@fuzz(60)
@given(text=st.one_of(FORMULAS, FORMULAS, BROKEN_FORMULAS, TOKEN_SOUP),
       gradient=st.one_of(FORMULAS, BROKEN_FORMULAS, TOKEN_SOUP))
def test_typed_landscapes_and_gradients_compile_and_evaluate_anywhere(watchdog, text, gradient):
    """What parses also compiles, and evaluates at huge, tiny and non-finite points without warnings."""
    watchdog()
    with nothing_runs(allow_exec=True), warnings_are_errors():
        try:
            landscape = landscape_from_expression(text)
        except ExpressionError as error:
            assert_clear_refusal(error, text)
            event("landscape refused" + (" as not computable" if "cannot be computed" in str(error) else ""))
        else:
            assert_landscape_is_safe(landscape)
            assert_small(parse(text))
            event("landscape accepted")
        components = split_components(f"{gradient}; {text}")
        try:
            user_gradient = gradient_from_components(components, 2)
        except ExpressionError as error:
            if str(error).startswith("∂f/∂"):  # a refused component: its column is in that component
                assert_clear_refusal(error, components[0] if str(error).startswith("∂f/∂x") else components[1])
            else:
                assert_clear_refusal(error, "")
            event("gradient refused")
        else:
            assert user_gradient(EVALUATION_POINTS).shape == EVALUATION_POINTS.shape
            for component in components:
                assert_small(parse(component))
            event("gradient accepted")


def assert_landscape_is_safe(landscape: Landscape) -> None:
    assert landscape.dim in (1, 2)
    assert "\n" not in landscape.formula and all("\n" not in g for g in landscape.gradient_formulas)
    for low, high in landscape.view_box:
        assert math.isfinite(low) and math.isfinite(high) and low < high
    points = EVALUATION_POINTS[:, :landscape.dim]
    value, gradient = landscape.value_and_gradient(points)
    assert value.shape == (len(points),) and gradient.shape == points.shape
    assert value.dtype == float and gradient.dtype == float


# ---------------------------------------------------------------------------------------------
# CLI arguments

OPTION_NAMES = ["--landscape", "--expr", "--grad", "--list-landscapes", "--start", "--ball", "--tol", "--format",
                "--random-starts", "--seed", "--lesson", "--stage", "--language",
                "-h", "--help", "--version", "--screenshot", "--size", "--quick", "--json", "--", "-", "--land",
                "--list", "--ex", "--fo", "--to", "--ba", "--b", "--s", "--st", "--quit-after-first-paint"]
HYPERPARAMETER_NAMES = sorted({h.name for kind in OptimizerKind for h in hyperparameters(kind)})
SCHEDULE_KEYS = ["schedule", "T_max", "T_0", "T_mult", "eta_min", "gamma", "step_size"]  # the lr schedules
SCHEDULE_NAMES = ["constant", "step", "exponential", "cosine", "cosine-restarts"]
SMALL_STEPS = st.integers(0, 50).map(str)

NUMBER_TEXT = st.one_of(st.sampled_from(NUMBER_TEXTS), FINITE_OR_NOT.map(repr), st.integers().map(str))
RANDOM_TEXT = st.one_of(st.text(max_size=20), NUMBER_TEXT)

BALL_SPEC = st.tuples(
    st.one_of(st.sampled_from([str(k) for k in OptimizerKind] + ["SGD", " adam ", "Nag"]), RANDOM_TEXT),
    st.sampled_from([":", ":", "", "::", "; "]),
    st.lists(st.tuples(st.one_of(st.sampled_from([*HYPERPARAMETER_NAMES, "gradient", *SCHEDULE_KEYS]), RANDOM_TEXT),
                       st.sampled_from(["=", "=", " = ", "", "=="]),
                       st.one_of(NUMBER_TEXT, st.sampled_from(["user", "exact", "USER", *SCHEDULE_NAMES]),
                                 RANDOM_TEXT)),
             max_size=5),
).map(lambda t: t[0] + t[1] + ",".join(k + eq + v for k, eq, v in t[2]))

COORDINATE = st.one_of(FINITE_OR_NOT.map(repr), st.sampled_from(NUMBER_TEXTS), st.text(max_size=4))
START = st.one_of(st.lists(COORDINATE, min_size=1, max_size=3).map(",".join), RANDOM_TEXT)
TYPED = st.one_of(st.sampled_from(["x^2 + y^2", "exp(x^2+y^2)", "x^64+y^64", "1/x", "log(x)", "x^2",
                                   "(1-x)^2 + 100(y-x^2)^2", "sqrt(x-100)", "tan(x) + y^2"]),
                  FORMULAS, TOKEN_SOUP, st.text(max_size=30))
GRADIENT = st.one_of(st.sampled_from(["2x;2y", "2x; 2y", "2x", "2x;2y;", ";", "exp(x^2+y^2)*2x;0"]),
                     st.tuples(TYPED, TYPED).map("; ".join), TYPED)

GROUPS = st.one_of(
    st.tuples(st.just("--ball"), BALL_SPEC),
    BALL_SPEC.map(lambda spec: (f"--ball={spec}",)),
    st.tuples(st.just("--start"), START),
    START.map(lambda s: (f"--start={s}",)),
    st.tuples(st.just("--expr"), TYPED),
    st.tuples(st.just("--grad"), GRADIENT),
    st.tuples(st.just("--landscape"), st.one_of(st.sampled_from(list(PRESETS)), RANDOM_TEXT)),
    st.tuples(st.just("--steps"), st.one_of(SMALL_STEPS, NUMBER_TEXT)),
    st.tuples(st.just("--tol"), NUMBER_TEXT),
    st.tuples(st.just("--random-starts"), st.one_of(st.integers(0, 20).map(str), NUMBER_TEXT)),
    st.tuples(st.just("--seed"), NUMBER_TEXT),
    st.tuples(st.just("--format"), st.sampled_from(["json", "csv", "text", "xml", "JSON", ""])),
    st.tuples(st.sampled_from(OPTION_NAMES)),
    st.tuples(RANDOM_TEXT),
)


# Options whose whole-number value sets how much work a run does, the shortest prefix argparse takes
# for each, and the most the fuzzing asks for: allowed values above that are folded below it.
WORK_OPTIONS = {"--steps": ("--ste", 50), "--random-starts": ("--r", 20)}


def _folded(text: str, most: int) -> str:
    try:
        number = int(text)
    except ValueError:
        return text
    return str(number % (most + 1)) if most < number <= MAX_STEPS else text


def tame(argv: list[str]) -> list[str]:
    """Keeps runs short: --steps above 50 and --random-starts above 20 (but allowed) become small."""
    result = list(argv)
    for i, token in enumerate(result):
        option, eq, value = token.partition("=")
        for name, (prefix, most) in WORK_OPTIONS.items():
            if option.startswith(prefix) and name.startswith(option):
                if eq:
                    result[i] = f"{option}={_folded(value, most)}"
                elif i + 1 < len(result):
                    result[i + 1] = _folded(result[i + 1], most)
    return result


# Arguments a user might really type, with extreme numbers: most of these run.
PLAUSIBLE_NUMBER = st.one_of(st.sampled_from(EXTREME_NUMBERS), st.floats(0, 2), st.floats(0, 1)).map(repr)
PLAUSIBLE_SCHEDULE = st.one_of(st.just([]), st.tuples(
    st.sampled_from(SCHEDULE_NAMES),
    st.lists(st.tuples(st.sampled_from(SCHEDULE_KEYS[1:]), st.one_of(PLAUSIBLE_NUMBER, st.integers(0, 60).map(str))),
             max_size=3),
).map(lambda t: [("schedule", t[0]), *t[1]]))
PLAUSIBLE_BALL = st.tuples(
    st.sampled_from(list(OptimizerKind)),
    st.lists(st.tuples(st.sampled_from(HYPERPARAMETER_NAMES), PLAUSIBLE_NUMBER), max_size=2),
    PLAUSIBLE_SCHEDULE,
).map(lambda t: f"{t[0]}:" + ",".join(
    [f"{k}={v}" for k, v in t[1] if k in {h.name for h in hyperparameters(t[0])}] + [f"{k}={v}" for k, v in t[2]]))
PLAUSIBLE_START = st.lists(st.one_of(st.sampled_from(EXTREME_STARTS), st.floats(-10, 10)), min_size=1,
                           max_size=2).map(lambda cs: ",".join(map(repr, cs)))
PLAUSIBLE_GROUPS = st.one_of(
    st.tuples(st.just("--ball"), PLAUSIBLE_BALL),
    st.tuples(st.just("--start"), PLAUSIBLE_START),
    st.tuples(st.just("--expr"), st.one_of(FORMULAS, st.sampled_from(["x^2 + y^2", "exp(x^2+y^2)", "1/x"]))),
    st.tuples(st.just("--grad"), st.tuples(FORMULAS, FORMULAS).map("; ".join)),
    st.tuples(st.just("--landscape"), st.sampled_from(list(PRESETS))),
    st.tuples(st.just("--steps"), SMALL_STEPS),
    st.tuples(st.just("--tol"), st.sampled_from(["0", "1e-320", "1e308", "0.1"])),
    st.tuples(st.just("--random-starts"), st.integers(1, 20).map(str), st.just("--seed"),
              st.integers(-2, 2**70).map(str)),
    st.tuples(st.just("--format"), st.sampled_from(["json", "csv", "text"])),
)
PLAUSIBLE_GRADCHECK = st.tuples(
    st.one_of(st.tuples(st.just("--expr"), FORMULAS),
              st.tuples(st.just("--landscape"), st.sampled_from(list(PRESETS)))),
    st.one_of(FORMULAS, st.tuples(FORMULAS, FORMULAS).map("; ".join),
              st.sampled_from(["2x; 2y", "2x", "0;0", "1/x; 1/y", "exp(x^2+y^2); 0"])),
    st.sampled_from(["json", "text"]),
).map(lambda t: ["gradcheck", *t[0], "--grad", t[1], "--format", t[2]])

ARGV = st.one_of(
    st.tuples(st.sampled_from(["run", "gradcheck"]), st.lists(GROUPS, max_size=7)).map(
        lambda t: tame([t[0], *(token for group in t[1] for token in group)])),
    st.lists(PLAUSIBLE_GROUPS, max_size=6).map(lambda groups: tame(["run", *(t for g in groups for t in g)])),
    PLAUSIBLE_GRADCHECK,
)




def parsed(argv: list[str]):
    """The namespace main() saw, or None when argparse refused or printed help."""
    try:
        return build_parser().parse_args(attach_negative_values(argv))
    except BaseException:  # noqa: BLE001 - UsageError, or SystemExit for --help
        return None


def check_cli(capsys, argv: list[str]) -> tuple[int, str, str]:
    """Runs main(argv) and checks what any input must give; returns the status, stdout and stderr.
    A run's work is what it was asked for (check_run_document counts its rows), which tame() keeps small."""
    capsys.readouterr()
    with nothing_runs(allow_exec=True), warnings_are_errors():
        status = main(argv)
    out, err = capsys.readouterr()
    assert type(status) is int and status in (0, 1, 2), (status, argv)
    assert "Traceback" not in err and "Traceback" not in out
    if status == 2:
        lines = err.splitlines()
        assert len(lines) == 1 and err.endswith("\n"), (argv, err)
        assert lines[0].startswith("gdsim: error: ") and len(lines[0]) > len("gdsim: error: ")
        assert out == ""
        return status, out, err
    assert err == "", (argv, err)
    args = parsed(argv)
    if args is None:  # --help
        assert status == 0 and out.startswith("usage: gdsim")
        return status, out, err
    if args.command == "run":
        assert status == 0
        if args.list_landscapes:
            assert [line.split()[0] for line in out.splitlines()] == list(PRESETS)
        elif args.format == "json":
            check_run_document(strict_json(out), args)
        else:
            header, *rows = list(csv.reader(io.StringIO(out)))
            assert header[:4] == ["ball", "optimizer", "params", "step"] and header[-2:] == ["loss", "status"]
            assert all(len(row) == len(header) for row in rows)
    else:
        assert args.command == "gradcheck"
        if args.format == "json":
            document = strict_json(out)
            assert all(isinstance(c["right"], bool) for c in document["components"])
            assert status == (0 if all(c["right"] for c in document["components"]) else 1)
        else:
            assert len(out.splitlines()) in (1, 2)
    return status, out, err


def check_run_document(document: dict, args) -> None:
    """Every ball either has finite numbers all along, or is marked diverged where they stop being finite,
    or undefined where they are not a number (at the start, or after it left the domain)."""
    assert document["balls"]
    for ball in document["balls"]:
        assert ball["status"] in ("running", "converged", "diverged", "undefined", "no step")
        if ball["status"] == "undefined" and ball["stopped_at"] == 0:  # no finite f or gradient at the start
            assert len(ball["trajectory"]) == 1
            continue
        rows, losses = ball["trajectory"], ball["loss"]
        assert len(rows) == len(losses) >= 1
        if ball["status"] == "running":
            assert ball["stopped_at"] is None and len(rows) == args.steps + 1
        else:
            assert len(rows) == ball["stopped_at"] + 1
        if ball["status"] == "undefined":  # stepped to where f is not a number: its place is still finite
            assert all(c is not None for row in rows for c in row) and None not in losses[:-1], ball
        elif ball["status"] != "diverged":
            assert all(c is not None for row in rows for c in row) and None not in losses, ball
        else:
            assert all(c is not None for row in rows[:-1] for c in row) and None not in losses[:-1], ball
        for value in ball["params"].values():
            assert isinstance(value, str) or (math.isfinite(value) and value >= 0)  # a choice by its name


@fuzz(150)
@given(argv=ARGV)
def test_cli_arguments_never_escape_as_an_exception(capsys, watchdog, argv):
    watchdog()
    status, out, _ = check_cli(capsys, argv)
    event(f"{argv[0]} exit {status}" + (" (help)" if out.startswith("usage:") else ""))


CLI_EXAMPLES = [
    ["run", "--help"], ["run", "-h"], ["gradcheck", "--he"], ["run", "--version"],
    ["run", "--steps", "1" + "0" * 5000], ["run", "--steps", "-0"], ["run", "--steps", "١٢"],
    ["run", "--ball", "sgd:lr=1e309"], ["run", "--ball", "sgd:lr=1e-320", "--steps", "3"],
    ["run", "--start", "1e308,-1e308", "--steps", "5"], ["run", "--start", "1e-320,-1e-320", "--steps", "5"],
    ["run", "--start=-1e308,1e308", "--format", "csv", "--steps", "5"],
    ["run", "--tol", "1e308", "--steps", "5"], ["run", "--tol", "nan"], ["run", "--tol", "-0"],
    ["run", "--expr", "exp(x^2+y^2)", "--start", "30,30", "--steps", "5"],
    ["run", "--expr", "x^64+y^64", "--start", "1e10,3", "--steps", "5"],
    ["run", "--expr", "1/x", "--start", "0", "--steps", "5"],
    ["run", "--expr", "log(x)", "--start", "-1", "--steps", "5"],
    ["run", "--expr", "sqrt(x-100)", "--steps", "5", "--format", "csv"],
    ["run", "--expr", "x^2+y^2", "--grad", "exp(x^2);1/y", "--ball", "sgd:gradient=user", "--steps", "5"],
    ["run", "--ball", "sgd:gradient=user"],
    ["gradcheck", "--expr", "sqrt(x-100)", "--grad", "0.5/sqrt(x-100)", "--format", "json"],
    ["gradcheck", "--expr", "sqrt(x-100)", "--grad", "7"],
    ["gradcheck", "--expr", "exp(x^2+y^2)", "--grad", "2x*exp(x^2+y^2); 2y*exp(x^2+y^2)", "--format", "json"],
    ["gradcheck", "--grad", ""], ["gradcheck"],
    ["run", "--expr", INJECTIONS[0]], ["gradcheck", "--grad", INJECTIONS[2] + ";" + INJECTIONS[4]],
    ["run", "--ball", f"sgd:{INJECTIONS[0]}=1"], ["run", "--landscape", INJECTIONS[5]],
    ["run", "--random-starts", "3", "--seed", "-1", "--steps", "2"],
    ["run", "--random-starts", "0"], ["run", "--random-starts", "3", "--start", "1,1"],
    ["run", "--ball", "adamw:lr=1e308,weight_decay=2", "--steps", "3"],
    ["run", "--ball", "sgd:schedule=cosine-restarts,T_0=1e308", "--steps", "3"],
    ["run", "--ball", "sgd:schedule=cosine-restarts,T_0=1,T_mult=1e308", "--steps", "30"],
    ["run", "--ball", "sgd:schedule=exponential,gamma=1e308", "--steps", "30"],
    ["run", "--ball", "sgd:schedule=cosine,T_max=1e308,eta_min=1e-320", "--steps", "5"],
    ["run", "--ball", "sgd:schedule=step,step_size=1,gamma=0", "--steps", "5"],
]


@pytest.mark.parametrize("argv", CLI_EXAMPLES, ids=[" ".join(a)[:40] for a in CLI_EXAMPLES])
def test_cli_edge_cases(capsys, argv):
    check_cli(capsys, argv)


def test_help_returns_0_and_prints_usage_instead_of_raising_system_exit(capsys):
    assert main(["run", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: gdsim run")


def test_a_run_too_big_for_memory_is_refused_in_one_line(capsys, monkeypatch):
    def out_of_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("gdsim.cli.run.run", out_of_memory)
    assert main(["run", "--steps", "1000", "--start", "1,1", "--start", "2,2", "--ball", "sgd"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == ("gdsim: error: --steps 1,000 for 2 balls needs more memory than there is; "
                                 "take fewer steps or run fewer balls\n")


def test_gradcheck_where_the_function_is_undefined_everywhere_says_there_is_nothing_to_compare(capsys):
    # Nowhere defined on the view box: no verdict either way (it used to say "right"), one line, exit 2.
    assert main(["gradcheck", "--expr", "sqrt(x-100)", "--grad", "0.5/sqrt(x-100)", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "undefined everywhere" in captured.err


# ---------------------------------------------------------------------------------------------
# Numbers: every optimizer setting at its extremes, extreme starts, landscapes that overflow

RUN_LANDSCAPES = ["bowl", "momentum-demo", "rosenbrock", "beale", "rastrigin", "parabola"]


def run_safely(landscape: Landscape, balls: list[Ball], steps: int = 50) -> list[dict]:
    with warnings_are_errors():
        simulation = run(landscape, balls, steps)
        result = trajectories(simulation)
        labels = [ball.label for ball in balls]
    assert simulation.step_count <= steps  # the work asked for, no more
    assert all("\n" not in label for label in labels)
    for ball, index in zip(result, range(len(balls)), strict=True):
        assert_finite_or_diverged(ball, simulation.status[index], simulation.positions[index])
    return result


def assert_finite_or_diverged(ball: dict, status: int, position: np.ndarray) -> None:
    if status in (BallStatus.DIVERGED, BallStatus.UNDEFINED):  # undefined: not a number at the start or later
        assert ball["stopped_at"] is not None and len(ball["trajectory"]) == ball["stopped_at"] + 1
        assert np.all(np.isfinite(ball["trajectory"][:-1])) and np.all(np.isfinite(ball["loss"][:-1]))
    else:
        assert np.all(np.isfinite(ball["trajectory"])) and np.all(np.isfinite(ball["loss"])), ball
        assert np.all(np.isfinite(position))


HYPERPARAMETER_CASES = [(kind, h) for kind in OptimizerKind for h in hyperparameters(kind)]


@pytest.mark.parametrize(("kind", "hyperparameter"), HYPERPARAMETER_CASES,
                         ids=[f"{k}-{h.name}" for k, h in HYPERPARAMETER_CASES])
def test_every_setting_at_extreme_values_is_refused_clearly_or_runs_safely(capsys, kind, hyperparameter):
    """η, ρ, α, β₁, β₂, ε and λ at 0, negative, NaN, ±inf, 1e308, 1e-320...: a refusal that names the
    setting, or a run whose balls stay finite or are marked diverged, from the model and from the CLI."""
    name, low, high = hyperparameter.name, hyperparameter.low, hyperparameter.high
    for value in EXTREME_NUMBERS:
        allowed = math.isfinite(value) and (value >= low if hyperparameter.low_inclusive else value > low) \
            and value < high and (value == int(value) or not (hyperparameter.whole or hyperparameter.choices))
        try:
            spec = Ball.make(kind, (1.0, 1.0), **{name: value})
        except ValueError as error:
            assert not allowed, f"{kind} refused {name}={value}: {error}"
            assert f"{name} must be" in str(error) and "\n" not in str(error)
        else:
            assert allowed and value >= 0, f"{kind} accepted {name}={value}"
            for landscape_name in RUN_LANDSCAPES:
                landscape = PRESETS[landscape_name].landscape
                starts = [PRESETS[landscape_name].start, (1e308,) * landscape.dim, (1e-320,) * landscape.dim]
                run_safely(landscape, [spec.at(s) for s in starts], steps=30)
        status, _, err = check_cli(capsys, ["run", "--landscape", "rosenbrock", "--ball", f"{kind}:{name}={value!r}",
                                            "--steps", "20"])
        assert status == (0 if allowed else 2), (value, err)
        if not allowed:
            assert f"{name} must be" in err


@fuzz(150)
@given(kind=st.sampled_from(list(OptimizerKind)), data=st.data())
def test_random_settings_and_starts_are_refused_or_end_finite_or_diverged(watchdog, kind, data):
    watchdog()
    params = {h.name: data.draw(FINITE_OR_NOT, label=h.name) for h in hyperparameters(kind)
              if data.draw(st.booleans(), label=f"set {h.name}")}
    landscape_name = data.draw(st.sampled_from(RUN_LANDSCAPES), label="landscape")
    landscape = PRESETS[landscape_name].landscape
    starts = data.draw(st.lists(st.tuples(*[st.one_of(st.sampled_from(EXTREME_STARTS), FINITE_OR_NOT)]
                                            * landscape.dim), min_size=1, max_size=4), label="starts")
    try:
        balls = [Ball.make(kind, s, **params) for s in starts]
    except ValueError as error:
        assert "\n" not in str(error)
        assert any(name in str(error) for name in params)
        return
    run_safely(landscape, balls, steps=data.draw(st.integers(0, 50), label="steps"))


@pytest.mark.parametrize("coordinates", [(1e308, 1e308), (-1e308, 1e308), (1e-320, -1e-320), (5e-324, 0.0),
                                         (1e154, -1e154), (math.nan, 0.0), (math.inf, 1.0)])
def test_extreme_starts_end_finite_or_diverged_for_every_optimizer_and_preset(coordinates):
    for name, chosen in PRESETS.items():
        landscape = chosen.landscape
        balls = [Ball.make(kind, coordinates[:landscape.dim]) for kind in OptimizerKind]
        result = run_safely(landscape, balls, steps=30)
        if not all(math.isfinite(c) for c in coordinates):
            assert all(ball["status"] == "diverged" and ball["stopped_at"] == 0 for ball in result), name


OVERFLOWING = [
    ("exp(x^2+y^2)", [(30.0, 30.0), (3.0, -3.0), (1e154, 1.0), (-1e308, 1e308), (1e-320, 0.0)]),
    ("x^64+y^64", [(1e10, 3.0), (2.0, 2.0), (1e308, 1.0), (-1e-320, 1e-320)]),
    ("1/x", [(0.0,), (1e-320,), (-1e-320,), (1e308,), (0.5,)]),
    ("log(x)", [(-1.0,), (0.0,), (1e-320,), (1e308,), (2.0,)]),
    ("sqrt(x) + y^2", [(-1.0, 0.0), (0.0, 1.0), (1e308, 1e308)]),
    ("x^-64 + y^2", [(1e-5, 1.0), (0.0, 0.0), (1e308, 1e-320)]),
    ("exp(exp(x))", [(10.0,), (-1e308,), (700.0,)]),
    ("tan(x) + y^2", [(math.pi / 2, 0.0), (1.5, 1e200)]),
    ("1/(x^2+y^2)", [(0.0, 0.0), (1e-170, 1e-170), (1e-320, 1e-320)]),
    ("-x^2 - y^2", [(1.0, 1.0), (1e150, 1e150)]),
]


@pytest.mark.parametrize(("text", "starts"), OVERFLOWING, ids=[t for t, _ in OVERFLOWING])
def test_typed_landscapes_that_overflow_end_finite_or_diverged(capsys, text, starts):
    with warnings_are_errors():
        landscape = landscape_from_expression(text)
    assert_landscape_is_safe(landscape)
    balls = [Ball.make(kind, start, lr=0.5) for kind in OptimizerKind for start in starts]
    result = run_safely(landscape, balls, steps=50)
    assert any(ball["status"] in ("diverged", "undefined") for ball in result), text
    for start in starts:
        status, _, _ = check_cli(capsys, ["run", "--expr", text, "--start", ",".join(map(repr, start)), "--steps", "20",
                                    *(a for kind in OptimizerKind for a in ("--ball", str(kind)))])
        assert status == (0 if all(map(math.isfinite, start)) else 2)
