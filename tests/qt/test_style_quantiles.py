"""The map's colour scale and contour levels come from style.quantiles: np.quantile's numbers, sooner."""

import numpy as np

from gdsim.qt import style


def test_quantiles_are_numpys_linear_quantiles():
    rng = np.random.default_rng(1)
    fractions = np.linspace(0.0, 1.0, 27)
    for size in (1, 2, 7, 1000, 90_000):
        values = rng.normal(size=size) ** 3
        np.testing.assert_allclose(style.quantiles(values, fractions), np.quantile(values, fractions),
                                   rtol=1e-13, atol=0)
