"""Settings: remembered between windows, forgiving of a broken file, and reset to defaults."""

import os

import pytest
from PySide6.QtCore import Qt

from gdsim.qt import style
from gdsim.qt.main_window import MainWindow
from gdsim.qt.settings import DEFAULTS, SETTINGS_FILE, Settings
from tests.qt.conftest import activate


def _open(qtbot) -> MainWindow:
    window = MainWindow(settings=Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_missing_file_reads_as_the_defaults():
    settings = Settings()
    for key, default in DEFAULTS.items():
        assert settings.get(key) == default


@pytest.mark.parametrize("content", [
    b"\x00\xff\xfe garbage \x89PNG\r\n\x1a\n" * 50,
    b"[view]\npresenter=banana\nhigh_contrast=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x10)\nsurface=[1,2]\n"
    b"[window]\ngeometry=not bytes at all\nstate=@ByteArray(\\x1\\x2)\n",
    b"[%General]\nsomething=else\n[other app]\nkey=value\n",
])
def test_a_corrupt_or_foreign_file_never_stops_the_window(qtbot, content):
    with open(os.environ[SETTINGS_FILE], "wb") as file:
        file.write(content)
    settings = Settings()
    assert settings.get("view/presenter") is False
    assert settings.get("window/geometry") is None
    window = _open(qtbot)
    assert not window.actions["presenter"].isChecked()
    assert window.actions["show_surface"].isChecked()
    window.controller.advance(3)
    assert window.controller.snapshot().step == 3


def test_the_window_and_its_look_are_remembered(qtbot):
    first = _open(qtbot)
    first.resize(780, 580)  # within offscreen's 800×600 screen
    first.actions["presenter"].trigger()
    first.actions["high_contrast"].trigger()
    first.actions["show_surface"].trigger()
    first.close()
    style.set_theme(style.Theme())
    second = _open(qtbot)
    assert second.actions["presenter"].isChecked() and second.actions["high_contrast"].isChecked()
    assert style.theme() == style.Theme(style.PRESENTER_SCALE, True)
    assert not second.actions["show_surface"].isChecked()
    assert (second.width(), second.height()) == (780, 580)


def test_reset_to_defaults_forgets_everything(qtbot):
    window = _open(qtbot)
    window.actions["presenter"].trigger()
    window.save_settings()
    assert Settings().get("view/presenter") is True
    window.actions["reset_settings"].trigger()
    assert not window.actions["presenter"].isChecked()
    assert style.theme() == style.Theme()
    assert Settings().get("view/presenter") is False
    assert (window.width(), window.height()) == (1280, 800)


def test_an_unknown_key_is_a_programming_error():
    with pytest.raises(KeyError):
        Settings().set("no/such/key", 1)


def test_the_language_and_the_last_setup_come_back(qtbot):
    first = _open(qtbot)
    first.controller.set_preset("himmelblau")
    first.controller.set_start((1.5, -2.0))
    first.controller.advance(7)
    first.actions["language:ko"].trigger()
    first.close()
    try:
        second = _open(qtbot)
        assert second.actions["language:ko"].isChecked()
        assert second.menuBar().actions()[0].text().startswith("파일")
        setup = second.controller.setup
        assert setup.preset_name == "himmelblau" and setup.start == (1.5, -2.0)
        assert [b.label for b in setup.balls] == [b.label for b in first.controller.setup.balls]
        assert second.controller.lesson is None  # a setup of one's own, not a lesson stage
        assert "힘멜블라우" in second.windowTitle()
        assert not second.actions["undo"].isEnabled()  # where the session starts, nothing to take back
    finally:
        second.set_language("en")


def test_a_last_setup_that_no_longer_reads_is_dropped_with_a_note(qtbot):
    settings = Settings()
    settings.set("setup/last", "id = 'x'\n[[stages]]\nexpression = 'x +* y'\nsteps = 3\n"
                               "title = { en = 'broken' }\n[[stages.balls]]\noptimizer = 'sgd'\nlr = 0.1\n")
    settings.sync()
    window = _open(qtbot)
    assert window.controller.setup.preset_name == "momentum-demo"
    assert "could not be restored" in window.statusBar().currentMessage()


def _write_settings(values: dict) -> None:
    import json

    with open(os.environ[SETTINGS_FILE], "w", encoding="utf-8") as file:
        json.dump(values, file)


def test_a_list_nested_deeper_than_the_parser_goes_reads_as_the_defaults(qtbot):
    with open(os.environ[SETTINGS_FILE], "w") as file:
        file.write('{"language": ' + "[" * 20_000 + "]" * 20_000 + ', "view/presenter": true}')
    assert Settings().get("view/presenter") is False
    window = _open(qtbot)
    assert not window.actions["presenter"].isChecked()


@pytest.mark.parametrize("values", [
    {"window/main_splitter": [2**31 - 1, 1, 1]},
    {"window/geometry": [0, 0, 2**31 - 1, 2**31 - 1]},
    {"window/side_splitter": [1e308, 0, 0]},
    {"setup/last": "title = '" + "W" * 2_000_000 + "'"},
    {"view/surface": "false", "language": 7, "window/maximized": None},
])
def test_values_out_of_range_read_as_the_defaults(qtbot, values):
    _write_settings(values)
    settings = Settings()
    for key in values:
        assert settings.get(key) == DEFAULTS[key]
    window = _open(qtbot)
    assert window.main_splitter.sizes()[1] > 200  # the map has its room
    assert window.actions["show_surface"].isChecked()


def test_a_collapsed_pane_comes_back_at_start(qtbot):
    """The 3-D pane dragged to zero height was saved that way, and F3 did not bring it back."""
    _write_settings({"window/side_splitter": [0, 0, 700], "window/main_splitter": [320, 0, 900]})
    window = _open(qtbot)
    assert window.side_splitter.sizes()[0] >= 60 and window.main_splitter.sizes()[1] >= 200


def test_a_settings_path_that_is_a_fifo_is_neither_read_nor_replaced(qtbot, tmp_path, monkeypatch):
    fifo = tmp_path / "settings-fifo"
    os.mkfifo(fifo)
    monkeypatch.setenv(SETTINGS_FILE, str(fifo))
    window = _open(qtbot)  # reading a FIFO would block the start until a writer came
    window.close()
    import stat

    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_settings_path_that_is_a_symlink_writes_through_to_its_target(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "real-settings.json"
    target.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    monkeypatch.setenv(SETTINGS_FILE, str(link))
    settings = Settings()
    settings.set("view/presenter", True)
    settings.sync()
    assert link.is_symlink()
    assert Settings(target).get("view/presenter") is True


def test_f3_opens_a_3d_pane_that_was_dragged_shut(qtbot):
    window = _open(qtbot)
    window.resize(780, 580)
    window.side_splitter.setSizes([0, 0, 500])  # as a drag of the handle to the top leaves it
    assert window.side_splitter.sizes()[0] == 0
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F3)  # hides it
    qtbot.keyClick(window, Qt.Key.Key_F3)  # and asks for it again
    assert window.surface_view.isVisible() and window.side_splitter.sizes()[0] >= 60


def test_the_tests_own_settings_file_is_the_one_gdsim_reads():
    from tests.conftest import SETTINGS_VARIABLE

    assert SETTINGS_VARIABLE == SETTINGS_FILE
