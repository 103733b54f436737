"""What gdsim remembers between sessions, in one place: each key with its default, read forgivingly.

A settings file may be corrupt, written by another version, or edited by hand: a value that is
missing or of the wrong kind reads as its default, and nothing here raises. `GDSIM_SETTINGS` names
a file to use instead of the user's (tests, and a portable copy on a USB stick).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_FILE = "GDSIM_SETTINGS"

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/main_splitter": QByteArray(),
    "window/side_splitter": QByteArray(),
    "view/presenter": False,
    "view/high_contrast": False,
    "view/surface": True,
    "language": "system",  # 'en', 'ko' or 'system'
    "setup/last": "",  # the last session's setup, as the text of a one-stage lesson file
}


class Settings:
    """Typed access to the settings file; `get` never fails, `reset` restores every default."""

    def __init__(self, path: str | None = None):
        path = path or os.environ.get(SETTINGS_FILE)
        if path:
            self.store = QSettings(path, QSettings.Format.IniFormat)
        else:
            self.store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gdsim", "gdsim")

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        try:
            value = self.store.value(key, default)
        except Exception:  # a value QSettings cannot even decode: as good as missing
            return default
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            return {"true": True, "1": True, "false": False, "0": False}.get(str(value).strip().lower(), default)
        if isinstance(default, QByteArray):
            return value if isinstance(value, QByteArray) else default
        return value if isinstance(value, type(default)) else default

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        self.store.setValue(key, value)

    def reset(self) -> None:
        self.store.clear()
        self.store.sync()

    def sync(self) -> None:
        self.store.sync()
