"""Lessons in the window: which lesson and stage is on, the stage bar, and the caption bar."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from gdsim.model.lessons import Lesson, LessonError, load_lessons, localized, read_lesson_file
from gdsim.model.simulation import Snapshot
from gdsim.qt import language
from gdsim.qt.controller import Controller
from gdsim.resources import resource_path


class LessonPlayer(QObject):
    """The lessons there are, and the caption of the stage on screen rendered from the engine's live
    values after every step. Which lesson and stage is on belongs to the controller's setup: this
    only asks the controller to load a stage, and follows what the setup says."""

    sigStageChanged = Signal()
    sigCaptionChanged = Signal(str)
    sigProblem = Signal(str)  # a stage that cannot be shown, with the file, stage and field

    def __init__(self, controller: Controller, parent: QObject | None = None):
        super().__init__(parent)
        self._controller = controller
        self.lessons, self.problems = load_lessons(resource_path("lessons"))
        self.language = language.current_language()  # of captions and titles: 'en' or 'ko'
        self._place = controller.lesson
        controller.sigSetupChanged.connect(self._on_setup_changed)
        controller.sigStepped.connect(self._on_stepped)

    @property
    def lesson(self) -> Lesson | None:
        place = self._controller.lesson
        return None if place is None else place.lesson

    @property
    def index(self) -> int:
        place = self._controller.lesson
        return 0 if place is None else place.stage

    def find(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def open(self, lesson_id: str, stage: int = 0) -> None:
        """Start a lesson at a stage; KeyError for an unknown lesson."""
        lesson = self.find(lesson_id)
        if lesson is None:
            raise KeyError(f"unknown lesson {lesson_id!r}; lessons: {', '.join(l.id for l in self.lessons)}")
        self._load(lesson, stage)

    def open_file(self, path: str | Path) -> Lesson:
        """Play a lesson file the user chose, from its first stage, as a bundled one is played.

        LessonError, naming the file and, where it can, the stage and the field, when the file cannot
        be read or its first stage cannot be set up; then nothing on screen has changed.
        """
        lesson = read_lesson_file(path)  # checked, and its first stage set up once, changing nothing
        self._controller.load_stage(lesson, 0)
        return lesson

    def show_stage(self, index: int) -> None:
        if self.lesson is not None:
            self._load(self.lesson, index)

    def _load(self, lesson: Lesson, index: int) -> None:
        try:
            self._controller.load_stage(lesson, index)
        except LessonError as error:
            self.sigProblem.emit(str(error))  # the run on screen stays as it was

    @Slot()
    def next_stage(self) -> None:
        if self.lesson is not None and self.index + 1 < len(self.lesson.stages):
            self.show_stage(self.index + 1)

    @Slot()
    def previous_stage(self) -> None:
        if self.lesson is not None and self.index > 0:
            self.show_stage(self.index - 1)

    def set_language(self, language: str) -> None:
        self.language = language
        self.sigStageChanged.emit()
        self._on_stepped(None)

    @property
    def stage(self):
        return None if self.lesson is None else self.lesson.stages[self.index]

    def caption(self) -> str:
        stage = self.stage
        if stage is None or not stage.caption:
            return ""
        return self._controller.render_caption(localized(stage.caption, self.language), self.language)

    @Slot(object)
    def _on_setup_changed(self, setup) -> None:
        if setup.lesson != self._place:
            self._place = setup.lesson
            self.sigStageChanged.emit()
            self.sigCaptionChanged.emit(self.caption())

    @Slot(object)
    def _on_stepped(self, snapshot: Snapshot | None) -> None:
        if self.stage is not None:
            self.sigCaptionChanged.emit(self.caption())


# A run of characters longer than this gets places to wrap: an unbroken caption must not widen the window.
UNBROKEN_RUN = 30
ZERO_WIDTH_SPACE = "\u200b"


def wrappable(text: str) -> str:
    """`text` with a zero-width space after every UNBROKEN_RUN characters of a run without a space, so that
    a label wraps it within its width."""
    return re.sub(rf"\S{{{UNBROKEN_RUN}}}(?=\S)", lambda match: match[0] + ZERO_WIDTH_SPACE, text)


def plain_label(name: str) -> QLabel:
    """A label that shows its text as plain text on one line (a title from a file is never markup)."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class LessonBar(QToolBar):
    """Lesson title, previous / next stage, and which stage is on."""

    def __init__(self, player: LessonPlayer, actions: dict[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonBar")
        self.setMovable(False)
        self._player = player
        self.title = plain_label("lessonTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.addWidget(self.title)
        self.addAction(actions["previous_stage"])
        self.stage_label = plain_label("stageLabel")
        self.addWidget(self.stage_label)
        self.addAction(actions["next_stage"])
        player.sigStageChanged.connect(self._on_stage_changed)
        self.setVisible(False)

    @Slot()
    def _on_stage_changed(self) -> None:
        player = self._player
        if player.lesson is None:
            self.setVisible(False)
            return
        self.setVisible(True)
        self.title.setText(f"  {player.lesson.text(player.language)}  ")
        stage = player.stage
        self.stage_label.setText(self.tr("  stage {k} of {n}: {title}  ").format(
            k=player.index + 1, n=len(player.lesson.stages), title=localized(stage.title, player.language)))


class CaptionBar(QLabel):
    """The stage's caption in large type, with the engine's numbers filled in."""

    def __init__(self, player: LessonPlayer, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("captionBar")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.setFont(font)
        self.setStyleSheet("QLabel#captionBar { background: #fff8e1; color: #1a1a1a; padding: 6px 10px;"
                           " border-bottom: 1px solid #e0d5b0; }")
        self.setVisible(False)
        player.sigCaptionChanged.connect(self._on_caption_changed)
        player.sigStageChanged.connect(lambda: self.setVisible(bool(player.caption())))

    @Slot(str)
    def _on_caption_changed(self, text: str) -> None:
        self.setText(wrappable(text))
        self.setVisible(bool(text))
