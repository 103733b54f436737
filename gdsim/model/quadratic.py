"""The `quadratic` landscape: f = ½·xᵀHx with H's eigenvalues 2 and 2/κ, its steep axis turned by a rotation.

Its Hessian is the same everywhere, so the stability bounds of gdsim.model.stability are exact on it: a sweep's
divergence onset is the bound. At κ = 1 it is the bowl x² + y² (λ = 2 both ways).
"""

from __future__ import annotations

import math

import numpy as np

from gdsim.model.landscapes import CriticalKind, CriticalPoint, Landscape
from gdsim.model.messages import QT_TRANSLATE_NOOP, Template
from gdsim.model.presets import Preset, _params

QUADRATIC = "quadratic"
KAPPA_RANGE = (1.0, 1000.0)
DEFAULT_KAPPA = 10.0
STEEP_CURVATURE = 2.0
QUADRATIC_START = (-3.0, 4.0)
ROTATION_RANGE = (-180.0, 180.0)  # the rotation a lesson file and the window take (the command line takes any)
QUADRATIC_TITLE = QT_TRANSLATE_NOOP("Landscapes", "Quadratic (κ = {kappa}, rotation {rotation}°)")
QUADRATIC_DESCRIPTION = QT_TRANSLATE_NOOP("Landscapes", "A quadratic whose curvatures are 2 and 2/κ: the stability "
                                          "bounds are exact on it.")


class FilledTitle(str):
    """A title in English that keeps its template and values, so that a window can say it in its own language."""

    template: Template
    arguments: dict


def _title(kappa: float, rotation_degrees: float) -> FilledTitle:
    arguments = {"kappa": f"{kappa:g}", "rotation": f"{rotation_degrees:g}"}
    title = FilledTitle(QUADRATIC_TITLE.format(**arguments))
    title.template, title.arguments = QUADRATIC_TITLE, arguments
    return title


def quadratic_hessian(kappa: float, rotation_degrees: float) -> np.ndarray:
    """R·diag(2, 2/κ)·Rᵀ, R the rotation by `rotation_degrees` (the steep axis along (cos θ, sin θ))."""
    theta = math.radians(rotation_degrees)
    rotation = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    return rotation @ np.diag([STEEP_CURVATURE, STEEP_CURVATURE / kappa]) @ rotation.T


def checked_kappa(kappa: float) -> float:
    low, high = KAPPA_RANGE
    if not (math.isfinite(kappa) and low <= kappa <= high):
        raise ValueError(f"κ must be a number from {low:g} to {high:g}, got {kappa:g}")
    return float(kappa)


def quadratic_preset(kappa: float = DEFAULT_KAPPA, rotation_degrees: float = 0.0) -> Preset:
    """The quadratic of condition number `kappa` (1 to 1,000; ValueError otherwise), turned by `rotation_degrees`."""
    kappa = checked_kappa(kappa)
    if not math.isfinite(rotation_degrees):
        raise ValueError(f"the rotation must be a finite number of degrees, got {rotation_degrees:g}")
    hessian = quadratic_hessian(kappa, rotation_degrees)
    a, b, c = 0.5 * hessian[0, 0], hessian[0, 1], 0.5 * hessian[1, 1]

    def evaluate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gradients = points @ hessian  # H is symmetric
        return 0.5 * np.einsum("ij,ij->i", points, gradients), gradients

    formula = f"{a:.4g}x² + {b:.4g}xy + {c:.4g}y²".replace("+ -", "− ")
    landscape = Landscape(name=QUADRATIC, title=_title(kappa, rotation_degrees),
                          formula=formula, dim=2, view_box=((-5.0, 5.0), (-5.0, 5.0)), evaluate=evaluate,
                          gradient_formulas=(f"{2 * a:.4g}x + {b:.4g}y", f"{b:.4g}x + {2 * c:.4g}y"),
                          critical_points=(CriticalPoint((0.0, 0.0), CriticalKind.MINIMUM, 0.0),))
    return Preset(landscape, QUADRATIC_START, _params(0.1, 0.05), QUADRATIC_DESCRIPTION,
                  known_points=landscape.critical_points,
                  shape={"kappa": kappa, "rotation": float(rotation_degrees)})
