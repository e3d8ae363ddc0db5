"""PaymentIntent-level flows against a real localstripe on 127.0.0.1.

The buyer's side of Checkout (paying the PaymentIntent) is played with the stripe library
against localstripe; our webhook and gateway then re-read the PaymentIntent from it.
"""

import time
from decimal import Decimal

import pytest
import requests
from django.contrib.auth import get_user_model

from marketplace.payments import stripe_gateway as gateway
from marketplace.payments.models import Payment, Refund
from marketplace.payments.services import HANDLED_EVENTS, PaymentError, refund_request
from tests.factories import UserFactory

from .conftest import (
    buyer_pays,
    deliver,
    localstripe_webhook,
    make_event,
    session_completed,
    start_checkout,
)

User = get_user_model()


@pytest.mark.django_db
def test_gateway_reads_a_paid_intent(stripe_local, buyer_side, trade):
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    intent_id = buyer_pays(buyer_side, payment)

    state = gateway.payment_intent_fetch(intent_id)

    assert (state.status, state.captured_minor, state.refunded_minor) == ("succeeded", 120000, 0)
    assert state.currency == "USD" and state.metadata["payment_id"] == str(payment.pk)


@pytest.mark.django_db
def test_checkout_completed_marks_the_order_paid(client, stripe_local, buyer_side, trade):
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    intent_id = buyer_pays(buyer_side, payment)

    response = deliver(client, session_completed(payment, intent_id))

    assert response.status_code == 200, response.content
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.captured_minor, payment.payment_intent_id) == (
        "succeeded",
        120000,
        intent_id,
    )
    assert order.status == "paid"
    assert order.events.filter(to_status="paid", actor=None).count() == 1


@pytest.mark.django_db
def test_session_completed_with_an_unpaid_intent_does_not_mark_paid(
    client, stripe_local, buyer_side, trade
):
    """A forged or premature 'completed' cannot mark paid: the re-read intent is the truth."""
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    intent_id = buyer_pays(buyer_side, payment, confirm=False)

    assert deliver(client, session_completed(payment, intent_id)).status_code == 200

    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.captured_minor == 0 and payment.status == "open"
    assert order.status == "awaiting_payment"


@pytest.mark.django_db
def test_three_d_secure_requires_action_then_succeeds(client, stripe_local, buyer_side, trade):
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    intent_id = buyer_pays(buyer_side, payment, card="4000002760003184")

    state = gateway.payment_intent_fetch(intent_id)
    assert state.status == "requires_action" and state.captured_minor == 0
    deliver(client, session_completed(payment, intent_id, payment_status="unpaid"))
    order.refresh_from_db()
    assert order.status == "awaiting_payment"

    # The buyer passes the bank's challenge (what Stripe.js does in the Checkout page).
    intent = buyer_side.v1.payment_intents.retrieve(intent_id)
    buyer_side.raw_request(
        "post",
        f"/v1/payment_intents/{intent_id}/_authenticate",
        client_secret=intent.client_secret,
        success="true",
    )
    deliver(client, session_completed(payment, intent_id))

    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status) == ("succeeded", "paid")


@pytest.mark.django_db
def test_refunds_partial_then_full(client, stripe_local, buyer_side, trade):
    _seller, buyer, order = trade
    staff = UserFactory(is_staff=True)
    payment = start_checkout(order, buyer)
    intent_id = buyer_pays(buyer_side, payment)
    deliver(client, session_completed(payment, intent_id))
    # localstripe has no Connect, so it refuses reverse_transfer: refund this one as a direct
    # charge. test_checkout_and_connect asserts the destination-charge refund parameters.
    Payment.objects.filter(pk=payment.pk).update(destination_account="")
    payment.refresh_from_db()

    refund = refund_request(payment=payment, amount=Decimal("200.00"), by=staff, reason="damaged")
    assert refund.status == Refund.Status.SENT and refund.stripe_refund_id.startswith("re_")
    payment.refresh_from_db()
    assert payment.refunded_minor == 0  # only charge.refunded changes the payment

    charge = {"id": payment.charge_id, "object": "charge", "payment_intent": intent_id}
    assert deliver(client, make_event("charge.refunded", charge)).status_code == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.refunded, payment.net_paid) == (
        "partially_refunded",
        Decimal("200.00"),
        Decimal("1000.00"),
    )
    assert order.status == "paid"
    # The seller's payout shrinks in proportion: 1000 - 5 % of 1000.
    assert payment.payout == Decimal("950.00")

    with pytest.raises(PaymentError, match="At most"):
        refund_request(payment=payment, amount=Decimal("1000.01"), by=staff)
    refund_request(payment=payment, amount=Decimal("1000.00"), by=staff)
    deliver(client, make_event("charge.refunded", charge))
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.net_paid_minor) == ("refunded", 0)
    assert order.status == "cancelled"


@pytest.mark.django_db
def test_only_staff_refund(stripe_local, buyer_side, trade):
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    with pytest.raises(PaymentError):
        refund_request(payment=payment, amount=Decimal("1"), by=buyer)


def _wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_decline_is_delivered_by_localstripe_to_the_live_server(
    live_server, stripe_local, buyer_side, trade
):
    """Card 4000000000000341 is declined; localstripe signs and POSTs
    payment_intent.payment_failed to our webhook on the live server."""
    _seller, buyer, order = trade
    hook = f"hook{order.pk}"
    localstripe_webhook(
        stripe_local, hook, f"{live_server.url}/webhooks/stripe/", sorted(HANDLED_EVENTS)
    )
    try:
        payment = start_checkout(order, buyer)
        buyer_pays(buyer_side, payment, card="4000000000000341")

        def failed():
            payment.refresh_from_db()
            return payment.status == "failed"

        assert _wait_for(failed), payment.status
        assert payment.failure_message == "Your card was declined."
        order.refresh_from_db()
        assert order.status == "awaiting_payment"
    finally:
        localstripe_webhook(stripe_local, hook, "http://127.0.0.1:9/", ["none.disabled"])


def test_localstripe_listens_on_loopback_only(localstripe_url):
    assert localstripe_url.startswith("http://127.0.0.1:")
    response = requests.get(f"{localstripe_url}/v1/charges", auth=("sk_test_x", ""), timeout=5)
    assert response.status_code == 200
