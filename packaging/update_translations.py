"""Refresh the GUI's translations: pyside6-lupdate gathers every tr() string of gdsim/ into
resources/translations/gdsim_<lang>.ts, then pyside6-lrelease compiles each .ts into the .qm the
app loads. Both tools ship with PySide6-Essentials.

    python packaging/update_translations.py          # update the .ts files, then compile them
    python packaging/update_translations.py --check  # exit 1 when a .ts lacks a string of the code,
                                                     # keeps a vanished one, or has an unfinished one

New strings arrive in the .ts as unfinished: translate them (Qt Linguist, or edit the <translation>
elements and remove type="unfinished"), then run this again to compile.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "gdsim"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("ko",)  # English is the source language: it needs no translation file


def tool(name: str) -> str:
    """The path of pyside6-lupdate or pyside6-lrelease; SystemExit when it is not installed."""
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials (pip install PySide6-Essentials)")
    return found


def source_files() -> list[Path]:
    return sorted(SOURCES.rglob("*.py"))


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"gdsim_{language}.ts"


def lupdate(ts: Path, language: str) -> None:
    """Gather the strings of every source file into `ts`, keeping its translations; strings no
    longer in the code are dropped. No line numbers: a moved line does not change the file."""
    subprocess.run([tool("pyside6-lupdate"), *map(str, source_files()), "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", language, "-ts", str(ts)],
                   check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) → the <translation> element, of every message in `ts`."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message.find("translation")
    return found


def problems(language: str) -> list[str]:
    """What is wrong with gdsim_<language>.ts: strings of the code it lacks or keeps though gone,
    and unfinished translations."""
    ts = ts_path(language)
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / ts.name
        shutil.copy(ts, fresh)
        lupdate(fresh, language)
        wanted = set(messages(fresh))
    have = messages(ts)
    found = [f"{ts.name}: not translated yet: {context}: {source!r}" for context, source in sorted(wanted - set(have))]
    found += [f"{ts.name}: no longer in the code: {context}: {source!r}" for context, source in sorted(set(have) - wanted)]
    found += [f"{ts.name}: unfinished: {context}: {source!r}" for (context, source), translation in sorted(have.items())
              if translation is None or translation.get("type") == "unfinished" or not (translation.text or "").strip()]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a .ts is out of date")
    arguments = parser.parse_args(argv)
    if arguments.check:
        found = [problem for language in LANGUAGES for problem in problems(language)]
        print("\n".join(found) or "translations are up to date")
        return 1 if found else 0
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts = ts_path(language)
        lupdate(ts, language)
        lrelease(ts, ts.with_suffix(".qm"))
        unfinished = [p for p in problems(language) if ": unfinished: " in p]
        print(f"{ts.relative_to(ROOT)}: {len(messages(ts))} strings, {len(unfinished)} unfinished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
