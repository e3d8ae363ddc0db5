"""Wagtail's routing from the home page, remembered until the next edit of public data."""

from __future__ import annotations

import hashlib

from cms.i18n import ROUTE_EXTRAS
from cms.wagtail_speedups.routing import mark_view_restrictions
from core import content_cache
from core.fragment_cache import versioned_cache


class CachedRouteMixin:
    """Mix into the home page type, ahead of any mixin whose routing it should remember
    (cms.i18n.LocaleFallbackRoutingMixin) and before `Page`.

    Walking the tree costs two queries per level below the home page (the child by slug, then
    its specific page). The page a path reaches changes only when a page is published,
    unpublished, moved or edited, and each of those bumps the content version
    (core/content_cache.py), so the route found is cached under it: a warm storefront routes
    with one cache read. Only a plain page result is kept; a path that does not resolve (404)
    is never cached. The page is cached with its privacy answer (routing.py beside this), so
    serving it asks no view-restriction query either."""

    def route(self, request, path_components):
        if not path_components or getattr(request, "is_preview", False):
            return super().route(request, path_components)
        path = "/".join(path_components)
        digest = hashlib.sha256(path.encode()).hexdigest()[:32]
        key = f"route:{self.pk}:{digest}:{content_cache.vary_key(request)}"
        result = versioned_cache().get(key)
        if result is None:
            result = super().route(request, path_components)
            # Wagtail's RouteResult: (page, args, kwargs); args or kwargs mean a routable
            # sub-view, whose answer is not a page to cache.
            page, args, kwargs = result
            if not args and not kwargs:
                mark_view_restrictions(page)
                _keep_lean(key, result, page)
        return result


def _keep_lean(key: str, result, page) -> None:
    """Keep the route without what routing read for this request's own view (the page's
    joined rows, its translations and ancestors: cms.i18n._route_in_one_query). A warm page
    view unpickles the kept route on every request and, its fragments being cached, reads
    none of those: kept with them, a warm storefront ran 5% more instructions."""
    extras = {name: page.__dict__.pop(name) for name in ROUTE_EXTRAS if name in page.__dict__}
    related = page._state.fields_cache
    page._state.fields_cache = {}
    try:
        versioned_cache().set(key, result, content_cache.FRAGMENT_SECONDS)
    finally:
        page.__dict__.update(extras)
        page._state.fields_cache = related
