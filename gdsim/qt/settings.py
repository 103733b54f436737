"""What gdsim remembers between sessions, in one place: each key with its default and its check.

The file is plain JSON that gdsim parses itself. It is never handed to QSettings: QSettings decodes
every `@Variant` value of a file as it opens it, and PySide stores a Python object there as a
pickle, so a shared settings file could run code at start-up. Here a value is a bool, an int, a
string or a list of ints, and each is checked for its type and range before anything uses it.

A settings file may be corrupt, written by another version, edited by hand or hostile: a value that
is missing, of the wrong kind or out of range reads as its default, and nothing here raises.
`GDSIM_SETTINGS` names a file to use instead of the user's (tests, and a portable copy on a USB
stick).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gdsim.formats.files import atomic_write_text

SETTINGS_FILE = "GDSIM_SETTINGS"
# Far above what gdsim writes (the last setup is the largest value); a larger file is not read.
MAX_FILE_BYTES = 256 * 1024
MAX_SETUP_CHARS = 64 * 1024
MAX_PIXELS = 16384  # a window or splitter pane larger than any screen is a broken value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _ints(count: int, low: int, high: int) -> Callable[[Any], bool]:
    """A check for a list of `count` whole numbers, each within [low, high]."""
    def check(value: Any) -> bool:
        return (isinstance(value, list) and len(value) == count
                and all(_is_int(v) and low <= v <= high for v in value))
    return check


def _one_of(*choices: str) -> Callable[[Any], bool]:
    return lambda value: value in choices


def _text(limit: int) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and len(value) <= limit


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


def _geometry(value: Any) -> bool:
    """[x, y, width, height] of the window, with a size a screen can show."""
    return (_ints(4, -MAX_PIXELS, MAX_PIXELS)(value) and 100 <= value[2] <= MAX_PIXELS
            and 100 <= value[3] <= MAX_PIXELS)


@dataclass(frozen=True)
class Key:
    default: Any
    valid: Callable[[Any], bool]


KEYS: dict[str, Key] = {
    "window/geometry": Key(None, _geometry),  # None: the window's own default size
    "window/maximized": Key(False, _flag),
    "window/main_splitter": Key(None, _ints(3, 0, MAX_PIXELS)),  # panel, map, side column
    "window/side_splitter": Key(None, _ints(3, 0, MAX_PIXELS)),  # surface, data panel, analysis tabs
    "view/presenter": Key(False, _flag),
    "view/high_contrast": Key(False, _flag),
    "view/surface": Key(True, _flag),
    "view/curvature": Key(False, _flag),  # View ▸ Curvature
    "language": Key("system", _one_of("system", "en", "ko")),
    "view/fan_runs": Key(20, lambda value: _is_int(value) and 2 <= value <= 1000),  # runs of a fan (Balls ▸ Fan)
    "edit/branch_policy": Key("ask", _one_of("ask", "branch", "restart")),  # a ball's setting changed mid-run
    "setup/last": Key("", _text(MAX_SETUP_CHARS)),  # the last session's setup, as a one-stage lesson text
}
DEFAULTS: dict[str, Any] = {name: key.default for name, key in KEYS.items()}


def default_path() -> Path:
    """The user's settings file, in the platform's configuration folder."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(folder or Path.home()) / "gdsim" / "settings.json"


def _read_json_object(path: Path) -> dict[str, Any]:
    """The JSON object in `path`, or {} for anything else: no file, not a regular file, too large,
    not UTF-8, not JSON, nested too deep for the parser, or not an object."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the start, a device never end
            return {}
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return {}
        content = json.loads(data.decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return {}
    return content if isinstance(content, dict) else {}


class Settings:
    """Typed access to the settings file; `get` never fails, `reset` restores every default."""

    def __init__(self, path: str | os.PathLike | None = None):
        chosen = path or os.environ.get(SETTINGS_FILE)
        self.path = Path(chosen) if chosen else default_path()
        stored = _read_json_object(self.path)
        self._values = {name: stored[name] for name, key in KEYS.items() if name in stored and key.valid(stored[name])}

    def get(self, name: str) -> Any:
        return self._values.get(name, KEYS[name].default)

    def set(self, name: str, value: Any) -> None:
        key = KEYS.get(name)
        if key is None:
            raise KeyError(f"unknown setting {name!r}")
        if value is None or value == key.default:
            self._values.pop(name, None)
        elif key.valid(value):
            self._values[name] = value
        else:
            raise ValueError(f"setting {name!r} cannot be {value!r}")

    def reset(self) -> None:
        self._values.clear()
        self.sync()

    def sync(self) -> None:
        """Write the values to the file. A settings file is a convenience: when it cannot be written
        (a read-only folder, a full disk, a path that is not a regular file) the app goes on."""
        target = Path(os.path.realpath(self.path))  # through a symlink to the file it names
        with contextlib.suppress(OSError):
            if target.exists() and not stat.S_ISREG(os.stat(target).st_mode):
                return  # a device or FIFO is never replaced by a settings file
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(target, json.dumps(self._values, indent=1, ensure_ascii=False) + "\n")
