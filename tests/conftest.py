import shutil
import tempfile

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings):
    """Each test writes uploads and renditions to its own folder, removed afterwards."""
    folder = tempfile.mkdtemp(prefix="deh-media-")
    private = tempfile.mkdtemp(prefix="deh-private-")
    settings.MEDIA_ROOT = folder
    settings.PRIVATE_MEDIA_ROOT = private
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(private, ignore_errors=True)


def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ is a browser journey, run by `make e2e` on its own."""
    for item in items:
        if "/tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
            # Journeys share one database serially. A serialized_rollback test flushes without
            # post_migrate and restores its snapshot at its next setup, so a plain
            # transactional journey between two of them finds no content types, and the one
            # after it collides with the rows post_migrate made. All of them or none.
            marker = item.get_closest_marker("django_db")
            if (
                marker
                and marker.kwargs.get("transaction")
                and not marker.kwargs.get("serialized_rollback")
            ):
                raise pytest.UsageError(
                    f"{item.nodeid}: browser journeys use "
                    "django_db(transaction=True, serialized_rollback=True)"
                )


def ensure_wagtail_base_rows() -> None:
    """Put back what Wagtail's data migrations create (default locale, root collection, root
    page, a default site) when a transactional test has flushed them."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Site.objects.exists():
        welcome = root.get_children().first() or root.add_child(
            instance=Page(title="Welcome to your new Wagtail site!", slug="home", locale=locale)
        )
        Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


@pytest.fixture(autouse=True)
def _wagtail_base_rows(request):
    """Transactional tests (threads, live servers) flush the whole database at teardown, and
    with it the rows Wagtail's data migrations made. xdist may then run ordinary database
    tests on the same worker, so every database test starts by making sure they exist."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is not None or names & {"db", "transactional_db", "live_server"}:
        transactional = (marker is not None and marker.kwargs.get("transaction", False)) or bool(
            names & {"transactional_db", "live_server"}
        )
        request.getfixturevalue("transactional_db" if transactional else "db")
        ensure_wagtail_base_rows()
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the test cache lives as long as the process,
    while the rows a cached fragment was built from are rolled back (and SQLite reuses their
    ids), so a fragment must never outlive its test. Every cache: the process-local copies
    of the local-first ones (core/fragment_cache.py) too, and the content version this
    process remembers (core/content_cache.py), and the search index version likewise."""
    from django.core.cache import caches

    from core import content_cache
    from search.backends import database

    for alias in caches:
        caches[alias].clear()
    content_cache.forget_local_version()
    database.forget_local_index_version()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in English: a language left active by another test on the same
    worker would make reverse() build /fr/… URLs and pages render in French."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
