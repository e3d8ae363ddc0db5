"""Settings for pytest. DATABASE_URL (set by .ci/run) selects PostgreSQL."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, DATABASES, TASKS

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's in-memory test database, so threads in concurrency tests share it
    # with the locking the embedded default really has (WAL, IMMEDIATE). In /dev/shm when
    # there is one (as fast as memory); named after this checkout and this process, so two
    # pytest runs at once (other checkouts, or a browser run beside a unit run) never share
    # it; pytest-django appends the xdist worker's name and deletes it at the end.
    import hashlib
    import tempfile

    _shm = "/dev/shm"  # noqa: S108  # nosec B108 - per-checkout name, recreated each run
    _dir = _shm if os.path.isdir(_shm) else tempfile.gettempdir()
    _tag = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10]
    _name = f"deh-test-{_tag}-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_dir, _name)}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at enqueue time in tests so on_commit work (indexing, email) is observable.
TASKS = {**TASKS, "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    # Not Django's 300: a page with 50 images writes 200 rendition entries, and a cull then
    # drops the content version with the rest, so a warm page would miss depending on how
    # long the test ran (tests/catalogue/test_query_counts.py). Emptied before each test.
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "template_fragments": {
        "BACKEND": "core.fragment_cache.LocalFirstCache",
        # The LOCATION names the process-local store: each local-first cache needs its own,
        # or the pages cache's 300-entry cull would throw out fragments too.
        "LOCATION": "fragments",
    },
    "pages": {
        "BACKEND": "core.fragment_cache.LocalFirstCache",
        "LOCATION": "pages",
        "OPTIONS": {"LOCAL_SECONDS": 5, "MAX_ENTRIES": 300},
    },
}
STORAGES = {
    "private": PRIVATE_STORAGE,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test gets its own MEDIA_ROOT from tests/conftest.py; this is only the fallback.
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(BASE_DIR / "media-test"))
PRIVATE_MEDIA_ROOT = os.environ.get("TEST_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media-test"))
WAGTAILADMIN_BASE_URL = SITE_URL = "http://testserver"
