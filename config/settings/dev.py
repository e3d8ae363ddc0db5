"""The embedded default used by `make run`: SQLite, console email, debug on."""

import os

os.environ.setdefault("DEBUG", "true")
# A fixed key is fine only because DEBUG is on and nothing here is reachable from outside.
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-deh-marketplace")
# The embedded demo runs no task worker: queued work (emails, search indexing) runs right
# after the transaction commits. Set TASKS_BACKEND=django_tasks_db.DatabaseBackend and run
# `manage.py db_worker` to try the production arrangement.
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
# The demo keeps every email sent, readable at /demo/mailbox/ (marketplace.mailbox).
os.environ.setdefault("DEMO_MODE", "true")

from config.settings.base import *  # noqa: F403

if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "marketplace.mailbox.DemoMailboxBackend"
