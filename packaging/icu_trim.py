"""Trims the ICU data library that Qt ships (libicudata, 31 MB) to what gdsim's Qt can use (3.4 MB).

Qt links ICU for four things only (`nm -D --undefined-only libQt6Core.so.6 | grep _73`): case mapping
(built into libicuuc, no data), collation (`ucol_*`: QCollator, QString::localeAwareCompare, file
dialogs), time-zone display names (`ucal_*`) and legacy text codecs (`ucnv_*`). It reaches none of
ICU's break iterators, transliterators, or names of languages, regions, currencies and units. So the
trimmed data keeps every item that is not locale data (property tables, likely subtags, zone info,
converter aliases) and the locale data of root, English and Korean in the collation and zone trees;
it drops the other ~800 locales, the 230 legacy codecs (`*.cnv`) and the trees Qt never reads. A
locale that is left out falls back to root (ICU's U_USING_DEFAULT_WARNING, not an error): Swedish
collation, say, becomes the Unicode default order; Korean and English sort as before, and a codec
such as Shift_JIS is reported unavailable (QStringDecoder.isValid() is false).

The data is an ICU "common data" package (format CmnD) behind the symbol `icudtNN_dat`. This module
reads it out of the shared library, writes a package with fewer items, and links a new library with
the same soname and symbol (`gcc`, `.incbin`). Run directly to see what it would keep:

    python packaging/icu_trim.py PATH/TO/libicudata.so.73
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import elf  # noqa: E402 (packaging/ is no package: the spec and the tests load these files by path)

KEPT_LOCALES = ("root", "en", "ko")  # and their regional variants: en_GB, ko_KP, ...
# Display names of languages, regions, currencies and units, spelled-out numbers, break iterators and
# transliterators: Qt calls none of the ICU functions that read them.
DROPPED_TREES = ("brkitr", "translit", "lang", "region", "curr", "unit", "rbnf")
_LOCALE_ITEM = re.compile(r"^(root|[a-z]{2,3}(_[A-Za-z0-9]*)*)\.res$")
_ALIGN = 16
_PAD = b"\xaa"  # what ICU's own tools pad with, so that a package rewritten whole is the same bytes


def keep_item(name: str) -> bool:
    """Whether the item `name` (as in the package's table, without its 'icudt73l/' prefix) is kept."""
    tree, _, base = name.rpartition("/")
    if tree in DROPPED_TREES or base.endswith(".cnv"):
        return False
    if base in ("pool.res", "res_index.res") or not _LOCALE_ITEM.match(base):
        return True
    locale = base[: -len(".res")]
    return any(locale == kept or locale.startswith(kept + "_") for kept in KEPT_LOCALES)


def read_package(data: bytes) -> tuple[bytes, str, list[tuple[str, bytes]]]:
    """(header, item-name prefix, [(name, item bytes)]) of a CmnD package in table order."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    if (magic1, magic2) != (0xDA, 0x27) or data[12:16] != b"CmnD" or data[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    (count,) = struct.unpack_from("<I", data, header_size)
    table = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    names = []
    for name_offset, _ in table:
        start = header_size + name_offset
        names.append(data[start:data.index(b"\0", start)].decode("ascii"))
    prefix = names[0].split("/", 1)[0] + "/"
    ends = [offset for _, offset in table[1:]] + [len(data) - header_size]
    items = [(name[len(prefix):], data[header_size + start:header_size + end])
             for name, (_, start), end in zip(names, table, ends, strict=True)]
    return data[:header_size], prefix, items


def write_package(header: bytes, prefix: str, items: list[tuple[str, bytes]]) -> bytes:
    """A CmnD package of `items`, kept in the given (sorted) order: ICU bisects the table by name."""
    count = len(items)
    names = b"".join(f"{prefix}{name}".encode("ascii") + b"\0" for name, _ in items)
    table_size = 4 + 8 * count
    data_start = table_size + len(names)
    data_start += -(len(header) + data_start) % _ALIGN
    table, body, name_offset, offset = [], bytearray(), table_size, data_start
    for name, item in items:
        table.append(struct.pack("<II", name_offset, offset))
        name_offset += len(prefix) + len(name) + 1
        padded = item + _PAD * (-len(item) % _ALIGN)
        body += padded
        offset += len(padded)
    toc = struct.pack("<I", count) + b"".join(table) + names
    return header + toc + _PAD * (data_start - len(toc)) + bytes(body)


def package_of_library(library: Path) -> bytes:
    rodata = elf.section(library, ".rodata")
    at = rodata.find(b"CmnD")
    while at >= 12 and rodata[at - 10:at - 8] != b"\xda\x27":
        at = rodata.find(b"CmnD", at + 1)
    if at < 12:
        raise ValueError(f"{library}: no ICU data package in .rodata")
    return rodata[at - 12:]


def trimmed_library(library: Path, workdir: Path) -> Path | None:
    """A copy of `library` (libicudata.so.NN) holding only the kept items, built in `workdir`;
    None when there is no C compiler to link it (the caller then keeps the full library)."""
    compiler = shutil.which("gcc") or shutil.which("cc")
    major = re.search(r"\.so\.(\d+)", library.name)
    if compiler is None or major is None:
        return None
    header, prefix, items = read_package(package_of_library(library))
    package = workdir / f"{prefix.rstrip('/')}.dat"
    workdir.mkdir(parents=True, exist_ok=True)
    package.write_bytes(write_package(header, prefix, [item for item in items if keep_item(item[0])]))
    symbol = f"icudt{major.group(1)}_dat"
    assembly = workdir / "icudata.S"
    assembly.write_text(
        f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n{symbol}:\n'
        f'\t.incbin "{package}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n')
    out = workdir / library.name
    subprocess.run([compiler, "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(out),
                    str(assembly)], check=True)
    return out


def main(argv: list[str]) -> int:
    library = Path(argv[0])
    _, _, items = read_package(package_of_library(library))
    kept = [(name, item) for name, item in items if keep_item(name)]
    print(f"{library.name}: {len(items)} items, {sum(len(i) for _, i in items) / 1e6:.1f} MB; "
          f"kept {len(kept)}, {sum(len(i) for _, i in kept) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
