"""Stripe at the edge of the world: localstripe, a recorded-response client, signed webhooks.

- `localstripe_url`: a real localstripe server on 127.0.0.1 (session-wide subprocess).
- `stripe_local`: settings pointing the gateway at it (keys set, webhook secret known).
- `RecordedStripe`: a stripe.HTTPClient that replays canned responses for what localstripe
  does not serve (Checkout Sessions, Connect) and asserts each request's method, path, form
  parameters and idempotency key.
- `signed(payload)`: a Stripe-Signature header computed like Stripe does.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import stripe

from marketplace.payments import stripe_gateway as gateway

WEBHOOK_SECRET = "whsec_test_secret_for_payments"
SECRET_KEY = "sk_test_payments_local"
_ids = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    port = _free_port()
    script = Path(__file__).with_name("localstripe_server.py")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"localstripe did not start: {proc.stderr.read()!r}") from None
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def stripe_local(settings, localstripe_url):
    """Payments switched on, talking to localstripe."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_payments_local"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_url
    settings.PLATFORM_FEE_PERCENT = "5.0"
    settings.PLATFORM_FEE_FIXED_INR = "0"
    return localstripe_url


@pytest.fixture
def buyer_side(stripe_local):
    """A client acting as the buyer on Stripe's side (what the hosted Checkout page does)."""
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": stripe_local})


def localstripe_webhook(base_url: str, hook_id: str, url: str, events: list[str]) -> None:
    """Tell localstripe where to deliver events (its /_config/webhooks endpoint)."""
    body = [("url", url), ("secret", WEBHOOK_SECRET)]
    body += [("events[]", e) for e in events]
    data = "&".join(f"{k}={urllib.request.quote(v, safe='')}" for k, v in body).encode()
    req = urllib.request.Request(
        f"{base_url}/_config/webhooks/{hook_id}",
        data=data,
        headers={
            "Authorization": f"Bearer {SECRET_KEY}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert resp.status == 200


def buyer_pays(buyer_side, payment, *, card: str = "4242424242424242", confirm: bool = True):
    """The buyer pays `payment` on Stripe: the PaymentIntent Checkout would create, with the
    metadata we send in payment_intent_data. Returns the PaymentIntent id (even if declined)."""
    method = buyer_side.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        }
    )
    params = {
        "amount": payment.amount_minor,
        "currency": payment.currency.lower(),
        "payment_method": method.id,
        "metadata": {"payment_id": str(payment.pk), "order_id": str(payment.order_id)},
    }
    if not confirm:
        return buyer_side.v1.payment_intents.create(params=params).id
    try:
        return buyer_side.v1.payment_intents.create(params={**params, "confirm": True}).id
    except stripe.CardError:
        # Declined: the intent exists, with the failure recorded on it.
        intents = buyer_side.v1.payment_intents.list(params={"limit": 100}).data
        return next(pi.id for pi in reversed(intents) if pi.payment_method == method.id)


# --- Recorded responses ---------------------------------------------------------------------


@dataclass
class Expected:
    method: str
    path: str
    params: dict[str, str]
    response: dict[str, Any]
    status: int = 200
    idempotency_key: str | None = None


class RecordedStripe(stripe.HTTPClient):
    """Replays responses in order and asserts every request matches what was expected.

    `params` are compared as Stripe's flattened form keys (e.g.
    "payment_intent_data[transfer_data][destination]"); every listed key must be present with
    that value. Requests nobody expected fail the test.
    """

    name = "recorded"

    def __init__(self):
        super().__init__()
        self.expected: list[Expected] = []
        self.seen: list[tuple[str, str, dict[str, str], dict[str, str]]] = []

    def expect(self, method, path, *, params=None, response, status=200, idempotency_key=None):
        self.expected.append(
            Expected(method.lower(), path, params or {}, response, status, idempotency_key)
        )
        return self

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        body = post_data.decode() if isinstance(post_data, bytes) else (post_data or "")
        params = dict(parse_qsl(body or parts.query, keep_blank_values=True))
        self.seen.append((method, parts.path, params, dict(headers)))
        assert self.expected, f"unexpected Stripe request {method.upper()} {parts.path}"
        want = self.expected.pop(0)
        assert (method.lower(), parts.path) == (want.method, want.path)
        for key, value in want.params.items():
            assert params.get(key) == value, (key, params.get(key), value)
        if want.idempotency_key is not None:
            assert headers.get("Idempotency-Key") == want.idempotency_key
        return json.dumps(want.response), want.status, {"request-id": "req_recorded"}

    def request_stream(self, *args, **kwargs):  # pragma: no cover - not used by the gateway
        raise AssertionError("streaming is not used")

    def close(self):
        pass

    def assert_done(self):
        assert not self.expected, f"expected Stripe requests not made: {self.expected}"


@pytest.fixture
def recorded():
    """Route the gateway through a RecordedStripe for the test; all expectations must be met."""
    client = RecordedStripe()
    with gateway.use_http_client(client):
        yield client
    client.assert_done()


def checkout_response(session_id: str | None = None) -> dict[str, Any]:
    session_id = session_id or f"cs_test_{next(_ids):06d}"
    return {
        "id": session_id,
        "object": "checkout.session",
        "url": f"https://checkout.stripe.com/c/pay/{session_id}",
        "payment_status": "unpaid",
        "status": "open",
    }


def start_checkout(order, buyer, *, session_id: str | None = None):
    """Run the real payment_start with Checkout answered from a recording; the Payment."""
    from marketplace.payments.services import payment_start

    client = RecordedStripe().expect(
        "post", "/v1/checkout/sessions", response=checkout_response(session_id)
    )
    with gateway.use_http_client(client):
        payment_start(
            order=order,
            by=buyer,
            success_url="http://testserver/ok?session_id={CHECKOUT_SESSION_ID}",
            cancel_url="http://testserver/cancel",
        )
    client.assert_done()
    return order.payments.order_by("-attempt").first()


# --- Signed webhooks ------------------------------------------------------------------------


def make_event(kind: str, obj: dict[str, Any], *, event_id: str | None = None, **extra):
    return {
        "id": event_id or f"evt_test_{next(_ids):08d}",
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "livemode": False,
        "type": kind,
        "data": {"object": obj},
        **extra,
    }


def signed(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def session_completed(payment, payment_intent_id: str, **overrides) -> dict[str, Any]:
    obj = {
        "id": payment.checkout_session_id,
        "object": "checkout.session",
        "payment_intent": payment_intent_id,
        "payment_status": "paid",
        "status": "complete",
        "amount_total": payment.amount_minor,
        "currency": payment.currency.lower(),
        "metadata": {"payment_id": str(payment.pk), "order_id": str(payment.order_id)},
    }
    obj.update(overrides)
    return make_event("checkout.session.completed", obj)


def deliver(client, event: dict[str, Any], **sign_kwargs):
    """POST `event` to the webhook like Stripe does (Django test client or live URL)."""
    payload = json.dumps(event).encode()
    return client.post(
        "/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(payload, **sign_kwargs),
    )


@pytest.fixture
def trade(db):
    """(seller user, buyer, order): an accepted USD 1,200 card order from a ready seller."""
    from tests.factories.marketplace import make_trade
    from tests.factories.payments import PayoutAccountFactory

    seller_user, buyer, order = make_trade(payment_terms="card")
    PayoutAccountFactory(seller=order.seller, stripe_account_id="acct_test_seller")
    return seller_user, buyer, order
