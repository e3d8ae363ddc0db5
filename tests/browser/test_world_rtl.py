"""Right-to-left layout in Arabic on the pages that change most (home, storefront, product,
seller, search, GI registry): the page flows right to left, nothing pushes the page sideways
(phone and desktop widths), and the interface is really Arabic, not English in an RTL frame."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import DistrictFactory, PriceTierFactory, ProductFactory, StateFactory
from tests.factories.cms import make_district_page, make_state_page

ARABIC = re.compile(r"[\u0600-\u06FF]")


def _check_rtl(page, url, width):
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.eval_on_selector("main", "el => getComputedStyle(el).direction") == "rtl", url
    # No horizontal scrolling: a left/right mix-up (absolute offsets, negative margins,
    # fixed widths) usually shows up as a page wider than the screen.
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, (url, overflow)
    # The header flows right to left: the first link of the header sits right of the last.
    boxes = page.eval_on_selector_all(
        ".site-header a:visible",
        "els => els.map(e => e.getBoundingClientRect()).filter(r => r.width > 0)"
        ".map(r => [r.left, r.right, r.top])",
    )
    same_row = [b for b in boxes if abs(b[2] - boxes[0][2]) < 4]
    if width >= 768:
        assert len(same_row) > 1, (url, boxes)  # logo and navigation share the top row
    if len(same_row) > 1:
        assert same_row[0][1] > same_row[-1][1], (url, same_row)
    # The interface text is Arabic.
    assert ARABIC.search(page.locator(".site-header").inner_text()), url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_arabic_pages_are_right_to_left_without_sideways_scroll(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    state = StateFactory()
    state_page = make_state_page(state=state)
    district = DistrictFactory(state=state, name="Varanasi", slug="varanasi")
    storefront = make_district_page(state_page, district=district)
    product = ProductFactory(
        name="Banarasi silk saree", slug="banarasi-silk-saree", district=district
    )
    product.seller.district = district
    product.seller.save()
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr=Decimal("2500.00"))

    for path in (
        "/ar/",
        f"/ar{storefront.url}",
        f"/ar/products/{product.slug}/",
        f"/ar/sellers/{product.seller.slug}/",
        "/ar/search/?q=silk",
        "/ar/gi/",
    ):
        _check_rtl(page, f"{live_server.url}{path}", width)

    # A price range reads min then max, left to right, inside the Arabic line (issue 17):
    # without an isolate the bidi algorithm lays it out as '₹3,000–₹2,500'.
    page.goto(f"{live_server.url}/ar{storefront.url}")
    card_range = page.locator(".card__price .price__base .price__range").first
    expect(card_range).to_be_visible()
    low = card_range.locator(".price__low").bounding_box()
    high = card_range.locator(".price__high").bounding_box()
    assert low["x"] + low["width"] <= high["x"] + 1, (low, high)
    assert "2" in card_range.locator(".price__low").inner_text()

    # Breadcrumbs read right to left: "Home" is the right-most crumb.
    page.goto(f"{live_server.url}/ar/products/{product.slug}/")
    # The seller's English original (no Arabic translation) stays left to right inside the
    # Arabic page, so its full stop does not jump to the start of the sentence.
    original = page.locator(".product__description [lang=en]")
    expect(original).to_have_count(1)
    assert original.evaluate("el => getComputedStyle(el).direction") == "ltr"
    expect(page.locator(".original-language")).to_contain_text("النص الأصلي")
    crumbs = page.eval_on_selector_all(
        ".breadcrumbs li", "els => els.map(e => e.getBoundingClientRect().right)"
    )
    if width >= 768:  # on a phone the trail may wrap onto several lines
        assert crumbs == sorted(crumbs, reverse=True)
