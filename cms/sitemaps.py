"""sitemap.xml as an index: one sitemap per state (its pages, district storefronts and their
sub-pages, published products and approved sellers) plus one for site-wide pages.

Every URL lists its language alternates (xhtml:link hreflang), like the pages' <head>:
Django views exist in every language; a Wagtail page only in the locales it was translated
into. Sections are built per request from the State table (36 rows), so a new state needs no
code change. Query count is constant per section: pages, products and sellers are each one
query, and URLs are reversed in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page

from catalogue.models import GIProduct, Product
from cms.models import StatePage
from regions.models import State
from sellers.models import Seller

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass
class Entry:
    """One <url>: its path per language and its last modification."""

    urls: dict[str, str] = field(default_factory=dict)
    lastmod: object = None


def _reverse_all_languages(name: str, *, slug: str, fallback: str) -> dict[str, str]:
    urls = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            try:
                urls[code] = reverse(name, kwargs={"slug": slug})
            except NoReverseMatch:
                # The view is not wired (yet): fall back to the model's own path, English only.
                return {settings.LANGUAGE_CODE: fallback}
    return urls


def _page_entries(pages) -> list[Entry]:
    """Group live pages by translation_key: one Entry per page, one URL per locale."""
    grouped: dict = {}
    for page in pages.filter(alias_of__isnull=True):
        parts = page.get_url_parts()
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

    def items(self):
        state = self.state
        roots = list(StatePage.objects.live().filter(state=state))
        entries = []
        if roots:
            subtree = Page.objects.none()
            for root in roots:
                subtree |= Page.objects.descendant_of(root, inclusive=True)
            entries += _page_entries(subtree.live().public().select_related("locale"))
        products = (
            Product.objects.filter(status=Product.Status.PUBLISHED, district__state=state)
            .only("slug", "updated_at")
            .order_by("pk")
        )
        for product in products:
            entry = Entry(
                _reverse_all_languages(
                    "catalogue:product_detail",
                    slug=product.slug,
                    fallback=product.get_absolute_url(),
                ),
                product.updated_at,
            )
            entries.append(entry)
        sellers = (
            Seller.objects.filter(status=Seller.Status.APPROVED, district__state=state)
            .only("slug", "updated_at")
            .order_by("pk")
        )
        for seller in sellers:
            entries.append(
                Entry(
                    _reverse_all_languages(
                        "catalogue:seller_detail",
                        slug=seller.slug,
                        fallback=seller.get_absolute_url(),
                    ),
                    seller.updated_at,
                )
            )
        return entries


class SiteSitemap(EntrySitemap):
    """The home page (and its translations), the GI registry and other state-less pages."""

    changefreq = "weekly"

    def items(self):
        home_and_top = Page.objects.live().public().filter(depth__lte=2).select_related("locale")
        entries = _page_entries(home_and_top)
        try:
            with translation.override(settings.LANGUAGE_CODE):
                reverse("catalogue:gi_list")
            entries.append(Entry(_reverse_gi_list()))
            for gi in GIProduct.objects.only("slug").order_by("pk"):
                entries.append(
                    Entry(
                        _reverse_all_languages(
                            "catalogue:gi_detail", slug=gi.slug, fallback=gi.get_absolute_url()
                        )
                    )
                )
        except NoReverseMatch:
            pass
        return entries


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
