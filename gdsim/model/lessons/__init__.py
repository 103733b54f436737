"""Lessons: human-editable TOML files of stages, each a landscape, balls, starts, steps and a caption.

`lesson` holds the Lesson and Stage types, `reading` reads and checks lesson files, `captions`
fills a stage's caption with live values from the engine, and `writing` saves a setup as a lesson.
"""

from gdsim.model.lessons.captions import caption_values, check_caption, render_caption
from gdsim.model.lessons.lesson import LANGUAGES, MAX_STEPS, Lesson, LessonError, Stage, localized, with_starts_in_view
from gdsim.model.lessons.reading import load_lessons, names_a_file, parse_lesson, read_lesson_file, read_lesson_text
from gdsim.model.lessons.writing import lesson_toml

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
    "names_a_file",
    "parse_lesson",
    "read_lesson_file",
    "read_lesson_text",
    "render_caption",
    "with_starts_in_view",
]
