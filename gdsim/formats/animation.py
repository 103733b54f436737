"""Animations recorded from the engine frame by frame, written as GIF or MP4, and what an export
needs to know about its optional parts.

Frames are streamed: `record` yields them one at a time and the writers write each as it comes, so a
recording takes the memory of one or two frames whatever its length (kept in a list, 400 frames took
2.2 GB and the 10,000 accepted would have needed about 50 GB).

Pillow is imported only when a GIF is written, imageio and imageio-ffmpeg (the optional `video`
extra) only when an MP4 is.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

import numpy as np

from gdsim.formats import ExportCancelled, ExportError, ExportFormat
from gdsim.model.limits import MAX_FRAMES

VIDEO_HINT = 'pip install "gdsim[video]"'
DEFAULT_FRAMES = 100
DEFAULT_FPS = 20
LAST_FRAME_HOLD_MS = 1500  # a looping GIF rests on its last frame before it starts again
MAX_PALETTE_SAMPLE_PIXELS = 2_000_000  # the palette is fitted to at most this many pixels of the frames


def steps_per_frame_for(steps: int, frames: int) -> int:
    """Steps between frames so that `frames` frames (the first at step 0) cover `steps` steps."""
    return max(1, math.ceil(max(steps, 1) / max(frames - 1, 1)))


class Written(NamedTuple):
    """What an animation writer wrote: how many frames (before identical ones are merged), of what size."""

    frames: int
    width: int
    height: int


def record(advance: Callable[[int], int], grab: Callable[[], np.ndarray], frames: int, steps_per_frame: int,
           progress: Callable[[int, int], bool] | None = None) -> Iterator[np.ndarray]:
    """Up to `frames` pictures of a run, yielded as they are taken: `grab()` now, then after each
    `advance(steps_per_frame)`.

    Every frame is a fixed number of engine steps after the one before, so a recording does not
    depend on how fast the window plays. It ends early once `advance` takes no step (every ball has
    stopped: the frames would all be the same). `progress(done, frames)` is called after each frame;
    when it returns False the recording stops with ExportCancelled.
    """
    if frames < 1 or steps_per_frame < 1:
        raise ExportError("an animation needs at least one frame and one step per frame")
    if frames > MAX_FRAMES:
        raise ExportError(f"an animation takes at most {MAX_FRAMES:,} frames")
    yield grab()
    taken = 1
    while taken < frames:
        if progress is not None and not progress(taken, frames):
            raise ExportCancelled()
        if advance(steps_per_frame) == 0:
            break
        yield grab()
        taken += 1
    if progress is not None and not progress(frames, frames):
        raise ExportCancelled()


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
    """One palette of 256 colours for every frame: `key_colors` exactly, the rest fitted to a few frames
    (a streamed GIF fits it to its first frame: the map and the balls at their starts).

    Fitted alone (median cut, as Pillow does by default), a palette goes to the large pale map, and
    the few pixels of the balls come out in muddy neighbours of their colours.
    """
    from PIL import Image

    keys = list(dict.fromkeys(_rgb(c) for c in key_colors))[:64]
    chosen = list({id(frame): frame for frame in (frames[0], frames[len(frames) // 2], frames[-1])}.values())
    sample = np.concatenate(chosen, axis=0)
    stride = math.ceil(math.sqrt(sample.shape[0] * sample.shape[1] / MAX_PALETTE_SAMPLE_PIXELS))
    if stride > 1:  # Pillow's median cut took 170 MB for three 2560×1600 frames; every k-th pixel fits as well
        sample = np.ascontiguousarray(sample[::stride, ::stride])
    fitted = Image.fromarray(sample).quantize(colors=256 - len(keys), method=Image.Quantize.MEDIANCUT,
                                              dither=Image.Dither.NONE)
    colors = fitted.getpalette()[:3 * (256 - len(keys))]
    return colors + [0] * (3 * (256 - len(keys)) - len(colors)) + [c for key in keys for c in key]


def write_gif(path, frames: Iterable[np.ndarray], fps: int = DEFAULT_FPS, key_colors: Sequence = ()) -> Written:
    """Frames (rows, columns, 3) of uint8 as a looping GIF with one palette that holds `key_colors`
    (the balls' colours: "#rrggbb" or RGB) exactly; a run of identical frames becomes one, shown as long.

    Each frame is written as it comes, as the part that changed since the frame before, through Pillow's
    GIF encoder (its getheader and getdata): Pillow's own save_all keeps every frame until the end.
    Mapped by Pillow, not imageio, which maps a shared palette again for every frame in Python (26 ms a
    frame at 800×600, measured).
    """
    from PIL import GifImagePlugin, Image

    frames = iter(frames)
    first = next(frames, None)
    if first is None:
        raise ExportError("an animation needs at least one frame")
    holder = Image.new("P", (1, 1))
    holder.putpalette(gif_palette([first], key_colors))
    step_ms = round(1000 / fps)

    def indexed(frame: np.ndarray) -> np.ndarray:
        image = Image.fromarray(frame).quantize(palette=holder, dither=Image.Dither.NONE)
        return np.asarray(image)

    count = 1
    with open(path, "wb") as out:
        shown = indexed(first)  # what the GIF shows so far
        pending, pending_box, pending_ms = shown, (0, 0, shown.shape[1], shown.shape[0]), step_ms
        header_image = Image.fromarray(shown, mode="P")
        header_image.putpalette(holder.getpalette())
        header, _ = GifImagePlugin.getheader(header_image, info={"loop": 0, "optimize": False})
        out.write(b"".join(header))

        def write(part: np.ndarray, box: tuple[int, int, int, int], duration: int) -> None:
            left, top, right, bottom = box
            image = Image.fromarray(np.ascontiguousarray(part[top:bottom, left:right]), mode="P")
            image.putpalette(holder.getpalette())
            out.write(b"".join(GifImagePlugin.getdata(image, offset=(left, top), duration=duration,
                                                      optimize=False)))

        for frame in frames:
            count += 1
            current = indexed(frame)
            changed = current != shown
            if not changed.any():
                pending_ms += step_ms
                continue
            write(pending, pending_box, pending_ms)
            rows, columns = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
            box = (int(columns[0]), int(rows[0]), int(columns[-1]) + 1, int(rows[-1]) + 1)
            pending, pending_box, pending_ms = current, box, step_ms
            shown = current
        write(pending, pending_box, pending_ms - step_ms + max(step_ms, LAST_FRAME_HOLD_MS))
        out.write(b";")  # the GIF's trailer
    return Written(count, first.shape[1], first.shape[0])


def _even(frame: np.ndarray) -> np.ndarray:
    """H.264 in yuv420p needs an even width and height: repeat the last row or column if need be."""
    rows, columns = frame.shape[:2]
    return np.pad(frame, ((0, rows % 2), (0, columns % 2), (0, 0)), mode="edge")


def write_mp4(path, frames: Iterable[np.ndarray], fps: int = DEFAULT_FPS) -> Written:
    """Frames as an H.264 MP4 that presentation software plays, each encoded as it comes; ExportError
    without imageio-ffmpeg."""
    require_video()
    import imageio.v2 as imageio

    count, size = 0, (0, 0)
    with imageio.get_writer(path, format="FFMPEG", mode="I", fps=fps, codec="libx264", quality=8,
                            pixelformat="yuv420p", macro_block_size=1) as writer:
        for frame in frames:
            writer.append_data(_even(frame))
            count, size = count + 1, (frame.shape[1], frame.shape[0])
    if not count:
        raise ExportError("an animation needs at least one frame")
    return Written(count, *size)


def write_animation(path, frames: Iterable[np.ndarray], fmt: ExportFormat, fps: int = DEFAULT_FPS,
                    key_colors: Sequence = ()) -> Written:
    """GIF or MP4 by `fmt`, written frame by frame as `frames` yields them; `key_colors` are kept exact
    in a GIF's palette."""
    if fmt is ExportFormat.MP4:
        return write_mp4(path, frames, fps)
    return write_gif(path, frames, fps, key_colors)
