"""Work every web process would otherwise do on its first requests, done once before the
gunicorn workers fork (config/gunicorn.py, with `preload_app`).

Django builds several things lazily, per process: the URL configuration is imported on the
first request and its reverse lookup tables are built once per language; templates are
compiled by the cached loader when first used; each language's translation catalogues are read
from disk when first activated; Wagtail looks for its hooks on first use; WeasyPrint (trade
documents) takes half a second to import. Measured on the 2-core bench machine, a fresh
worker spent about 1.5 s of CPU on its first home page, storefront and French page. Workers
are recycled (`max_requests`), so each recycle stalled the requests queued behind that
worker; done in the arbiter, the work is inherited by every worker it forks, recycled ones
included.

Nothing here reads the database or the cache: connections opened before a fork would be
shared by the workers.

`freeze_heap()` then takes everything allocated so far (Django, Wagtail, the URL tables, the
compiled templates) out of the garbage collector's reach. Those objects live as long as the
process anyway, but every full collection walked them all: a warm page took ~300 ms once
every thousand or so requests (the p99 of the uncached pages in the bench, and the queue
behind it at a steady 200 requests/s). Frozen, they are also no longer written to by the
collector, so the forked workers keep sharing their memory pages with the arbiter.
"""

from __future__ import annotations

import gc
from pathlib import Path


def template_names() -> list[str]:
    """Every template in the project's own templates folder (the public pages and their
    includes; admin templates are compiled when an editor first needs them)."""
    from django.conf import settings

    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        root = Path(folder)
        names += sorted(
            str(path.relative_to(root))
            for path in root.rglob("*")
            if path.suffix in {".html", ".txt", ".xml"}
        )
    return names


def warm() -> None:
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation
    from wagtail import hooks

    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Search")  # reads this language's catalogues
            resolver.reverse_dict  # noqa: B018 - builds this language's reverse table
    hooks.get_hooks("before_serve_page")  # imports every app's wagtail_hooks
    # The PDF engine of trade documents takes ~0.5 s to import: without this a worker's first
    # document took 1.2 s instead of 0.8 s (docs/benchmarks.md, trade documents).
    from marketplace.documents.rendering import load_engine

    load_engine()
    for name in template_names():
        get_template(name)
    connections.close_all()


def freeze_heap() -> None:
    gc.collect()
    gc.freeze()
