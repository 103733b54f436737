"""A value the field cannot take is refused where it was typed, with the reason (issue 12, defect 6):
the field keeps its value and a line next to it says why."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from gdsim.model.optimizers import OptimizerKind, hyperparameters
from gdsim.qt.panels.ball_list import BallList
from gdsim.qt.panels.playback_bar import PlaybackBar


def shown(widget, qtbot):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_and_enter(spin, qtbot, text):
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, text)
    assert spin.lineEdit().text() == text  # every key typed is shown, none silently dropped
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def messages_shown(view) -> list[QLabel]:
    return [label for label in view.findChildren(QLabel) if label.isVisible() and "stays" in label.text()]


def the_message_at(view, spin, qtbot) -> str:
    """The one reason shown in `view`; once laid out, it sits right under the field or beside it."""
    [label] = messages_shown(view)

    def placed() -> bool:
        field = spin.rect().translated(spin.mapTo(view, QPoint(0, 0)))
        place = label.rect().translated(label.mapTo(view, QPoint(0, 0)))
        under = 0 <= place.top() - field.bottom() <= 12 and place.left() < field.right()
        beside = 0 <= place.left() - field.right() <= 12 and place.top() < field.bottom()
        return under or beside

    qtbot.waitUntil(placed, timeout=1000)
    return label.text()


@pytest.fixture
def ball_list(controller, qtbot):
    view = shown(BallList(controller), qtbot)
    controller.publish()
    return view


def test_a_negative_learning_rate_is_refused_with_the_reason_under_the_field(controller, ball_list, qtbot):
    spin = ball_list.editor.learning_rate.spin
    type_and_enter(spin, qtbot, "-0.1")
    assert controller.setup.balls[0].params["lr"] == 0.01
    assert spin.text() == "0.01"
    assert the_message_at(ball_list, spin, qtbot) == "-0.1 is too small: η must be at least 1e-12; it stays 0.01."

    type_and_enter(spin, qtbot, "0.02")  # a value it can take: the reason goes
    assert controller.setup.balls[0].params["lr"] == 0.02
    assert messages_shown(ball_list) == []


def test_text_that_is_not_a_number_is_refused_with_the_reason(controller, ball_list, qtbot):
    spin = ball_list.editor.learning_rate.spin
    type_and_enter(spin, qtbot, "fast")
    assert controller.setup.balls[0].params["lr"] == 0.01
    assert the_message_at(ball_list, spin, qtbot) == "“fast” is not a number; η stays 0.01."


# Every field typed into (a choice, line_search or form, is a combo box: test_control_panel.py).
FIELDS = [(kind, h) for kind in OptimizerKind for h in hyperparameters(kind) if h.name != "lr" and not h.choices]


@pytest.mark.parametrize("kind, hyperparameter", FIELDS, ids=[f"{k}-{h.name}" for k, h in FIELDS])
def test_every_hyperparameter_field_says_why_it_refuses_a_value(controller, ball_list, qtbot, kind, hyperparameter):
    editor = ball_list.editor
    editor.optimizer.setCurrentIndex(editor.optimizer.findData(str(kind)))
    spin = editor.param_inputs[hyperparameter.name]
    qtbot.waitUntil(spin.isVisible, timeout=1000)  # a new optimizer's fields are shown from the event loop
    before = controller.setup.balls[0].params[hyperparameter.name]
    kept = spin.text()
    type_and_enter(spin, qtbot, "-1")
    assert controller.setup.balls[0].params[hyperparameter.name] == before
    assert spin.text() == kept
    low = f"{spin.minimum():.6g}"
    assert the_message_at(ball_list, spin, qtbot) == \
        f"-1 is too small: {hyperparameter.symbol} must be at least {low}; it stays {kept}."
    if hyperparameter.high == 1.0:  # a rate below one: 1.5 must not turn into 0.5
        type_and_enter(spin, qtbot, "1.5")
        assert controller.setup.balls[0].params[hyperparameter.name] == before
        assert the_message_at(ball_list, spin, qtbot).startswith(f"1.5 is too large: {hyperparameter.symbol} must be at "
                                                          "most 0.999999;")


def test_a_refusal_goes_when_another_ball_is_selected(controller, ball_list, qtbot):
    type_and_enter(ball_list.editor.learning_rate.spin, qtbot, "-1")
    assert len(messages_shown(ball_list)) == 1
    qtbot.mouseClick(ball_list.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=ball_list.list.visualItemRect(ball_list.list.item(1)).center())
    assert controller.selected_index == 1
    assert messages_shown(ball_list) == []


@pytest.fixture
def playback_bar(controller, qtbot):
    actions = {name: QAction(name) for name in ("step", "play_pause", "reset")}
    bar = PlaybackBar(controller, actions)
    bar.resize(1280, bar.sizeHint().height())
    bar.actions_kept = actions  # the actions live as long as the bar
    controller.publish()
    return shown(bar, qtbot)


@pytest.mark.parametrize("typed", ["0", "-5"])
def test_zero_or_negative_steps_per_second_are_refused_beside_the_field(controller, playback_bar, qtbot, typed):
    type_and_enter(playback_bar.speed, qtbot, typed)
    assert controller.steps_per_second == 30
    assert playback_bar.speed.text() == "30"
    assert the_message_at(playback_bar, playback_bar.speed, qtbot) == \
        f"{typed} is too small: steps per second must be at least 1; it stays 30. Pause stops the balls."

    type_and_enter(playback_bar.speed, qtbot, "60")
    assert controller.steps_per_second == 60
    assert messages_shown(playback_bar) == []


def test_too_many_steps_per_second_are_refused_not_cut(controller, playback_bar, qtbot):
    type_and_enter(playback_bar.speed, qtbot, "200000")
    assert controller.steps_per_second == 30  # not 20000, the digits that fitted
    assert the_message_at(playback_bar, playback_bar.speed, qtbot).startswith(
        "200000 is too large: steps per second must be at most 100000;")


def test_the_reason_follows_a_language_switch(controller, ball_list, qtbot):
    from gdsim.qt import language

    spin = ball_list.editor.learning_rate.spin
    type_and_enter(spin, qtbot, "-0.1")
    language.set_language("ko")
    [label] = [label for label in ball_list.findChildren(QLabel) if label.isVisible() and "-0.1" in label.text()]
    assert label.text() == "-0.1은(는) 너무 작습니다. η은(는) 1e-12 이상이어야 하므로 0.01(으)로 유지됩니다."
