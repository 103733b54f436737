"""A settings file is data, never code: a pickled value in it runs nothing when the app starts.

PySide stores a Python object in QSettings as a pickle, and QSettings decodes every `@Variant` of
a file as it opens it, keys gdsim never reads included. The file here is written by QSettings
itself, as an attacker would make it, and the real app is started on it in a subprocess.
"""

import builtins
import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings

from gdsim.qt.settings import SETTINGS_FILE, Settings


class OpensAFile:
    """Unpickling this creates `marker`: proof that the file's contents ran."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (builtins.open, (self.marker, "w"))


def _pickled_settings_text(tmp_path) -> tuple[str, list]:
    """A settings file's text with pickles under a known key and an unknown one, and their markers."""
    markers = [tmp_path / "ran-language", tmp_path / "ran-unknown"]
    scratch = tmp_path / "written-by-qsettings.ini"
    store = QSettings(str(scratch), QSettings.Format.IniFormat)
    store.setValue("language", OpensAFile(str(markers[0])))
    store.setValue("zzz/unknown_key", OpensAFile(str(markers[1])))
    store.sync()
    del store
    text = scratch.read_text("latin-1")
    scratch.unlink()
    assert "PyObjectWrapper" in text and not any(m.exists() for m in markers)
    return text, markers


def _start_the_app(settings_path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env[SETTINGS_FILE] = str(settings_path)
    return subprocess.run([sys.executable, "-m", "gdsim", "--quit-after-first-paint"], capture_output=True,
                          text=True, timeout=120, env=env)


@pytest.mark.parametrize("name", ["settings.ini", "settings.json"])
def test_a_pickled_value_in_the_settings_file_runs_nothing_at_start_up(tmp_path, name):
    text, markers = _pickled_settings_text(tmp_path)
    settings_path = tmp_path / name
    settings_path.write_text(text, "latin-1")
    result = _start_the_app(settings_path)
    assert not any(m.exists() for m in markers), "the settings file ran code"
    assert result.returncode == 0, result.stderr
    assert "gdsim: first paint" in result.stdout


def test_a_pickle_quoted_as_a_json_string_is_only_a_wrong_value(tmp_path):
    text, markers = _pickled_settings_text(tmp_path)
    variant = text.split("language=", 1)[1].splitlines()[0]
    settings_path = tmp_path / "settings.json"
    settings_path.write_text(json.dumps({"language": variant, "zzz/unknown_key": variant}))
    assert Settings(settings_path).get("language") == "system"
    result = _start_the_app(settings_path)
    assert result.returncode == 0, result.stderr
    assert not any(m.exists() for m in markers)


def test_the_file_gdsim_writes_is_plain_json(tmp_path):
    path = tmp_path / "settings.json"
    settings = Settings(path)
    settings.set("language", "ko")
    settings.set("window/main_splitter", [320, 560, 420])
    settings.sync()
    assert json.loads(path.read_text("utf-8")) == {"language": "ko", "window/main_splitter": [320, 560, 420]}
