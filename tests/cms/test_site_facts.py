"""The routing facts read in two queries (cms.wagtail_speedups.routing.site_facts) answer as
Wagtail's own lookups do: the site for a host, the site root paths every URL is built from,
the locales and the restricted tree paths."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from cms.page_privacy import restricted_paths
from cms.wagtail_speedups.routing import _read_site_facts
from tests.factories import StateFactory
from tests.factories.cms import make_home, make_state_page

HOSTS = [
    ("localhost", "80"),
    ("localhost", "8000"),
    ("shop.example", "80"),
    ("shop.example", "8080"),
    ("shop.example", "443"),
    ("other.example", "80"),
    ("other.example", "81"),
    ("unknown.example", "80"),
]


def _wagtails_site(host: str, port: str):
    request = RequestFactory().get("/", HTTP_HOST=f"{host}:{port}", SERVER_PORT=port)
    return Site.find_for_request(request), request


def _state(iso_code: str, name: str):
    return StateFactory(iso_code=iso_code, name=name, slug=name.lower(), gst_code=iso_code[-2:])


def _sites(default_on: str | None):
    """A default site and three more: two on one hostname (different ports), one other."""
    home = make_home()
    second = make_state_page(home, _state("IN-KL", "Kerala"))
    third = make_state_page(home, _state("IN-GJ", "Gujarat"))
    Site.objects.update(hostname="localhost", port=80, is_default_site=default_on == "localhost")
    Site.objects.create(hostname="shop.example", port=80, root_page=second)
    Site.objects.create(hostname="shop.example", port=8080, root_page=third)
    Site.objects.create(
        hostname="other.example", port=80, root_page=home, is_default_site=default_on == "other"
    )


@pytest.mark.parametrize("default_on", ["localhost", "other", None])
def test_the_site_for_a_host_is_wagtails(db, default_on):
    _sites(default_on)
    facts = _read_site_facts()
    for host, port in HOSTS:
        expected, request = _wagtails_site(host, port)
        found = facts.site_for(request._get_raw_host(), request.get_port())
        assert (found and found.pk) == (expected and expected.pk), (host, port)


def test_the_site_root_paths_are_wagtails(db, settings):
    _sites("localhost")
    for code in ("fr", "ar"):
        Locale.objects.get_or_create(language_code=code)
    home = Site.objects.get(hostname="localhost").root_page
    home.copy_for_translation(Locale.objects.get(language_code="fr"), alias=True)
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)

    expected = [tuple(path) for path in Site.get_site_root_paths()]
    found = [tuple(path) for path in _read_site_facts().root_paths]

    assert sorted(found) == sorted(expected)
    # The sites in Wagtail's order (the most specific root path first: a URL is built from
    # the first that fits); Wagtail leaves the order of one site's languages open.
    assert [path[0] for path in found] == [path[0] for path in expected]
    assert any(language == "fr" for *_rest, language in found)


def test_locales_and_restricted_paths_are_read_with_them(db):
    home = make_home()
    private = make_state_page(home, _state("IN-KL", "Kerala"))
    for code in ("fr", "hi"):
        Locale.objects.get_or_create(language_code=code)
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=private.pk), restriction_type=PageViewRestriction.LOGIN
    )

    facts = _read_site_facts()

    assert facts.locales == dict(Locale.objects.values_list("pk", "language_code"))
    assert facts.restricted == {private.path}
    cache.clear()
    assert facts.restricted == restricted_paths()


def test_every_site_comes_with_its_root_page(db, django_assert_num_queries):
    _sites("localhost")
    with django_assert_num_queries(1):
        facts = _read_site_facts()
    assert {site.hostname for site in facts.sites} == {"localhost", "shop.example", "other.example"}
    assert all(site.root_page.pk == site.root_page_id for site in facts.sites)
