"""The translation files: every string of the code has a finished Korean translation with the same
placeholders, the compiled .qm says what its .ts says, and the tables of the model's words cover
the model."""

import importlib
import importlib.util
import pkgutil
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

import gdsim.model
from gdsim.model.balls import Ball, GradientSource
from gdsim.model.expressions import ExpressionError
from gdsim.model.fitting import FitModel, make_problem
from gdsim.model.landscapes import CriticalKind
from gdsim.model.lessons import load_lessons
from gdsim.model.messages import TEMPLATES, Template, TranslatableError
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import PRESETS, typed_preset
from gdsim.model.schedules import PARAMETERS, SCHEDULE_NAMES, SCHEDULE_PHRASES, SETTING_PHRASES
from gdsim.model.simulation import BallStatus
from gdsim.qt import names
from gdsim.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
TS = resource_path("translations", "gdsim_ko.ts")
QM = resource_path("translations", "gdsim_ko.qm")
FIELD = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"<[^<>]+>")


def load_updater():
    """packaging/update_translations.py, the script that runs lupdate and lrelease."""
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages() -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) of every message of the Korean .ts."""
    root = ET.parse(TS).getroot()
    return [(context.findtext("name"), message.findtext("source"), message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")]


def test_every_string_has_a_finished_korean_translation():
    found = messages()
    assert len(found) > 200
    for context, source, translation in found:
        assert translation is not None and translation.get("type") is None, (context, source)
        assert (translation.text or "").strip(), (context, source)


def test_translations_keep_placeholders_markup_and_accelerators():
    for context, source, translation in messages():
        text = translation.text
        assert sorted(FIELD.findall(text)) == sorted(FIELD.findall(source)), (context, source, text)
        assert sorted(TAG.findall(text)) == sorted(TAG.findall(source)), (context, source, text)
        assert text.count("\n") == source.count("\n"), (context, source, text)
        if "&" in source.replace("&&", ""):  # a menu's accelerator: Korean menus show it as 파일(&F)
            accelerator = source[source.index("&") + 1]
            assert text.endswith(f"(&{accelerator})"), (context, source, text)
        # Korean is Korean: only names (SGD, JSON), symbols, file patterns and numbers may stay as they are.
        words = re.sub(r"\(\*\.\w+\)", "", FIELD.sub("", TAG.sub("", source)))
        if re.search(r"\b[a-z]{3,}\b", words):
            assert re.search(r"[\uac00-\ud7a3]", text), (context, source, text)


def test_the_qm_says_what_the_ts_says():
    translator = QTranslator()
    assert translator.load(str(QM))
    for context, source, translation in messages():
        assert translator.translate(context, source) == translation.text, (context, source)


def test_the_qm_is_not_older_than_its_ts():
    # A checkout gives both the same time; an edited .ts without a fresh lrelease is newer.
    assert QM.stat().st_mtime + 1 >= TS.stat().st_mtime, "run: python packaging/update_translations.py"


@pytest.mark.skipif(shutil.which("pyside6-lrelease") is None, reason="pyside6-lrelease is not installed")
def test_lrelease_makes_exactly_the_committed_qm(tmp_path):
    fresh = tmp_path / "fresh.qm"
    subprocess.run(["pyside6-lrelease", str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run: python packaging/update_translations.py"


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="pyside6-lupdate is not installed")
def test_every_string_of_the_code_is_in_the_ts():
    """lupdate over gdsim/ finds no string the .ts lacks, and the .ts keeps none the code lost."""
    assert load_updater().problems("ko") == []


def test_the_tables_of_model_words_cover_the_model():
    assert {kind.display_name for kind in OptimizerKind} == set(names.OPTIMIZERS)
    assert {status.label for status in BallStatus} == set(names.STATUSES)
    assert {str(kind) for kind in CriticalKind} == set(names.CRITICAL_KINDS)
    assert set(SCHEDULE_NAMES) == set(names.SCHEDULES)
    fits = [make_problem(model).landscape.title for model in FitModel]
    assert {scene.landscape.title for scene in PRESETS.values()} | set(fits) == set(names.LANDSCAPE_TITLES)
    typed = typed_preset(next(iter(PRESETS.values())).landscape).description
    assert {scene.description for scene in PRESETS.values()} | {typed} == set(names.LANDSCAPE_DESCRIPTIONS)
    followed = Ball(OptimizerKind.MOMENTUM, {"lr": 0.1, "momentum": 0.9}, GradientSource.USER, start=(0.0,)).label
    assert followed.endswith(names.USER_GRADIENT_SUFFIX)


def test_every_schedule_and_setting_a_label_shows_has_a_phrase_to_translate():
    """A ball's label says its schedule in phrases the GUI translates, never in its code names."""
    assert set(SCHEDULE_PHRASES) == set(SCHEDULE_NAMES)
    for name, parameters in PARAMETERS.items():
        for parameter in parameters:
            assert "{" + parameter.name + "}" in SCHEDULE_PHRASES[name] or parameter.name in SETTING_PHRASES, \
                (name, parameter.name)
    for phrase in (*SCHEDULE_PHRASES.values(), *SETTING_PHRASES.values()):
        assert isinstance(phrase, Template) and "_" not in FIELD.sub("", phrase), phrase


def test_a_formula_said_in_words_is_a_template_to_translate():
    """'share of the 9 points …' in the control panel is English prose: the Korean window says it in Korean."""
    in_words = [scene.landscape.formula for scene in PRESETS.values()
                if re.search(r"\b[a-z]{4,}\b", scene.landscape.formula)]
    assert len(in_words) == 2
    assert all(isinstance(formula, Template) for formula in in_words)



def every_model_template():
    """Every message template of the model: each module of gdsim.model imported, so that all are made."""
    for module in pkgutil.walk_packages(gdsim.model.__path__, "gdsim.model."):
        importlib.import_module(module.name)
    return list(TEMPLATES)


def test_every_message_of_the_model_has_a_finished_korean_translation():
    """The parser's, the gradient's and the gradient check's messages, as the window shows them."""
    templates = every_model_template()
    contexts = {template.context for template in templates}
    assert {"ExpressionError", "GradientCheck"} <= contexts and len(templates) > 40
    translated = {(context, source): translation for context, source, translation in messages()}
    translator = QTranslator()
    assert translator.load(str(QM))
    for template in templates:
        translation = translated.get((template.context, str(template)))
        assert translation is not None, f"no Korean for {template.context}: {template!r}"
        assert translator.translate(template.context, template) == translation.text
        if re.search(r"\b[a-z]{3,}\b", FIELD.sub("", template)):
            assert re.search(r"[\uac00-\ud7a3]", translation.text), (template, translation.text)


def test_a_message_for_the_user_is_a_template_so_it_cannot_miss_its_translation():
    with pytest.raises(TypeError):
        ExpressionError("unexpected '^' at column 3", 3)
    with pytest.raises(TypeError):
        TranslatableError("nothing to compare")


def test_korean_says_seuteb_for_a_step_and_never_banbok():
    """One word for a step in the Korean window, the lessons' captions and titles included: 스텝, not 반복."""
    steps = [(context, source, translation.text) for context, source, translation in messages()
             if re.search(r"\bsteps?\b", source, re.IGNORECASE) and source != "step"]  # 'step': StepLR's name
    assert len(steps) > 25
    for context, source, translation in messages():
        assert "반복" not in translation.text, (context, source, translation.text)
    for context, source, text in steps:
        if re.search(r"\b(Step \{step\}|step \{step\}|Step|steps per second|every (step|\{\w+\} steps))\b", source):
            assert "스텝" in text, (context, source, text)
    lessons, problems = load_lessons(resource_path("lessons"))
    assert lessons and not problems
    for lesson in lessons:
        for stage in lesson.stages:
            korean = stage.title.get("ko", "") + (stage.caption or {}).get("ko", "")
            assert "반복" not in korean, (lesson.id, korean)
