"""gdsim's optimizers against torch.optim on momentum-demo: the same trajectories to 1e-12.

torch is optional and never a dependency: without it these tests are skipped. The torch side is
written here as a torch user would (the loss as a formula, autograd, the usual loop), so the test
does not lean on gdsim's own arithmetic. torch's momentum keeps buf = ρ·buf + g and steps by η·buf
(gdsim's v = −η·buf); its Nesterov evaluates the gradient at its own parameter, which is gdsim's
look-ahead point x + ρ·v, so gdsim's position is torch's parameter plus ρ·η·buf.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from gdsim.bench.engine import ENGINE_LANDSCAPES, ENGINE_OPTIMIZERS, engine_figures  # noqa: E402
from gdsim.model.balls import Ball
from gdsim.model.presets import preset  # noqa: E402
from gdsim.model.simulation import BallStatus, Simulation  # noqa: E402

STEPS = 50
STARTS = [(0.5, 5.8), (-2.0, 3.0), (2.5, -5.0), (1.0, 1.0), (-0.7, -2.2), (0.1, 6.5)]
SETTINGS = [
    ("sgd", {"lr": 0.01}),
    ("sgd", {"lr": 0.003}),
    ("momentum", {"lr": 0.005, "momentum": 0.9}),
    ("momentum", {"lr": 0.002, "momentum": 0.5}),
    ("nag", {"lr": 0.005, "momentum": 0.9}),
    ("nag", {"lr": 0.01, "momentum": 0.95}),
    ("adam", {"lr": 0.1}),
    ("adam", {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "eps": 1e-6}),
]


def momentum_demo_loss(p):
    x, y = p[:, 0], p[:, 1]
    return (0.4 * x**2 * y**2 + 0.3 * x**2 * y + 0.3 * x**2 + 0.3 * y**2 - 0.25 * x * y**2
            + 0.31 * x * y - 0.2 * x + 2.1 * y).sum()


def torch_trajectory(kind, params, starts, steps):
    """Positions after each step, in gdsim's terms: (steps + 1, balls, 2)."""
    x = torch.tensor(starts, dtype=torch.float64, requires_grad=True)
    if kind == "sgd":
        optimizer = torch.optim.SGD([x], lr=params["lr"])
    elif kind in ("momentum", "nag"):
        optimizer = torch.optim.SGD([x], lr=params["lr"], momentum=params["momentum"], nesterov=kind == "nag")
    else:
        optimizer = torch.optim.Adam([x], lr=params["lr"], betas=(params["beta1"], params["beta2"]), eps=params["eps"])
    rows = [x.detach().numpy().copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        momentum_demo_loss(x).backward()
        optimizer.step()
        row = x.detach().numpy().copy()
        if kind == "nag":
            row += params["momentum"] * params["lr"] * optimizer.state[x]["momentum_buffer"].numpy()
        rows.append(row)
    return np.array(rows)


@pytest.mark.parametrize(("kind", "params"), SETTINGS)
def test_trajectories_equal_torch_optim_to_1e_12(kind, params):
    balls = [Ball.make(kind, start, **params) for start in STARTS]
    simulation = Simulation(preset("momentum-demo").landscape, balls)
    simulation.advance(STEPS)
    assert simulation.step_count == STEPS
    assert np.all(simulation.status == BallStatus.RUNNING)  # no frozen ball hides a difference

    expected = torch_trajectory(kind, balls[0].params, STARTS, STEPS)

    history = simulation.history.positions[:simulation.history.length]
    np.testing.assert_allclose(history, expected, rtol=0, atol=1e-12)
    assert np.max(np.abs(history[-1] - history[0])) > 0.1  # the balls went somewhere


def test_the_nesterov_conversion_matters():
    # Guards the test above: torch's raw parameter is the look-ahead point, not gdsim's position.
    params = {"lr": 0.005, "momentum": 0.9}
    simulation = Simulation(preset("momentum-demo").landscape, [Ball.make("nag", s, **params) for s in STARTS])
    simulation.advance(10)
    x = torch.tensor(STARTS, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([x], nesterov=True, **params)
    for _ in range(10):
        optimizer.zero_grad()
        momentum_demo_loss(x).backward()
        optimizer.step()
    assert np.max(np.abs(x.detach().numpy() - simulation.positions)) > 1e-4


def test_the_bench_finds_the_same_agreement_on_both_landscapes():
    figures = engine_figures(quick=True, balls=(3,), optimizers=ENGINE_OPTIMIZERS, landscapes=ENGINE_LANDSCAPES)
    assert len(figures) == len(ENGINE_OPTIMIZERS) * len(ENGINE_LANDSCAPES)
    for figure in figures:
        assert figure["torch_version"] == torch.__version__
        assert figure["torch_agrees"], figure
        assert figure["max_abs_difference_vs_torch"] <= 1e-12
        assert figure["torch_ball_steps_per_s"] > 0 and figure["ratio_vs_torch"] > 0
        assert figure["every_ball_ran"]
