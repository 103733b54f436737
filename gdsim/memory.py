"""How the process gives memory back: large blocks go straight back to the system when freed.

glibc serves a block above its mmap threshold (128 KiB at first) with a mapping of its own, returned to the
system on free, but raises the threshold to the size of each such block freed, up to 32 MiB. After the first
frame of a GIF, an export or a large run was freed, blocks of that size came from the heap instead, where
freed memory stays resident between live blocks: over 3,000 random window actions the process grew from 400
to 566 MB. With the threshold fixed, it ended at 456 MB (measured on the same seeded actions).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h
LARGE_BLOCK_BYTES = 256 * 1024  # above this, a block is mapped on its own and unmapped when freed


def return_large_blocks_to_the_system() -> bool:
    """Fix glibc's mmap threshold (which also stops its growth); True where that was done. Elsewhere (macOS,
    Windows, musl) nothing changes: their allocators return large blocks already or have no such setting."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK_BYTES))
    except (OSError, AttributeError):  # not glibc
        return False
