import pytest

from gdsim.qt.settings import SETTINGS_FILE


@pytest.fixture(autouse=True)
def own_settings_file(tmp_path, monkeypatch):
    """Every test starts from the defaults, in a settings file of its own, never the user's."""
    monkeypatch.setenv(SETTINGS_FILE, str(tmp_path / "settings.json"))
