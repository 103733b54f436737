import pytest

# gdsim.qt.settings.SETTINGS_FILE, named here so that this conftest imports nothing of the Qt side and the
# model tests run where Qt is absent (tests/model/test_qt_free.py runs them so); test_settings checks it.
SETTINGS_VARIABLE = "GDSIM_SETTINGS"


@pytest.fixture(autouse=True)
def own_settings_file(tmp_path, monkeypatch):
    """Every test starts from the defaults, in a settings file of its own, never the user's."""
    monkeypatch.setenv(SETTINGS_VARIABLE, str(tmp_path / "settings.json"))
