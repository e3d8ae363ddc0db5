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

import uuid
from dataclasses import dataclass

from django.db import connection
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction

from cms import i18n
from cms.i18n import active_locale_id
from cms.page_privacy import is_public, remember_restricted_paths
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


@dataclass(frozen=True)
class SiteFacts:
    """What routing any page view needs to know about the sites, read together: the sites
    (each with its root page), every translation of their root pages, the locales, the tree
    paths under view restrictions and Wagtail's site root paths built from them.

    With every cache empty, serving a page used to ask six queries for these (the site by
    host, the sites and root pages for the root paths, the root pages' translations, the
    locales, the root page's specific row, the restricted paths); `site_facts` asks two. All
    of it changes only with an edit of a site, page, locale or restriction, which bumps the
    content version, so it is kept under the version like the rest (process memory first)."""

    sites: tuple
    root_pages: dict  # translation key -> {locale id: Page}, the root pages and translations
    locales: dict  # locale id -> language code
    restricted: frozenset
    root_paths: list

    def site_for(self, host: str, port):
        """`Site.find_for_request`'s answer (wagtail.models.sites.get_site_for_hostname), from
        the sites in memory; None when no site answers for the host."""
        hostname = split_domain_port(host)[0]
        try:
            port = int(port)
        except (TypeError, ValueError):
            port = None

        def match(site) -> int:
            if site.hostname == hostname:
                if site.port == port:
                    return 0
                return 1 if site.is_default_site else 3
            return 2  # the default site, for another hostname

        sites = sorted(
            (s for s in self.sites if s.hostname == hostname or s.is_default_site), key=match
        )
        if not sites:
            return None
        if len(sites) == 1 or match(sites[0]) in (0, 1):
            return sites[0]
        # The default site and hostname matches: a single hostname match wins. Several
        # hostname matches on other ports, and no default: no site.
        return sites[len(sites) == 2] if match(sites[0]) == 2 else None


def site_facts(request) -> SiteFacts:
    key = f"wagtail-site-facts:{content_cache.request_content_version(request)}"
    facts = versioned_get_shared(key)
    if facts is None:
        facts = _read_site_facts()
        versioned_set_shared(key, facts, content_cache.FRAGMENT_SECONDS)
        # What other modules would otherwise each read again (a query apiece), left where
        # they look for it under the same version.
        i18n.remember_locale_languages(facts.locales)
        remember_restricted_paths(facts.restricted)
    return facts


# What routing reads of the root pages (and their translations): their place in the tree,
# language, type and title (a breadcrumb's first link); the rest of a root page is read only
# when it is the page served (`root_page_for`).
ROOT_FIELDS = (
    "id", "url_path", "locale_id", "path", "depth", "live", "content_type_id", "translation_key",
    "title",
)  # fmt: skip


def _read_site_facts() -> SiteFacts:
    from wagtail.models import Locale, Site
    from wagtail.models.sites import SiteRootPath

    sites, locales, restricted, roots = [], {}, set(), []
    site_fields = ["id", "hostname", "port", "site_name", "root_page_id", "is_default_site"]
    tables = {
        "site": Site._meta.db_table,
        "locale": Locale._meta.db_table,
        "page": Page._meta.db_table,
        "restriction": PageViewRestriction._meta.db_table,
    }
    blank = ", NULL" * 7
    # One round trip for four small sets, one row shape: the sites; the locales; the paths
    # under view restrictions (each page with one and each alias of one, as
    # cms.page_privacy reads them); the sites' root pages with every translation of them.
    # (The root pages come first: PostgreSQL types each column by the first SELECT that
    # gives it a value.)
    sql = (
        "SELECT 'root', id, url_path, locale_id, path, depth, live, content_type_id, "  # noqa: S608 # nosec B608 (model table names)
        f"CAST(translation_key AS TEXT), title FROM {tables['page']} WHERE translation_key IN "
        f"(SELECT r.translation_key FROM {tables['page']} r JOIN {tables['site']} s "
        "ON s.root_page_id = r.id) "
        "UNION ALL SELECT 'site', id, hostname, port, site_name, root_page_id, is_default_site, "
        f"NULL, NULL, NULL FROM {tables['site']} "
        f"UNION ALL SELECT 'locale', id, language_code{blank} FROM {tables['locale']} "
        f"UNION ALL SELECT 'private', id, path{blank} FROM {tables['page']} "
        f"WHERE (alias_of_id IS NULL AND id IN (SELECT page_id FROM {tables['restriction']})) "
        f"OR alias_of_id IN (SELECT page_id FROM {tables['restriction']}) ORDER BY 1, 5"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    for kind, pk, text, *rest in rows:
        if kind == "site":
            site = Site.from_db(connection.alias, site_fields, (pk, text, *rest[:4]))
            site.is_default_site = bool(site.is_default_site)  # SQLite answers 0 or 1
            sites.append(site)
        elif kind == "locale":
            locales[pk] = text
        elif kind == "private":
            restricted.add(text)
        else:
            locale_id, path, depth, live, content_type_id, key, title = rest
            values = (pk, text, locale_id, path, depth, bool(live), content_type_id)
            values += (uuid.UUID(key), title)
            roots.append(_deferred(Page, dict(zip(ROOT_FIELDS, values, strict=True))))
    by_id = {page.pk: page for page in roots}
    root_pages: dict[str, dict[int, Page]] = {}
    for page in roots:
        root_pages.setdefault(str(page.translation_key), {})[page.locale_id] = page
    for site in sites:
        site.root_page = by_id.get(site.root_page_id)
    # Wagtail's order (Site.get_site_root_paths): the longest root path first, the default
    # site first among equals, then by hostname; each site's root page in every language.
    sites = [s for s in sites if s.root_page_id in by_id]  # (the root page's FK cascades)
    sites.sort(key=lambda s: (not s.is_default_site, s.hostname))
    sites.sort(key=lambda s: by_id[s.root_page_id].url_path, reverse=True)
    root_paths = [
        SiteRootPath(site.id, page.url_path, site.root_url, locales.get(page.locale_id))
        for site in sites
        for page in root_pages[str(by_id[site.root_page_id].translation_key)].values()
    ]
    return SiteFacts(tuple(sites), root_pages, locales, frozenset(restricted), root_paths)


def _deferred(model, known: dict):
    """An instance of `model` as the database would give it with only the `known` fields
    loaded (Django reads any other field on first use, a query each)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in known]
    return model.from_db(connection.alias, names, [known[name] for name in names])


def _routing_specific(page):
    """`page` as its own type with only ROOT_FIELDS loaded: what Wagtail's
    `specific_deferred` gives, but without reading the fields `page` itself never loaded."""
    model = page.specific_class
    known = {name: page.__dict__[name] for name in ROOT_FIELDS}
    known[model._meta.pk.attname] = page.pk
    return _deferred(model, known)


def root_page_for(request, site, *, serving_it: bool = True):
    """The site's root page in the visitor's language, as Wagtail's router starts from it
    (`site.root_page.localized.specific`), remembered under the content version.

    A router only needs the root page's place in the tree and its type's `route`, so when
    the path goes below it (`serving_it` False) the root page of the site facts stands as
    its own type, with no query (`_routing_specific`); the page served is read whole."""
    how = "page" if serving_it else "router"
    key = (
        f"wagtail-root:{site.pk}:{get_language()}:{how}:"
        f"{content_cache.request_content_version(request)}"
    )
    root = versioned_get_shared(key)
    if root is None:
        localized = _localized(site.root_page, site_facts(request))
        root = localized.specific if serving_it else _routing_specific(localized)
        mark_view_restrictions(root)
        versioned_set_shared(key, root, content_cache.FRAGMENT_SECONDS)
    return root


def _localized(page, facts: SiteFacts):
    """Wagtail's `page.localized` (its live translation in the active language, else the page
    itself), with the active locale read from cms.i18n's locale table and the translation
    from the site facts instead of a query each."""
    locale_id = active_locale_id()
    if locale_id is None or locale_id == page.locale_id:
        return page
    translated = facts.root_pages.get(str(page.translation_key), {}).get(locale_id)
    return translated if translated is not None and translated.live else page
