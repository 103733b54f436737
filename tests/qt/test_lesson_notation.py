"""A student reads the caption and then the axes: both name the same variables (no θ and J(θ) in the
caption over axes that say x and f(x)), in English and in Korean, for every stage of lessons L1 and L2."""

import re

import pytest

# A one-letter name used as mathematics: followed by =, ←, (, a subscript, a square, a prime, or inside
# "(x, y)". Latin and Greek letters only, so Korean and English words are not taken for names.
MATH_NAME = re.compile(r"(?<![A-Za-zα-ωΑ-Ω])([A-Za-zα-ωΑ-Ω])(?=[₀₁²′]|\s*[=←(]|[,)])")
PARAMETERS = {"η", "ρ", "γ"}  # the optimizers' own symbols, which are no variables of the landscape


def names_in(text: str) -> set[str]:
    return set(MATH_NAME.findall(text.replace("\u200b", "")))


@pytest.mark.parametrize("lesson", ["learning-rate", "gradient"])
def test_captions_name_the_variables_the_axes_name(window, in_language, lesson):
    stages = len(window.lessons.find(lesson).stages)
    for stage in range(stages):
        window.open_lesson(lesson, stage)
        plot = window.landscape_stack.currentWidget().getPlotItem()
        axes = {plot.getAxis(side).labelText for side in ("bottom", "left")}
        on_axes = set().union(*map(names_in, axes)) | {name for name in axes if len(name) == 1}
        told = names_in(window.caption_bar.text()) | names_in(window.lesson_bar.stage_label.text())
        assert told - on_axes - PARAMETERS <= {"f"}, (lesson, stage + 1, axes, window.caption_bar.text())
        if window.controller.setup.landscape.dim == 1:
            assert axes == {"x", "f(x)"}
