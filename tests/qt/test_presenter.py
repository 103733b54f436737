"""Presenter mode and the high-contrast look: larger text, balls and lines; the map still fits."""

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from gdsim.qt import style


def _ball_size(window) -> float:
    item = next(iter(window.contour_view._ball_items.values()))
    return float(item.opts["size"])


def test_presenter_mode_scales_fonts_balls_and_lines(window):
    window.controller.advance(10)
    font_before, ball_before = QApplication.font().pointSizeF(), _ball_size(window)
    window.actions["presenter"].trigger()
    assert window.actions["presenter"].isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(font_before * style.PRESENTER_SCALE)
    assert _ball_size(window) == pytest.approx(ball_before * style.PRESENTER_SCALE)
    assert style.trail_style(0, 1)["pen"].widthF() == pytest.approx(2.5 * style.PRESENTER_SCALE)
    assert window.controller.snapshot().step == 10
    window.actions["presenter"].trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(font_before)
    assert _ball_size(window) == pytest.approx(ball_before)


def test_high_contrast_darkens_the_map_and_the_contour_lines(window):
    # The first change of theme lays the splitter out again, and a wider 1:1 map shows more of the
    # landscape: compare the two looks at one width.
    for _ in range(2):
        window.actions["high_contrast"].trigger()
    QApplication.processEvents()
    before = window.contour_view.grab().toImage()
    window.actions["high_contrast"].trigger()
    QApplication.processEvents()
    after = window.contour_view.grab().toImage()
    assert window.contour_view.contours.opts["pen"].color().alpha() == 200

    def mean_lightness(image):
        return np.mean([image.pixelColor(x, y).lightness() for x in range(60, image.width() - 20, 25)
                        for y in range(80, image.height() - 40, 25)])

    assert mean_lightness(after) < mean_lightness(before) - 5


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_the_map_fits_its_widget_in_presenter_mode(window, size):
    window.resize(*size)
    window.actions["presenter"].trigger()
    QApplication.processEvents()
    view = window.contour_view
    plot_right = view.mapFromScene(view.getPlotItem().vb.sceneBoundingRect().topRight()).x()
    assert plot_right <= view.width()  # the whole map is visible, its right side not pushed out
    assert view.width() >= 250
    assert window.width() <= size[0] and window.height() <= size[1]
