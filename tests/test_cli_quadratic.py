"""`--landscape quadratic --kappa K --rotation DEG`: the quadratic whose stability bounds are exact, and `gdsim sweep`
finding divergence where the bound says, to within one sweep point."""

import numpy as np
import pytest

from gdsim import cli
from gdsim.model.quadratic import quadratic_hessian, quadratic_preset
from gdsim.model.stability import stability_bound
from tests.strict_json import strict_json

BALLS = {"sgd": {}, "momentum": {"momentum": 0.9}, "nag": {"momentum": 0.9}}


def gdsim_json(capsys, *args):
    status = cli.main(list(args))
    captured = capsys.readouterr()
    assert (status, captured.err) == (0, ""), captured.err
    return strict_json(captured.out)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1000.0])
@pytest.mark.parametrize("rotation", [0.0, 30.0, -75.0])
def test_the_hessian_has_curvatures_two_and_two_over_kappa_everywhere(kappa, rotation):
    landscape = quadratic_preset(kappa, rotation).landscape
    points = np.array([[0.0, 0.0], [1.5, -2.0], [-4.0, 3.0]])
    values, gradients = landscape.value_and_gradient(points)
    hessian = quadratic_hessian(kappa, rotation)
    assert gradients == pytest.approx(points @ hessian)
    assert values == pytest.approx(0.5 * np.einsum("ij,jk,ik->i", points, hessian, points))
    assert np.linalg.eigvalsh(hessian)[::-1] == pytest.approx([2.0, 2.0 / kappa])
    steep = np.radians(rotation)
    assert hessian @ [np.cos(steep), np.sin(steep)] == pytest.approx(2.0 * np.array([np.cos(steep), np.sin(steep)]))


@pytest.mark.parametrize("kappa", ["10", "100"])
@pytest.mark.parametrize("kind", ["sgd", "momentum", "nag"])
def test_the_sweeps_divergence_onset_is_the_bound_to_within_one_sweep_point(capsys, kappa, kind):
    ball = kind if not BALLS[kind] else f"{kind}:momentum=0.9"
    document = gdsim_json(capsys, "sweep", "--landscape", "quadratic", "--kappa", kappa, "--rotation", "30",
                          "--ball", ball, "--lr-range", "0.1,10", "--points", "120", "--steps", "300")
    bound = stability_bound(kind, BALLS[kind], (2.0, 2.0 / float(kappa))).bound
    for point in document["points"]:
        assert (point["status"] == "diverged") == (point["lr"] > bound), (point, bound)


def test_kappa_and_rotation_are_checked(capsys):
    assert cli.main(["sweep", "--landscape", "quadratic", "--kappa", "1001"]) == 2
    assert "κ must be a number from 1 to 1000" in capsys.readouterr().err
    assert cli.main(["sweep", "--landscape", "bowl", "--kappa", "10"]) == 2
    assert "--landscape quadratic only" in capsys.readouterr().err
