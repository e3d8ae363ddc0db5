import shutil
import tempfile

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings):
    """Each test writes uploads and renditions to its own folder, removed afterwards."""
    folder = tempfile.mkdtemp(prefix="deh-media-")
    settings.MEDIA_ROOT = folder
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ is a browser journey, run by `make e2e` on its own."""
    for item in items:
        if "/tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
