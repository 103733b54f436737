"""File ▸ Export…'s dialog: what to write (a picture, an animation or the trajectories), of which view,
at which scale, and the request it makes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdsim.formats import ExportFormat
from gdsim.formats.animation import (
    DEFAULT_FPS,
    DEFAULT_FRAMES,
    MAX_FRAMES,
    VIDEO_HINT,
    steps_per_frame_for,
    video_available,
)
from gdsim.qt.export.rendering import (
    SCALES,
    ExportView,
)
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
