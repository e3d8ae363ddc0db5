"""The embedded default used by `make run`: SQLite, console email, debug on."""

import os

os.environ.setdefault("DEBUG", "true")
# A fixed key is fine only because DEBUG is on and nothing here is reachable from outside.
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-deh-marketplace")

from config.settings.base import *  # noqa: F403
