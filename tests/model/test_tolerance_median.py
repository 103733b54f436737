"""The gradient tolerance's typical gradient is numpy's median of the norms (computed without numpy.ma)."""

import numpy as np
import pytest

from gdsim.model.tolerance import _median


@pytest.mark.parametrize("count", [1, 2, 3, 24, 25])
def test_the_median_is_numpys(count):
    rng = np.random.default_rng(count)
    for _ in range(20):
        norms = rng.lognormal(size=count) * 10.0 ** rng.integers(-300, 300)
        assert _median(norms) == float(np.median(norms))
