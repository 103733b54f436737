"""Writing files so that a reader never sees half a file, and an old file is never half overwritten."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _new_file_mode(target: Path) -> int:
    """The permissions the file would get if opened for writing: the old file's, or 0o666 less the umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object], overwrite: bool = True) -> Path:
    """Let `write(temporary)` fill a temporary file in the folder of `path`, then rename it onto `path`.

    The temporary file keeps the suffix of `path` (writers such as imageio pick the format by it).
    When `write` raises, or `overwrite` is False and `path` exists (FileExistsError), the temporary
    file is removed and `path` is left as it was. Returns `path`.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"{target} exists")
    folder = target.parent
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, _new_file_mode(target))  # mkstemp makes it private to the user
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return target


def atomic_write_bytes(path: str | os.PathLike, data: bytes, overwrite: bool = True) -> Path:
    return atomic_write(path, lambda temporary: temporary.write_bytes(data), overwrite)


def atomic_write_text(path: str | os.PathLike, text: str, overwrite: bool = True) -> Path:
    """`text` as UTF-8, with the line endings as given."""
    return atomic_write_bytes(path, text.encode("utf-8"), overwrite)
