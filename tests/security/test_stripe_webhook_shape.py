"""Issue 19 item 3: the Stripe webhook answers 2xx to every correctly signed, well-formed event
(unhandled types are recorded as ignored, so Stripe never retries or disables the endpoint),
400 only to a bad signature or a malformed event, and never 500. Payloads are really signed."""

import json

import pytest

from marketplace.payments.models import StripeEvent
from tests.payments.conftest import WEBHOOK_SECRET, make_event, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def webhook_on(settings):
    # No Stripe server is needed: none of these events may reach the re-read step.
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_not_used"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"


def post_signed(client, payload: bytes):
    return client.post(
        "/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(payload),
    )


@pytest.mark.parametrize(
    "kind", ["customer.created", "payment_intent.succeeded", "invoice.paid", "payout.paid"]
)
def test_unhandled_types_are_acknowledged_and_recorded_as_ignored(client, webhook_on, kind):
    event = make_event(kind, {"id": "obj_1", "object": kind.split(".")[0]})
    response = post_signed(client, json.dumps(event).encode())
    assert response.status_code == 200
    assert response.json()["outcome"].startswith("ignored")
    record = StripeEvent.objects.get(event_id=event["id"])
    assert record.type == kind
    assert record.outcome.startswith("ignored")
    # A redelivery is a no-op, still 2xx.
    again = post_signed(client, json.dumps(event).encode())
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1


def _malformed():
    base = make_event("checkout.session.expired", {"id": "cs_1", "object": "checkout.session"})
    cases = {
        "created_text": {**base, "created": "yesterday"},
        "created_list": {**base, "created": [1]},
        "object_null": {**base, "data": {"object": None}},
        "object_string": {**base, "data": {"object": "cs_1"}},
        "object_list": {**base, "data": {"object": [{"id": "cs_1"}]}},
        "data_list": {**base, "data": []},
        "no_id": {k: v for k, v in base.items() if k != "id"},
        "id_number": {**base, "id": 12},
        "no_type": {k: v for k, v in base.items() if k != "type"},
        "type_null": {**base, "type": None},
        "object_without_id": {**base, "data": {"object": {"object": "checkout.session"}}},
        "metadata_list": {
            **base,
            "data": {"object": {"id": "cs_1", "metadata": ["payment_id", "1"]}},
        },
        "payment_intent_number": {
            **base,
            "type": "charge.refunded",
            "data": {"object": {"id": "ch_1", "payment_intent": 5}},
        },
        "account_number": {**base, "account": 42},
        "not_an_object": [base],
        "a_number": 7,
    }
    return cases


@pytest.mark.parametrize("case", sorted(_malformed()))
def test_signed_but_malformed_events_answer_400_never_500(client, webhook_on, case):
    event = _malformed()[case]
    response = post_signed(client, json.dumps(event).encode())
    if case in ("metadata_list", "payment_intent_number"):
        # Inner fields of a well-formed event are data, not shape: ignored, not fatal.
        assert response.status_code in (200, 400), response.content
        assert response.status_code != 500
    else:
        assert response.status_code == 400, response.content
        assert response.json()["error"]["code"] == "malformed_event"
        assert not StripeEvent.objects.exists()


def test_a_bad_signature_is_still_refused_for_any_type(client, webhook_on):
    payload = json.dumps(make_event("customer.created", {"id": "cus_1"})).encode()
    response = client.post(
        "/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(payload, secret="whsec_other"),
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_signature"
    assert not StripeEvent.objects.exists()
