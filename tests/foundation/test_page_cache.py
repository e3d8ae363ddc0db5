"""The anonymous page cache (production: PAGE_CACHE_SECONDS=60) serves public pages without
touching the database, and never serves a cached page to a signed-in person."""

import pytest
from django.core.cache import cache

from tests.factories import PriceTierFactory, ProductFactory, UserFactory

CACHE_MIDDLEWARE = ("django.middleware.cache.UpdateCacheMiddleware",)
FETCH_MIDDLEWARE = ("django.middleware.cache.FetchFromCacheMiddleware",)


@pytest.fixture
def page_cache(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.MIDDLEWARE = [*CACHE_MIDDLEWARE, *settings.MIDDLEWARE, *FETCH_MIDDLEWARE]
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_public_page_sets_no_cookie_and_is_served_from_the_cache(
    client, page_cache, django_assert_num_queries
):
    product = ProductFactory()
    PriceTierFactory(product=product)
    first = client.get(product.get_absolute_url())
    assert first.status_code == 200
    assert not first.cookies, "a cookie on a public page makes it uncacheable"
    with django_assert_num_queries(0):
        second = client.get(product.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_signed_in_person_never_gets_the_anonymous_copy(client, page_cache):
    product = ProductFactory()
    anonymous = client.get(product.get_absolute_url()).content.decode()
    assert "Sign in" in anonymous
    client.force_login(UserFactory(full_name="Amara Okafor"))
    signed_in = client.get(product.get_absolute_url()).content.decode()
    assert "Sign out" in signed_in and signed_in != anonymous


@pytest.mark.django_db
def test_currency_choice_is_not_served_from_another_visitors_copy(client, page_cache):
    product = ProductFactory()
    PriceTierFactory(product=product)
    before = client.get(product.get_absolute_url()).content.decode()
    assert '<option value="EUR" selected>' not in before
    client.get("/currency/", {"currency": "EUR", "next": product.get_absolute_url()})
    after = client.get(product.get_absolute_url()).content.decode()
    assert '<option value="EUR" selected>' in after
