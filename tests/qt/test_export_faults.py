"""File ▸ Export… and File ▸ Save Setup as Lesson… when the file cannot be written: a full disk, a read-only
folder, a read-only file, a device. One line in the user's language; the old file is kept, and nothing
is left beside it."""

import errno
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gdsim.qt import language
from tests.qt.conftest import activate
from tests.test_outputs import a_device, half_written_then, refused_temporary


def save_setup_through_the_menu(window, qtbot, monkeypatch, path: Path) -> None:
    """What a user does: Ctrl+S, then name the file in the file dialog."""
    monkeypatch.setattr("gdsim.qt.export.actions.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(path), ""))
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def shown_problem(window, qtbot) -> str:
    qtbot.waitUntil(lambda: window.exports.message is not None and window.exports.message.isVisible())
    text = window.exports.message.text()
    window.exports.message.close()
    return text


def test_saving_a_setup_on_a_full_disk_says_so_in_korean_and_keeps_the_old_file(window, qtbot, monkeypatch,
                                                                                   tmp_path):
    language.set_language("ko")
    path = tmp_path / "setup.toml"
    path.write_text("old lesson")
    monkeypatch.setattr(Path, "write_bytes", half_written_then(errno.ENOSPC))
    save_setup_through_the_menu(window, qtbot, monkeypatch, path)
    text = shown_problem(window, qtbot)
    assert "디스크가 가득 찼습니다" in text and "\n" not in text
    assert window.statusBar().currentMessage() == text
    assert path.read_text() == "old lesson" and os.listdir(tmp_path) == ["setup.toml"]


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_exporting_into_a_read_only_folder_says_so_in_korean(window, qtbot, monkeypatch, tmp_path, code):
    """As root a folder's permission bits stop nothing: the system's error is raised where creating the
    temporary file would raise it."""
    from gdsim.formats import ExportFormat
    from gdsim.qt.export.dialog import ExportRequest

    language.set_language("ko")
    monkeypatch.setattr("tempfile.mkstemp", refused_temporary(code))
    assert not window.exports.export_to(ExportRequest(ExportFormat.PNG), tmp_path / "map.png")
    text = shown_problem(window, qtbot)
    assert "폴더는 읽기 전용이거나 쓸 권한이 없습니다" in text and str(tmp_path) in text and "\n" not in text
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_a_read_only_file_is_replaced_only_when_the_user_says_so(window, qtbot, monkeypatch, tmp_path, answer):
    path = tmp_path / "setup.toml"
    path.write_text("old lesson")
    os.chmod(path, 0o444)
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    save_setup_through_the_menu(window, qtbot, monkeypatch, path)
    assert asked == ["setup.toml is read-only. Replace it anyway?"]
    if answer == QMessageBox.StandardButton.Yes:
        assert "[[stages]]" in path.read_text()
        assert window.statusBar().currentMessage() == f"Saved {path}"
    else:
        assert path.read_text() == "old lesson"
        assert window.statusBar().currentMessage() == f"{path} is read-only and was kept; nothing was written."
    assert os.stat(path).st_mode & 0o777 == 0o444 and os.listdir(tmp_path) == ["setup.toml"]


def test_a_device_chosen_as_the_file_is_refused_not_replaced(window, qtbot, tmp_path):
    from gdsim.formats import ExportFormat
    from gdsim.qt.export.dialog import ExportRequest

    node = a_device(tmp_path, "full.png")
    assert not window.exports.export_to(ExportRequest(ExportFormat.PNG), node)
    assert "is a device, a FIFO or a socket" in shown_problem(window, qtbot)
    assert stat.S_ISCHR(os.stat(node).st_mode) and os.listdir(tmp_path) == ["full.png"]
