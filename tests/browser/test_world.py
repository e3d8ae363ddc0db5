"""Journeys for a buyer from abroad: Arabic (right-to-left, prices in AED with the rate
date) and French on a district storefront an official translated."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cms.i18n import ensure_locales, translate_page
from core.models import ExchangeRate
from tests.factories import DistrictFactory, PriceTierFactory, ProductFactory, StateFactory
from tests.factories.cms import make_district_page, make_state_page

RATE_DAY = datetime.date(2025, 11, 24)


def switch_language(page, code):
    with page.expect_navigation():
        page.locator(f".switcher--language a[hreflang={code}]").click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_arabic_is_right_to_left_with_prices_in_aed(live_server, page):
    ExchangeRate.objects.create(currency="AED", rate_date=RATE_DAY, units_per_inr=Decimal("0.0412"))
    ExchangeRate.objects.create(currency="USD", rate_date=RATE_DAY, units_per_inr=Decimal("0.0112"))
    product = ProductFactory(name="Banarasi silk saree", slug="banarasi-silk-saree")
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr=Decimal("2500.00"))

    page.goto(f"{live_server.url}/products/{product.slug}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator(".tiers .price__converted").first).to_contain_text("USD 28.00")

    switch_language(page, "ar")
    assert page.url == f"{live_server.url}/ar/products/{product.slug}/"  # same page, in Arabic
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    direction = page.eval_on_selector("main", "el => getComputedStyle(el).direction")
    assert direction == "rtl"
    # the header's search box and the trade-terms block flow right to left too
    assert page.eval_on_selector(".product__facts", "el => getComputedStyle(el).direction") == "rtl"
    converted = page.locator(".tiers .price__converted").first
    expect(converted).to_contain_text("AED 103.00")
    expect(converted.locator("time")).to_have_attribute("datetime", "2025-11-24")
    expect(page.locator(".tiers .price__base").first).to_contain_text("2,500")
    expect(page.locator("#switch-currency")).to_have_value("AED")

    # an explicit currency choice wins over the language's default and keeps the page
    page.select_option("#switch-currency", "USD")
    with page.expect_navigation():
        page.locator(".switcher--currency button[type=submit]").click()
    assert page.url == f"{live_server.url}/ar/products/{product.slug}/"
    expect(page.locator(".tiers .price__converted").first).to_contain_text("USD 28.00")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_french_visitor_reads_the_translated_storefront(live_server, page):
    ensure_locales()
    state = StateFactory()
    state_page = make_state_page(state=state)
    varanasi = DistrictFactory(state=state, name="Varanasi", slug="varanasi")
    storefront = make_district_page(
        state_page, district=varanasi, story="<p>The city of silk weavers.</p>"
    )
    # The official's French copy, published after the state review (workflow approval is
    # covered by the CMS tests; here it is published directly).
    french = translate_page(page=storefront, language="fr")
    french.title = "Varanasi, la ville de la soie"
    french.story = "<p>La ville des tisserands de soie.</p>"
    french.save_revision().publish()

    page.goto(f"{live_server.url}{storefront.url}")
    expect(page.locator("body")).to_contain_text("The city of silk weavers.")
    switch_language(page, "fr")
    assert page.url == f"{live_server.url}/fr{storefront.url}"
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("body")).to_contain_text("La ville des tisserands de soie.")
    expect(page.locator("h1")).to_contain_text("Varanasi, la ville de la soie")
    expect(page.locator("link[hreflang='en']")).to_have_count(1)
    expect(page.locator("link[hreflang='fr']")).to_have_count(1)
    # the interface is French too
    expect(page.locator(".site-search button")).to_have_text("Rechercher")

    switch_language(page, "en")
    assert page.url == f"{live_server.url}{storefront.url}"
    expect(page.locator("body")).to_contain_text("The city of silk weavers.")
