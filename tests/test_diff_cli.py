"""`gdsim diff`: estimate, exact derivative and error, in text and JSON, and one-line errors for bad input.

Until cli.py wires the command in, these tests build a parser with add_diff_parser and handle
UsageError the way gdsim.cli.main does (one line "gdsim: error: ..." on stderr, exit status 2).
"""

import sys

import pytest

from gdsim.cli import common as cli
from gdsim.cli.common import UsageError, attach_negative_values
from gdsim.cli.diff import DIFF_OPTIONS_WITH_NUMBERS, add_diff_parser, command_diff
from tests.strict_json import strict_json

L2 = "0.01x^2 + 0.1x"
JSON_KEYS = {"expression", "at", "h", "method", "estimate", "exact", "error"}


def diff_main(argv):
    """gdsim.cli.main's handling, for a parser that has only `diff`."""
    parser = cli.Parser(prog="gdsim")
    add_diff_parser(parser.add_subparsers(dest="command", metavar="COMMAND"))
    try:
        try:
            args = parser.parse_args(attach_negative_values(argv))
        except SystemExit as done:
            return done.code if isinstance(done.code, int) else 0
        return command_diff(args)
    except UsageError as error:
        print(f"gdsim: error: {' '.join(str(error).split())}", file=sys.stderr)
        return 2


@pytest.fixture
def negative_values_attached(monkeypatch):
    """OPTIONS_WITH_NUMBERS as it will be once --at and --h are added to it."""
    monkeypatch.setattr(cli, "OPTIONS_WITH_NUMBERS", cli.OPTIONS_WITH_NUMBERS + DIFF_OPTIONS_WITH_NUMBERS)


def gdsim_diff(capsys, *args):
    status = diff_main(["diff", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err




def diff_json(capsys, *args):
    status, out, err = gdsim_diff(capsys, *args, "--format", "json")
    assert (status, err) == (0, ""), err
    return strict_json(out)


@pytest.mark.parametrize("at, derivative", [("5", 0.2), ("10", 0.3)])
def test_l2_central_difference_json(capsys, at, derivative):
    document = diff_json(capsys, "--expr", L2, "--at", at, "--h", "1e-4", "--method", "central")
    assert set(document) == JSON_KEYS
    assert document["expression"] == L2 and document["method"] == "central"
    assert document["at"] == float(at) and document["h"] == 1e-4
    assert document["exact"] == 0.02 * float(at) + 0.1 == pytest.approx(derivative, abs=1e-15)
    assert document["estimate"] == pytest.approx(derivative, abs=1e-9)
    assert document["error"] == abs(document["estimate"] - document["exact"]) < 1e-9


def test_exact_derivative_at_5_is_exactly_0_2(capsys):
    assert diff_json(capsys, "--expr", L2, "--at", "5", "--h", "1e-4", "--method", "forward")["exact"] == 0.2


@pytest.mark.parametrize("method", ["forward", "central"])
def test_h_1e_minus_50_gives_a_zero_difference(capsys, method):
    document = diff_json(capsys, "--expr", L2, "--at", "5", "--h", "1e-50", "--method", method)
    assert (document["estimate"], document["exact"], document["error"]) == (0.0, 0.2, 0.2)


def test_forward_difference_is_off_by_about_f2_h_over_2(capsys):
    document = diff_json(capsys, "--expr", L2, "--at", "10", "--h", "1e-2", "--method", "forward")
    assert document["error"] == pytest.approx(0.01 * 1e-2, rel=1e-6)


def test_text_output_has_the_estimate_the_exact_derivative_and_the_error(capsys):
    status, out, err = gdsim_diff(capsys, "--expr", L2, "--at", "5", "--h", "1e-4", "--method", "central")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "f(x) = 0.01·x² + 0.1·x, f'(x) = 0.02·x + 0.1"
    assert lines[1] == "central difference (f(x+h) − f(x−h))/2h at x = 5.0 with h = 0.0001"
    fields = dict(line.split(":", 1) for line in lines[2:])
    assert set(fields) == {"estimate", "exact", "error"}
    assert float(fields["estimate"]) == pytest.approx(0.2, abs=1e-9)
    assert float(fields["exact"]) == 0.2
    assert float(fields["error"]) < 1e-9


def test_non_finite_values_are_null_in_json(capsys):
    # log(x) is undefined at −1: the estimate is NaN, the exact derivative 1/x is not
    document = diff_json(capsys, "--expr", "log(x)", "--at", "-1", "--h", "1e-4", "--method", "central")
    assert (document["estimate"], document["exact"], document["error"]) == (None, -1.0, None)
    # exp(800) overflows
    document = diff_json(capsys, "--expr", "exp(x)", "--at", "700", "--h", "100", "--method", "forward")
    assert document["estimate"] is None and document["error"] is None and document["exact"] > 1e300


def test_negative_integer_point_works_even_without_rewriting(capsys):
    document = diff_json(capsys, "--expr", "x^2", "--at", "-2", "--h", "1e-4", "--method", "central")
    assert document["at"] == -2.0 and document["exact"] == -4.0


def test_negative_point_in_exponent_form_needs_at_in_options_with_numbers(capsys, negative_values_attached):
    document = diff_json(capsys, "--expr", "-x^2", "--at", "-2e-3", "--h", "1e-4", "--method", "central")
    assert document["at"] == -2e-3 and document["exact"] == 4e-3


def test_equals_form_works_without_rewriting(capsys):
    document = diff_json(capsys, "--expr", "x^3", "--at=-1.5e0", "--h=1e-4", "--method", "central")
    assert document["exact"] == 6.75


@pytest.mark.parametrize("args, message", [
    (["--expr", "x^2 + y^2", "--at", "1", "--h", "1e-4", "--method", "central"],
     "--expr: numerical differentiation needs a function of x alone; this one is a function of x and y"),
    (["--expr", "x^2 +", "--at", "1", "--h", "1e-4", "--method", "central"], "--expr: "),
    (["--expr", "7", "--at", "1", "--h", "1e-4", "--method", "central"], "--expr: the expression has no variable"),
    (["--expr", "x^2", "--at", "abc", "--h", "1e-4", "--method", "central"],
     "argument --at: must be a finite number, got 'abc'"),
    (["--expr", "x^2", "--at", "nan", "--h", "1e-4", "--method", "central"], "argument --at: must be a finite"),
    (["--expr", "x^2", "--at", "1", "--h", "0", "--method", "central"],
     "argument --h: must be a positive finite number such as 1e-4, got '0'"),
    (["--expr", "x^2", "--at", "1", "--h", "-1e-4", "--method", "central"], "argument --h: must be a positive finite"),
    (["--expr", "x^2", "--at", "1", "--h", "inf", "--method", "central"], "argument --h: must be a positive finite"),
    (["--expr", "x^2", "--at", "1", "--h", "1e-4x", "--method", "central"], "argument --h: must be a positive finite"),
    (["--expr", "x^2", "--at", "1", "--h", "1e-4", "--method", "backward"], "argument --method: invalid choice"),
    (["--expr", "x^2", "--at", "1", "--h", "1e-4"], "the following arguments are required: --method"),
    (["--at", "1", "--h", "1e-4", "--method", "central"], "the following arguments are required: --expr"),
    (["--expr", "x^2", "--at", "1", "--h", "1e-4", "--method", "central", "--format", "csv"],
     "argument --format: invalid choice"),
])
def test_bad_input_exits_2_with_one_line(capsys, negative_values_attached, args, message):
    status, out, err = gdsim_diff(capsys, *args)
    assert status == 2 and out == ""
    assert err.startswith(f"gdsim: error: {message}")
    assert err.count("\n") == 1 and err.endswith("\n")


def test_multiline_expression_error_stays_one_line(capsys):
    status, _, err = gdsim_diff(capsys, "--expr", "x^2 +\n y", "--at", "1", "--h", "1e-4", "--method", "central")
    assert status == 2 and err.count("\n") == 1
