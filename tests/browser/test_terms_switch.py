"""Journey (issue 17.2/17.3): an order on card terms, where card payment is off, is switched to
bank transfer by agreement (buyer proposes, seller confirms), the buyer sees the seller's bank
details with the reference to quote, and the seller's recorded receipt makes it paid."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from sellers import services as seller_services
from tests.factories.marketplace import make_trade

PASSWORD = "correct horse battery"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator('input[name="password"]')).to_have_count(0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_card_order_switched_to_bank_transfer_is_paid_by_a_recorded_receipt(
    live_server, page, settings, tmp_path
):
    settings.STRIPE_SECRET_KEY = ""  # card payment is off on this site
    seller_user, buyer, order = make_trade(payment_terms="card")
    for user in (seller_user, buyer):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    seller_services.seller_bank_details_set(
        seller=order.seller,
        by=seller_user,
        fields={
            "bank_account_name": "Banaras Weavers Cooperative",
            "bank_name": "State Bank of India",
            "bank_account_number": "301234567890",
            "bank_ifsc": "SBIN0001234",
            "bank_swift": "SBININBB",
        },
    )
    base, url = live_server.url, live_server.url + order.get_absolute_url()

    # The buyer: card cannot be paid here, so they propose a bank transfer.
    sign_in(page, base, buyer.email)
    page.goto(url)
    expect(page.get_by_test_id("next-action")).to_contain_text("Agree a change of payment terms")
    expect(page.get_by_test_id("pay-now")).to_have_count(0)
    page.select_option("#to-terms", "bank_transfer")
    page.get_by_test_id("terms-propose").click()
    expect(page.get_by_test_id("terms-change-open")).to_contain_text("Bank transfer")

    # The seller confirms; the change is in the order's history.
    sign_in(page, base, seller_user.email)
    page.goto(url)
    expect(page.get_by_test_id("next-action")).to_contain_text("Answer the proposed change")
    page.get_by_test_id("terms-confirm").click()
    expect(page.locator(".timeline")).to_contain_text(
        "Payment terms changed from Online card payment to Bank transfer"
    )
    expect(page.get_by_test_id("next-action")).to_contain_text("Record the payment received")

    # The buyer now sees where to pay, with the reference to quote and a proforma.
    sign_in(page, base, buyer.email)
    page.goto(url)
    expect(page.get_by_test_id("bank-details")).to_contain_text("SBIN0001234")
    expect(page.get_by_test_id("bank-unverified")).to_be_visible()
    expect(page.get_by_test_id("payment-reference")).to_have_text(order.number)
    page.get_by_test_id("proforma-link").click()
    expect(page.get_by_test_id("proforma")).to_contain_text(order.number)

    # The seller records the transfer; the order is paid.
    sign_in(page, base, seller_user.email)
    page.goto(url)
    page.get_by_role("link", name="Record a payment received").first.click()
    advice = tmp_path / "advice.pdf"
    advice.write_bytes(PDF)
    page.fill('input[name="reference"]', "UTR-SBIN-2026-0001")
    page.fill('input[name="amount"]', str(order.total))
    page.fill('input[name="received_on"]', order.created_at.date().isoformat())
    page.set_input_files('input[name="document"]', str(advice))
    page.get_by_role("button", name="Record receipt").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Paid")
    expect(page.get_by_test_id("offline-receipts")).to_contain_text("UTR-SBIN-2026-0001")
