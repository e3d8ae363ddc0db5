"""The embedded default used by `make run`: SQLite, console email, the site's own error pages.

Debug pages (Django's yellow 500 and the 404 listing every URL pattern) only when a developer
asks for them: `DEBUG=true make run`. The demo is what newcomers see, so it shows the 404 and
500 pages a visitor would; static files and public pictures are served either way (below and
config/urls.py).
"""

import os

os.environ.setdefault("DEBUG", "false")
# A fixed key is fine only because this runs on 127.0.0.1 and nothing here is reachable from
# outside (runserver, console email).
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-deh-marketplace")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# The embedded demo runs no task worker: queued work (emails, search indexing) runs right
# after the transaction commits. Set TASKS_BACKEND=django_tasks_db.DatabaseBackend and run
# `manage.py db_worker` to try the production arrangement.
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
# The demo keeps every email sent, readable at /demo/mailbox/ (marketplace.mailbox).
os.environ.setdefault("DEMO_MODE", "true")

from config.settings.base import *  # noqa: F403

# Static files straight from the source folders, as with DEBUG, without a collectstatic step
# (runserver serves them only with DEBUG; WhiteNoise does it whatever DEBUG says).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "marketplace.mailbox.DemoMailboxBackend"
