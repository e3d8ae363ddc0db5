"""Journey on the real demo data, with the demo accounts (buyer@example.com and
seller@example.com, password DEMO_PASSWORD): the buyer searches for one of the demo seller's
listings and sends an enquiry; the seller, in another browser context, sees it in the inbox,
replies and quotes; the buyer accepts; both see the order with the right next action; the
seller records the bank transfer, starts production and ships with tracking and a commercial
invoice; the buyer sees and downloads the invoice; the emails went out.

The demo is loaded the way `manage.py load_demo_data` loads it (`load_demo`, without the
product pictures and the Wagtail page tree, which these pages do not need)."""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from catalogue.models import Product
from cms.management.commands.load_demo_data import DEMO_ACCOUNTS, _demo_seller_slug, load_demo

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', django_settings.DEMO_PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator('input[name="password"]')).to_have_count(0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enquiry_to_shipped_order_with_the_demo_accounts(live_server, browser, tmp_path, settings):
    started = time.monotonic()
    load_demo(images=False)
    loaded = time.monotonic() - started
    buyer_email, seller_email = DEMO_ACCOUNTS["buyer"][0], DEMO_ACCOUNTS["seller"][0]
    product = (
        Product.objects.filter(seller__slug=_demo_seller_slug(), status=Product.Status.PUBLISHED)
        .order_by("id")
        .first()
    )
    assert product is not None, "the demo seller has published listings"
    base = live_server.url
    settings.ENQUIRY_MIN_FILL_SECONDS = 0  # the fill-time check has its own unit test

    # The buyer searches for the listing by name and opens it from the results.
    buyer_ctx = browser.new_context()
    bpage = buyer_ctx.new_page()
    sign_in(bpage, base, buyer_email)
    bpage.goto(f"{base}/search/?q={product.name}")
    bpage.locator(f'a[href*="/products/{product.slug}/"]').first.click()
    expect(bpage.locator("h1")).to_contain_text(product.name)
    bpage.get_by_role("link", name="Send enquiry").first.click()
    expect(bpage.locator("h1")).to_contain_text("Send an enquiry")
    quantity = max(product.moq or 1, 100)
    bpage.fill('input[name="quantity"]', str(quantity))
    bpage.select_option('select[name="destination_country"]', "DE")
    bpage.fill('input[name="destination_port"]', "Hamburg")
    bpage.fill('textarea[name="message"]', "Could you quote these in indigo, gift boxed?")
    bpage.get_by_role("button", name="Send enquiry").click()
    expect(bpage.get_by_test_id("next-action")).to_contain_text("Wait for the seller")

    # The seller, in another context, finds it in the inbox, replies and quotes.
    seller_ctx = browser.new_context()
    spage = seller_ctx.new_page()
    sign_in(spage, base, seller_email)
    spage.goto(f"{base}/dashboard/")
    inbox = spage.get_by_test_id("seller-inbox")
    expect(inbox).to_contain_text(product.name)
    inbox.get_by_role("link", name=product.name).first.click()
    expect(spage.get_by_test_id("next-action")).to_contain_text("Reply and send a quotation")
    spage.fill('textarea[name="body"]', "Yes, indigo is possible. Quotation follows.")
    spage.get_by_role("button", name="Send message").click()
    expect(spage.locator(".messages-thread")).to_contain_text("indigo is possible")
    spage.get_by_role("link", name="Send a quotation").click()
    valid = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    spage.fill('input[name="valid_until"]', valid)
    spage.select_option('select[name="currency"]', "USD")
    spage.select_option('select[name="payment_terms"]', "bank_transfer")
    spage.fill('input[name="port"]', "Nhava Sheva")
    spage.fill('input[name="lines-0-quantity"]', str(quantity))
    spage.fill('input[name="lines-0-unit_price"]', "14.50")
    spage.get_by_role("button", name="Send quotation").click()
    total = f"{quantity * 14.5:,.2f}"  # one money format everywhere: grouped
    expect(spage.locator("#quotation")).to_contain_text(f"USD {total}")

    # The buyer sees the reply and accepts.
    bpage.reload()
    expect(bpage.locator(".messages-thread")).to_contain_text("indigo is possible")
    expect(bpage.get_by_test_id("next-action")).to_contain_text("Review and accept")
    bpage.get_by_role("button", name="Accept quotation").click()
    expect(bpage.get_by_test_id("order-status")).to_have_text("Awaiting payment")
    number = bpage.locator("h1").inner_text().split()[-1]
    assert number.startswith("DEH-")
    # Bank transfer and no bank details yet: the buyer waits, the seller shares them once.
    expect(bpage.get_by_test_id("next-action")).to_contain_text(
        "Wait for the seller's bank details"
    )
    spage.goto(f"{base}/dashboard/")
    expect(spage.get_by_test_id("seller-orders")).to_contain_text(number)
    spage.goto(f"{base}/dashboard/bank-details/")
    spage.fill('input[name="bank_account_name"]', "Banaras Weavers Cooperative")
    spage.fill('input[name="bank_name"]', "State Bank of India")
    spage.fill('input[name="bank_account_number"]', "30123456789")
    spage.fill('input[name="bank_ifsc"]', "SBIN0001234")
    spage.get_by_role("button", name="Save bank details").click()
    bpage.reload()
    expect(bpage.get_by_test_id("next-action")).to_contain_text(f"quoting {number}")

    # The order is on both dashboards, each with its next action.
    bpage.goto(f"{base}/dashboard/")
    expect(bpage.get_by_test_id("buyer-orders")).to_contain_text(number)
    expect(bpage.get_by_test_id("next-actions")).to_contain_text(number)

    # The seller records the bank transfer, starts production and ships with the invoice.
    advice, invoice = tmp_path / "bank-advice.pdf", tmp_path / "commercial-invoice.pdf"
    advice.write_bytes(PDF)
    invoice.write_bytes(PDF)
    spage.goto(f"{base}/orders/{number}/")
    spage.get_by_role("link", name="Record a payment received").click()
    spage.fill('input[name="reference"]', "UTR2026112500042")
    spage.fill('input[name="amount"]', f"{quantity * 14.5:.2f}")
    spage.fill('input[name="received_on"]', timezone.localdate().isoformat())
    spage.set_input_files('input[name="document"]', str(advice))
    spage.get_by_role("button", name="Record receipt").click()
    expect(spage.get_by_test_id("order-status")).to_have_text("Paid")
    spage.get_by_role("button", name="Start production").click()
    expect(spage.get_by_test_id("order-status")).to_have_text("In production")
    ship = spage.get_by_test_id("ship-form")
    ship.get_by_label("Tracking number").fill("1Z999AA10123456784")
    ship.get_by_label("Carrier").fill("DHL Express")
    ship.get_by_label("Document type").select_option("commercial_invoice")
    ship.get_by_label("Shipping documents").set_input_files(str(invoice))
    ship.get_by_role("button", name="Mark as shipped").click()
    expect(spage.get_by_test_id("order-status")).to_have_text("Shipped")
    expect(spage.get_by_test_id("order-documents")).to_contain_text("commercial-invoice.pdf")

    # The buyer sees the shipment and downloads the invoice through the order page.
    bpage.goto(f"{base}/orders/{number}/")
    expect(bpage.get_by_test_id("order-status")).to_have_text("Shipped")
    expect(bpage.get_by_test_id("next-action")).to_contain_text("Confirm delivery")
    docs = bpage.get_by_test_id("order-documents")
    expect(docs).to_contain_text("Commercial invoice")
    with bpage.expect_download() as download_info:
        docs.get_by_role("link", name="commercial-invoice.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "commercial-invoice.pdf"
    assert Path(download.path()).read_bytes() == PDF

    subjects = {(m.to[0], m.subject.split(":")[0]) for m in mail.outbox}
    assert (seller_email, "New enquiry") in subjects
    assert (buyer_email, "New message") in subjects
    assert (buyer_email, "New quotation") in subjects
    assert (seller_email, "Quotation accepted") in subjects
    # (The demo's own completed order shipped too, while loading: this journey's order's mail.)
    shipped_mail = [
        m
        for m in mail.outbox
        if m.to == [buyer_email] and m.subject.endswith("Shipped") and number in m.subject
    ]
    assert shipped_mail and "commercial-invoice.pdf" in shipped_mail[0].body
    buyer_ctx.close()
    seller_ctx.close()
    print(f"demo load {loaded:.1f} s, journey {time.monotonic() - started - loaded:.1f} s")
