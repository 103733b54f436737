"""In a small window with a long caption, the map's legend stays a strip above the map: when the balls'
full labels do not fit in two rows it names them shorter (optimizer and η), and the map keeps most of its
widget's height."""

import pytest

from gdsim.qt import language


@pytest.fixture(params=[("en", False), ("en", True), ("ko", False), ("ko", True)],
                ids=["en", "en-presenter", "ko", "ko-presenter"])
def small_window(request, window, qtbot):
    code, presenter = request.param
    before = language.chosen_language()
    language.set_language(code)
    window.resize(1024, 768)
    if presenter:
        window.actions["presenter"].trigger()
    yield window
    if presenter:
        window.actions["presenter"].trigger()
    language.set_language(before)


@pytest.mark.parametrize(("lesson", "stage"), [("momentum", 4), ("momentum", 6), ("learning-rate", 8)],
                         ids=["momentum-5", "momentum-7", "learning-rate-9"])
def test_the_legend_leaves_the_map_most_of_its_height(small_window, qtbot, lesson, stage):
    small_window.open_lesson(lesson, stage)
    small_window.controller.advance(small_window.controller.stage_steps)
    view = small_window.landscape_stack.currentWidget()
    qtbot.waitUntil(lambda: view.isVisible() and view.height() > 0)
    map_box = view.getPlotItem().vb.sceneBoundingRect
    # The plot's layout settles on the next events, once the caption has its lines.
    qtbot.waitUntil(lambda: view.legend.sceneBoundingRect().bottom() <= map_box().top() + 1)  # above the map
    legend, map_box = view.legend.sceneBoundingRect(), map_box()
    assert legend.height() <= 0.25 * view.height(), (legend.height(), view.height())
    assert map_box.height() >= 0.55 * view.height(), (map_box.height(), view.height())
