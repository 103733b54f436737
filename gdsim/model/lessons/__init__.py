"""Lessons: human-editable TOML files of stages, each a landscape, balls, starts, steps and a caption."""

from gdsim.model.lessons.reading import (
    LANGUAGES,
    MAX_STEPS,
    Lesson,
    LessonError,
    Stage,
    caption_values,
    check_caption,
    lesson_toml,
    load_lessons,
    localized,
    parse_lesson,
    render_caption,
    with_starts_in_view,
)

__all__ = [
    "LANGUAGES",
    "MAX_STEPS",
    "Lesson",
    "LessonError",
    "Stage",
    "caption_values",
    "check_caption",
    "lesson_toml",
    "load_lessons",
    "localized",
    "parse_lesson",
    "render_caption",
    "with_starts_in_view",
]
