"""Serving a Wagtail page without asking the database what it already answered.

A warm storefront used to run four queries before its template: the active locale, the home
page's specific row (both to find where routing starts), the page's ancestors and their view
restrictions (Wagtail's privacy check). Each answer changes only when pages, sites or
restrictions are edited, and every such edit bumps the content version
(core/content_cache.py), so they are remembered under it, in process memory first
(core/fragment_cache.py).

The view-restriction answer travels on the page object itself: a page routed through the
cache carries `_no_view_restrictions = True` when neither it nor an ancestor is private, and
`ViewRestrictionsMixin.get_view_restrictions` then returns an empty queryset without a
query. Pages loaded any other way (the admin, a preview) carry no mark and are checked as
Wagtail always does.
"""

from __future__ import annotations

from django.utils.translation import get_language
from wagtail.models import PageViewRestriction

from cms.i18n import active_locale_id
from cms.page_privacy import is_public
from core import content_cache
from core.fragment_cache import versioned_get_shared, versioned_set_shared


class ViewRestrictionsMixin:
    """Mix into every page type (before `Page`)."""

    def get_view_restrictions(self):
        if getattr(self, "_no_view_restrictions", False):
            none = PageViewRestriction.objects.none()
            # Known to be empty: iterating a .none() queryset still compiles its SQL to find
            # there is nothing to run (0.15 ms of every page view); a filled result cache
            # skips that, and a queryset derived from this one is .none() as before.
            none._result_cache = []
            return none
        return super().get_view_restrictions()


def mark_view_restrictions(page) -> None:
    """Record on `page` whether it is public, before it is cached (cms.page_privacy: one
    query per content version for the whole tree)."""
    page._no_view_restrictions = is_public(page)


def root_page_for(request, site):
    """The site's root page in the visitor's language, as Wagtail's router starts from it
    (`site.root_page.localized.specific`), remembered under the content version."""
    key = (
        f"wagtail-root:{site.pk}:{get_language()}:{content_cache.request_content_version(request)}"
    )
    root = versioned_get_shared(key)
    if root is None:
        root = _localized(site.root_page).specific
        mark_view_restrictions(root)
        versioned_set_shared(key, root, content_cache.FRAGMENT_SECONDS)
    return root


def _localized(page):
    """Wagtail's `page.localized` (its live translation in the active language, else the page
    itself), with the active locale read from cms.i18n's locale table instead of one query
    per cold page."""
    locale_id = active_locale_id()
    if locale_id is None or locale_id == page.locale_id:
        return page
    translated = page.get_translation_or_none(locale_id)
    return translated if translated is not None and translated.live else page


def site_root_paths(request):
    """Wagtail's list of site root paths (what page URLs are built from), which Wagtail keeps
    in the shared cache and reads once per request; remembered in process memory here."""
    from wagtail.models import Site

    key = f"wagtail-site-root-paths:{content_cache.request_content_version(request)}"
    paths = versioned_get_shared(key)
    if paths is None:
        paths = Site.get_site_root_paths()
        versioned_set_shared(key, paths, content_cache.FRAGMENT_SECONDS)
    return paths
