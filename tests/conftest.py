import pytest

# The settings module is plain JSON without Qt (and gdsim/qt/__init__.py imports nothing), so the model
# tests still run where Qt is absent: tests/model/test_qt_free.py runs them so.
from gdsim.qt.settings import SETTINGS_FILE


@pytest.fixture(autouse=True)
def own_settings_file(tmp_path, monkeypatch):
    """Every test starts from the defaults, in a settings file of its own, never the user's."""
    monkeypatch.setenv(SETTINGS_FILE, str(tmp_path / "settings.json"))
