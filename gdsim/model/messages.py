"""Messages the model writes for a user, as templates that the GUI translates.

The model has no Qt and speaks English (the CLI prints str(error) as it is). A message the window
shows is a `Template`, an English text with {fields}, made once at import by `QT_TRANSLATE_NOOP`, which
is the name pyside6-lupdate looks for: lupdate copies every template into the .ts files under its
context, and the GUI translates the template and fills in the same fields (gdsim.qt.messages). Every
template made is in `TEMPLATES`, so a test can check that each has a translation.
"""

from __future__ import annotations

from typing import Any


class Template(str):
    """An English message with {fields}; `context` is the group lupdate files its translations under."""

    context: str


TEMPLATES: list[Template] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> Template:  # Qt's name: the one pyside6-lupdate looks for
    """`text` as a template of `context`: it reads as itself, and lupdate collects it for translation."""
    template = Template(text)
    template.context = context
    TEMPLATES.append(template)
    return template


class Note:
    """A message that is no refusal (what the user should know about accepted input): `template` and
    `arguments` as a TranslatableError has them, str(note) in English. An argument may itself be a Note."""

    def __init__(self, template: Template, **arguments: Any):
        if not isinstance(template, Template):
            raise TypeError(f"a message for the user must be a Template, so that it can be translated: {template!r}")
        self.template = template
        self.arguments = arguments

    def __str__(self) -> str:
        return self.template.format(**{name: str(value) for name, value in self.arguments.items()})

    def __repr__(self) -> str:
        return f"Note({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Note) and (self.template, self.arguments) == (other.template, other.arguments)

    def __hash__(self) -> int:
        return hash((self.template, str(self)))


class TranslatableError(ValueError):
    """A refusal the user reads: str(error) is the template filled in, in English; `template` and
    `arguments` let the GUI show it in its own language. An argument may itself be such an error."""

    def __init__(self, template: Template, **arguments: Any):
        if not isinstance(template, Template):
            raise TypeError(f"a message for the user must be a Template, so that it can be translated: {template!r}")
        super().__init__(template.format(**arguments))
        self.template = template
        self.arguments = arguments
