"""Lessons in the window: which lesson and stage is on, the stage bar, and the caption bar."""

from __future__ import annotations

import re
import string
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from gdsim.model.lessons import Lesson, LessonError, load_lessons, localized, read_lesson_file
from gdsim.model.simulation import Snapshot
from gdsim.qt import language
from gdsim.qt.controller import Controller
from gdsim.qt.support.bars import bold_title, tint
from gdsim.qt.support.elided_label import ElidedLabel
from gdsim.resources import resource_path


class LessonPlayer(QObject):
    """The lessons there are, and the caption of the stage on screen rendered from the engine's live
    values after every step. Which lesson and stage is on belongs to the controller's setup: this
    only asks the controller to load a stage, and follows what the setup says."""

    sigStageChanged = Signal()
    sigCaptionChanged = Signal(str)
    sigProblem = Signal(str)  # a stage that cannot be shown, with the file, stage and field
    sigLessonsRead = Signal()  # the bundled lessons were read (see `read`)

    def __init__(self, controller: Controller, parent: QObject | None = None):
        super().__init__(parent)
        self._controller = controller
        self._bundled: tuple[list[Lesson], list[str]] | None = None
        self.language = language.current_language()  # of captions and titles: 'en' or 'ko'
        self._place = controller.lesson
        controller.sigSetupChanged.connect(self._on_setup_changed)
        controller.sigStepped.connect(self._on_stepped)

    @Slot()
    def read(self) -> None:
        """Read the bundled lessons, if not read yet. The window asks for them just after its first paint
        (reading them takes longer than drawing it); whatever needs them sooner reads them then."""
        if self._bundled is None:
            self._bundled = load_lessons(resource_path("lessons"))
            self.sigLessonsRead.emit()

    @property
    def read_already(self) -> bool:
        return self._bundled is not None

    @property
    def lessons(self) -> list[Lesson]:
        """The bundled lessons, sorted by file name."""
        self.read()
        return self._bundled[0]

    @property
    def problems(self) -> list[str]:
        """Why each bundled lesson that could not be read was not."""
        self.read()
        return self._bundled[1]

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
        """The stage's caption with the run's numbers; when the run is no longer the stage's (the user
        stepped past its end, or changed its start or balls), it says so: its words were written for the stage.

        Before Play, a stage with steps shows its `before` caption, or only "Press Play to run this stage's
        N steps.": its caption tells the outcome of those steps ("stops in the shallow basin (f = …)"), and
        whether a caption states an outcome is something only its author knows. A run whose balls have all
        stopped at the start (a ball on a flat step) has its outcome already, so it shows the caption."""
        stage = self.stage
        if stage is None or not (stage.caption or stage.before):
            return ""
        if self._before_play(stage.steps):
            text = (self._controller.render_caption(localized(stage.before, self.language), self.language)
                    if stage.before else self.tr("Press Play to run this stage's {n} steps.").format(n=stage.steps))
        elif stage.caption:
            text = self._controller.render_caption(localized(stage.caption, self.language), self.language)
        else:
            return ""
        left = self._where_the_run_left_the_stage(stage.steps)
        return f"{text} {left}" if left else text

    def _before_play(self, stage_steps: int) -> bool:
        return stage_steps > 0 and self._controller.step_count == 0 and not self._controller.every_ball_stopped

    def _where_the_run_left_the_stage(self, stage_steps: int) -> str:
        if self._controller.setup.changed_from_stage:
            return self.tr("(the run has left this stage: its start or balls were changed)")
        if self._controller.step_count <= stage_steps:
            return ""
        if stage_steps == 0:
            return self.tr("(the run has left this stage, which shows step 0)")
        return self.tr("(past this stage's {n} steps)").format(n=stage_steps)

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
NO_BREAK_SPACE = "\u00a0"


def wrappable(text: str) -> str:
    """`text` with a zero-width space after every UNBROKEN_RUN characters of a run without a space, so that
    a label wraps it within its width; and an equation's sides kept together ("f = −4.9622" broke after
    "=" in presenter mode, leaving the number alone at the start of the next line)."""
    text = re.sub(r" ([=≈<>≤≥]) (?=\S)", rf"{NO_BREAK_SPACE}\1{NO_BREAK_SPACE}", text)
    return re.sub(rf"\S{{{UNBROKEN_RUN}}}(?=\S)", lambda match: match[0] + ZERO_WIDTH_SPACE, text)


class LessonBar(QWidget):
    """The lesson strip over the caption: the lesson, which stage of how many and its title, each cut
    with … where the window is narrow, and the Previous / Next stage buttons, always in sight at the right."""

    def __init__(self, player: LessonPlayer, actions: dict[str, QAction], stage_menu: QMenu | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonBar")
        tint(self, "#f4ecd0")
        self._player = player
        self.title = bold_title("lessonTitle")
        self.stage_label = StageLabel(stage_menu)
        self.previous_button = self._button(actions["previous_stage"], "previousStage")
        self.next_button = self._button(actions["next_stage"], "nextStage")
        # On a lesson's last stage, in the Next stage button's place.
        self.next_lesson_button = self._button(actions["next_lesson"], "nextLesson") if "next_lesson" in actions else None
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 2, 4, 2)
        row.addWidget(self.title)
        row.addSpacing(12)
        row.addWidget(self.stage_label)
        self.stages_button: QToolButton | None = None
        if stage_menu is not None:  # the label opens the list too; the arrow shows that there is one
            self.stages_button = QToolButton()
            self.stages_button.setObjectName("stagesButton")
            self.stages_button.setArrowType(Qt.ArrowType.DownArrow)
            self.stages_button.setAutoRaise(True)
            self.stages_button.setMenu(stage_menu)
            self.stages_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            self.stages_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
            row.addWidget(self.stages_button)
        row.addStretch(1)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        if self.next_lesson_button is not None:
            row.addWidget(self.next_lesson_button)
        player.sigStageChanged.connect(self._on_stage_changed)
        self.setVisible(False)

    @staticmethod
    def _button(action: QAction, name: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    @Slot()
    def _on_stage_changed(self) -> None:
        player = self._player
        if player.lesson is None:
            self.setVisible(False)
            return
        self.setVisible(True)
        self.title.setText(player.lesson.text(player.language))
        stage = player.stage
        self.stage_label.setText(self.tr("stage {k} of {n}: {title}").format(
            k=player.index + 1, n=len(player.lesson.stages), title=localized(stage.title, player.language)))
        if self.stages_button is not None:
            self.stages_button.setToolTip(self.tr("Choose a stage"))
        if self.next_lesson_button is not None:
            last = player.index + 1 == len(player.lesson.stages)
            self.next_button.setVisible(not last)
            self.next_lesson_button.setVisible(last)


class StageLabel(ElidedLabel):
    """Which stage of how many, and its title; a click shows the list of the lesson's stages to choose from."""

    def __init__(self, stage_menu: QMenu | None, parent: QWidget | None = None):
        super().__init__("stageLabel", parent)
        self._menu = stage_menu
        if stage_menu is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def setText(self, text: str) -> None:
        super().setText(text)
        if self._menu is not None:
            self.setToolTip(self.tr("{stage}\nClick to choose another stage").format(stage=text.strip()))

    def mousePressEvent(self, event) -> None:
        if self._menu is not None and event.button() == Qt.MouseButton.LeftButton:
            self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
            return
        super().mousePressEvent(event)


def widest_rendering(template: str) -> str:
    """`template` with every field filled with a number as wide as it is likely to be: the caption's height
    is kept for it from the stage's start, so the caption does not grow and push the map down as it plays."""
    parts = []
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:  # the caption shows its own mistake (render_caption)
        return template
    for literal, field, spec, _ in fields:
        parts.append(literal)
        if field is None:
            continue
        if field == "step":
            parts.append("00000")
        elif field.endswith(".status"):
            parts.append("stopped on flat ground")  # the longest status word (captions.STATUS_WORDS)
        elif field.endswith(".name"):
            parts.append("Nesterov")
        else:
            try:
                parts.append(format(-8.888e-88 if spec[-1:] in "eEgG" and spec else -88.888, spec or ".6g"))
            except ValueError:
                parts.append("-88.888")
    return "".join(parts)


class CaptionBar(QLabel):
    """The stage's caption in large type, with the engine's numbers filled in. Its height is set when the stage
    loads, for the caption with its numbers at their widest, and only grows within the stage."""

    def __init__(self, player: LessonPlayer, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("captionBar")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # The bar keeps the height of the stage's longest caption: a shorter one (before Play) reads from the top.
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._player = player
        self.follow_application_font()
        self.setStyleSheet("QLabel#captionBar { background: #fff8e1; color: #1a1a1a; padding: 6px 10px;"
                           " border-bottom: 1px solid #e0d5b0; }")
        self.setVisible(False)
        player.sigCaptionChanged.connect(self._on_caption_changed)
        player.sigStageChanged.connect(self._on_stage_changed)

    def follow_application_font(self) -> None:
        """Captions are 1.35 times the application's text (presenter mode scales that)."""
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.setFont(font)
        self._keep_height()

    def _templates(self) -> tuple[str, ...]:
        """The stage's captions: after Play and, where the stage has one, before it."""
        stage = self._player.stage
        if stage is None:
            return ()
        return tuple(localized(texts, self._player.language) for texts in (stage.caption, stage.before) if texts)

    @Slot()
    def _on_stage_changed(self) -> None:
        self.setVisible(bool(self._player.caption()))
        self._keep_height()

    def _keep_height(self) -> None:
        """A fixed height for the stage: the taller of the caption shown and its widest rendering."""
        shown = QLabel.text(self)
        self.setMinimumHeight(0)  # QLabel.heightForWidth is never below the minimum height
        heights = [0]
        for text in (*map(widest_rendering, self._templates()), self._player.caption()):
            QLabel.setText(self, wrappable(text))
            heights.append(self.heightForWidth(self.width()))
        QLabel.setText(self, shown)
        if max(heights) > 0:
            self.setFixedHeight(max(heights))

    def text(self) -> str:
        """The caption as written: without the breaks and no-break spaces that only steer the wrapping."""
        return QLabel.text(self).replace(ZERO_WIDTH_SPACE, "").replace(NO_BREAK_SPACE, " ")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._keep_height()

    @Slot(str)
    def _on_caption_changed(self, text: str) -> None:
        self.setText(wrappable(text))
        self.setVisible(bool(text))
        if self.heightForWidth(self.width()) > self.height():
            self.setFixedHeight(self.heightForWidth(self.width()))
