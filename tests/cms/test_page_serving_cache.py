"""A warm public page reads no database row (cms/wagtail_speedups: routing.py, routes.py,
site.py), yet an edit that changes what it shows, or who may see it, applies on the next request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.factories import ProductFactory, UserFactory
from tests.factories.catalogue import ProductImageFactory
from tests.factories.officials import make_storefront


def _warm_queries(client, url) -> list[str]:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_warm_home_page_storefront_and_product_page_read_no_row(client, db):
    storefront = make_storefront()
    product = ProductFactory(district=storefront.district)
    ProductImageFactory(product=product)

    for url in ("/", storefront.url, product.get_absolute_url()):
        assert _warm_queries(client, url) == [], url


def test_a_view_restriction_on_a_cached_page_or_its_ancestor_applies_at_once(client, db):
    storefront = make_storefront()
    url = storefront.url
    assert _warm_queries(client, url) == []  # routed and checked from the cache

    restriction = PageViewRestriction.objects.create(
        page=Page.objects.get(pk=storefront.get_parent().pk),  # the state page above it
        restriction_type=PageViewRestriction.LOGIN,
    )
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response.url or "login" in response.url

    client.force_login(UserFactory())
    assert client.get(url).status_code == 200
    client.logout()

    restriction.delete()
    assert client.get(url).status_code == 200


def test_a_password_on_the_cached_home_page_applies_at_once(client, db):
    make_storefront()
    assert _warm_queries(client, "/") == []
    home = Page.objects.get(depth=2)
    PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-plan"
    )
    response = client.get("/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()  # the password form, not the page


def test_a_warm_product_page_needs_no_rendition_query_even_for_new_photos(client, db):
    """The product is cached with its renditions, created before it is cached: a new photo
    is an edit (new version), and its first render leaves a complete cached copy."""
    product = ProductFactory()
    ProductImageFactory(product=product)
    url = product.get_absolute_url()
    assert _warm_queries(client, url) == []

    ProductImageFactory(product=product)
    html = client.get(url).content.decode()
    assert html.count(".webp") >= 2
    queries = _warm_queries(client, url)
    assert not [sql for sql in queries if "wagtailimages_rendition" in sql]
    assert queries == []


def test_the_cached_anonymous_header_echoes_each_visitors_own_search(client, db):
    first = client.get("/search/", {"q": "pashmina"}).content.decode()
    second = client.get("/search/", {"q": "brassware"}).content.decode()
    assert 'value="pashmina"' in first and 'value="brassware"' not in first
    assert 'value="brassware"' in second and 'value="pashmina"' not in second
    # The currency form sends the visitor back to the page they are on.
    assert 'name="next" value="/search/?q=brassware"' in second


def test_a_signed_in_visitor_never_gets_the_anonymous_header(client, db):
    make_storefront()
    assert "Sign in" in client.get("/").content.decode()  # caches the anonymous header
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert "Sign out" in html
    assert "Sign in" not in html


def test_a_routed_public_page_answers_its_privacy_check_without_a_query(client, db):
    from cms.wagtail_speedups.routing import mark_view_restrictions

    storefront = make_storefront()
    page = Page.objects.get(pk=storefront.pk).specific
    mark_view_restrictions(page)
    with CaptureQueriesContext(connection) as captured:
        assert list(page.get_view_restrictions()) == []
        assert not page.get_view_restrictions()
    assert captured.captured_queries == []
    # What is built on it is still an empty queryset, as Wagtail's own code expects.
    assert not page.get_view_restrictions().order_by("-page__depth").exists()
