"""Journey: a buyer pays an accepted card order; buyer and seller see it paid with the payout.

Test mode end to end: Stripe's API is localstripe (the PaymentIntent the buyer pays) plus a
recorded response for the Checkout Session; the browser's redirect to Stripe's hosted page is
replaced by what that page would do: the buyer pays, Stripe delivers the signed
`checkout.session.completed` event to our webhook, and sends the browser to the success URL.
"""

import json
import re

import pytest
import requests
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from marketplace.payments import stripe_gateway as gateway
from tests.factories.marketplace import make_trade
from tests.factories.payments import PayoutAccountFactory
from tests.payments.conftest import (
    RecordedStripe,
    buyer_pays,
    buyer_side,  # noqa: F401  (fixtures shared with tests/payments)
    checkout_response,
    localstripe_url,  # noqa: F401
    session_completed,
    signed,
    stripe_local,  # noqa: F401
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
def test_buyer_pays_by_card_and_both_sides_see_it_paid(
    live_server,
    browser,
    stripe_local,  # noqa: F811
    buyer_side,  # noqa: F811
):
    seller_user, buyer, order = make_trade(payment_terms="card")
    for user in (seller_user, buyer):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    PayoutAccountFactory(seller=order.seller, stripe_account_id="acct_test_browser")
    base = live_server.url

    recorded = RecordedStripe().expect(
        "post",
        "/v1/checkout/sessions",
        params={
            "payment_intent_data[transfer_data][destination]": "acct_test_browser",
            "payment_intent_data[application_fee_amount]": "6000",
            "line_items[0][price_data][unit_amount]": "120000",
            "line_items[0][price_data][currency]": "usd",
        },
        response=checkout_response("cs_test_browser"),
    )
    checkout = gateway.use_http_client(recorded)
    checkout.__enter__()

    def stripe_hosted_checkout(route):
        """What Stripe's page does: take the card, tell our webhook, send the buyer back."""
        checkout.__exit__(None, None, None)  # from here on, Stripe is localstripe
        payment = order.payments.get()
        intent_id = buyer_pays(buyer_side, payment)
        payload = json.dumps(session_completed(payment, intent_id)).encode()
        delivered = requests.post(
            f"{base}/webhooks/stripe/",
            data=payload,
            headers={"Content-Type": "application/json", "Stripe-Signature": signed(payload)},
            timeout=30,
        )
        assert delivered.status_code == 200, delivered.text
        success = recorded.seen[0][2]["success_url"].replace(
            "{CHECKOUT_SESSION_ID}", "cs_test_browser"
        )
        route.fulfill(status=303, headers={"Location": success})

    buyer_context = browser.new_context()
    page = buyer_context.new_page()
    page.route(re.compile(r"^https://checkout\.stripe\.com/"), stripe_hosted_checkout)
    sign_in(page, base, buyer.email)
    page.goto(f"{base}{order.get_absolute_url()}")
    expect(page.get_by_test_id("order-status")).to_have_text("Awaiting payment")
    page.get_by_test_id("pay-now").click()

    expect(page.get_by_test_id("payment-result")).to_contain_text("Stripe has confirmed")
    recorded.assert_done()
    page.goto(f"{base}{order.get_absolute_url()}")
    expect(page.get_by_test_id("order-status")).to_have_text("Paid")
    expect(page.get_by_test_id("payment-status")).to_have_text("Paid")
    expect(page.get_by_test_id("payout-line")).to_have_text("USD 1,140.00")
    expect(page.get_by_test_id("pay-now")).to_have_count(0)

    seller_page = browser.new_context().new_page()
    sign_in(seller_page, base, seller_user.email)
    seller_page.goto(f"{base}{order.get_absolute_url()}")
    expect(seller_page.get_by_test_id("order-status")).to_have_text("Paid")
    expect(seller_page.get_by_test_id("payout-line")).to_have_text("USD 1,140.00")
