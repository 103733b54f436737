"""Just enough of the ELF format (64-bit, little-endian: Linux x86-64 and arm64) for the bundle:
a section's bytes, and the libraries a binary names directly (DT_NEEDED).

`ldd` gives every library a binary ends up loading, through any chain, resolved on the build
machine; pruning the bundle needs the direct names only.
"""

from __future__ import annotations

import struct
from pathlib import Path

_SHT_DYNAMIC = 6
_DT_NULL, _DT_NEEDED = 0, 1


def _sections(elf: bytes, where: Path) -> list[tuple[int, int, int, int, int]]:
    """(name offset, type, file offset, size, link) of every section."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError(f"{where}: not a little-endian 64-bit ELF file")
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    out = []
    for i in range(shnum):
        name, kind, _flags, _addr, offset, size, link = struct.unpack_from("<IIQQQQI", elf, shoff + i * shentsize)
        out.append((name, kind, offset, size, link))
    return out + [out[shstrndx]]  # the section-name table last, for section()


def _string(elf: bytes, at: int) -> str:
    return elf[at:elf.index(b"\0", at)].decode("utf-8", "replace")


def section(path: Path, wanted: str) -> bytes:
    """The bytes of the section named `wanted`."""
    elf = Path(path).read_bytes()
    *sections, (_, _, names_at, _, _) = _sections(elf, path)
    for name, _kind, offset, size, _link in sections:
        if _string(elf, names_at + name) == wanted:
            return elf[offset:offset + size]
    raise ValueError(f"{path}: no section {wanted}")


def needed(path: Path) -> list[str]:
    """The sonames `path` names as DT_NEEDED, in order; [] for a file that is not ELF."""
    elf = Path(path).read_bytes()
    try:
        *sections, _ = _sections(elf, path)
    except ValueError:
        return []
    out = []
    for _name, kind, offset, size, link in sections:
        if kind != _SHT_DYNAMIC:
            continue
        strings_at = sections[link][2]
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", elf, at)
            if tag == _DT_NULL:
                break
            if tag == _DT_NEEDED:
                out.append(_string(elf, strings_at + value))
    return out
