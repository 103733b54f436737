"""Animations recorded from the engine frame by frame, written as GIF or MP4, and what an export
needs to know about its optional parts.

Pillow is imported only when a GIF is written, imageio and imageio-ffmpeg (the optional `video`
extra) only when an MP4 is.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Sequence

import numpy as np

from gdsim.formats import ExportCancelled, ExportError, ExportFormat

VIDEO_HINT = 'pip install "gdsim[video]"'
DEFAULT_FRAMES = 100
DEFAULT_FPS = 20
MAX_FRAMES = 10_000
LAST_FRAME_HOLD_MS = 1500  # a looping GIF rests on its last frame before it starts again


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
