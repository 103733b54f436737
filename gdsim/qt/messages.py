"""The model's messages in the GUI's language: the one place where the window turns an error into text.

A model error that carries a template (gdsim.model.messages.TranslatableError: typed expressions,
typed gradients, the gradient check) is shown as its template translated in the template's context
and filled in with the same arguments, so column numbers and quoted input stay as they were. Any
other error is shown as its own text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gdsim.model.messages import Note, Template


def translated(template: Template) -> str:
    """`template` in the GUI's language, its {fields} not filled in."""
    return QCoreApplication.translate(template.context, template)


def explained(error: BaseException | Note) -> str:
    """What the window shows for `error` (or a note): its message in the GUI's language when it has a template."""
    template = getattr(error, "template", None)
    if not isinstance(template, Template):
        return str(error)
    arguments = {name: explained(value) if isinstance(value, (BaseException, Note)) else value
                 for name, value in error.arguments.items()}
    return translated(template).format(**arguments)
