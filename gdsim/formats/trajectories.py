"""Trajectories as JSON or CSV, the same as `gdsim run` prints, from the window or the CLI."""

from __future__ import annotations

import csv
import json
import math
from typing import TextIO

import numpy as np

from gdsim.model.balls import GradientSource
from gdsim.model.simulation import Simulation, run, trajectories


def finite_or_none(values) -> list:
    """Numbers as a flat list, with the non-finite ones as None (strict JSON has no NaN)."""
    return [float(v) if math.isfinite(v) else None for v in np.asarray(values, dtype=float).ravel()]


def finite_rows(values: np.ndarray) -> list[list]:
    """Rows of numbers as lists, with the non-finite ones as None."""
    return [finite_or_none(row) for row in values]


def run_document(landscape_name: str, simulation: Simulation, expression: str = "") -> dict:
    """The JSON of a run, as `gdsim run` prints it."""
    results = trajectories(simulation)
    for result, ball in zip(results, simulation.balls, strict=True):  # a schedule only where a ball has one, as gradient
        if ball.schedule is not None:
            result["schedule"] = {"name": ball.schedule.name, "params": dict(ball.schedule.params)}
    document = {"landscape": landscape_name, "balls": [
        {"optimizer": b["optimizer"], "params": b["params"], "start": b["start"],
         "trajectory": finite_rows(b["trajectory"]), "loss": finite_or_none(b["loss"]),
         "status": b["status"], "stopped_at": b["stopped_at"],
         # only where it is not the default, so the documented schema of plain runs is unchanged
         **({"gradient": b["gradient"]} if b["gradient"] != GradientSource.EXACT else {}),
         **({"noise": b["noise"]} if b["noise"] else {}),
         **({"batch": b["batch"]} if b["batch"] is not None else {}),
         # "status" stays "converged" (as the engine stopped it) for readers of older runs; this says why
         **({"stopped_on_flat_ground": True} if b["on_flat_ground"] else {}),
         **({"schedule": b["schedule"]} if "schedule" in b else {})} for b in results]}
    if expression:
        document["expression"] = expression
    if simulation.noise.any:  # the seed its noise was drawn from, to run it again
        document["seed"] = simulation.seed
    return document


def replayed(simulation: Simulation) -> Simulation:
    """The same run again up to the step it is at, headless, keeping every step (a window's run thins
    the history of a long run): the trajectories `gdsim run` would print for the same setup."""
    return run(simulation.landscape, simulation.balls, simulation.step_count, tolerance=simulation.tolerance,
               user_gradient=simulation.user_gradient, seed=simulation.seed, noise_streams=simulation.noise_streams)


def run_json(landscape_name: str, simulation: Simulation, expression: str = "") -> str:
    """`run_document` as strict JSON on one line, ending with a newline."""
    return json.dumps(run_document(landscape_name, simulation, expression), allow_nan=False) + "\n"


def write_trajectories_csv(simulation: Simulation, file: TextIO) -> None:
    """One row per ball and step: ball, optimizer, params, step, the coordinates, loss, status."""
    writer = csv.writer(file, lineterminator="\n")
    dim = simulation.landscape.dim
    coords = ["x", "y", "z"][:dim] if dim <= 3 else [f"x{i}" for i in range(dim)]
    writer.writerow(["ball", "optimizer", "params", "step", *coords, "loss", "status"])
    for index, ball in enumerate(trajectories(simulation)):
        params = ";".join(f"{k}={v}" if isinstance(v, str) else f"{k}={v:g}" for k, v in ball["params"].items())
        for step, point, loss in zip(ball["steps"], ball["trajectory"], ball["loss"], strict=True):
            writer.writerow([index, ball["optimizer"], params, int(step), *(repr(float(c)) for c in point),
                             repr(float(loss)), ball["status"]])
