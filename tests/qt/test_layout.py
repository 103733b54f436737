"""The window's layout as a projector shows it: the map first at any size, every toolbar button and
stage control on screen, presenter mode that gives the map the room and gives the layout back, and a
caption that does not push the map about while a stage plays."""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from gdsim.model.lessons import localized
from gdsim.qt import language
from gdsim.qt.main_window import MainWindow
from gdsim.qt.settings import Settings
from tests.qt.conftest import activate


def _resized(window, qtbot, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height, timeout=3000)
    QApplication.processEvents()


def _on_screen(window, widget) -> bool:
    """`widget` is shown, and all of it lies inside the window."""
    if not widget.isVisible():
        return False
    if widget.width() == 0:  # an empty message beside a field: nothing to see
        return True
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


def _longest_titled_stage(lesson, code: str) -> int:
    return max(range(len(lesson.stages)), key=lambda index: len(localized(lesson.stages[index].title, code)))


def _nothing_in_the_overflow(window) -> list[str]:
    """The names of what a toolbar put behind its » button, or of stage controls that are off screen."""
    hidden = []
    for bar in window.findChildren(QToolBar):
        if not bar.isVisible():
            continue
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None and extension.isVisible():
            hidden.append(f"{bar.objectName()}: »")
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if widget is not None and not action.isSeparator() and not _on_screen(window, widget):
                hidden.append(f"{bar.objectName()}: {action.text() or widget.objectName()}")
    strip = window.lesson_bar
    for control in (strip.previous_button, strip.next_button, strip.stage_label, strip.title):
        if not _on_screen(window, control):
            hidden.append(f"lesson strip: {control.objectName()}")
    return hidden


@pytest.mark.parametrize("code", ["en", "ko"])
@pytest.mark.parametrize("presenter", [False, True])
def test_no_toolbar_button_or_stage_control_is_in_the_overflow_at_1024_by_768(window, qtbot, code, presenter):
    language.set_language(code)
    _resized(window, qtbot, 1024, 768)
    if presenter:
        window.actions["presenter"].trigger()
    for lesson in window.lessons.lessons:
        window.open_lesson(lesson.id, _longest_titled_stage(lesson, code))
        window.controller.advance(window.controller.stage_steps or 0)
        QApplication.processEvents()
        assert _nothing_in_the_overflow(window) == [], lesson.id
        assert window.width() == 1024


def test_the_toolbar_keeps_its_place_while_playing(window, qtbot):
    bar = window.playback_bar
    presenter_button = bar.widgetForAction(window.actions["presenter"])
    play_button = bar.widgetForAction(window.actions["play_pause"])
    before = presenter_button.geometry(), play_button.geometry(), bar.step_label.geometry()
    window.actions["play_pause"].trigger()
    QApplication.processEvents()
    assert window.actions["play_pause"].text() == "Pause"
    assert (presenter_button.geometry(), play_button.geometry(), bar.step_label.geometry()) == before
    window.actions["play_pause"].trigger()
    window.controller.advance(1234)
    QApplication.processEvents()
    assert int(bar.step_label.text().split()[-1]) >= 1234  # four digits where there was one
    assert (presenter_button.geometry(), play_button.geometry(), bar.step_label.geometry()) == before


def test_the_stage_title_is_elided_with_its_whole_text_in_the_tooltip(window, qtbot):
    _resized(window, qtbot, 1024, 768)
    lesson = window.lessons.find("learning-rate")
    index = _longest_titled_stage(lesson, "en")
    window.open_lesson(lesson.id, index)
    QApplication.processEvents()
    title = localized(lesson.stages[index].title, "en")
    assert title in window.lesson_bar.stage_label.toolTip()
    assert f"stage {index + 1} of {len(lesson.stages)}" in window.lesson_bar.stage_label.text()


def _splitters(window):
    return window.main_splitter.sizes(), window.side_splitter.sizes()


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_presenter_mode_gives_the_map_the_room_and_leaving_it_restores_the_layout(window, qtbot, size):
    _resized(window, qtbot, *size)
    window.open_lesson("gradient", 2)
    window.main_splitter.setSizes([300, sum(window.main_splitter.sizes()) - 300 - 330, 330])  # the user's own
    window.side_splitter.setSizes([250, 0, sum(window.side_splitter.sizes()) - 250])
    QApplication.processEvents()
    before, map_before = _splitters(window), window.contour_view.width()
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    QApplication.processEvents()
    assert window.actions["presenter"].isChecked()
    assert window.contour_view.width() > map_before + 200  # the control panel made room for the map
    assert window.main_splitter.sizes()[0] == 0
    qtbot.keyClick(window, Qt.Key.Key_F4)  # the control panel comes back for a moment
    QApplication.processEvents()
    assert window.main_splitter.sizes()[0] > 200 and window.control_panel.isVisible()
    window.actions["presenter"].trigger()
    QApplication.processEvents()
    assert not window.actions["presenter"].isChecked()
    assert _splitters(window) == before
    assert window.actions["show_controls"].isChecked()


def test_the_control_panel_hides_and_comes_back_with_f4(window, qtbot):
    sizes = window.main_splitter.sizes()
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    QApplication.processEvents()
    assert window.main_splitter.sizes()[0] == 0 and window.contour_view.width() > sizes[1] + 200
    qtbot.keyClick(window, Qt.Key.Key_F4)
    QApplication.processEvents()
    assert window.main_splitter.sizes() == sizes


@pytest.mark.parametrize("size", [(800, 600), (640, 480)])
def test_a_small_window_keeps_the_map_and_gives_it_back_when_it_grows(window, qtbot, size):
    window.open_lesson("gradient", 2)
    QApplication.processEvents()
    map_at_start = window.contour_view.size()
    _resized(window, qtbot, *size)
    view = window.contour_view
    assert view.width() >= 0.43 * size[0] and view.height() >= size[1] // 2
    right_of_map = view.mapTo(window, QPoint(view.width(), 0)).x()
    side = window.side_splitter
    assert side.width() == 0 or side.mapTo(window, QPoint(0, 0)).x() >= right_of_map  # nothing covers it
    assert right_of_map <= window.width()
    _resized(window, qtbot, 1280, 800)
    assert view.size() == map_at_start


def test_the_caption_keeps_its_height_while_a_stage_plays(window, qtbot):
    window.actions["presenter"].trigger()
    for lesson_id, stage in (("momentum", 3), ("momentum", 6), ("learning-rate", 5)):
        window.open_lesson(lesson_id, stage)
        QApplication.processEvents()
        heights, top_of_map = set(), set()
        for _ in range(12):
            window.controller.advance(max(1, (window.controller.stage_steps or 60) // 10))
            QApplication.processEvents()
            heights.add(window.caption_bar.height())
            top_of_map.add(window.contour_view.mapTo(window, QPoint(0, 0)).y())
        assert len(heights) == 1 and len(top_of_map) == 1, (lesson_id, stage, heights)


def test_a_window_closed_in_presenter_mode_remembers_the_layout_from_before_it(qtbot):
    window = MainWindow(settings=Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _resized(window, qtbot, 1280, 800)
    window.main_splitter.setSizes([300, sum(window.main_splitter.sizes()) - 300 - 330, 330])
    before = _splitters(window)
    window.actions["presenter"].trigger()
    window.close()
    assert (Settings().get("window/main_splitter"), Settings().get("window/side_splitter")) == before
    assert Settings().get("view/presenter") is True


def caption_lines(caption) -> list[str]:
    """The caption's lines as Qt lays them out at the label's width, in its font."""
    from PySide6.QtGui import QTextLayout, QTextOption
    from PySide6.QtWidgets import QLabel

    text = QLabel.text(caption)  # as laid out, with its no-break spaces
    layout = QTextLayout(text, caption.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(caption.contentsRect().width())
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


STAGES = [(lesson, stage) for lesson, count in (("learning-rate", 11), ("gradient", 8), ("fitting", 6),
                                                 ("momentum", 8), ("one-weight", 2)) for stage in range(count)]


@pytest.mark.parametrize("code", ["en", "ko"])
def test_a_caption_never_breaks_between_an_equals_sign_and_its_number(window, qtbot, code):
    """In presenter mode at 1024 × 768, captions broke as "f = / −4.9622", "y = / 138" and "W = / 10.00"."""
    from gdsim.qt import language

    language.set_language(code)
    window.resize(1024, 768)
    window.actions["presenter"].trigger()
    for lesson, stage in STAGES:
        window.open_lesson(lesson, stage)
        window.controller.advance(window.controller.stage_steps or 0)
        QApplication.processEvents()
        lines = caption_lines(window.caption_bar)
        for line in lines[:-1]:
            assert not line.rstrip().endswith(("=", "≈", "<", ">")), (lesson, stage + 1, lines)
