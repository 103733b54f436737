"""`gdsim export`: a bundled lesson's stage as a picture or an animation, drawn headless by the window's views.

    gdsim export --lesson momentum --stage 4 --format gif -o momentum.gif [--size 800x600] [--fps 20]
                 [--frames 100] [--steps-per-frame K] [--view landscape|loss|window] [--scale 1|2|4] [--force]

PNG and SVG show the stage after its steps. GIF and MP4 record it from step 0, a frame every
`--steps-per-frame` engine steps (by default the stage's steps spread over the frames), ending early
once every ball has stopped; the playback speed plays no part. `--size` is the size of the view
(of the window for `--view window`); `--scale 2` or `4` draws it with 2× or 4× the pixels, as sharp
vectors. MP4 needs the optional imageio-ffmpeg (`pip install "gdsim[video]"`). An existing file (a
read-only one too) is replaced only with --force, and every file is written to a temporary file
first, then renamed; a folder, a device or a FIFO is never replaced, and a name whose suffix is
another format's (`--format gif -o x.png`) is refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gdsim.cli.common import UsageError, bundled_lessons, checked_output, output_error, parse_size, whole_number
from gdsim.formats import ExportError, ExportFormat
from gdsim.formats.animation import DEFAULT_FPS, DEFAULT_FRAMES, MAX_FRAMES, steps_per_frame_for

FORMATS = (ExportFormat.GIF, ExportFormat.MP4, ExportFormat.PNG, ExportFormat.SVG)
VIEWS = ("landscape", "loss", "window")


def add_export_parser(commands) -> argparse.ArgumentParser:
    """Adds the `export` command to the subparsers action `commands`; returns its parser."""
    parser = commands.add_parser("export", help="save a lesson stage as a GIF, MP4, PNG or SVG, headless")
    parser.add_argument("--lesson", metavar="ID", required=True, help="a lesson id (see gdsim lesson list)")
    parser.add_argument("--stage", metavar="K", type=whole_number(1, 1000), default=1, help="stage K, from 1 (default 1)")
    parser.add_argument("--format", choices=[str(f) for f in FORMATS], required=True)
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="the file to write")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists, even if read-only")
    parser.add_argument("--view", choices=VIEWS, default="landscape",
                        help="the contour map (or curve), the loss plot, or the whole window (default landscape)")
    parser.add_argument("--size", default="800x600", help="size of the view in pixels (default 800x600)")
    parser.add_argument("--scale", type=int, choices=(1, 2, 4), default=1,
                        help="pixels per pixel of the view, for sharp slides (default 1)")
    parser.add_argument("--fps", type=whole_number(1, 60), default=DEFAULT_FPS,
                        help=f"frames per second of an animation (default {DEFAULT_FPS})")
    parser.add_argument("--frames", type=whole_number(1, MAX_FRAMES), default=DEFAULT_FRAMES,
                        help=f"frames of an animation, the first at step 0 (default {DEFAULT_FRAMES})")
    parser.add_argument("--steps-per-frame", metavar="K", type=whole_number(1, 1_000_000),
                        help="engine steps between frames (default: the stage's steps over the frames)")
    parser.set_defaults(handler=command_export)
    return parser


def _build_view(lesson_id: str, stage: int, view: str, size: tuple[int, int]):
    """The controller with the stage set up, and the widget to draw, laid out offscreen at `size`."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from gdsim.model.lessons import LessonError
    from gdsim.qt.controller import Controller

    if view == "window":
        from gdsim.qt.main_window import MainWindow

        widget = MainWindow()
        widget.open_lesson(lesson_id, stage - 1)  # with its lesson bar and caption
        controller = widget.controller
    else:
        lesson = next(item for item in bundled_lessons() if item.id == lesson_id)
        controller = Controller()
        try:
            controller.load_stage(lesson, stage - 1)
        except LessonError as error:
            raise UsageError(str(error)) from None
        if view == "loss":
            from gdsim.qt.views.loss_plot import LossPlot

            widget = LossPlot(controller)
        elif controller.setup.landscape.dim == 2:
            from gdsim.qt.views.contour_view import ContourView

            widget = ContourView(controller)
        else:
            from gdsim.qt.views.curve_view import CurveView

            widget = CurveView(controller)
        controller.publish()
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # no window flashes on a desktop
    widget.resize(*size)
    widget.show()
    for _ in range(3):
        QApplication.processEvents()
    return controller, widget


def command_export(args: argparse.Namespace) -> int:
    from gdsim.formats.animation import require_video

    fmt = ExportFormat(args.format)
    lessons = bundled_lessons()
    lesson = next((item for item in lessons if item.id == args.lesson), None)
    if lesson is None:
        raise UsageError(f"unknown lesson {args.lesson!r}; lessons: {', '.join(item.id for item in lessons)}")
    if args.stage > len(lesson.stages):
        raise UsageError(f"--stage {args.stage}: lesson {lesson.id!r} has {len(lesson.stages)} stages")
    output = checked_output(args.output, fmt, args.force, overwrite=False)
    if fmt is ExportFormat.SVG and args.scale != 1:
        raise UsageError("--scale is for pixels: an SVG is sharp at any size")
    size = parse_size(args.size)
    try:
        if fmt is ExportFormat.MP4:
            require_video()
        return _export(args, fmt, lesson.stages[args.stage - 1].steps, size, output)
    except ExportError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise output_error(args.output, error) from None


def _export(args: argparse.Namespace, fmt: ExportFormat, stage_steps: int, size: tuple[int, int],
            output: Path) -> int:
    from gdsim.app import headless_application
    from gdsim.formats.animation import write_animation
    from gdsim.formats.files import atomic_write, atomic_write_bytes
    from gdsim.qt.export.rendering import KEY_COLORS, record_run, render_image, render_svg, save_image

    headless_application()
    controller, widget = _build_view(args.lesson, args.stage, args.view, size)
    try:
        if fmt.animated:
            steps_per_frame = args.steps_per_frame or steps_per_frame_for(stage_steps, args.frames)
            written = []  # frames are written as they are drawn: memory holds one, however many there are
            atomic_write(output, lambda temporary: written.append(record_run(
                controller, widget, args.frames, steps_per_frame, args.scale,
                consume=lambda frames: write_animation(temporary, frames, fmt, args.fps, KEY_COLORS))),
                overwrite=args.force, replace_read_only=args.force)
            print(f"{output}: {written[0].frames} frames of {written[0].width}×{written[0].height}, "
                  f"{steps_per_frame} steps apart")
            return 0
        controller.advance(stage_steps)
        if fmt is ExportFormat.SVG:
            atomic_write_bytes(output, render_svg(widget, f"gdsim {args.lesson} stage {args.stage}"),
                               overwrite=args.force, replace_read_only=args.force)
        else:
            save_image(render_image(widget, args.scale), output, overwrite=args.force, replace_read_only=args.force)
        return 0
    finally:
        widget.hide()
        widget.deleteLater()
