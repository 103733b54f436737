"""Writing files so that a reader never sees half a file, and an old file is never half overwritten.

`atomic_write` fills a hidden temporary file beside the target, `.<stem>.<8 random characters>.part<suffix>`,
then renames it onto the target. It writes only regular files: through a symbolic link it writes the file
the link names, and it refuses a folder, a device, a FIFO, a socket or a file descriptor's link such as
/dev/stdout (OutputRefused) rather than replace it, and a read-only file unless asked to replace it.
It never writes into a device or FIFO either: that could not be undone when it fails halfway, a FIFO
with no reader would block, and video writers need a file they can seek in.

A process killed while writing (kill -9, a power cut) leaves the old file whole, and its temporary file
behind. Each write holds an advisory lock (flock) on its temporary file until the rename; the kernel drops
the lock when the process dies, however it dies. So the next write to the same target removes the
temporary files of that target that no process holds locked: they are stale. Where there is no flock
(Windows), it removes those a day old.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

STALE_AGE_WITHOUT_LOCKS = 24 * 3600  # seconds, where flock is missing


class WriteProblem(Enum):
    """Why a file could not be written, for a message in the user's words (each front end words it)."""

    NO_NAME = "no file name"
    FOLDER = "a folder"
    NOT_A_FILE = "a device, FIFO or socket"
    READ_ONLY_FILE = "a read-only file"
    EXISTS = "the file exists"
    DISK_FULL = "the disk is full"
    FOLDER_NOT_WRITABLE = "the folder cannot be written"
    NO_FOLDER = "the folder does not exist"
    OTHER = "another error"


class OutputRefused(OSError):
    """A target atomic_write will not replace; `problem` says why."""

    def __init__(self, problem: WriteProblem, path, code: int, reason: str | None = None):
        """`reason`, in English, says more than `problem` (the strerror; by default the problem's value)."""
        super().__init__(code, reason or problem.value, os.fspath(path))
        self.problem = problem


class OutputExists(OutputRefused, FileExistsError):
    """The target exists, and the write was not to replace it."""


_PROBLEM_OF_ERRNO = {
    errno.ENOSPC: WriteProblem.DISK_FULL,
    errno.EDQUOT: WriteProblem.DISK_FULL,
    errno.EFBIG: WriteProblem.DISK_FULL,
    errno.EROFS: WriteProblem.FOLDER_NOT_WRITABLE,
    errno.EACCES: WriteProblem.FOLDER_NOT_WRITABLE,
    errno.EPERM: WriteProblem.FOLDER_NOT_WRITABLE,
    errno.ENOENT: WriteProblem.NO_FOLDER,
    errno.ENOTDIR: WriteProblem.NO_FOLDER,
    errno.EISDIR: WriteProblem.FOLDER,
    errno.EEXIST: WriteProblem.EXISTS,
}


def write_problem(error: OSError) -> WriteProblem:
    """What went wrong when `error` came out of a write."""
    if isinstance(error, OutputRefused):
        return error.problem
    return _PROBLEM_OF_ERRNO.get(error.errno, WriteProblem.OTHER)


def is_read_only(st: os.stat_result, path) -> bool:
    """No one may write the file, or this process may not (root passes os.access whatever the mode)."""
    return not st.st_mode & 0o222 or not os.access(path, os.W_OK)


def _names_a_descriptor(path: str | os.PathLike) -> bool:
    """Whether `path` leads to an open file descriptor: /dev/stdout, /dev/fd/N, /proc/PID/fd/N. Such a
    link names what the descriptor is open on, a file appended to (`>> log`) or a pipe; replacing that
    file would lose what it held."""
    seen = os.path.abspath(path)
    for _ in range(40):  # as many links as the kernel follows
        folder = os.path.realpath(os.path.dirname(seen))
        if re.fullmatch(r"/proc/[^/]+/fd", folder):
            return True
        full = os.path.join(folder, os.path.basename(seen))
        if not os.path.islink(full):
            return False
        seen = os.path.join(folder, os.readlink(full))
    return False


def checked_target(path: str | os.PathLike, overwrite: bool = True, replace_read_only: bool = False) -> Path:
    """The regular file that writing `path` would replace or create: through symbolic links, the file
    they name. OutputRefused when `path` is empty, a folder, a device, a FIFO or a socket, a read-only
    file and `replace_read_only` is False, or (OutputExists) an existing file and `overwrite` is False."""
    if not os.fspath(path):
        raise OutputRefused(WriteProblem.NO_NAME, path, errno.ENOENT)
    if _names_a_descriptor(path):
        raise OutputRefused(WriteProblem.NOT_A_FILE, path, errno.EINVAL, "an open file descriptor")
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(path)  # the original path: /dev/stdout on a pipe resolves to no real path
    except FileNotFoundError:
        if os.fspath(path).endswith(os.sep):
            raise OutputRefused(WriteProblem.FOLDER, path, errno.EISDIR) from None
        return target  # a new file, or the missing file a dangling link names
    if stat.S_ISDIR(st.st_mode):
        raise OutputRefused(WriteProblem.FOLDER, path, errno.EISDIR)
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        raise OutputRefused(WriteProblem.NOT_A_FILE, path, errno.EINVAL, kind)
    if not overwrite:
        raise OutputExists(WriteProblem.EXISTS, path, errno.EEXIST)
    if hasattr(os, "statvfs") and os.statvfs(target.parent).f_flag & os.ST_RDONLY:
        # not the file's doing: replacing it anyway would not help
        raise OutputRefused(WriteProblem.FOLDER_NOT_WRITABLE, path, errno.EROFS, os.strerror(errno.EROFS))
    if not replace_read_only and is_read_only(st, target):
        raise OutputRefused(WriteProblem.READ_ONLY_FILE, path, errno.EACCES)
    return target


def _new_file_mode(target: Path) -> int:
    """The permissions the file would get if opened for writing: the old file's, or 0o666 less the umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _temporary_pattern(target: Path) -> re.Pattern:
    """The names tempfile.mkstemp gives the temporary files of `target` (8 characters of its alphabet)."""
    return re.compile(rf"\.{re.escape(target.stem)}\.[a-z0-9_]{{8}}\.part{re.escape(target.suffix)}")


def _lock(handle: int, wait: bool) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files of `target` that no living write holds locked (see the module); returns them."""
    pattern = _temporary_pattern(target)
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not pattern.fullmatch(name):
            continue
        candidate = target.parent / name
        with contextlib.suppress(OSError):
            if fcntl is None:
                if time.time() - os.stat(candidate, follow_symlinks=False).st_mtime > STALE_AGE_WITHOUT_LOCKS:
                    candidate.unlink()
                    removed.append(candidate)
                continue
            handle = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                if _lock(handle, wait=False):  # a living writer would hold it
                    candidate.unlink()
                    removed.append(candidate)
            finally:
                os.close(handle)
    return removed


def _locked_temporary(target: Path) -> tuple[int, Path]:
    """A new temporary file for `target`, open and locked (see the module)."""
    while True:
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}",
                                        dir=target.parent)
        if fcntl is None:
            return handle, Path(name)
        _lock(handle, wait=True)
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(handle), os.stat(name)):
                return handle, Path(name)
        os.close(handle)  # removed as stale between its creation and the lock: take another


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object], overwrite: bool = True,
                 replace_read_only: bool = False) -> Path:
    """Let `write(temporary)` fill a temporary file in the folder of the target, then rename it onto
    the target: `path`, or through symbolic links the file they name (checked_target, whose
    OutputRefused this raises before writing anything).

    The temporary file keeps the suffix of `path` (writers such as imageio pick the format by it).
    When `write` raises, the temporary file is removed and the target is left as it was. Stale
    temporary files of the target are removed first. Returns the target.
    """
    target = checked_target(path, overwrite, replace_read_only)
    remove_stale_temporaries(target)
    handle, temporary = _locked_temporary(target)
    try:
        write(temporary)
        os.fsync(handle)  # the data on the disk before the name: a power cut leaves the old file or the new
        os.chmod(temporary, _new_file_mode(target))  # mkstemp makes it private to the user
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    finally:
        os.close(handle)  # and with it the lock
    return target


def atomic_write_bytes(path: str | os.PathLike, data: bytes, overwrite: bool = True,
                       replace_read_only: bool = False) -> Path:
    return atomic_write(path, lambda temporary: temporary.write_bytes(data), overwrite, replace_read_only)


def atomic_write_text(path: str | os.PathLike, text: str, overwrite: bool = True,
                      replace_read_only: bool = False) -> Path:
    """`text` as UTF-8, with the line endings as given."""
    return atomic_write_bytes(path, text.encode("utf-8"), overwrite, replace_read_only)
