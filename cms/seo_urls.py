"""Language-neutral SEO endpoints: /sitemap.xml (an index), its sections, /robots.txt."""

import math

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from cms.sitemaps import build_sitemaps
from search import selectors as search_selectors
from search.seo import keyword_landing

SITEMAP_CACHE_SECONDS = 60 * 60


@require_GET
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_index(request):
    """The index, from COUNT queries only (Django's index view builds every section's URLs
    just to count its pages: seconds with the full demo data)."""
    locations = []
    for section, sitemap in build_sitemaps().items():
        url = request.build_absolute_uri(reverse("sitemap_section", kwargs={"section": section}))
        pages = max(1, math.ceil(sitemap.estimated_count() / sitemap.limit))
        locations += [url] + [f"{url}?p={n}" for n in range(2, pages + 1)]
    body = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locations)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>\n'
    )
    return HttpResponse(xml, content_type="application/xml")


@require_GET
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_section(request, section):
    sitemaps = build_sitemaps()
    if section not in sitemaps:
        raise Http404("No such sitemap section.")
    return sitemap_views.sitemap(request, sitemaps, section=section)


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap_index"))
    private = ["admin/", "django-admin/", "dashboard/", "accounts/", "currency/"]
    # Search: one-filter listings are landing pages (search/seo.py); free text and filter
    # combinations (any second parameter) are kept out of the crawl.
    private += ["search/?q=", "search/*&"]
    prefixes = ["/"] + [
        f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    lines = ["User-agent: *"]
    # The search phrases staff made landing pages, exactly ($: nothing may follow). Listed
    # before the Disallow lines: Google takes the longest match, older parsers the first.
    phrases = search_selectors.keyword_landing_phrases()
    for prefix in prefixes:
        lines += [
            f"Allow: {prefix}search/{keyword_landing(phrase).query_string}$" for phrase in phrases
        ]
    # Private or non-content areas, in every language prefix; storefronts, products, sellers
    # and GI pages stay crawlable.
    for prefix in prefixes:
        lines += [
            f"Disallow: {prefix}{area}" for area in private if prefix == "/" or "admin" not in area
        ]
    lines += ["Disallow: /webhooks/", "Disallow: /i18n/", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("sitemap.xml", sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
