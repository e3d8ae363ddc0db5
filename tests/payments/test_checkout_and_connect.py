"""Checkout Sessions and Connect through the real stripe library, answered from recordings.

localstripe serves neither, so each request is asserted (method, path, form parameters,
idempotency key) and answered with a recorded response.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import ExchangeRate
from marketplace.payments.models import Payment
from marketplace.payments.selectors import payout_account_for
from marketplace.payments.services import PaymentError, payment_start
from sellers.models import Seller
from tests.factories import SellerMembershipFactory, UserFactory
from tests.factories.payments import PayoutAccountFactory

from .conftest import checkout_response, deliver, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_on(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret_for_payments"
    settings.STRIPE_API_BASE = ""
    settings.PLATFORM_FEE_PERCENT = "5.0"
    settings.PLATFORM_FEE_FIXED_INR = "0"


def test_pay_now_creates_a_destination_checkout_session(client, trade, stripe_on, recorded):
    _seller_user, buyer, order = trade
    recorded.expect(
        "post",
        "/v1/checkout/sessions",
        params={
            "mode": "payment",
            "line_items[0][price_data][currency]": "usd",
            "line_items[0][price_data][unit_amount]": "120000",
            "line_items[0][quantity]": "1",
            "payment_intent_data[transfer_data][destination]": "acct_test_seller",
            "payment_intent_data[application_fee_amount]": "6000",
            "payment_intent_data[metadata][order_id]": str(order.pk),
            "metadata[order_id]": str(order.pk),
            "client_reference_id": str(order.pk),
            "customer_email": buyer.email,
        },
        idempotency_key=f"checkout-order-{order.pk}-attempt-1",
        response=checkout_response("cs_test_first"),
    )
    client.force_login(buyer)
    # A tampered amount in the form is ignored: the amount is the server-side order's.
    response = client.post(
        reverse("marketplace:payments:pay", args=[order.number]), {"amount": "1"}
    )

    assert response.status_code == 303
    assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_first"
    payment = Payment.objects.get(order=order)
    assert (payment.attempt, payment.status, payment.checkout_session_id) == (
        1,
        "open",
        "cs_test_first",
    )
    assert (payment.amount_minor, payment.fee_minor, payment.payout) == (
        120000,
        6000,
        Decimal("1140.00"),
    )
    sent = recorded.seen[0][2]
    assert sent["success_url"].endswith(
        f"/orders/{order.number}/payment/success/?session_id={{CHECKOUT_SESSION_ID}}"
    )
    assert sent["payment_intent_data[metadata][payment_id]"] == str(payment.pk)
    assert order.status == "awaiting_payment"  # nothing is paid until the webhook says so


def test_second_click_reuses_the_open_session(client, trade, stripe_on, recorded):
    _seller, buyer, order = trade
    recorded.expect("post", "/v1/checkout/sessions", response=checkout_response("cs_test_one"))
    client.force_login(buyer)
    url = reverse("marketplace:payments:pay", args=[order.number])
    first = client.post(url)
    second = client.post(url)
    assert first["Location"] == second["Location"]
    assert Payment.objects.filter(order=order).count() == 1


def test_expired_session_makes_a_new_attempt_with_a_new_key(client, trade, stripe_on, recorded):
    _seller, buyer, order = trade
    recorded.expect("post", "/v1/checkout/sessions", response=checkout_response("cs_test_a"))
    client.force_login(buyer)
    url = reverse("marketplace:payments:pay", args=[order.number])
    client.post(url)
    assert (
        deliver(client, make_event("checkout.session.expired", {"id": "cs_test_a"})).status_code
        == 200
    )
    recorded.expect(
        "post",
        "/v1/checkout/sessions",
        idempotency_key=f"checkout-order-{order.pk}-attempt-2",
        response=checkout_response("cs_test_b"),
    )
    assert client.post(url)["Location"].endswith("cs_test_b")
    assert list(order.payments.values_list("attempt", "status")) == [(2, "open"), (1, "expired")]


def test_failed_stripe_call_is_retried_with_the_same_key(client, trade, stripe_on, recorded):
    _seller, buyer, order = trade
    error = {"error": {"type": "api_error", "message": "Something went wrong"}}
    recorded.expect("post", "/v1/checkout/sessions", status=500, response=error)
    client.force_login(buyer)
    url = reverse("marketplace:payments:pay", args=[order.number])
    response = client.post(url, follow=False)
    assert response.status_code == 302  # back to the order page with a message
    recorded.expect(
        "post",
        "/v1/checkout/sessions",
        idempotency_key=f"checkout-order-{order.pk}-attempt-1",
        response=checkout_response("cs_test_retry"),
    )
    assert client.post(url)["Location"].endswith("cs_test_retry")
    assert order.payments.count() == 1


def test_zero_decimal_currency_and_fixed_fee_converted(trade, stripe_on, recorded, settings):
    """JPY has no minor unit; the fixed INR fee is converted at the newest rate."""
    _seller, buyer, order = trade
    type(order).objects.filter(pk=order.pk).update(currency="JPY", total=Decimal("15001"))
    order.refresh_from_db()
    settings.PLATFORM_FEE_FIXED_INR = "50"
    ExchangeRate.objects.create(currency="JPY", rate_date="2026-11-01", units_per_inr="1.7")
    ExchangeRate.objects.create(currency="JPY", rate_date="2026-11-20", units_per_inr="1.8")
    # 5 % of 15001 = 750.05 -> 750; 50 INR x 1.8 = 90 JPY; fee 840.
    recorded.expect(
        "post",
        "/v1/checkout/sessions",
        params={
            "line_items[0][price_data][currency]": "jpy",
            "line_items[0][price_data][unit_amount]": "15001",
            "payment_intent_data[application_fee_amount]": "840",
        },
        response=checkout_response(),
    )
    payment_start(order=order, by=buyer, success_url="http://x/ok", cancel_url="http://x/no")


def test_no_rate_for_fixed_fee_refuses_with_a_message(trade, stripe_on, settings):
    _seller, buyer, order = trade
    settings.PLATFORM_FEE_FIXED_INR = "50"
    with pytest.raises(PaymentError, match="not available"):
        payment_start(order=order, by=buyer, success_url="http://x", cancel_url="http://x")
    assert not order.payments.exists()


def test_seller_connects_express_account_and_comes_back_ready(client, stripe_on, recorded):
    owner = SellerMembershipFactory()
    seller = owner.seller
    recorded.expect(
        "post",
        "/v1/accounts",
        params={
            "type": "express",
            "country": "IN",
            "email": owner.user.email,
            "capabilities[transfers][requested]": "true",
            "metadata[seller_id]": str(seller.pk),
        },
        idempotency_key=f"seller-{seller.pk}-express-account",
        response={"id": "acct_new", "object": "account"},
    )
    recorded.expect(
        "post",
        "/v1/account_links",
        params={
            "account": "acct_new",
            "type": "account_onboarding",
            "return_url": "http://testserver/dashboard/payouts/return/",
            "refresh_url": "http://testserver/dashboard/payouts/refresh/",
        },
        response={"object": "account_link", "url": "https://connect.stripe.com/setup/e/acct_new"},
    )
    client.force_login(owner.user)
    response = client.post(reverse("marketplace:payments:payouts"))
    assert response.status_code == 303
    assert response["Location"] == "https://connect.stripe.com/setup/e/acct_new"
    account = payout_account_for(Seller.objects.get(pk=seller.pk))
    assert (account.stripe_account_id, account.payouts_enabled) == ("acct_new", False)

    recorded.expect(
        "get",
        "/v1/accounts/acct_new",
        response={
            "id": "acct_new",
            "object": "account",
            "payouts_enabled": True,
            "charges_enabled": True,
            "details_submitted": True,
        },
    )
    response = client.get(reverse("marketplace:payments:payouts_return"), follow=True)
    assert payout_account_for(Seller.objects.get(pk=seller.pk)).payouts_enabled is True
    assert "ready" in response.content.decode()


def test_refresh_url_issues_a_new_link_without_a_new_account(client, stripe_on, recorded):
    owner = SellerMembershipFactory()
    PayoutAccountFactory(
        seller=owner.seller, stripe_account_id="acct_existing", payouts_enabled=False
    )
    recorded.expect(
        "post",
        "/v1/account_links",
        params={"account": "acct_existing"},
        response={"object": "account_link", "url": "https://connect.stripe.com/setup/e/x"},
    )
    client.force_login(owner.user)
    response = client.get(reverse("marketplace:payments:payouts_refresh"))
    assert response["Location"] == "https://connect.stripe.com/setup/e/x"


def test_account_updated_webhook_refetches_the_account(client, stripe_on, recorded):
    owner = SellerMembershipFactory()
    PayoutAccountFactory(seller=owner.seller, stripe_account_id="acct_hook")
    # The event's payload says enabled; Stripe, asked now, says payouts are paused.
    recorded.expect(
        "get",
        "/v1/accounts/acct_hook",
        response={
            "id": "acct_hook",
            "object": "account",
            "payouts_enabled": False,
            "charges_enabled": True,
            "details_submitted": True,
        },
    )
    stale = {"id": "acct_hook", "object": "account", "payouts_enabled": True}
    response = deliver(client, make_event("account.updated", stale, account="acct_hook"))
    assert response.status_code == 200
    assert payout_account_for(Seller.objects.get(pk=owner.seller_id)).payouts_enabled is False


def test_payouts_page_is_only_for_the_sellers_owners(client, stripe_on):
    client.force_login(UserFactory())
    assert client.get(reverse("marketplace:payments:payouts")).status_code == 404
    staff = SellerMembershipFactory(role="staff")
    client.force_login(staff.user)
    assert client.get(reverse("marketplace:payments:payouts")).status_code == 404
    owner = SellerMembershipFactory()
    client.force_login(owner.user)
    page = client.get(reverse("marketplace:payments:payouts")).content.decode()
    assert "Connect a Stripe account" in page
    dashboard = client.get(reverse("marketplace:dashboard")).content.decode()
    assert reverse("marketplace:payments:payouts") in dashboard


def test_refund_of_a_destination_charge_reverses_transfer_and_fee(trade, stripe_on, recorded):
    from marketplace.payments.services import refund_request

    _seller, buyer, order = trade
    recorded.expect("post", "/v1/checkout/sessions", response=checkout_response())
    payment_start(order=order, by=buyer, success_url="http://x/ok", cancel_url="http://x/no")
    Payment.objects.filter(order=order).update(
        payment_intent_id="pi_paid", captured_minor=120000, status="succeeded"
    )
    payment = Payment.objects.get(order=order)
    staff = UserFactory(is_staff=True)
    recorded.expect(
        "post",
        "/v1/refunds",
        params={
            "payment_intent": "pi_paid",
            "amount": "25050",
            "reverse_transfer": "true",
            "refund_application_fee": "true",
        },
        response={"id": "re_1", "object": "refund", "status": "succeeded"},
    )
    refund = refund_request(payment=payment, amount=Decimal("250.50"), by=staff)
    assert recorded.seen[-1][3]["Idempotency-Key"] == f"refund-{refund.pk}"
    assert refund.stripe_refund_id == "re_1"


def test_staff_refund_from_the_admin(client, trade, stripe_on, recorded):
    _seller, buyer, order = trade
    recorded.expect("post", "/v1/checkout/sessions", response=checkout_response())
    payment_start(order=order, by=buyer, success_url="http://x/ok", cancel_url="http://x/no")
    Payment.objects.filter(order=order).update(
        payment_intent_id="pi_admin", captured_minor=120000, status="succeeded"
    )
    payment = Payment.objects.get(order=order)
    url = reverse("admin:payments_payment_refund", args=[payment.pk])

    client.force_login(buyer)
    assert client.get(url).status_code == 302  # the admin's own sign-in, not the form

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200
    too_much = client.post(url, {"amount": "1200.01", "reason": "x"})
    assert "At most" in too_much.content.decode()
    recorded.expect(
        "post",
        "/v1/refunds",
        params={"payment_intent": "pi_admin", "amount": "50000"},
        response={"id": "re_admin", "object": "refund", "status": "succeeded"},
    )
    response = client.post(url, {"amount": "500", "reason": "short shipment"})
    assert response.status_code == 302
    refund = payment.refunds.get()
    assert (refund.stripe_refund_id, refund.reason, refund.status) == (
        "re_admin",
        "short shipment",
        "sent",
    )
