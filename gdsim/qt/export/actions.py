"""File ▸ Export…, Open Setup… and Save Setup as Lesson…: what the three actions do (the export dialog
is in dialog.py), on top of gdsim.formats (no widgets) and gdsim.qt.export.rendering (drawing the views)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from gdsim.formats import ExportCancelled, ExportError, ExportFormat
from gdsim.formats.animation import (
    require_video,
    write_animation,
)
from gdsim.formats.files import (
    WriteProblem,
    atomic_write,
    atomic_write_bytes,
    atomic_write_text,
    checked_target,
    write_problem,
)
from gdsim.formats.trajectories import run_json, write_trajectories_csv
from gdsim.model.lessons import LessonError, localized
from gdsim.qt.export.dialog import ExportDialog, ExportRequest
from gdsim.qt.export.rendering import (
    KEY_COLORS,
    ExportView,
    copy_image,
    record_run,
    render_image,
    render_svg,
    save_image,
)
from gdsim.qt.jobs import Job, job_runner

DEFAULT_RECORDED_STEPS = 100  # what an animation covers when the run has not moved and no stage says


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
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per click: closed ones piled up
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
        replace_read_only = False
        if not request.clipboard:
            replace_read_only = self._may_replace_read_only(self.tr("Export"), path)
            if replace_read_only is None:
                return False
        try:
            if request.fmt in (ExportFormat.CSV, ExportFormat.JSON):
                self._write_trajectories(request.fmt, path, replace_read_only)
            elif request.fmt.animated:
                self._write_animation(request, path, replace_read_only)
            else:
                widget = self._widget_for(request.view)
                if request.fmt is ExportFormat.SVG:
                    if request.view is ExportView.SURFACE:
                        raise ExportError(self.tr("The 3-D surface is drawn by OpenGL, as pixels: export it as "
                                                  "PNG. SVG holds the 2-D views and the whole window."))
                    atomic_write_bytes(path, render_svg(widget, self._parent.windowTitle()),
                                       replace_read_only=replace_read_only)
                else:
                    image = render_image(widget, request.scale)
                    if request.clipboard:
                        copy_image(image)
                    else:
                        save_image(image, path, replace_read_only=replace_read_only)
        except ExportCancelled:
            self.sigStatus.emit(self.tr("Export cancelled; nothing was written."))
            return False
        except ExportError as error:
            self._problem(str(error))
            return False
        except OSError as error:
            self._problem(self._could_not_write(path, error))
            return False
        self.sigStatus.emit(
            self.tr("Image copied to the clipboard") if request.clipboard else self.tr("Saved {path}").format(path=path))
        return True

    def _write_trajectories(self, fmt: ExportFormat, path, replace_read_only: bool) -> None:
        try:
            simulation = self._controller.replayed_run()
        except MemoryError:
            raise ExportError(self.tr("Keeping every step of this run needs more memory than there is; "
                                      "reset and take fewer steps.")) from None
        landscape = simulation.landscape
        if fmt is ExportFormat.JSON:
            atomic_write_text(path, run_json(landscape.name, simulation, landscape.source),
                              replace_read_only=replace_read_only)
        else:
            table = io.StringIO()
            write_trajectories_csv(simulation, table)
            atomic_write_text(path, table.getvalue(), replace_read_only=replace_read_only)

    def _write_animation(self, request: ExportRequest, path, replace_read_only: bool) -> None:
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
            consume=lambda frames: write_animation(temporary, frames, request.fmt, request.fps, KEY_COLORS)),
            replace_read_only=replace_read_only))
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
        replace_read_only = self._may_replace_read_only(self.tr("Save Setup as Lesson"), path)
        if replace_read_only is None:
            return False
        controller = self._controller
        stage = self._lessons.stage
        title = localized(stage.title, self._lessons.language) if stage is not None else \
            controller.preset.landscape.title
        try:
            atomic_write_text(path, controller.setup.lesson_toml(controller.step_count, title),
                              replace_read_only=replace_read_only)
        except ValueError as error:
            self._problem(str(error))
            return False
        except OSError as error:
            self._problem(self._could_not_write(path, error))
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

    def _may_replace_read_only(self, title: str, path) -> bool | None:
        """False when `path` is not a read-only file; when it is, True if the user says to replace it,
        None (and a note on the status bar) if not."""
        try:
            checked_target(path)
        except OSError as error:
            if write_problem(error) is not WriteProblem.READ_ONLY_FILE:
                return False  # the write itself says what is wrong
        else:
            return False
        if QMessageBox.question(
                self._parent, title, self.tr("{name} is read-only. Replace it anyway?").format(name=Path(path).name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes:
            return True
        self.sigStatus.emit(self.tr("{path} is read-only and was kept; nothing was written.").format(path=path))
        return None

    def _could_not_write(self, path, error: OSError) -> str:
        """One line, in the user's language, on why `path` was not written."""
        problem = write_problem(error)
        folder = Path(path).parent if path else Path()
        if problem is WriteProblem.NO_NAME:
            return self.tr("Nothing was written: the file name is empty.")
        if problem is WriteProblem.FOLDER:
            return self.tr("Nothing was written: {path} is a folder; give a file name.").format(path=path)
        if problem is WriteProblem.NOT_A_FILE:
            return self.tr("Nothing was written: {path} is a device, a FIFO or a socket, not a file; "
                           "gdsim writes regular files only.").format(path=path)
        if problem is WriteProblem.DISK_FULL:
            return self.tr("Could not write {path}: the disk is full. Nothing was written, and a file "
                           "already there is kept as it was.").format(path=path)
        if problem is WriteProblem.FOLDER_NOT_WRITABLE:
            return self.tr("Could not write {path}: the folder {folder} is read-only or not yours. Nothing "
                           "was written; choose another folder.").format(path=path, folder=folder)
        if problem is WriteProblem.NO_FOLDER:
            return self.tr("Could not write {path}: the folder {folder} does not exist.").format(
                path=path, folder=folder)
        return self.tr("Could not write {path}: {error}").format(path=path, error=error.strerror or error)

    def _problem(self, text: str) -> None:
        self.sigStatus.emit(text.splitlines()[0])
        box = QMessageBox(QMessageBox.Icon.Warning, "gdsim", text, parent=self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per problem: closed ones piled up
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()  # window-modal, not blocking
        self.message = box
