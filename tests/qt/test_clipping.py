"""Segments cut to a box, as the step arrows and the 3-D trails are drawn."""

import numpy as np

from gdsim.qt.support.clipping import clip_segments


def test_segments_are_cut_at_the_box_and_say_which_end_was_cut():
    starts = np.array([[0.0, 0.0], [0.5, 0.5], [2.0, 2.0], [-2.0, 0.5], [0.2, 0.2], [np.nan, 0.0]])
    ends = np.array([[2.0, 0.0], [0.6, 0.7], [3.0, 3.0], [2.0, 0.5], [0.2, 5.0], [1.0, 1.0]])
    cut = clip_segments(starts, ends, (-1.0, -1.0), (1.0, 1.0))
    assert cut.kept.tolist() == [True, True, False, True, True, False]
    np.testing.assert_allclose(cut.ends, [[1.0, 0.0], [0.6, 0.7], [1.0, 0.5], [0.2, 1.0]])
    np.testing.assert_allclose(cut.starts, [[0.0, 0.0], [0.5, 0.5], [-1.0, 0.5], [0.2, 0.2]])
    assert cut.cut_end.tolist() == [True, False, True, True]
    assert cut.cut_start.tolist() == [False, False, True, False]


def test_a_box_in_three_dimensions_and_a_segment_to_infinity_far_away():
    cut = clip_segments(np.array([[0.0, 0.0, 1.0]]), np.array([[1e300, 0.0, -1e300]]), (-5, -5, 0), (5, 5, 4.5))
    np.testing.assert_allclose(cut.ends, [[1.0, 0.0, 0.0]], atol=1e-12)
    assert cut.cut_end.tolist() == [True]
