"""The Stripe webhook: signatures, allow-list, exactly once, out of order, concurrent."""

import json
import threading
import time

import pytest
import requests

from marketplace.payments.models import Payment, StripeEvent

from .conftest import (
    buyer_pays,
    deliver,
    make_event,
    session_completed,
    signed,
    start_checkout,
)

pytestmark = pytest.mark.django_db


def _post(client, payload: bytes, signature: str | None):
    headers = {} if signature is None else {"HTTP_STRIPE_SIGNATURE": signature}
    return client.post(
        "/webhooks/stripe/", data=payload, content_type="application/json", **headers
    )


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "garbage",
        "t=1,v1=deadbeef",
        "wrong-secret",
        "stale",
    ],
)
def test_bad_signatures_are_refused(client, stripe_local, signature):
    payload = json.dumps(make_event("checkout.session.expired", {"id": "cs_x"})).encode()
    if signature == "wrong-secret":
        signature = signed(payload, secret="whsec_someone_else")
    elif signature == "stale":
        signature = signed(payload, timestamp=int(time.time()) - 301)
    response = _post(client, payload, signature)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_signature"
    assert not StripeEvent.objects.exists()


def test_a_changed_body_no_longer_verifies(client, stripe_local):
    payload = json.dumps(make_event("checkout.session.expired", {"id": "cs_x"})).encode()
    signature = signed(payload)
    assert _post(client, payload.replace(b"cs_x", b"cs_y"), signature).status_code == 400


def test_unknown_event_type_is_acknowledged_and_ignored(client, stripe_local):
    response = deliver(client, make_event("customer.created", {"id": "cus_1"}))
    assert response.status_code == 200
    assert StripeEvent.objects.get().outcome == "ignored: type not handled"


def test_no_webhook_secret_refuses_everything(client, stripe_local, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert deliver(client, make_event("checkout.session.expired", {"id": "x"})).status_code == 400


def test_get_is_not_allowed(client):
    assert client.get("/webhooks/stripe/").status_code == 405


def test_replay_is_a_no_op(client, stripe_local, buyer_side, trade):
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    event = session_completed(payment, buyer_pays(buyer_side, payment))

    first, second = deliver(client, event), deliver(client, event)

    assert (first.json()["duplicate"], second.json()["duplicate"]) == (False, True)
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert order.events.filter(to_status="paid").count() == 1
    assert Payment.objects.filter(order=order).count() == 1


def test_refund_before_completion_converges(client, stripe_local, buyer_side, trade):
    """charge.refunded arrives before checkout.session.completed (Stripe does not promise
    order); both re-read the intent, so the end state is the same as in order."""
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    intent_id = buyer_pays(buyer_side, payment)
    buyer_side.v1.refunds.create(params={"payment_intent": intent_id, "amount": 30000})
    intent = buyer_side.v1.payment_intents.retrieve(intent_id)
    charge = {"id": intent.latest_charge.id, "object": "charge", "payment_intent": intent_id}

    assert deliver(client, make_event("charge.refunded", charge)).status_code == 200
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("partially_refunded", 30000)
    assert deliver(client, session_completed(payment, intent_id)).status_code == 200

    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.captured_minor, payment.refunded_minor) == (
        "partially_refunded",
        120000,
        30000,
    )
    assert order.status == "paid"
    # A days-late "expired" for the same session changes nothing.
    late = make_event("checkout.session.expired", {"id": payment.checkout_session_id})
    late["created"] -= 3 * 86400
    assert deliver(client, late).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "partially_refunded"


def test_dispute_flags_the_order(client, stripe_local, buyer_side, trade):
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    intent_id = buyer_pays(buyer_side, payment)
    deliver(client, session_completed(payment, intent_id))
    payment.refresh_from_db()
    dispute = {"id": "dp_1", "object": "dispute", "charge": payment.charge_id, "amount": 120000}

    assert deliver(client, make_event("charge.dispute.created", dispute)).status_code == 200

    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.disputed and order.status == "disputed"


def test_stripe_unreachable_answers_503_and_records_nothing(client, stripe_local, trade, settings):
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens: connection refused
    response = deliver(client, session_completed(payment, "pi_unreachable"))
    assert response.status_code == 503
    assert not StripeEvent.objects.exists()  # Stripe's retry will be processed


def test_event_for_someone_elses_payment_is_recorded_and_ignored(client, stripe_local):
    response = deliver(client, make_event("checkout.session.expired", {"id": "cs_unknown"}))
    assert response.status_code == 200
    assert StripeEvent.objects.get().outcome == "ignored: no matching payment"


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_deliveries_apply_once(live_server, stripe_local, buyer_side, trade):
    _seller, buyer, order = trade
    payment = start_checkout(order, buyer)
    event = session_completed(payment, buyer_pays(buyer_side, payment))
    payload = json.dumps(event).encode()
    barrier = threading.Barrier(50)
    statuses: list[int] = []

    def send():
        barrier.wait()
        for attempt in range(5):
            try:
                response = requests.post(
                    f"{live_server.url}/webhooks/stripe/",
                    data=payload,
                    headers={
                        "Content-Type": "application/json",
                        "Stripe-Signature": signed(payload),
                    },
                    timeout=60,
                )
            except requests.ConnectionError:
                # The test server's listen backlog is small; Stripe retries refused
                # deliveries too.
                time.sleep(0.2 * (attempt + 1))
                continue
            statuses.append(response.status_code)
            return

    threads = [threading.Thread(target=send) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 50
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert Payment.objects.filter(order=order).count() == 1
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.captured_minor) == ("succeeded", 120000)
    assert order.status == "paid"
    assert order.events.filter(to_status="paid").count() == 1
