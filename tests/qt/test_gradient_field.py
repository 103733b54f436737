"""The gradient field: −∇f arrows on one length scale, pointing downhill and shrinking near the minimum."""

import numpy as np


def arrows(window):
    xs, ys = window.contour_view.field.getData()
    segments = np.column_stack([xs, ys]).reshape(-1, 7, 2)  # start, tip, barb, gap, tip, barb, gap
    return segments[:, 0], segments[:, 1]


def test_arrows_point_downhill_and_shrink_near_the_minimum(window):
    window.controller.set_preset("bowl")
    window.actions["gradient_field"].trigger()
    assert window.contour_view.field.isVisible()
    starts, tips = arrows(window)
    landscape = window.controller.setup.landscape
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
    assert "|∇f| = " in window.contour_view.field_note.textItem.toPlainText()


def test_the_field_follows_the_landscape_and_hides(window):
    window.actions["gradient_field"].trigger()
    window.controller.set_preset("himmelblau")
    starts, tips = arrows(window)
    landscape = window.controller.setup.landscape
    assert np.all(landscape.value(starts + 0.01 * (tips - starts)) < landscape.value(starts))
    window.actions["gradient_field"].trigger()
    assert not window.contour_view.field.isVisible()
