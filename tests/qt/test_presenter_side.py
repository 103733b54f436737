"""The side column in presenter mode: every analysis tab can be reached without scroll arrows, and the
loss plot keeps a readable share of the column's height under the 3-D view."""

import pytest
from PySide6.QtWidgets import QApplication

from gdsim.qt import language


@pytest.fixture(params=["en", "ko"])
def in_language(request, window):
    before = language.chosen_language()
    language.set_language(request.param)
    yield window
    language.set_language(before)


def analysis_tab_bar(window, size, presenting: bool, stage: int):
    """The analysis tabs' bar of `window` at `size`, in presenter mode or not, on learning-rate's `stage`."""
    window.resize(*size)
    if presenting:
        window.actions["presenter"].trigger()
    window.open_lesson("learning-rate", stage)
    QApplication.processEvents()
    return window.analysis_tabs.tabBar()


@pytest.mark.parametrize("presenting", [False, True], ids=["normal", "presenter"])
@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)], ids=["1024", "1280"])
def test_every_analysis_tab_shows_without_scroll_arrows(in_language, size, presenting):
    bar = analysis_tab_bar(in_language, size, presenting, stage=8)
    for index in range(bar.count()):
        tab = bar.tabRect(index)
        assert tab.left() >= 0 and tab.right() < bar.width(), f"tab {bar.tabText(index)!r} at {tab} in a bar of {bar.width()} px"
        assert bar.tabText(index).strip("…") != "", "a tab's title elided to nothing"
    assert not any(button.isVisible() for button in bar.children() if button.metaObject().className() == "QToolButton")
    if presenting:
        in_language.actions["presenter"].trigger()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)], ids=["1024", "1280"])
def test_the_loss_plot_keeps_room_under_the_3d_view_in_presenter_mode(window, size):
    window.resize(*size)
    window.actions["presenter"].trigger()
    window.open_lesson("momentum", 3)
    QApplication.processEvents()
    column = window.window_layout.side_splitter
    assert window.surface_view.isVisible()
    assert window.analysis_tabs.height() >= 0.45 * column.height(), (window.analysis_tabs.height(), column.height())
    window.actions["presenter"].trigger()


def test_the_last_step_keeps_its_label_when_presenter_mode_starts_on_a_lesson(window):
    from tests.qt.test_loss_plot import drawn_ticks, last_step_tick_is_drawn

    window.resize(1280, 800)
    window.open_lesson("fitting", 0)
    QApplication.processEvents()
    window.actions["presenter"].trigger()  # the larger tick font: "100" needs more room at the right
    window.controller.advance(window.controller.stage_steps)
    QApplication.processEvents()
    assert last_step_tick_is_drawn(window.loss_plot), drawn_ticks(window.loss_plot, "bottom")
    window.actions["presenter"].trigger()


FULL_TITLES = {"en": ["Loss", "Explain step", "Compare", "η sweep", "Basins", "Curvature"],
               "ko": ["손실", "스텝 설명", "비교", "η 탐색", "끌림 영역", "곡률"]}  # Curvature: hidden until View ▸ Curvature


@pytest.mark.parametrize("presenting", [False, True], ids=["normal", "presenter"])
@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)], ids=["1024", "1280"])
def test_every_analysis_tab_title_is_whole_with_the_full_name_as_its_tooltip(in_language, size, presenting):
    bar = analysis_tab_bar(in_language, size, presenting, stage=9)
    whole = bar.natural_widths()  # each tab's width with its title as it reads now, not elided
    for index in range(bar.count()):
        assert bar.tabRect(index).width() >= whole[index], f"{bar.tabText(index)!r} is cut to '…'"
    assert [bar.tabToolTip(index) for index in range(bar.count())] == FULL_TITLES[language.chosen_language()]
    if size == (1280, 800) or presenting:  # room for the full names: they are the titles
        assert [bar.tabText(index) for index in range(bar.count())] == FULL_TITLES[language.chosen_language()]
    for index in range(bar.count()):  # a page made on first use keeps its tab's names
        bar.setCurrentIndex(index)
    QApplication.processEvents()
    assert [bar.tabToolTip(index) for index in range(bar.count())] == FULL_TITLES[language.chosen_language()]
    if presenting:
        in_language.actions["presenter"].trigger()
