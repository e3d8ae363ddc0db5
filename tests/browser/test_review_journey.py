"""After the deal, the review: the buyer confirms delivery of a shipped order and rates the
seller; the rating then shows on the seller page, on a product card, in search and in the
API. The seller replies once. Walked at desktop width and at 360 px, in English and in
Arabic (right to left); with SCREENSHOT_DIR set, each step is saved there to look at."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from marketplace.models import Order
from search.indexing import reindex_products
from sellers.models import Seller
from tests.factories import BuyerCompanyFactory, GIProductFactory, ProductFactory
from tests.factories.marketplace import make_trade

PASSWORD = "correct horse battery"  # the factories' password


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator('input[name="password"]')).to_have_count(0)


def shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def shipped_order():
    seller_user, buyer, order = make_trade()
    BuyerCompanyFactory(user=buyer)
    seller = Seller.objects.get(pk=order.seller_id)
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.APPROVED)
    gi = GIProductFactory(name="Banaras Brocades and Sarees", slug="banaras-brocades")
    product = ProductFactory(seller=seller, gi=gi, name="Katan silk brocade saree")
    Order.objects.filter(pk=order.pk).update(status="shipped", tracking_number="TRK1")
    reindex_products([product.pk, *seller.products.values_list("pk", flat=True)])
    from allauth.account.models import EmailAddress

    for user in (buyer, seller_user):  # sign-in needs a verified address
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return seller_user, buyer, order, seller, product, gi


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language, width", [("en", 1280), ("en", 360), ("ar", 1280), ("ar", 360)])
def test_buyer_confirms_delivery_rates_and_the_rating_shows_everywhere(
    live_server, browser, language, width
):
    seller_user, buyer, order, seller, product, gi = shipped_order()
    base = live_server.url
    prefix = "" if language == "en" else f"/{language}"
    tag = f"{language}-{width}"
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    sign_in(page, base, buyer.email)

    # The buyer confirms delivery; the order page then offers the review.
    page.goto(f"{base}{prefix}/orders/{order.number}/")
    page.locator('form input[name="to"][value="delivered"]').locator("xpath=..").locator(
        "button"
    ).click()
    expect(page.get_by_test_id("order-status")).to_have_attribute(
        "class", "status status--delivered"
    )
    expect(page.get_by_test_id("order-review")).to_be_visible()
    shot(page, f"{tag}-1-order-delivered")
    page.get_by_test_id("write-review").click()

    # A rating of nothing is refused in words; then five stars and a text.
    page.locator('[data-testid="review-form"] button[type="submit"]').click()
    expect(page.locator(".error-summary")).to_be_visible()
    shot(page, f"{tag}-2-form-errors")
    for field, stars in (("overall", 5), ("as_described", 5), ("communication", 4)):
        page.locator(f'input[name="{field}"][value="{stars}"]').check()
    page.locator('input[name="delivery_time"][value="5"]').check()
    page.fill('textarea[name="text"]', "Exactly as the sample; packed for sea freight <3")
    shot(page, f"{tag}-3-form-filled")
    page.locator('[data-testid="review-form"] button[type="submit"]').click()
    expect(page.get_by_test_id("review-text")).to_contain_text("packed for sea freight <3")
    shot(page, f"{tag}-4-order-reviewed")

    # The seller replies once, in public.
    sctx = browser.new_context(viewport={"width": width, "height": 900})
    spage = sctx.new_page()
    sign_in(spage, base, seller_user.email)
    spage.goto(f"{base}{prefix}/orders/{order.number}/")
    spage.fill('textarea[name="reply"]', "Thank you, see you for the next season.")
    spage.locator('[data-testid="reply-form"] button').click()
    expect(spage.get_by_test_id("review-reply")).to_contain_text("next season")
    expect(spage.get_by_test_id("reply-form")).to_have_count(0)
    sctx.close()

    # Seller page, product card (the GI page's cards), search and the API.
    page.goto(f"{base}{prefix}/sellers/{seller.slug}/")
    record = page.get_by_test_id("track-record").first
    expect(record.locator("[data-rating-count]")).to_have_attribute("data-rating-count", "1")
    if language == "en":
        expect(record).to_contain_text("5.0 ★ from 1 order")
    shot(page, f"{tag}-5-seller-page")
    record.locator("a").click()
    expect(page.get_by_test_id("review")).to_contain_text("Exactly as the sample")
    expect(page.get_by_test_id("review-reply")).to_contain_text("next season")
    shot(page, f"{tag}-6-reviews-page")

    page.goto(f"{base}{prefix}/gi/{gi.slug}/")
    card = page.locator(".product-card", has_text=product.name)
    expect(card.locator("[data-rating]")).to_have_attribute("data-rating", "5.00")
    shot(page, f"{tag}-7-product-card")

    page.goto(f"{base}{prefix}/search/?q=brocade&sort=rating&rating=4.5")
    hit = page.locator(".hit", has_text=product.name)
    expect(hit.locator("[data-rating]")).to_have_attribute("data-rating", "5.00")
    shot(page, f"{tag}-8-search")

    api = page.request.get(f"{base}/api/v1/sellers/{seller.slug}").json()
    assert api["rating"] == {"average": 5.0, "count": 1}
    assert api["response"]["rate"] is None or 0 <= api["response"]["rate"] <= 1
    layout = page.evaluate("document.documentElement.dir")
    assert layout == ("rtl" if language == "ar" else "ltr")
    # Nothing sticks out sideways on a phone.
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"{tag}: page is {scroll}px wide"
    ctx.close()
