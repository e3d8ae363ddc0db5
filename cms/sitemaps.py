"""sitemap.xml as an index: one sitemap per state (its pages, district storefronts and their
sub-pages, published products, approved sellers and the state's product listing) plus one for
site-wide pages (home, the GI registry, the search phrases staff made landing pages).

Every URL lists its language alternates (xhtml:link hreflang), like the pages' <head>:
Django views exist in every language; a Wagtail page only in the locales it was translated
into, or aliased into (the home and state pages, see cms/templatetags/world_seo.py).
Sections are built per request from the State table (36 rows), so a new state needs no code
change. Query count is constant per section: pages, products and sellers are each one
query, and URLs are reversed in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page

from catalogue.models import GIProduct, Product
from cms.models import StatePage
from regions.models import State
from search import selectors as search_selectors
from search.models import KeywordLanding
from search.seo import KEYWORD_PARAM
from sellers.models import Seller

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass
class Entry:
    """One <url>: its path per language and its last modification."""

    urls: dict[str, str] = field(default_factory=dict)
    lastmod: object = None


_PLACEHOLDER = "deh-slug-placeholder"


def _url_patterns(name: str, fallback_prefix: str) -> dict[str, str]:
    """{language: "/fr/products/deh-slug-placeholder/"}: reverse once per language, then
    substitute slugs (reversing per item and language was most of the sitemap's time)."""
    patterns = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            try:
                patterns[code] = reverse(name, kwargs={"slug": _PLACEHOLDER})
            except NoReverseMatch:
                # The view is not wired (yet): the model's own path, English only.
                return {settings.LANGUAGE_CODE: f"{fallback_prefix}{_PLACEHOLDER}/"}
    return patterns


def _urls_for(patterns: dict[str, str], slug: str) -> dict[str, str]:
    return {code: pattern.replace(_PLACEHOLDER, slug) for code, pattern in patterns.items()}


def _page_entries(pages) -> list[Entry]:
    """Group live pages by translation_key: one Entry per page, one URL per locale."""
    grouped: dict = {}
    # Wagtail memoises the site root paths on the object passed as `request`; without one it
    # reads them from the cache once per page.
    cache_object = SimpleNamespace()
    for page in pages:
        parts = page.get_url_parts(cache_object)
        if parts is None:
            continue  # not routable (outside any Site)
        entry = grouped.setdefault(page.translation_key, Entry())
        entry.urls[page.locale.language_code] = parts[2]
        if page.last_published_at and (
            entry.lastmod is None or page.last_published_at > entry.lastmod
        ):
            entry.lastmod = page.last_published_at
    return list(grouped.values())


class EntrySitemap(Sitemap):
    """A sitemap of `Entry` objects; alternates only for the languages an entry exists in."""

    i18n = True
    alternates = True
    x_default = True
    limit = 5000

    def get_languages_for_item(self, item: Entry):
        return list(item.urls)

    def location(self, item: Entry):
        code = translation.get_language()
        return item.urls.get(code) or next(iter(item.urls.values()))

    def lastmod(self, item: Entry):
        return item.lastmod


class StateSitemap(EntrySitemap):
    changefreq = "weekly"

    def __init__(self, state: State):
        self.state = state

    def _products(self):
        return Product.objects.filter(
            status=Product.Status.PUBLISHED,
            seller__status=Seller.Status.APPROVED,
            district__state=self.state,
        )

    def _sellers(self):
        return Seller.objects.filter(status=Seller.Status.APPROVED, district__state=self.state)

    def _pages(self):
        roots = list(StatePage.objects.live().filter(state=self.state))
        if not roots:
            return Page.objects.none()
        subtree = Page.objects.none()
        for root in roots:
            subtree |= Page.objects.descendant_of(root, inclusive=True)
        return subtree.live().public()

    def estimated_count(self) -> int:
        """URL entries without building them (for the index): three COUNT queries."""
        pages = self._pages().values("translation_key").distinct().count()
        products = self._products().count()
        return pages + products + bool(products) + self._sellers().count()

    def items(self):
        entries = _page_entries(self._pages().select_related("locale"))
        products = list(self._products().only("slug", "updated_at").order_by("pk"))
        patterns = _url_patterns("catalogue:product_detail", "/products/")
        entries += [Entry(_urls_for(patterns, p.slug), p.updated_at) for p in products]
        if products:  # the state's product listing, an indexable landing page (search/seo.py)
            newest = max(p.updated_at for p in products)
            entries.append(Entry(_listing_urls("state", self.state.slug), newest))
        sellers = self._sellers().only("slug", "updated_at").order_by("pk")
        patterns = _url_patterns("catalogue:seller_detail", "/sellers/")
        entries += [Entry(_urls_for(patterns, s.slug), s.updated_at) for s in sellers]
        return entries


class SiteSitemap(EntrySitemap):
    """The home page (and its translations), the GI registry and other state-less pages."""

    changefreq = "weekly"

    def estimated_count(self) -> int:
        return 2 + GIProduct.objects.count() + KeywordLanding.objects.count()

    def items(self):
        home_and_top = Page.objects.live().public().filter(depth__lte=2).select_related("locale")
        entries = _page_entries(home_and_top)
        try:
            with translation.override(settings.LANGUAGE_CODE):
                reverse("catalogue:gi_list")
            entries.append(Entry(_reverse_gi_list()))
            patterns = _url_patterns("catalogue:gi_detail", "/gi/")
            gis = GIProduct.objects.only("slug").order_by("pk")
            entries += [Entry(_urls_for(patterns, gi.slug)) for gi in gis]
        except NoReverseMatch:
            pass
        # Search phrases staff made landing pages (search/seo.py); one with no results left
        # stays listed but answers noindex until it has some again.
        phrases = search_selectors.keyword_landing_phrases()
        entries += [Entry(_listing_urls(KEYWORD_PARAM, phrase)) for phrase in phrases]
        return entries


def _listing_urls(facet: str, value: str) -> dict[str, str]:
    urls = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            urls[code] = f"{reverse('search:search')}?{urlencode({facet: value})}"
    return urls


def _reverse_gi_list() -> dict[str, str]:
    urls = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            urls[code] = reverse("catalogue:gi_list")
    return urls


def build_sitemaps() -> dict[str, Sitemap]:
    """Section name → sitemap: 'site', then one per state by its slug."""
    sections: dict[str, Sitemap] = {"site": SiteSitemap()}
    for state in State.objects.order_by("name"):
        sections[f"state-{state.slug}"] = StateSitemap(state)
    return sections
