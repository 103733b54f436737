"""A teacher working in Korean makes a typing mistake: the message is in Korean and still points at the
column; the gradient checker's messages too. Switching the language changes a message already shown."""

import re
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from gdsim.model.expressions import ExpressionError, parse
from gdsim.qt import language
from gdsim.qt.messages import explained
from gdsim.qt.panels.gradient_checker import GradientChecker
from tests.model.test_expressions import BAD
from tests.qt.conftest import type_into

HANGUL = re.compile(r"[\uac00-\ud7a3]")
NUMBER = re.compile(r"\d+")


def test_a_typo_in_the_expression_field_is_told_in_korean_with_its_column(control_panel, controller, qtbot, korean):
    before = controller.setup
    type_into(qtbot, control_panel.expression, "x^")
    error = control_panel.expression_error
    assert error.isVisible()
    assert error.text() == "2열: '^' 뒤에 항이 없습니다"
    assert controller.setup is before

    language.set_language("en")  # the message on screen follows the language
    assert error.text() == "missing a term after '^' at column 2"
    language.set_language("ko")
    assert error.text() == "2열: '^' 뒤에 항이 없습니다"

    type_into(qtbot, control_panel.expression, "x^2 + z")
    assert error.text() == "7열: 알 수 없는 이름 'z'. 변수는 x, y입니다"


@pytest.mark.parametrize(("text", "english"), BAD, ids=[t[:30] for t, _ in BAD])
def test_every_message_of_the_parser_is_korean_and_keeps_its_numbers_and_quotes(qapp, korean, text, english):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert str(caught.value) == english  # the CLI's message stays English
    shown = explained(caught.value)
    assert HANGUL.search(shown), shown
    assert not Counter(NUMBER.findall(english)) - Counter(NUMBER.findall(shown)), shown  # columns, limits
    assert sorted(re.findall(r"'[^']*'", shown)) == sorted(re.findall(r"'[^']*'", english)), shown


def seen(label) -> str:
    """The text a rich-text label shows."""
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


@pytest.fixture
def checker(controller, show_views):
    panel = GradientChecker(controller)
    show_views(controller, panel, size=(340, 400))
    return panel


def test_the_gradient_checker_tells_a_typo_in_korean(checker, qtbot, korean):
    x, y = checker.inputs
    type_into(qtbot, y, "2y")
    type_into(qtbot, x, "2*")  # Enter checks
    assert seen(checker.result) == "∂f/∂x: 2열: '*' 뒤에 항이 없습니다"

    checker.run_button.click()  # the same typo, when a ball is to follow the gradient
    assert seen(checker.result) == "∂f/∂x: 2열: '*' 뒤에 항이 없습니다"
    language.set_language("en")
    assert seen(checker.result) == "∂f/∂x: missing a term after '*' at column 2"


def test_a_wrong_number_of_components_is_told_in_korean(qapp, korean):
    from gdsim.model.expressions import gradient_from_components

    with pytest.raises(ExpressionError) as caught:
        gradient_from_components(["2x"], 2)
    assert explained(caught.value) == "';'로 구분한 기울기 성분 2개가 필요한데 1개를 받았습니다"


def test_the_korean_window_says_seuteb_on_the_button_the_counter_and_the_speed(window, qtbot, korean):
    from tests.qt.test_translations import shown_texts

    window.open_lesson("learning-rate", 2)
    qtbot.mouseClick(window.playback_bar.widgetForAction(window.actions["step"]), Qt.MouseButton.LeftButton)
    bar = window.playback_bar
    assert bar.step_label.text().strip() == "스텝 1"
    assert bar.speed_label.text().strip() == "초당 스텝"
    assert window.actions["step"].text() == "스텝"
    texts = shown_texts(window) + [window.caption_bar.text()]
    assert not [text for text in texts if "반복" in text]
