"""Settings for pytest. DATABASE_URL (set by .ci/run) selects PostgreSQL."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, TASKS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at enqueue time in tests so on_commit work (indexing, email) is observable.
TASKS = {**TASKS, "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": {"BACKEND": "core.fragment_cache.LocalFirstCache"},
    "pages": {
        "BACKEND": "core.fragment_cache.LocalFirstCache",
        "OPTIONS": {"LOCAL_SECONDS": 5, "MAX_ENTRIES": 300},
    },
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test gets its own MEDIA_ROOT from tests/conftest.py; this is only the fallback.
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(BASE_DIR / "media-test"))
WAGTAILADMIN_BASE_URL = "http://testserver"
