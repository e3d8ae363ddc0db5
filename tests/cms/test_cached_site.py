"""Wagtail's site lookup (cms.wagtail_speedups.site.CachedSiteMiddleware) picks from the sites
kept under the content version: a warm page view does not query the sites, and editing a site
shows at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests.factories.officials import make_storefront


def _site_queries(client, url, **extra) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    sites = [
        q for q in captured.captured_queries if "wagtailcore_site " in q["sql"].replace('"', "")
    ]
    return response.status_code, len(sites)


def test_a_warm_page_view_does_not_look_the_site_up(client, db):
    storefront = make_storefront()
    assert _site_queries(client, storefront.url) == (200, 1)
    assert _site_queries(client, storefront.url) == (200, 0)


def test_a_site_edit_shows_on_the_next_request(client, db):
    storefront = make_storefront()
    assert _site_queries(client, storefront.url)[0] == 200

    # The only site now answers for another host and is no longer the default: this host
    # has no site, so Wagtail cannot serve the page.
    Site.objects.update(is_default_site=False)  # a bulk update sends no signal ...
    site = Site.objects.get()
    site.hostname = "elsewhere.example"
    site.save()  # ... this save does, and bumps the content version

    assert client.get(storefront.url).status_code == 404


def test_a_host_without_a_site_answers_once_a_site_is_made_for_it(client, db, settings):
    storefront = make_storefront()
    settings.ALLOWED_HOSTS = ["*"]
    Site.objects.update(is_default_site=False)
    site = Site.objects.get()
    site.hostname = "shop.example"
    site.save()

    assert client.get(storefront.url, HTTP_HOST="other.example").status_code == 404
    # The sites are kept (not the answer for a host), so asking again reads nothing ...
    assert _site_queries(client, storefront.url, HTTP_HOST="other.example") == (404, 0)
    assert _site_queries(client, storefront.url, HTTP_HOST="shop.example")[0] == 200
    # ... and a site made for that host answers on the next request.
    Site.objects.create(hostname="other.example", port=80, root_page_id=site.root_page_id)
    assert client.get(storefront.url, HTTP_HOST="other.example").status_code == 200
