"""The Explain panel's lines, read as the user reads them, are README's formulas, and the printed numbers
recompute through those formulas: each line from the printed values before it and from the state the
panel printed at the step before (Step goes through the window's action)."""

import re

import numpy as np
import pytest
from PySide6.QtGui import QTextDocument

from gdsim.model.balls import Ball
from gdsim.model.explain import Note
from gdsim.model.optimizers import OptimizerKind
from gdsim.qt.analysis.explain_panel import ExplainPanel
from gdsim.qt.view_state import ArrowsShown
from gdsim.qt.views.contour_view import ContourView

from .conftest import OPTIMIZER_SETTINGS

# README's optimizer table: (symbol, sign, formula) of every line, the sign "←" for an update of a state.
GRADIENT = ("g", "=", "∇f(x)")
ADAM_MOMENTS = [GRADIENT, ("m", "←", "β₁·m + (1 − β₁)·g"), ("s", "←", "β₂·s + (1 − β₂)·g²"),
                ("m̂", "=", "m / (1 − β₁ᵗ)"), ("ŝ", "=", "s / (1 − β₂ᵗ)"), ("Δx", "=", "−η·m̂ / (√ŝ + ε)")]
NADAM_STEP = "−η·((1 − μ)·g / (1 − Π) + μ′·m / (1 − Π·μ′)) / (√(s / (1 − β₂ᵗ)) + ε)"
RPROP_STEP = "clip(Δ·(η₊ if g·p > 0, η₋ if g·p < 0, else 1), Δmin, Δmax)"
FORMULAS = {
    OptimizerKind.SGD: [GRADIENT, ("x", "←", "x − η·g")],
    OptimizerKind.MOMENTUM: [("v", "", ""), GRADIENT, ("v", "←", "ρ·v − η·g"), ("x", "←", "x + v")],
    OptimizerKind.NAG: [("v", "", ""), ("x̃", "=", "x + ρ·v"), ("g", "=", "∇f(x̃)"), ("v", "←", "ρ·v − η·g"),
                        ("x", "←", "x + v")],
    OptimizerKind.ADAGRAD: [GRADIENT, ("s", "←", "s + g²"), ("x", "←", "x − η·g / (√s + ε)")],
    OptimizerKind.RMSPROP: [GRADIENT, ("s", "←", "α·s + (1 − α)·g²"), ("x", "←", "x − η·g / (√s + ε)")],
    OptimizerKind.ADAM: [("t", "", ""), *ADAM_MOMENTS, ("x", "←", "x + Δx")],
    OptimizerKind.ADAMW: [("t", "", ""), ("x′", "=", "x·(1 − η·λ)"), *ADAM_MOMENTS, ("x", "←", "x′ + Δx")],
    OptimizerKind.AMSGRAD: [("t", "", ""), *ADAM_MOMENTS[:3], ("s̄", "←", "max(s̄, s)"), ADAM_MOMENTS[3],
                            ("ŝ", "=", "s̄ / (1 − β₂ᵗ)"), ADAM_MOMENTS[5], ("x", "←", "x + Δx")],
    OptimizerKind.ADAMAX: [("t", "", ""), *ADAM_MOMENTS[:2], ("u", "←", "max(β₂·u, |g| + ε)"), ADAM_MOMENTS[3],
                           ("Δx", "=", "−η·m̂ / u"), ("x", "←", "x + Δx")],
    OptimizerKind.NADAM: [("t", "", ""), *ADAM_MOMENTS[:3], ("μ", "=", "β₁·(1 − 0.5·0.96^(t·ψ))"),
                          ("μ′", "=", "β₁·(1 − 0.5·0.96^((t + 1)·ψ))"), ("Π", "←", "Π·μ"),
                          ("Δx", "=", NADAM_STEP), ("x", "←", "x + Δx")],
    OptimizerKind.ADADELTA: [GRADIENT, ("s", "←", "ρ·s + (1 − ρ)·g²"), ("Δ", "=", "√(a + ε) / √(s + ε)·g"),
                             ("a", "←", "ρ·a + (1 − ρ)·Δ²"), ("x", "←", "x − η·Δ")],
    OptimizerKind.RPROP: [GRADIENT, ("Δ", "←", RPROP_STEP), ("p", "←", "0 if g·p < 0, else g"),
                          ("x", "←", "x − sign(p)·Δ")],
    # Its first five steps, before ρₜ > 5 switches on the adaptive step (test_explain.py tells the later ones).
    OptimizerKind.RADAM: [("t", "", ""), *ADAM_MOMENTS[:4], ("ρ∞", "=", "2 / (1 − β₂) − 1"),
                          ("ρₜ", "=", "ρ∞ − 2t·β₂ᵗ / (1 − β₂ᵗ)"), ("Δx", "=", "−η·m̂"), ("x", "←", "x + Δx")],
    OptimizerKind.LION: [GRADIENT, ("c", "=", "β₁·m + (1 − β₁)·g"), ("x", "←", "x − η·(sign(c) + λ·x)"),
                         ("m", "←", "β₂·m + (1 − β₂)·g")],
    OptimizerKind.NEWTON: [GRADIENT, ("λ", "=", "eig(H + δ·I)"), ("Δx", "=", "−η·(H + δ·I)⁻¹·g"), ("x", "←", "x + Δx")],
    # At the first step t = min(1, 1/‖g‖₁)·η; then η (checked as the steps go).
    OptimizerKind.LBFGS: [GRADIENT, ("d", "=", "−H̃·g"), ("t", "=", "min(1, 1/‖g‖₁)·η"), ("x", "←", "x + t·d")],
}
LBFGS_LATER = [GRADIENT, ("d", "=", "−H̃·g"), ("t", "=", "η"), ("x", "←", "x + t·d")]


def newton_system(e):
    from gdsim.model.curvature import hessians
    from gdsim.model.presets import preset
    return hessians(preset("momentum-demo").landscape, e["x"][None, :])[0] + e["δ"] * np.eye(2)


class LBFGSMemory:
    """The pairs (s, y) of torch's L-BFGS, from the printed t, d and g of each step, and its two-loop recursion."""

    def __init__(self):
        self.pairs, self.h_diag, self.last = [], 1.0, None

    def direction(self, e):
        g = e["g"]
        if self.last is not None:
            t, d, g_before = self.last
            s, y = t * d, g - g_before
            if y @ s > 1e-10:
                self.pairs = [*self.pairs, (s, y)][-10:]
                self.h_diag = (y @ s) / (y @ y)
        q, alphas = -g, []
        for s, y in reversed(self.pairs):
            alphas.append((s @ q) / (y @ s))
            q = q - alphas[-1] * y
        r = q * self.h_diag
        for (s, y), alpha in zip(self.pairs, reversed(alphas), strict=True):
            r = r + (alpha - (y @ r) / (y @ s)) * s
        return r

# Each formula as arithmetic on the printed values (`e`), for the recomputation.
RECOMPUTED = {
    "x − η·g": lambda e: e["x"] - e["η"] * e["g"],
    "x + ρ·v": lambda e: e["x"] + e["ρ"] * e["v"],
    "ρ·v − η·g": lambda e: e["ρ"] * e["v"] - e["η"] * e["g"],
    "x + v": lambda e: e["x"] + e["v"],
    "s + g²": lambda e: e["s"] + e["g"] ** 2,
    "α·s + (1 − α)·g²": lambda e: e["α"] * e["s"] + (1 - e["α"]) * e["g"] ** 2,
    "x − η·g / (√s + ε)": lambda e: e["x"] - e["η"] * e["g"] / (np.sqrt(e["s"]) + e["ε"]),
    "x·(1 − η·λ)": lambda e: e["x"] * (1 - e["η"] * e["λ"]),
    "β₁·m + (1 − β₁)·g": lambda e: e["β₁"] * e["m"] + (1 - e["β₁"]) * e["g"],
    "β₂·s + (1 − β₂)·g²": lambda e: e["β₂"] * e["s"] + (1 - e["β₂"]) * e["g"] ** 2,
    "m / (1 − β₁ᵗ)": lambda e: e["m"] / (1 - e["β₁"] ** e["t"]),
    "s / (1 − β₂ᵗ)": lambda e: e["s"] / (1 - e["β₂"] ** e["t"]),
    "−η·m̂ / (√ŝ + ε)": lambda e: -e["η"] * e["m̂"] / (np.sqrt(e["ŝ"]) + e["ε"]),
    "max(s̄, s)": lambda e: np.maximum(e["s̄"], e["s"]),
    "s̄ / (1 − β₂ᵗ)": lambda e: e["s̄"] / (1 - e["β₂"] ** e["t"]),
    "max(β₂·u, |g| + ε)": lambda e: np.maximum(e["β₂"] * e["u"], np.abs(e["g"]) + e["ε"]),
    "−η·m̂ / u": lambda e: -e["η"] * e["m̂"] / e["u"],
    "β₁·(1 − 0.5·0.96^(t·ψ))": lambda e: e["β₁"] * (1 - 0.5 * 0.96 ** (e["t"] * e["ψ"])),
    "β₁·(1 − 0.5·0.96^((t + 1)·ψ))": lambda e: e["β₁"] * (1 - 0.5 * 0.96 ** ((e["t"] + 1) * e["ψ"])),
    "Π·μ": lambda e: e["Π"] * e["μ"],
    NADAM_STEP: lambda e: (-e["η"] * ((1 - e["μ"]) * e["g"] / (1 - e["Π"]) + e["μ′"] * e["m"] / (1 - e["Π"] * e["μ′"]))
                           / (np.sqrt(e["s"] / (1 - e["β₂"] ** e["t"])) + e["ε"])),
    "2 / (1 − β₂) − 1": lambda e: 2 / (1 - e["β₂"]) - 1,
    "ρ∞ − 2t·β₂ᵗ / (1 − β₂ᵗ)": lambda e: e["ρ∞"] - 2 * e["t"] * e["β₂"] ** e["t"] / (1 - e["β₂"] ** e["t"]),
    "−η·m̂": lambda e: -e["η"] * e["m̂"],
    "ρ·s + (1 − ρ)·g²": lambda e: e["ρ"] * e["s"] + (1 - e["ρ"]) * e["g"] ** 2,
    "√(a + ε) / √(s + ε)·g": lambda e: np.sqrt(e["a"] + e["ε"]) / np.sqrt(e["s"] + e["ε"]) * e["g"],
    "ρ·a + (1 − ρ)·Δ²": lambda e: e["ρ"] * e["a"] + (1 - e["ρ"]) * e["Δ"] ** 2,
    "x − η·Δ": lambda e: e["x"] - e["η"] * e["Δ"],
    RPROP_STEP: lambda e: np.clip(e["Δ"] * np.where(e["g"] * e["p"] > 0, e["η₊"],
                                                     np.where(e["g"] * e["p"] < 0, e["η₋"], 1.0)), e["Δmin"], e["Δmax"]),
    "0 if g·p < 0, else g": lambda e: np.where(e["g"] * e["p"] < 0, 0.0, e["g"]),
    "x − sign(p)·Δ": lambda e: e["x"] - np.sign(e["p"]) * e["Δ"],
    "x + Δx": lambda e: e["x"] + e["Δx"],
    "x − η·(sign(c) + λ·x)": lambda e: e["x"] - e["η"] * (np.sign(e["c"]) + e["λ"] * e["x"]),
    "β₂·m + (1 − β₂)·g": lambda e: e["β₂"] * e["m"] + (1 - e["β₂"]) * e["g"],
    "eig(H + δ·I)": lambda e: np.linalg.eigvalsh(newton_system(e)),
    "−η·(H + δ·I)⁻¹·g": lambda e: -e["η"] * np.linalg.solve(newton_system(e), e["g"]),
    "min(1, 1/‖g‖₁)·η": lambda e: min(1.0, 1.0 / np.sum(np.abs(e["g"]))) * e["η"],
    "η": lambda e: e["η"],
    "x + t·d": lambda e: e["x"] + e["t"] * e["d"],
    "x′ + Δx": lambda e: e["x′"] + e["Δx"],
}
ROUNDING = 5e-6  # the panel prints 6 significant digits: each number is off by at most this, relatively


def printed(text: str) -> np.ndarray:
    """A number or a vector as the panel prints it: '−0.25' or '(1.5, −2)'."""
    return np.array([float(part) for part in text.replace("−", "-").strip("()").split(",")])


def panel_as_read(panel) -> tuple[dict[str, np.ndarray], list[tuple[str, str, str, np.ndarray]]]:
    """The settings and x of the panel's header, and its lines (symbol, sign, formula, value), from the
    text the user sees (the rich text laid out as plain text)."""
    document = QTextDocument()
    document.setHtml(panel.table.text())
    rows = [row.strip() for row in document.toPlainText().splitlines() if row.strip()]
    header = dict(re.findall(r"(\S+) = (\([^)]*\)|[^,\s]+)", rows[0] + ", " + rows[1]))
    lines, cells = [], []  # each cell of the table is a row of the text; a value's row starts with "= "
    for row in rows[2:]:
        if not row.startswith("= "):
            cells.append(row)
            continue
        symbol, *rest = cells
        sign = rest.pop(0) if rest and rest[0] in ("=", "←") else ""
        formula = re.sub(r"\s*\([a-z][a-z ,-]* [a-z ,-]*\)$", "", " ".join(rest))  # the note in words: "(the step taken)"
        formula = next((formula.removesuffix(f" ({note})") for note in Note if note and formula.endswith(f" ({note})")),
                       formula)  # a note with capitals and punctuation: "(H is not positive definite here: …)"
        lines.append((symbol, sign, formula, printed(row[2:])))
        cells = []
    return {name: printed(value) for name, value in header.items()}, lines


def assert_recomputes(shown, formula, known, what):
    """`shown` is `formula` of the printed values `known`, to what their rounding allows: the sum of
    the changes each printed number, moved by its rounding, makes in the result, and the shown value's own."""
    expected = formula(known)
    allowed = ROUNDING * np.abs(shown)
    for name, value in known.items():
        value = np.atleast_1d(np.asarray(value, dtype=float))
        for index in range(value.size):  # each coordinate on its own: their errors need not cancel
            moved = value.copy()
            moved[index] *= 1 + ROUNDING
            allowed = allowed + np.abs(formula({**known, name: moved}) - expected)
    assert np.all(np.abs(shown - expected) <= 1.5 * allowed), f"{what}: shown {shown}, recomputed {expected}"


@pytest.mark.parametrize("kind", list(OptimizerKind))
def test_each_line_is_readmes_formula_and_its_number_recomputes_from_the_printed_ones(window, kind):
    controller = window.controller
    controller.set_setup(controller.setup.__class__(controller.setup.preset, controller.setup.starts,
                                                    (Ball(kind, OPTIMIZER_SETTINGS[kind]),)))
    window.actions["explain_step"].trigger()
    panel = window.explain_panel
    state = {"v": 0.0, "s": 0.0, "m": 0.0, "s̄": 0.0, "u": 0.0, "Π": 1.0, "a": 0.0, "p": 0.0, "Δ": None}  # every state starts at 0
    gradient = controller.preset.landscape.gradient
    memory = LBFGSMemory()
    for step in range(5):
        header, lines = panel_as_read(panel)
        expected = LBFGS_LATER if kind is OptimizerKind.LBFGS and step else FORMULAS[kind]
        assert [(symbol, sign, formula) for symbol, sign, formula, _ in lines] == expected
        known = {**header, **state}
        if known.get("Δ") is None:  # Rprop's step length starts at η
            known["Δ"] = header.get("η")
        for symbol, _, formula, value in lines:
            what = f"{kind} at step {step}: {symbol} {formula}"
            if symbol == "t" and kind is not OptimizerKind.LBFGS:
                assert value[0] == step + 1
            elif formula == "−H̃·g":
                assert_recomputes(value, memory.direction, {"g": known["g"]}, what)
            elif formula == "":  # the state carried over, as printed the step before
                assert_recomputes(value, lambda e, s=symbol: e[s], {symbol: known[symbol]}, what)
            elif formula.startswith("∇f"):
                where = "x̃" if "x̃" in formula else "x"
                assert_recomputes(value, lambda e, w=where: gradient(e[w][None, :])[0], {where: known[where]}, what)
            else:
                assert_recomputes(value, RECOMPUTED[formula], known, what)
            known[symbol] = value
        state = {name: known[name] for name in state if name in known}
        if kind is OptimizerKind.LBFGS:
            memory.last = (known["t"], known["d"], known["g"])
        before = controller.snapshot().positions[0].copy()
        window.actions["step"].trigger()
        moved = controller.snapshot().positions[0]
        assert_recomputes(moved, lambda e: e["x"], {"x": known["x"]}, f"{kind} at step {step}: the ball's place")
        if "Δx" in known:
            start = before * (1 - header["η"] * header["λ"]) if "λ" in header else before  # AdamW's x′
            assert_recomputes(moved - start, lambda e: e["Δx"], {"Δx": known["Δx"]}, f"{kind} at step {step}: its move")


@pytest.mark.parametrize(("kind", "named", "not_named"), [
    (OptimizerKind.MOMENTUM, "velocity ρ·v", "average gradient"),
    (OptimizerKind.ADAM, "average gradient's step", "velocity"),
    (OptimizerKind.ADAMW, "average gradient's step", "velocity"),
])
def test_the_map_legend_names_what_each_optimizers_second_arrow_is(controller, view_state, show_views, kind,
                                                                     named, not_named):
    view, panel = ContourView(controller, view_state), ExplainPanel(controller, view_state)
    show_views(controller, view, panel, size=(1000, 720))
    controller.set_setup(controller.setup.__class__(controller.setup.preset, controller.setup.starts,
                                                    (Ball(kind, OPTIMIZER_SETTINGS[kind]),)))
    controller.advance(3)
    next(b for b in panel.arrow_choice.buttons() if b.property("shown") == str(ArrowsShown.SELECTED)).click()
    legend = view.step_arrows.legend.toPlainText()
    assert named in legend and not_named not in legend
