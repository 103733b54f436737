"""A lesson file opened in the window (File ▸ Open Setup): its titles and caption are plain text that cannot
grow the window, and a stage that cannot be shown leaves the run on screen as it was."""

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from gdsim.model.lessons import LessonError
from gdsim.qt.panels.lessons import CaptionBar, LessonBar, LessonPlayer

BALL = '[[stages.balls]]\noptimizer = "sgd"\nlr = 0.1\n'


@pytest.fixture
def shown(qtbot, controller):
    """A window holding the lesson bar and the caption bar, as the main window does."""
    player = LessonPlayer(controller)
    actions = {name: QAction(name) for name in ("previous_stage", "next_stage")}
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QWidget()
    column = QVBoxLayout(central)
    window.bar = LessonBar(player, actions)
    window.caption = CaptionBar(player)
    column.addWidget(window.bar)
    column.addWidget(window.caption)
    column.addStretch(1)
    window.setCentralWidget(central)
    window.actions_kept = actions
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    return player, window


def write(tmp_path, text: str, name: str = "shared.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_titles_are_plain_text_not_markup(tmp_path, shown, qtbot):
    player, window = shown
    title = '<img src="/etc/x.png"><span style="font-size:200pt">Big</span>'
    player.open_file(write(tmp_path, f'id = "t"\ntitle = \'{title}\'\n[[stages]]\ntitle = \'{title}\'\n'
                                     f'landscape = "bowl"\n{BALL}'))
    qtbot.waitUntil(window.bar.isVisible)
    assert window.bar.title.text().strip() == title  # the tags shown as typed, nothing loaded or enlarged
    assert title in window.bar.stage_label.text()
    height = window.bar.title.fontMetrics().height()
    assert window.bar.title.sizeHint().height() < 2 * height and window.bar.stage_label.sizeHint().height() < 2 * height


def test_an_unbroken_caption_wraps_within_the_window(tmp_path, shown, qtbot):
    player, window = shown
    player.open_file(write(tmp_path, f'id = "t"\n[[stages]]\nlandscape = "bowl"\ncaption = "{"x" * 900}"\n{BALL}'))
    qtbot.waitUntil(window.caption.isVisible)
    assert window.caption.minimumSizeHint().width() < 600  # was about 8,500 px: the window grew to fit it
    assert window.caption.text().replace("\u200b", "") == "x" * 900


def test_a_later_stage_that_cannot_be_shown_leaves_the_run_on_screen(tmp_path, shown, controller, qtbot):
    player, _ = shown
    second = 'expression = "x^2 + y^2"\ngradient = ["2*x +", "2*y"]\n' + BALL + 'gradient = "user"\n'
    player.open_file(write(tmp_path, f'id = "t"\n[[stages]]\nlandscape = "bowl"\n{BALL}\n[[stages]]\n{second}'))
    setup = controller.setup
    with qtbot.waitSignal(player.sigProblem) as problem:
        player.next_stage()
    assert problem.args[0].startswith("shared.toml: stage 2: field 'gradient': ")
    assert controller.setup is setup and player.index == 0


@pytest.mark.parametrize(("content", "message"), [
    (b"\xef\xbb\xbfid = [", "shared.toml: not valid TOML"),
    (b'id = "t"\na = ' + b"[" * 100_000, "shared.toml: not a lesson file: line 2: lists or tables nested"),
    (b"\xff\xfei\x00d\x00", "shared.toml: saved as UTF-16; save it as UTF-8"),
    (b'id = "\xe9t\xe9"', "shared.toml: not UTF-8 text (byte 0xe9 at position 6)"),
    (b"#" * (2 * 1024 * 1024), "shared.toml: larger than 1,048,576 bytes"),
], ids=["bom", "nesting", "utf-16", "latin-1", "size"])
def test_a_broken_file_names_itself_and_changes_nothing(tmp_path, shown, controller, content, message):
    player, _ = shown
    path = tmp_path / "shared.toml"
    path.write_bytes(content)
    setup = controller.setup
    with pytest.raises(LessonError) as raised:
        player.open_file(path)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)
    assert controller.setup is setup
