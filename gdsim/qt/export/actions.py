"""File ▸ Export…, Open Setup… and Save Setup as Lesson…: the export dialog and what the three
actions do, on top of gdsim.formats (no widgets) and gdsim.qt.export.rendering (drawing the views)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdsim.formats import ExportCancelled, ExportError, ExportFormat
from gdsim.formats.animation import (
    DEFAULT_FPS,
    DEFAULT_FRAMES,
    MAX_FRAMES,
    VIDEO_HINT,
    require_video,
    steps_per_frame_for,
    video_available,
    write_animation,
)
from gdsim.formats.files import atomic_write, atomic_write_bytes, atomic_write_text
from gdsim.formats.trajectories import run_json, write_trajectories_csv
from gdsim.model.lessons import LessonError, localized
from gdsim.qt.export.rendering import (
    KEY_COLORS,
    SCALES,
    ExportView,
    copy_image,
    record_run,
    render_image,
    render_svg,
    save_image,
)
from gdsim.qt.jobs import Job, job_runner
from gdsim.qt.support.inputs import chosen

DEFAULT_RECORDED_STEPS = 100  # what an animation covers when the run has not moved and no stage says


@dataclass(frozen=True)
class ExportRequest:
    """What File ▸ Export… was asked for."""

    fmt: ExportFormat
    view: ExportView = ExportView.LANDSCAPE
    scale: int = 1
    clipboard: bool = False  # a picture copied rather than saved
    frames: int = DEFAULT_FRAMES
    steps_per_frame: int = 1
    fps: int = DEFAULT_FPS


class ExportDialog(QDialog):
    """The choices of File ▸ Export…: what to export, of which view, how sharp, and how an animation
    is recorded (steps per frame and frames, so a recording never depends on the playback speed)."""

    def __init__(self, steps: int, step_now: int, parent: QWidget | None = None):
        """`steps`: what an animation covers by default; `step_now`: the step the run is at."""
        super().__init__(parent)
        self._step_now = step_now
        self.setWindowTitle(self.tr("Export"))
        self.what = QComboBox()
        self.what.setObjectName("exportWhat")
        mp4_ready = video_available()
        choices = [(self.tr("PNG image"), ExportFormat.PNG, False),
                   (self.tr("SVG image (lines and text stay sharp at any size)"), ExportFormat.SVG, False),
                   (self.tr("Copy the image to the clipboard"), ExportFormat.PNG, True),
                   (self.tr("GIF animation"), ExportFormat.GIF, False),
                   (self.tr("MP4 video") if mp4_ready else
                    self.tr("MP4 video: needs imageio-ffmpeg; add it with {command}").format(command=VIDEO_HINT),
                    ExportFormat.MP4, False),
                   (self.tr("Trajectories as CSV"), ExportFormat.CSV, False),
                   (self.tr("Trajectories as JSON (as gdsim run prints them)"), ExportFormat.JSON, False)]
        self._choices = [(fmt, clipboard) for _, fmt, clipboard in choices]
        for text, _, _ in choices:
            self.what.addItem(text)
        if not mp4_ready:
            item = self.what.model().item(self.index_of(ExportFormat.MP4))  # a QStandardItemModel's
            item.setEnabled(False)
            item.setToolTip(self.tr("Install the optional video support: {command}").format(command=VIDEO_HINT))
        self.view = QComboBox()
        self.view.setObjectName("exportView")
        for text, view in ((self.tr("Landscape: the contour map, or the curve"), ExportView.LANDSCAPE),
                           (self.tr("3-D surface"), ExportView.SURFACE), (self.tr("Loss plot"), ExportView.LOSS),
                           (self.tr("Whole window"), ExportView.WINDOW)):
            self.view.addItem(text, view)
        self.scale = QComboBox()
        for scale in SCALES:
            self.scale.addItem(self.tr("{n}× ({note})").format(
                n=scale, note=self.tr("as on screen") if scale == 1 else self.tr("sharper, for slides")), scale)
        self.frames = QSpinBox()
        self.frames.setRange(2, MAX_FRAMES)
        self.frames.setValue(DEFAULT_FRAMES)
        self.steps_per_frame = QSpinBox()
        self.steps_per_frame.setRange(1, 1_000_000)
        self.steps_per_frame.setValue(steps_per_frame_for(steps, DEFAULT_FRAMES))
        self.fps = QSpinBox()
        self.fps.setRange(1, 60)
        self.fps.setValue(DEFAULT_FPS)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("exportSummary")

        form = QFormLayout()
        form.addRow(self.tr("Export"), self.what)
        form.addRow(self.tr("View"), self.view)
        form.addRow(self.tr("Resolution"), self.scale)
        form.addRow(self.tr("Steps per frame"), self.steps_per_frame)
        form.addRow(self.tr("Frames"), self.frames)
        form.addRow(self.tr("Frames per second"), self.fps)
        self._form = form
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        for box in (self.what, self.view, self.scale):
            box.currentIndexChanged.connect(self._update)
        for spin in (self.frames, self.steps_per_frame, self.fps):
            spin.valueChanged.connect(self._update)
        self._update()

    def index_of(self, fmt: ExportFormat, clipboard: bool = False) -> int:
        """Where an entry is in the Export list."""
        return self._choices.index((fmt, clipboard))

    def choose(self, fmt: ExportFormat, clipboard: bool = False) -> None:
        """Select an entry of the Export list (as a click would)."""
        self.what.setCurrentIndex(self.index_of(fmt, clipboard))

    def request(self) -> ExportRequest:
        fmt, clipboard = self._choices[self.what.currentIndex()]
        return ExportRequest(fmt, chosen(self.view, ExportView), self.scale.currentData(), clipboard,
                             self.frames.value(), self.steps_per_frame.value(), self.fps.value())

    @Slot()
    def _update(self, *args) -> None:
        request = self.request()
        picture = request.fmt not in (ExportFormat.CSV, ExportFormat.JSON)
        for widget, shown in ((self.view, picture), (self.scale, picture and request.fmt is not ExportFormat.SVG),
                              (self.steps_per_frame, request.fmt.animated), (self.frames, request.fmt.animated),
                              (self.fps, request.fmt.animated)):
            widget.setEnabled(shown)
            self._form.labelForField(widget).setEnabled(shown)
        if request.fmt.animated:
            last = (request.frames - 1) * request.steps_per_frame
            self.summary.setText(self.tr(
                "Recorded from step 0 to step {last}: {frames} frames, {k} steps apart, {seconds:.1f} s at "
                "{fps} frames a second; it ends early once every ball has stopped. Each frame is drawn from the "
                "engine, whatever the playback speed.").format(
                    last=last, frames=request.frames, k=request.steps_per_frame,
                    seconds=request.frames / request.fps, fps=request.fps))
        elif picture:
            self.summary.setText(self.tr("The view as it is now, at step {step}.").format(step=self._step_now))
        else:
            self.summary.setText(self.tr("Every ball's position and loss at every step so far, as gdsim run "
                                         "prints them for the same setup."))


class ExportActions(QObject):
    """What File ▸ Export…, Open Setup… and Save Setup as Lesson… do in a main window.

    The dialogs ask; `export_to`, `open_setup_file` and `save_setup_file` do the work (tests call
    them directly). Problems are shown in a message box and on the status bar; the run on screen
    is never lost.
    """

    sigStatus = Signal(str)  # what was written or went wrong, for the status bar

    def __init__(self, controller, lessons, widget_for: Callable[[ExportView], QWidget], parent: QWidget):
        """`widget_for(view)` is the widget that shows `view` (it may raise ExportError); `parent`, the
        window, owns the dialogs and names the SVG."""
        super().__init__(parent)
        self._controller = controller
        self._lessons = lessons
        self._widget_for = widget_for
        self._parent = parent
        self._folder = Path.home()
        self.dialog: ExportDialog | None = None
        self.message: QMessageBox | None = None  # the last problem shown

    # --- export -----------------------------------------------------------------------------------
    @Slot()
    def export(self) -> None:
        steps = self._controller.stage_steps or self._controller.step_count or DEFAULT_RECORDED_STEPS
        dialog = ExportDialog(steps, self._controller.step_count, self._parent)
        dialog.accepted.connect(lambda: self._export_chosen(dialog.request()))
        dialog.open()
        self.dialog = dialog

    def _export_chosen(self, request: ExportRequest) -> None:
        if request.clipboard:
            self.export_to(request)
            return
        filters = {ExportFormat.PNG: self.tr("PNG image (*.png)"), ExportFormat.SVG: self.tr("SVG image (*.svg)"),
                   ExportFormat.GIF: self.tr("GIF animation (*.gif)"), ExportFormat.MP4: self.tr("MP4 video (*.mp4)"),
                   ExportFormat.CSV: self.tr("CSV table (*.csv)"), ExportFormat.JSON: self.tr("JSON (*.json)")}
        name = "trajectories" if request.fmt in (ExportFormat.CSV, ExportFormat.JSON) else f"gdsim-{request.view}"
        path = self._ask_save_path(self.tr("Export"), f"{name}.{request.fmt}", filters[request.fmt])
        if path is not None:
            self.export_to(request, path)

    def export_to(self, request: ExportRequest, path: str | Path | None = None) -> bool:
        """Carry out `request`, writing `path` (atomically; unused for the clipboard). True when done."""
        try:
            if request.fmt in (ExportFormat.CSV, ExportFormat.JSON):
                self._write_trajectories(request.fmt, path)
            elif request.fmt.animated:
                self._write_animation(request, path)
            else:
                widget = self._widget_for(request.view)
                if request.fmt is ExportFormat.SVG:
                    if request.view is ExportView.SURFACE:
                        raise ExportError(self.tr("The 3-D surface is drawn by OpenGL, as pixels: export it as "
                                                  "PNG. SVG holds the 2-D views and the whole window."))
                    atomic_write_bytes(path, render_svg(widget, self._parent.windowTitle()))
                else:
                    image = render_image(widget, request.scale)
                    if request.clipboard:
                        copy_image(image)
                    else:
                        save_image(image, path)
        except ExportCancelled:
            self.sigStatus.emit(self.tr("Export cancelled; nothing was written."))
            return False
        except ExportError as error:
            self._problem(str(error))
            return False
        except OSError as error:
            self._problem(self.tr("Could not write {path}: {error}").format(
                path=path, error=error.strerror or error))
            return False
        self.sigStatus.emit(
            self.tr("Image copied to the clipboard") if request.clipboard else self.tr("Saved {path}").format(path=path))
        return True

    def _write_trajectories(self, fmt: ExportFormat, path) -> None:
        try:
            simulation = self._controller.replayed_run()
        except MemoryError:
            raise ExportError(self.tr("Keeping every step of this run needs more memory than there is; "
                                      "reset and take fewer steps.")) from None
        landscape = simulation.landscape
        if fmt is ExportFormat.JSON:
            atomic_write_text(path, run_json(landscape.name, simulation, landscape.source))
        else:
            table = io.StringIO()
            write_trajectories_csv(simulation, table)
            atomic_write_text(path, table.getvalue())

    def _write_animation(self, request: ExportRequest, path) -> None:
        if request.fmt is ExportFormat.MP4:
            require_video()
        widget = self._widget_for(request.view)
        progress = QProgressDialog(self.tr("Recording frames from the engine…"), self.tr("Cancel"), 0,
                                   request.frames, self._parent)
        progress.setWindowTitle(self.tr("Export"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        controller = self._controller
        # A job like the sweep's and the basins', but run on the GUI thread: every frame draws widgets.
        # Each frame is written as it is drawn: memory holds one frame, however many there are.
        job = Job(lambda report: atomic_write(path, lambda temporary: record_run(
            controller, widget, request.frames, request.steps_per_frame, request.scale,
            lambda done, total: report(done / total) or True,
            consume=lambda frames: write_animation(temporary, frames, request.fmt, request.fps, KEY_COLORS))))
        job.sigProgress.connect(lambda fraction: progress.setValue(round(fraction * request.frames)))
        progress.canceled.connect(job.cancel)
        outcome: dict[str, object] = {}
        job.sigResult.connect(lambda written: outcome.setdefault("written", written))
        job.sigFailed.connect(lambda message: outcome.setdefault("problem", message))
        try:
            job_runner().run_here(job)
        finally:
            progress.close()
            progress.deleteLater()
        if "problem" in outcome:
            raise ExportError(outcome["problem"])
        if "written" not in outcome:
            raise ExportCancelled()

    # --- setups -----------------------------------------------------------------------------------
    @Slot()
    def open_setup(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._parent, self.tr("Open Setup"), str(self._folder),
                                              self.tr("Lesson files (*.toml);;All files (*)"))
        if path:
            self.open_setup_file(path)

    def open_setup_file(self, path: str | Path) -> bool:
        """Play the lesson file at `path` like a bundled lesson; a message, and no change, when it is wrong."""
        try:
            self._lessons.open_file(path)
        except LessonError as error:
            self._problem(self.tr("Could not open {name}; the setup on screen is unchanged.\n\n{error}").format(
                name=Path(path).name, error=error))
            return False
        self._folder = Path(path).parent
        self.sigStatus.emit(self.tr("Opened {path}").format(path=path))
        return True

    @Slot()
    def save_setup(self) -> None:
        path = self._ask_save_path(self.tr("Save Setup as Lesson"), "setup.toml", self.tr("Lesson files (*.toml)"))
        if path is not None:
            self.save_setup_file(path)

    def save_setup_file(self, path: str | Path) -> bool:
        """Write the current setup, played to the current step, as a lesson file of one stage."""
        controller = self._controller
        stage = self._lessons.stage
        title = localized(stage.title, self._lessons.language) if stage is not None else \
            controller.preset.landscape.title
        try:
            atomic_write_text(path, controller.setup.lesson_toml(controller.step_count, title))
        except ValueError as error:
            self._problem(str(error))
            return False
        except OSError as error:
            self._problem(self.tr("Could not write {path}: {error}").format(path=path, error=error.strerror or error))
            return False
        self.sigStatus.emit(self.tr("Saved {path}").format(path=path))
        return True

    # --- asking -----------------------------------------------------------------------------------
    def _ask_save_path(self, title: str, name: str, file_filter: str) -> Path | None:
        """A path to write, from the file dialog, which asks before overwriting; its suffix added when
        left out (and then, if that file exists, asked about here)."""
        chosen, _ = QFileDialog.getSaveFileName(self._parent, title, str(self._folder / name), file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        suffix = Path(name).suffix
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
            if path.exists() and QMessageBox.question(
                    self._parent, title, self.tr("{name} exists. Replace it?").format(name=path.name),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
                return None
        self._folder = path.parent
        return path

    def _problem(self, text: str) -> None:
        self.sigStatus.emit(text.splitlines()[0])
        box = QMessageBox(QMessageBox.Icon.Warning, "gdsim", text, parent=self._parent)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()  # window-modal, not blocking
        self.message = box
