"""One data version for every cached fragment of the public pages.

Fragments of the home page, storefronts and product pages (and the selector results behind
them) are cached under keys that include `content_version()`, the visitor's language, display
currency and host. Any save, delete or many-to-many change of a model that public pages show
(regions, sellers, catalogue, CMS pages, officials' content, Wagtail images and documents)
bumps the version, so the next request renders from the database again: a cached fragment is
never staler than the last committed edit (for anonymous page views served by another worker
process than the one that saved it: up to CONTENT_VERSION_LOCAL_SECONDS staler, see
`recent_content_version`). Bulk writes that skip model signals send
`catalogue.signals.product_changed` (or save a model we watch, as export imports do), which
bumps it too (catalogue registers that signal with `watch_signal` in its AppConfig.ready:
this bottom layer knows no domain app).

One global number rather than one per object: edits are rare next to page views, and a
global version cannot miss a dependency (a seller renamed on a product card, a district
renamed in a breadcrumb). The cost of an edit is one cold render of each page.

This lives in `core` (the bottom layer) because every layer's pages use it; `connect()` is
called once from `core.apps.CoreConfig.ready()`.
"""

from __future__ import annotations

import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from core.money.visitor import display_currency_for

VERSION_KEY = "content-version"
# Fragments also expire on their own, which bounds anything that depends on the clock (a
# "latest" period, an event that has started) rather than on data.
FRAGMENT_SECONDS = 600

WATCHED_APPS = frozenset(
    {
        "regions",
        "sellers",
        "catalogue",
        "cms",
        "officials",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "wagtailredirects",
    }
)
# Models of other apps whose rows change what pages show (the search page's indexability and
# its "popular searches").
WATCHED_MODELS = frozenset({"search.keywordlanding", "core.exchangerate"})
# Written while pages render or as bookkeeping, never changing what a page shows: a rendition
# is created by the first render that needs it; logs and reference indexes follow an edit
# that already bumped the version. (Page view restrictions are watched: cached routes carry
# each page's privacy answer, cms/wagtail_speedups/routing.py.)
IGNORED_MODELS = frozenset(
    {
        "wagtailimages.rendition",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.referenceindex",
        "catalogue.importjob",
    }
)


class HeldVersion:
    """A version number (one that only grows) as this process last read or wrote it, and when:
    a page view may use it for CONTENT_VERSION_LOCAL_SECONDS instead of a cache round trip.
    The content version below and the search index version (search/backends/database.py)."""

    def __init__(self):
        self.seen: tuple[int, float] = (0, float("-inf"))

    def remember(self, version: int) -> None:
        # Versions only grow (a flushed one restarts from the clock, above all before), so an
        # older one comes from a read that raced with a bump in another thread: keep the newer.
        if version >= self.seen[0]:
            self.seen = (version, time.monotonic())

    def recent(self, read) -> int:
        """The held version if read within the hold, else `read()` (which remembers it)."""
        version, read_at = self.seen
        if time.monotonic() - read_at <= settings.CONTENT_VERSION_LOCAL_SECONDS:
            return version
        return read()

    def forget(self) -> None:
        """Make the next read go to the cache (tests that flush the caches call this)."""
        self.seen = (0, float("-inf"))


_held = HeldVersion()

# The version the request being served first read (`request_content_version`), for code with
# no request at hand (`cms.i18n.locale_languages`, `cms.page_privacy`): the parts of one page
# then share one version and one cache read. A cold home page read the version from the
# cache twelve times. Emptied when a request starts and when this process bumps the version.
_request_version: ContextVar[int | None] = ContextVar("deh_request_content_version", default=None)


def content_version() -> int:
    """The current version (one cache read). Starts from the clock when the key is missing,
    so a flushed or evicted version never falls back onto numbers already used."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns() // 1000, None)
        version = cache.get(VERSION_KEY)
    _held.remember(int(version))
    return int(version)


def current_content_version() -> int:
    """The version the request being served is using, else (a command, a task, a request
    that has not read it yet) a fresh read."""
    version = _request_version.get()
    return content_version() if version is None else version


def _request_started(**kwargs) -> None:
    _request_version.set(None)


def recent_content_version() -> int:
    """The version this process read at most CONTENT_VERSION_LOCAL_SECONDS ago, else a
    fresh read.

    For anonymous page views only (request_content_version decides): the read is a network
    round trip (0.2 ms of CPU and 0.3 ms of waiting on the bench machine, a tenth of a warm
    page), and an anonymous visitor cannot tell an edit made in another worker process a
    second ago from one made a second later; with the page cache on, they already get pages
    up to PAGE_CACHE_SECONDS old (docs/operations.md). Whoever made the edit has a session and
    always reads afresh, and an edit made in this process is seen here at once (_bump_now)."""
    return _held.recent(content_version)


def forget_local_version() -> None:
    """Make the next read go to the cache (tests that flush the caches call this)."""
    _held.forget()
    _request_version.set(None)


def _bump_now() -> None:
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # missing (flushed): any fresh clock value is newer than all before
        version = time.time_ns() // 1000
        cache.set(VERSION_KEY, version, None)
    _held.remember(int(version))
    _request_version.set(None)  # what this request reads next is newer than what it began with


def bump_content_version() -> None:
    """Invalidate every cached fragment: now, and again once the transaction commits (a
    request that read the old rows between the two would otherwise cache them under the
    new version)."""
    _bump_now()
    transaction.on_commit(_bump_now)


def _watched(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    if meta.label_lower in WATCHED_MODELS:
        return True
    return meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS


def _on_model_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixture loading
        return
    if _watched(sender):
        bump_content_version()


def _on_signal(**kwargs) -> None:
    bump_content_version()


def _ensure_cache_table(using="default", **kwargs) -> None:
    """Data migrations save watched models, and each save bumps the version in the cache:
    with the database cache (the embedded default) its table must exist before the first
    migration runs, or a fresh `migrate` fails. `createcachetable` is idempotent (one
    introspection query when the table is there) and a no-op for other cache backends."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


def _after_migrate(**kwargs) -> None:
    """A deploy runs `migrate` (compose's web command does, on every start): start a new
    version so nothing cached by the previous release (pickled pages and selector results,
    HTML from old templates) is read by the new code, even when no row changed."""
    bump_content_version()


def connect() -> None:
    """Listen to every watched model (idempotent: dispatch uids)."""
    from django.apps import apps
    from django.db.models.signals import post_migrate, pre_migrate
    from wagtail.signals import page_published, page_unpublished, post_page_move

    request_started.connect(_request_started, dispatch_uid="content-version-request-started")
    pre_migrate.connect(_ensure_cache_table, dispatch_uid="content-version-cache-table")
    # post_migrate is sent once per app: listening for one app bumps once per `migrate`.
    post_migrate.connect(
        _after_migrate, sender=apps.get_app_config("core"), dispatch_uid="content-version-deploy"
    )

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_model_change, dispatch_uid=f"content-version-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        watch_signal(signal)


def watch_signal(signal) -> None:
    """Bump the version whenever `signal` is sent: for apps whose bulk writes skip model
    signals (catalogue's `product_changed`). Called from the app's AppConfig.ready()."""
    signal.connect(_on_signal, dispatch_uid=f"content-version-{id(signal)}")


def request_content_version(request) -> int:
    """The version as this request first saw it (at most one cache read per request; none
    for an anonymous page view when this process read it within the last second)."""
    if request is None:
        return content_version()
    version = getattr(request, "_content_version", None)
    if version is None:
        anonymous_view = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        version = recent_content_version() if anonymous_view else content_version()
        request._content_version = version
        _request_version.set(version)
    return version


def vary_key(request) -> str:
    """What a cached public fragment varies on besides its own name and object ids.

    Read once per request (a page has several fragments), so they all see one version."""
    memo = getattr(request, "_content_vary_key", None) if request is not None else None
    if memo is not None:
        return memo
    if getattr(request, "is_preview", False):
        # A Wagtail preview renders a draft: it must neither read the published fragments
        # nor leave the draft where visitors would get it, so it gets keys of its own.
        request._content_vary_key = f"preview:{uuid.uuid4().hex}"
        return request._content_vary_key
    key = ":".join(
        (
            str(request_content_version(request)),
            get_language() or settings.LANGUAGE_CODE,
            display_currency_for(request),
            request.get_host() if request is not None else "",
        )
    )
    if request is not None:
        request._content_vary_key = key
    return key
