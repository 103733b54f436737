"""Exports that need no widget, shared by the window and `gdsim export`: trajectories as JSON or CSV
(the same as `gdsim run` prints), animations recorded from the engine frame by frame, and what an
export needs to know about its optional parts.

Pillow is imported only when a GIF is written, imageio and imageio-ffmpeg (the optional `video`
extra) only when an MP4 is.
"""

from __future__ import annotations

import csv
import importlib
import json
import math
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TextIO

import numpy as np

from gdsim.model.balls import GradientSource
from gdsim.model.simulation import Simulation, run, trajectories

VIDEO_HINT = 'pip install "gdsim[video]"'
DEFAULT_FRAMES = 100
DEFAULT_FPS = 20
MAX_FRAMES = 10_000
LAST_FRAME_HOLD_MS = 1500  # a looping GIF rests on its last frame before it starts again


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


# --- trajectories ---------------------------------------------------------------------------------
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
         **({"schedule": b["schedule"]} if "schedule" in b else {})} for b in results]}
    if expression:
        document["expression"] = expression
    return document


def replayed(simulation: Simulation) -> Simulation:
    """The same run again up to the step it is at, headless, keeping every step (a window's run thins
    the history of a long run): the trajectories `gdsim run` would print for the same setup."""
    return run(simulation.landscape, simulation.balls, simulation.step_count, tolerance=simulation.tolerance,
               user_gradient=simulation.user_gradient)


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
        params = ";".join(f"{k}={v:g}" for k, v in ball["params"].items())
        for step, point, loss in zip(ball["steps"], ball["trajectory"], ball["loss"], strict=True):
            writer.writerow([index, ball["optimizer"], params, int(step), *(repr(float(c)) for c in point),
                             repr(float(loss)), ball["status"]])


# --- animations -----------------------------------------------------------------------------------
def steps_per_frame_for(steps: int, frames: int) -> int:
    """Steps between frames so that `frames` frames (the first at step 0) cover `steps` steps."""
    return max(1, math.ceil(max(steps, 1) / max(frames - 1, 1)))


def record(advance: Callable[[int], int], grab: Callable[[], np.ndarray], frames: int, steps_per_frame: int,
           progress: Callable[[int, int], bool] | None = None) -> list[np.ndarray]:
    """Up to `frames` pictures of a run: `grab()` now, then after each `advance(steps_per_frame)`.

    Every frame is a fixed number of engine steps after the one before, so a recording does not
    depend on how fast the window plays. It ends early once `advance` takes no step (every ball has
    stopped: the frames would all be the same). `progress(done, frames)` is called after each frame;
    when it returns False the recording stops with ExportCancelled.
    """
    if frames < 1 or steps_per_frame < 1:
        raise ExportError("an animation needs at least one frame and one step per frame")
    pictures = [grab()]
    while len(pictures) < frames:
        if progress is not None and not progress(len(pictures), frames):
            raise ExportCancelled()
        if advance(steps_per_frame) == 0:
            break
        pictures.append(grab())
    if progress is not None and not progress(frames, frames):
        raise ExportCancelled()
    return pictures


def video_available() -> bool:
    """Whether MP4 can be written here (the optional imageio-ffmpeg is installed)."""
    try:
        require_video()
    except ExportError:
        return False
    return True


def require_video() -> None:
    """ExportError with the command that adds MP4 support, when imageio-ffmpeg is missing."""
    try:
        importlib.import_module("imageio_ffmpeg")
    except ImportError:
        raise ExportError(f"MP4 needs the optional imageio-ffmpeg; add it with: {VIDEO_HINT}") from None


def _rgb(color: str | Sequence[int]) -> tuple[int, int, int]:
    if isinstance(color, str):
        return tuple(int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return tuple(int(c) for c in color[:3])


def gif_palette(frames: Sequence[np.ndarray], key_colors: Sequence = ()) -> list[int]:
    """One palette of 256 colours for every frame: `key_colors` exactly, the rest fitted to a few frames.

    Fitted alone (median cut, as Pillow does by default), a palette goes to the large pale map, and
    the few pixels of the balls come out in muddy neighbours of their colours.
    """
    from PIL import Image

    keys = list(dict.fromkeys(_rgb(c) for c in key_colors))[:64]
    sample = np.concatenate([frames[0], frames[len(frames) // 2], frames[-1]], axis=0)
    fitted = Image.fromarray(sample).quantize(colors=256 - len(keys), method=Image.Quantize.MEDIANCUT,
                                              dither=Image.Dither.NONE)
    colors = fitted.getpalette()[:3 * (256 - len(keys))]
    return colors + [0] * (3 * (256 - len(keys)) - len(colors)) + [c for key in keys for c in key]


def write_gif(path, frames: Sequence[np.ndarray], fps: int = DEFAULT_FPS, key_colors: Sequence = ()) -> None:
    """Frames (rows, columns, 3) of uint8 as a looping GIF with one palette that holds `key_colors`
    (the balls' colours: "#rrggbb" or RGB) exactly. Pillow merges runs of identical frames into one.

    Written by Pillow itself: through imageio, which hands Pillow arrays, a shared palette is mapped
    again for every frame in Python (26 ms a frame at 800×600, measured); this way 94 frames take 0.06 s.
    """
    from PIL import Image

    holder = Image.new("P", (1, 1))
    holder.putpalette(gif_palette(frames, key_colors))
    images = [Image.fromarray(frame).quantize(palette=holder, dither=Image.Dither.NONE) for frame in frames]
    durations = [round(1000 / fps)] * len(frames)
    durations[-1] = max(durations[-1], LAST_FRAME_HOLD_MS)
    images[0].save(path, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0)


def _even(frame: np.ndarray) -> np.ndarray:
    """H.264 in yuv420p needs an even width and height: repeat the last row or column if need be."""
    rows, columns = frame.shape[:2]
    return np.pad(frame, ((0, rows % 2), (0, columns % 2), (0, 0)), mode="edge")


def write_mp4(path, frames: Sequence[np.ndarray], fps: int = DEFAULT_FPS) -> None:
    """Frames as an H.264 MP4 that presentation software plays; ExportError without imageio-ffmpeg."""
    require_video()
    import imageio.v2 as imageio

    with imageio.get_writer(path, format="FFMPEG", mode="I", fps=fps, codec="libx264", quality=8,
                            pixelformat="yuv420p", macro_block_size=1) as writer:
        for frame in frames:
            writer.append_data(_even(frame))


def write_animation(path, frames: Sequence[np.ndarray], fmt: ExportFormat, fps: int = DEFAULT_FPS,
                    key_colors: Sequence = ()) -> None:
    """GIF or MP4 by `fmt`; `key_colors` are kept exact in a GIF's palette."""
    if fmt is ExportFormat.MP4:
        write_mp4(path, frames, fps)
    else:
        write_gif(path, frames, fps, key_colors)
