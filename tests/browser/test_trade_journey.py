"""Journey: a buyer finds a product and sends an enquiry; the seller, in another browser
context, sees it in the inbox, replies and quotes; the buyer accepts; both see the order
with the right next action; the emails went out."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    BuyerCompanyFactory,
    ProductFactory,
    SellerMembershipFactory,
    UserFactory,
)

PASSWORD = "correct horse battery"


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator('input[name="password"]')).to_have_count(0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enquiry_to_order_between_two_browsers(live_server, browser, settings):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0  # the fill-time check has its own unit test
    buyer = UserFactory(email="buyer@example.com", full_name="Anna Weber")
    BuyerCompanyFactory(user=buyer, name="Weber Textil GmbH")
    seller_user = UserFactory(email="seller@example.com", full_name="Ravi Kumar")
    membership = SellerMembershipFactory(user=seller_user)
    product = ProductFactory(
        seller=membership.seller, name="Banarasi silk stole", slug="banarasi-silk-stole", moq=50
    )
    for user in (buyer, seller_user):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    base = live_server.url

    # The buyer searches; if the search index does not list it, the product page is opened.
    buyer_ctx = browser.new_context()
    bpage = buyer_ctx.new_page()
    sign_in(bpage, base, buyer.email)
    bpage.goto(f"{base}/search/?q=Banarasi+silk+stole")
    result = bpage.locator(f'a[href*="/products/{product.slug}/"]').first
    if result.count():
        result.click()
    else:
        bpage.goto(f"{base}/products/{product.slug}/")
    bpage.get_by_role("link", name="Send enquiry").first.click()
    expect(bpage.locator("h1")).to_contain_text("Send an enquiry")
    bpage.fill('input[name="quantity"]', "120")
    bpage.select_option('select[name="destination_country"]', "DE")
    bpage.fill('input[name="destination_port"]', "Hamburg")
    bpage.fill('textarea[name="message"]', "Could you quote 120 stoles in indigo, gift boxed?")
    bpage.get_by_role("button", name="Send enquiry").click()
    expect(bpage.get_by_test_id("next-action")).to_contain_text("Wait for the seller")

    # The seller, in another context, finds it in the inbox, replies and quotes.
    seller_ctx = browser.new_context()
    spage = seller_ctx.new_page()
    sign_in(spage, base, seller_user.email)
    spage.goto(f"{base}/dashboard/")
    inbox = spage.get_by_test_id("seller-inbox")
    expect(inbox).to_contain_text(product.name)
    inbox.get_by_role("link", name=product.name).click()
    expect(spage.get_by_test_id("next-action")).to_contain_text("Reply and send a quotation")
    spage.fill('textarea[name="body"]', "Yes, indigo is possible. Quotation follows.")
    spage.get_by_role("button", name="Send message").click()
    expect(spage.locator(".messages-thread")).to_contain_text("indigo is possible")
    spage.get_by_role("link", name="Send a quotation").click()
    valid = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    spage.fill('input[name="valid_until"]', valid)
    spage.select_option('select[name="payment_terms"]', "bank_transfer")
    spage.fill('input[name="port"]', "Nhava Sheva")
    spage.fill('input[name="lines-0-unit_price"]', "14.50")
    spage.get_by_role("button", name="Send quotation").click()
    expect(spage.locator("#quotation")).to_contain_text("USD 1740.00")

    # The buyer sees the reply (read receipt on the other side) and accepts.
    bpage.reload()
    expect(bpage.locator(".messages-thread")).to_contain_text("indigo is possible")
    expect(bpage.get_by_test_id("next-action")).to_contain_text("Review and accept")
    bpage.get_by_role("button", name="Accept quotation").click()
    expect(bpage.get_by_test_id("order-status")).to_have_text("Awaiting payment")
    expect(bpage.get_by_test_id("next-action")).to_contain_text("by the agreed terms")
    number = bpage.locator("h1").inner_text().split()[-1]
    assert number.startswith("DEH-")

    # The order is on both dashboards, each with its next action.
    bpage.goto(f"{base}/dashboard/")
    expect(bpage.get_by_test_id("buyer-orders")).to_contain_text(number)
    expect(bpage.get_by_test_id("next-actions")).to_contain_text(number)
    spage.goto(f"{base}/dashboard/")
    expect(spage.get_by_test_id("seller-orders")).to_contain_text(number)
    expect(spage.get_by_test_id("seller-orders")).to_contain_text("Wait for the buyer's payment")

    subjects = {(m.to[0], m.subject.split(":")[0]) for m in mail.outbox}
    assert ("seller@example.com", "New enquiry") in subjects
    assert ("buyer@example.com", "New message") in subjects
    assert ("buyer@example.com", "New quotation") in subjects
    assert ("seller@example.com", "Quotation accepted") in subjects
    buyer_ctx.close()
    seller_ctx.close()
