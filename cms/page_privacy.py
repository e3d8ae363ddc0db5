"""Whether a page is public, from one query per content version for the whole tree.

Wagtail's privacy check (`Page.get_view_restrictions`) costs two queries per page: its
ancestors (to resolve aliases), then their restrictions. Serving a page with every cache empty
asked it twice (the site's root page, then the page routed to). Restrictions are few (usually
none) and an edit of one, or of any page, bumps the content version (core/content_cache.py),
so the tree paths they cover are read once and kept under the version; a page is then checked
by its own path, with no query.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from core import content_cache
from core.fragment_cache import versioned_cache


def _key() -> str:
    return f"restricted-page-paths:{content_cache.current_content_version()}"


def remember_restricted_paths(paths: frozenset[str]) -> None:
    """Keep `paths`, read elsewhere in the same query as other routing facts
    (cms.wagtail_speedups.routing.site_facts), as `restricted_paths` would."""
    versioned_cache().set(_key(), paths, content_cache.FRAGMENT_SECONDS)


def restricted_paths() -> frozenset[str]:
    """The tree paths under which every page is restricted: each page with a view
    restriction, and each alias of one (Wagtail checks an alias by its source's restrictions,
    and ignores an alias's own)."""
    paths = versioned_cache().get(_key())
    if paths is None:
        restricted = PageViewRestriction.objects.values("page_id")
        paths = frozenset(
            Page.objects.filter(
                Q(pk__in=restricted, alias_of__isnull=True) | Q(alias_of__in=restricted)
            ).values_list("path", flat=True)
        )
        remember_restricted_paths(paths)
    return paths


def is_public(page) -> bool:
    """Whether neither `page` nor an ancestor is restricted, as Wagtail's
    `get_view_restrictions()` answers it (a tree path starts with its ancestors' paths)."""
    return not any(page.path.startswith(path) for path in restricted_paths())
