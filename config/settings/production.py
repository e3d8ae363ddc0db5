"""Production: every secret from the environment, HTTPS everywhere, Redis cache.

`manage.py check --deploy --fail-level WARNING` must stay clean with these settings.
"""

import os

os.environ.setdefault("DEBUG", "false")
# Anonymous pages are served from the cache for a minute (see base.py).
os.environ.setdefault("PAGE_CACHE_SECONDS", "60")

from config.env import env_bool, env_int, env_list
from config.settings.base import *  # noqa: F403

DEMO_MODE = False  # the demo mailbox is never open to the public in production
# Persistent database connections, checked before reuse: a connection per request pays a
# handshake, and the statements PostgreSQL has prepared (base.py) last only as long as it.
# A new dict, not base's changed in place: tests import this module to read production
# values, and an in-place change reached the running test settings (the live server's
# threads then kept their connections open).
DATABASES = {
    **DATABASES,  # noqa: F405
    "default": {
        **DATABASES["default"],  # noqa: F405
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    },
}
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
STORAGES = {
    "private": PRIVATE_STORAGE,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.static_storage.StaticFilesStorage"},
}
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", ["official", "seller_payouts"])
