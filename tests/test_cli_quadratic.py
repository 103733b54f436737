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


def test_the_sweeps_stability_on_the_bowl_is_the_issues_numbers(capsys):
    document = gdsim_json(capsys, "sweep", "--landscape", "bowl", "--ball", "sgd", "--ball", "momentum:momentum=0.9",
                          "--ball", "nag:momentum=0.9", "--ball", "adam", "--points", "2", "--steps", "3")
    stability = [sweep["stability"] for sweep in document["sweeps"]]
    for entry in stability:
        assert entry["at"] == [0.0, 0.0]
        assert entry["eigenvalues"] == pytest.approx([2.0, 2.0]) and entry["kappa"] == pytest.approx(1.0)
    assert [entry["bound"] for entry in stability[:3]] == pytest.approx([1.0, 1.9, 0.6785714285714286])
    assert stability[0]["optimal_lr"] == pytest.approx(0.5)
    assert stability[3]["bound"] is None and stability[3]["optimal_lr"] is None
    assert "running size of the gradient" in stability[3]["reason"]


def test_the_sweeps_stability_is_taken_at_the_minimum_nearest_the_start(capsys):
    # Himmelblau's four minima: from near (3, 2) and from near (−3.78, −3.28) the balls head for different ones.
    near = [gdsim_json(capsys, "sweep", "--landscape", "himmelblau", "--start", start, "--points", "2",
                       "--steps", "1")["stability"] for start in ("2.8,2.1", "-3.5,-3")]
    assert near[0]["at"] == pytest.approx([3.0, 2.0], abs=1e-6)
    assert near[1]["at"] == pytest.approx([-3.779310, -3.283186], abs=1e-5)
    assert near[0]["bound"] == pytest.approx(2.0 / near[0]["eigenvalues"][0])
    assert near[0]["eigenvalues"][0] > near[0]["eigenvalues"][1] > 0


def test_the_sweeps_stability_on_the_quadratic(capsys):
    stability = gdsim_json(capsys, "sweep", "--landscape", "quadratic", "--kappa", "100", "--rotation", "30",
                           "--ball", "momentum:momentum=0.5", "--points", "2", "--steps", "1")["stability"]
    assert stability["eigenvalues"] == pytest.approx([2.0, 0.02], rel=1e-6)
    assert stability["kappa"] == pytest.approx(100.0, rel=1e-6)
    assert stability["bound"] == pytest.approx(1.5)
    assert stability["optimal_lr"] == pytest.approx(4.0 / (np.sqrt(2.0) + np.sqrt(0.02)) ** 2, rel=1e-6)
    assert stability["optimal_momentum"] == pytest.approx((9.0 / 11.0) ** 2, rel=1e-6)


def test_no_minimum_no_stability_numbers(capsys):
    stability = gdsim_json(capsys, "sweep", "--landscape", "error-rate", "--points", "2", "--steps", "1")["stability"]
    assert {key: stability[key] for key in ("at", "eigenvalues", "kappa", "bound", "optimal_lr")} == dict.fromkeys(
        ("at", "eigenvalues", "kappa", "bound", "optimal_lr"))
    assert "no minimum" in stability["reason"]


def test_the_sweeps_stability_at_a_flat_minimum_has_no_bound_and_says_why(capsys):
    """x⁴ + y² is flat along x at its minimum: λ₂ is 0 (the difference quotient's 4e-10 is its error), κ is
    infinite (null) and there is no bound, with the reason."""
    stability = gdsim_json(capsys, "sweep", "--expr", "x^4 + y^2", "--points", "2", "--steps", "1",
                           "--format", "json")["stability"]
    assert stability["eigenvalues"] == [pytest.approx(2.0), 0.0]
    assert stability["kappa"] is None and stability["bound"] is None and stability["optimal_lr"] is None
    assert "λ₂ ≤ 0" in stability["reason"]



def test_a_small_curvature_of_a_small_landscape_is_kept(capsys):
    """What counts as no curvature scales with the landscape: 1e-9·(x² + 3y²) is curved, with κ = 3."""
    stability = gdsim_json(capsys, "sweep", "--expr", "1e-9*(x^2 + 3*y^2)", "--points", "2", "--steps", "1",
                           "--format", "json")["stability"]
    assert stability["eigenvalues"] == pytest.approx([6e-9, 2e-9], rel=1e-6)
    assert stability["kappa"] == pytest.approx(3.0, rel=1e-6)


def test_gdsim_run_curvature_tells_the_hessian_at_each_balls_start_and_end(capsys):
    """What the window's Curvature tab shows, on the command line: on the quadratic κ = 10 turned 30°, λ = 2 along
    (cos 30°, sin 30°) and 0.2 across it, at the start and at the end; a diverged ball ends with none."""
    document = gdsim_json(capsys, "run", "--landscape", "quadratic", "--kappa", "10", "--rotation", "30",
                          "--ball", "sgd:lr=0.5", "--ball", "sgd:lr=1.2", "--steps", "200", "--curvature")
    settled, diverged = document["balls"]
    for where in ("start", "end"):
        curvature = settled["curvature"][where]
        assert curvature["eigenvalues"] == pytest.approx([2.0, 0.2], rel=1e-7)
        assert curvature["kappa"] == pytest.approx(10.0, rel=1e-7)
        steep = np.array(curvature["directions"][0])
        assert abs(steep @ [np.cos(np.radians(30)), np.sin(np.radians(30))]) == pytest.approx(1.0, abs=1e-9)
    assert settled["curvature"]["start"]["at"] == [-3.0, 4.0]
    assert diverged["status"] == "diverged" and diverged["curvature"]["end"] is None
    assert diverged["curvature"]["start"] == settled["curvature"]["start"]


def test_gdsim_run_curvature_is_json_only(capsys):
    assert cli.main(["run", "--curvature", "--format", "csv"]) == 2
    assert "--curvature adds to the JSON" in capsys.readouterr().err
