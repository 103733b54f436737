"""The gradient field: −∇f arrows on one length scale, pointing downhill and shrinking near the minimum.

The contour map alone with a controller, the field turned on and off through the view state; the whole
window only for the key, G, that does it there."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdsim.qt.views.contour_view import ContourView
from tests.qt.conftest import activate


@pytest.fixture
def contour_view(controller, view_state, show_views):
    view = ContourView(controller, view_state)
    show_views(controller, view)
    return view


def arrows(view):
    xs, ys = view.field.getData()
    segments = np.column_stack([xs, ys]).reshape(-1, 7, 2)  # start, tip, barb, gap, tip, barb, gap
    return segments[:, 0], segments[:, 1]


def test_arrows_point_downhill_and_shrink_near_the_minimum(contour_view, controller, view_state):
    controller.set_preset("bowl")
    view_state.set_gradient_field(True)
    assert contour_view.field.isVisible()
    starts, tips = arrows(contour_view)
    landscape = controller.setup.landscape
    direction = tips - starts
    downhill = -landscape.gradient(starts)
    cosine = np.sum(direction * downhill, axis=1) / (np.linalg.norm(direction, axis=1) * np.linalg.norm(downhill, axis=1))
    np.testing.assert_allclose(cosine, 1.0, atol=1e-9)  # bowl: equal axis scales, so exactly along −∇f
    assert np.all(landscape.value(tips) < landscape.value(starts))
    lengths = np.linalg.norm(direction, axis=1)
    near = np.linalg.norm(starts, axis=1) < 1
    assert lengths[near].max() < lengths[~near].min() + 1e-12
    # one scale: length ∝ |∇f|
    ratio = lengths / np.linalg.norm(downhill, axis=1)
    np.testing.assert_allclose(ratio, ratio[0])
    assert "|∇f| = " in contour_view.field_note.textItem.toPlainText()


def test_the_field_follows_the_landscape_and_hides(contour_view, controller, view_state):
    view_state.set_gradient_field(True)
    controller.set_preset("himmelblau")
    starts, tips = arrows(contour_view)
    landscape = controller.setup.landscape
    assert np.all(landscape.value(starts + 0.01 * (tips - starts)) < landscape.value(starts))
    view_state.set_gradient_field(False)
    assert not contour_view.field.isVisible()


def test_g_shows_and_hides_the_field(window, qtbot):
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_G)
    assert window.contour_view.field.isVisible() and window.actions["gradient_field"].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_G)
    assert not window.contour_view.field.isVisible()
