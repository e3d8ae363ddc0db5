"""Browser journey: search with a typo, tick two facets (no full reload), open a result."""

import re

import pytest
from playwright.sync_api import expect

from search.backends import reset_backends
from search.indexing import reindex_products
from tests.search.catalogue_fixture import build_catalogue


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_typo_two_facets_then_open_result(live_server, page):
    reset_backends()
    products = build_catalogue()
    reindex_products([p.pk for p in products.values()])

    page.goto(f"{live_server.url}/search/")
    page.fill("#search-q", "darjeling tea")
    page.press("#search-q", "Enter")
    results = page.locator("#search-results")
    expect(results.locator(".hit").first).to_contain_text("Darjeeling first flush black tea")
    expect(page).to_have_url(re.compile(r"q=darjeling\+tea"))

    # A marker that a full page load would wipe out.
    page.evaluate("window.__noReload = true")
    page.get_by_label(re.compile(r"^Organic \(NPOP\)")).check()
    expect(page).to_have_url(re.compile(r"certification=organic"))
    page.get_by_label(re.compile(r"^Verified seller")).check()
    expect(page).to_have_url(re.compile(r"verified=true"))
    expect(results.locator(".search-summary")).to_contain_text("1 product")
    expect(results.locator(".hit")).to_have_count(1)
    assert page.evaluate("window.__noReload") is True

    results.get_by_role("link", name="Darjeeling first flush black tea").click()
    expect(page).to_have_url(re.compile(r"/products/darjeeling-first-flush/$"))
    expect(page.locator("h1")).to_contain_text("Darjeeling first flush black tea")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("language", "query", "right"),
    [
        ("ar", "شاي دارجيلنغ", r"Darjeeling first flush black tea"),
        # Wooden toys: Channapatna's or Kondapalli's are both right.
        ("hi", "लकड़ी के खिलौने", r"(Channapatna|Kondapalli) wooden toy"),
    ],
)
def test_search_in_arabic_and_hindi_opens_a_right_result(live_server, page, language, query, right):
    reset_backends()
    products = build_catalogue()
    reindex_products([p.pk for p in products.values()])

    page.goto(f"{live_server.url}/{language}/search/")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    results = page.locator("#search-results")
    title = results.locator(".hit__title a").first
    expect(title).to_have_text(re.compile(right))
    name = title.inner_text()
    title.click()
    expect(page).to_have_url(re.compile(r"/products/[-a-z]+/$"))
    expect(page.locator("h1")).to_contain_text(name)
