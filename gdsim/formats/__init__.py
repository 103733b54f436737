"""Files gdsim writes without a widget, shared by the window and the CLI: atomic writes (files),
trajectories as JSON or CSV (trajectories), animations recorded from the engine (animation).
Nothing here imports Qt.

What an export is, and how one fails, is defined here, beside the writers that every exporter uses.
"""

from enum import StrEnum


class ExportFormat(StrEnum):
    PNG = "png"
    SVG = "svg"
    GIF = "gif"
    MP4 = "mp4"
    CSV = "csv"
    JSON = "json"

    @property
    def animated(self) -> bool:
        return self in (ExportFormat.GIF, ExportFormat.MP4)


class ExportError(Exception):
    """An export that cannot be made; the message says why, in one line, for the user."""


class ExportCancelled(Exception):
    """The user stopped a long export; nothing was written."""
