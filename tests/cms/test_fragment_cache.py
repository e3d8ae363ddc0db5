"""Cached fragments of public pages (core/content_cache.py) never outlive an edit: the next
render after a change to a product, seller, state, page or exchange rate shows it, and a warm
render really is served from the cache."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Product
from catalogue.services import product_publish, product_update, product_withdraw
from catalogue.signals import product_changed
from core import content_cache
from core import money as currency
from sellers.services import seller_approve, seller_update
from tests.factories import PriceTierFactory, SellerFactory
from tests.factories.cms import make_products


def _rename(product, name):
    """A rename of a published listing waits for the official (issue 18), who publishes it."""
    product_update(product=product, by=None, fields={"name": name})
    product_publish(product=product, by=None)


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def _product_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    return [q["sql"] for q in captured.captured_queries if "catalogue_product" in q["sql"]]


def test_warm_home_and_storefront_read_no_products(client, home, up_page, varanasi_page):
    make_products(varanasi_page.district, 2)
    for url in ("/", varanasi_page.url):
        assert _product_queries(client, url), "the cold render reads the products"
        assert _product_queries(client, url) == [], f"{url}: warm render read products"


def test_home_shows_a_renamed_product_and_a_retitled_storefront(
    client, home, up_page, varanasi_page
):
    product = make_products(varanasi_page.district, 1)[0]
    assert product.name in _get(client, "/")

    _rename(product, "Kadhua brocade stole")
    assert "Kadhua brocade stole" in _get(client, "/")

    varanasi_page.title = "Kashi"
    varanasi_page.save_revision().publish()
    assert "Visit the Kashi storefront" in _get(client, "/")


def test_storefront_shows_seller_state_and_story_edits(client, up_page, varanasi_page):
    seller = SellerFactory(district=varanasi_page.district, name="Kashi Silk Weavers")
    make_products(varanasi_page.district, 1, seller=seller)
    assert "Kashi Silk Weavers" in _get(client, varanasi_page.url)

    # A rename goes back to the official (issue 18); it shows once approved.
    seller_update(seller=seller, by=None, fields={"name": "Banaras Handloom House"})
    seller_approve(seller=seller, by=None)
    html = _get(client, varanasi_page.url)
    assert "Banaras Handloom House" in html and "Kashi Silk Weavers" not in html

    state = up_page.state
    state.name = "Uttar Pradesh (UP)"
    state.save()
    assert "Uttar Pradesh (UP)" in _get(client, varanasi_page.url)

    varanasi_page.story = "<p>Looms older than the ghats.</p>"
    varanasi_page.save_revision().publish()
    assert "Looms older than the ghats." in _get(client, varanasi_page.url)

    # A product listed in bulk (no model signal, only catalogue's product_changed).
    before = content_cache.content_version()
    product_changed.send(sender=Product, product_ids=[])
    assert content_cache.content_version() > before


def test_product_page_shows_edits_rates_and_withdrawal_at_once(client, varanasi_page):
    product = make_products(varanasi_page.district, 1)[0]
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr=Decimal("1000"))
    url = product.get_absolute_url()
    currency.exchange_rates_replace(
        rows=[currency.Rate("USD", Decimal("0.012"), datetime.date(2026, 11, 20))], source="test"
    )
    assert "USD 12.00" in _get(client, url)
    with CaptureQueriesContext(connection) as warm:
        _get(client, url)
    assert not [q for q in warm.captured_queries if "catalogue_product" in q["sql"]]

    _rename(product, "Gulabi meenakari brooch")
    assert "Gulabi meenakari brooch" in _get(client, url)

    currency.exchange_rates_replace(
        rows=[currency.Rate("USD", Decimal("0.02"), datetime.date(2026, 11, 21))], source="test"
    )
    assert "USD 20.00" in _get(client, url)

    product_withdraw(product=product, by=None)
    assert client.get(url).status_code == 404


def test_fragments_vary_with_the_visitors_currency(client, home, up_page, varanasi_page):
    make_products(varanasi_page.district, 1)
    for code in ("USD", "EUR"):
        currency.exchange_rates_replace(
            rows=[currency.Rate(code, Decimal("0.011"), datetime.date(2026, 11, 20))],
            source="test",
        )
    assert 'data-currency="USD"' in _get(client, "/")
    client.cookies["currency"] = "EUR"
    html = _get(client, "/")
    assert 'data-currency="EUR"' in html and 'data-currency="USD"' not in html


def test_a_preview_of_a_draft_never_reaches_visitors(client, varanasi_page):
    # Wagtail previews on the site's own host (here "localhost"), as visitors browse it.
    host = {"HTTP_HOST": varanasi_page.get_site().hostname}
    varanasi_page.story = "<p>Published story of the looms.</p>"
    varanasi_page.save_revision().publish()
    assert "Published story of the looms." in _get(client, varanasi_page.url, **host)

    varanasi_page.story = "<p>Draft story, not approved yet.</p>"
    draft = varanasi_page.save_revision().as_object()
    preview = draft.make_preview_request()
    assert "Draft story, not approved yet." in preview.content.decode()

    html = _get(client, varanasi_page.url, **host)
    assert "Published story of the looms." in html
    assert "Draft story" not in html


def test_product_page_shows_a_new_translation_at_once(client, varanasi_page):
    product = make_products(varanasi_page.district, 1)[0]
    url = "/fr" + product.get_absolute_url()
    assert "Étole brochée de Bénarès" not in _get(client, url)

    product.translations.create(
        language="fr", name="Étole brochée de Bénarès", description="Tissée à la main."
    )
    assert "Étole brochée de Bénarès" in _get(client, url)


def test_a_deploy_migrate_starts_a_new_version(db):
    """Entries cached by the previous release must not be read by new code: `migrate` (run on
    every deploy) bumps the version even when no row changes."""
    from django.core.management import call_command

    before = content_cache.content_version()
    call_command("migrate", verbosity=0)
    assert content_cache.content_version() > before


def _version_for(rf, method="get", **headers) -> int:
    return content_cache.request_content_version(getattr(rf, method)("/", **headers))


def test_anonymous_page_views_reuse_the_version_this_process_read_a_moment_ago(rf, settings, db):
    """The version read is a network round trip; an anonymous visitor may get an edit made in
    another process up to CONTENT_VERSION_LOCAL_SECONDS later, anyone with a session never."""
    from django.core.cache import cache

    settings.CONTENT_VERSION_LOCAL_SECONDS = 3600
    version = content_cache.content_version()
    cache.incr(content_cache.VERSION_KEY)  # an edit saved by another worker process

    assert _version_for(rf) == version  # anonymous: this process's recent read
    assert _version_for(rf, "post") == version + 1  # a form post reads afresh
    cache.incr(content_cache.VERSION_KEY)
    session = {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=abc"}
    assert _version_for(rf, **session) == version + 2  # a signed-in visitor reads afresh
    assert _version_for(rf) == version + 2  # ... and this process now knows it

    cache.incr(content_cache.VERSION_KEY)
    settings.CONTENT_VERSION_LOCAL_SECONDS = 0  # the second has passed
    assert _version_for(rf) == version + 3


def test_an_edit_made_in_this_process_reaches_its_anonymous_views_at_once(rf, settings, db):
    settings.CONTENT_VERSION_LOCAL_SECONDS = 3600
    version = _version_for(rf)
    content_cache.bump_content_version()
    assert _version_for(rf) > version


def test_a_cold_page_reads_the_version_from_the_shared_cache_once(client, home, up_page, settings):
    """Code with no request at hand (the locales, the restricted paths) uses the version the
    request read: a cold home page read it from the cache twelve times."""
    from django.core.cache import cache

    settings.CONTENT_VERSION_LOCAL_SECONDS = 0  # no process-held version: each read would go out
    content_cache.content_version()  # the version exists, as on any site that has run
    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        if key == content_cache.VERSION_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    cache.get = counting_get
    try:
        _get(client, "/")
    finally:
        del cache.get
    assert len(reads) == 1


def test_outside_a_request_and_after_a_bump_the_version_is_read_afresh(rf, settings, db):
    from django.core.cache import cache

    settings.CONTENT_VERSION_LOCAL_SECONDS = 0
    version = _version_for(rf)
    assert content_cache.current_content_version() == version  # the request's version
    cache.incr(content_cache.VERSION_KEY)  # another process's edit, later in this request
    assert content_cache.current_content_version() == version  # one page, one version
    content_cache.bump_content_version()  # an edit this request makes
    assert content_cache.current_content_version() == version + 2
    content_cache._request_started()  # the next request
    cache.incr(content_cache.VERSION_KEY)
    assert content_cache.current_content_version() == version + 3
