"""The production static storage remembers each file's URL (core/static_storage.py)."""

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from core.static_storage import StaticFilesStorage


def test_each_url_is_worked_out_once_and_force_still_asks(monkeypatch, tmp_path):
    asked = []

    def hashed_url(self, name, force=False):
        asked.append(name)
        return f"/static/{name}.abc123"

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", hashed_url)
    storage = StaticFilesStorage(location=tmp_path)

    assert storage.url("css/site.css") == "/static/css/site.css.abc123"
    assert storage.url("css/site.css") == "/static/css/site.css.abc123"
    assert storage.url("favicon.svg") == "/static/favicon.svg.abc123"
    assert asked == ["css/site.css", "favicon.svg"]
    storage.url("css/site.css", force=True)
    assert asked[-1] == "css/site.css"


def test_a_missing_file_is_not_remembered_and_the_memory_is_bounded(monkeypatch, tmp_path):
    def strict_url(self, name, force=False):
        if name == "missing.css":
            raise ValueError("Missing staticfiles manifest entry for 'missing.css'")
        return f"/static/{name}"

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", strict_url)
    storage = StaticFilesStorage(location=tmp_path)
    for _ in range(2):  # raises each time, as the manifest storage does
        with pytest.raises(ValueError, match=r"missing\.css"):
            storage.url("missing.css")
    for number in range(StaticFilesStorage.MAX_REMEMBERED + 50):
        storage.url(f"file-{number}.css")
    assert len(storage._urls) == StaticFilesStorage.MAX_REMEMBERED
