"""The one place that knows where gdsim's resources folder lives."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A path inside `resources/`, from a wheel, a PyInstaller bundle or a source checkout.

    Wheels and bundles carry the folder as `gdsim/resources`; a source checkout has it beside
    the package.
    """
    packaged = Path(str(resources.files("gdsim"))) / "resources"
    if packaged.is_dir():
        return packaged.joinpath(*parts)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / "resources").is_dir():
        return Path(bundle, "resources", *parts)
    return Path(__file__).resolve().parent.parent.joinpath("resources", *parts)
