"""The one module that talks to Stripe (STYLE.md 6).

Everything else in the project calls these functions and gets plain dataclasses or dicts
back, never a `stripe` object, and catches `GatewayError` (a message safe to show) rather
than Stripe's exception classes. Settings read on every call, so tests can point
`STRIPE_API_BASE` at localstripe and `use_http_client()` at a recorded-response client.

Online payment is off unless `STRIPE_SECRET_KEY` is set (the embedded demo has none).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300

# Set by tests (and only by tests) to a stripe.HTTPClient subclass that replays recordings.
_http_client_override: stripe.HTTPClient | None = None
_override_lock = threading.Lock()


class GatewayError(Exception):
    """Stripe refused or could not be reached; `user_message` is safe to show to a person."""

    def __init__(self, user_message: str, *, code: str = "", retryable: bool = False):
        super().__init__(user_message)
        self.user_message = user_message
        self.code = code
        self.retryable = retryable


class NotConfigured(GatewayError):
    pass


class InvalidWebhook(Exception):
    """The body or its signature did not verify; the webhook answers 400."""


class MalformedWebhook(InvalidWebhook):
    """Correctly signed, but not an event of the expected shape; the webhook answers 400."""


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


@dataclass(frozen=True)
class PaymentState:
    """What Stripe says now about one PaymentIntent and its latest charge (minor units)."""

    payment_intent_id: str
    status: str  # Stripe's PaymentIntent status
    amount_minor: int
    currency: str
    captured_minor: int
    refunded_minor: int
    charge_id: str = ""
    disputed: bool = False
    failure_message: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountState:
    id: str
    payouts_enabled: bool
    charges_enabled: bool
    details_submitted: bool

    @property
    def ready(self) -> bool:
        return self.payouts_enabled and self.charges_enabled and self.details_submitted


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


@contextlib.contextmanager
def use_http_client(client: stripe.HTTPClient) -> Iterator[None]:
    """Route every Stripe call through `client` (tests: recorded responses)."""
    global _http_client_override
    with _override_lock:
        previous, _http_client_override = _http_client_override, client
    try:
        yield
    finally:
        with _override_lock:
            _http_client_override = previous


def _client() -> stripe.StripeClient:
    if not is_configured():
        raise NotConfigured(_("Online payment is not available on this site at the moment."))
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    # The library's default is 80 s per try: a slow Stripe would hold the buyer's request
    # (and a worker) for minutes. A short timeout turns it into "try again in a minute".
    http_client = _http_client_override or stripe.new_default_http_client(
        timeout=float(getattr(settings, "STRIPE_TIMEOUT_SECONDS", 10))
    )
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base,
        http_client=http_client,
        # Stripe's library retries network failures with the same idempotency key.
        max_network_retries=0 if _http_client_override else 2,
    )


@contextlib.contextmanager
def _translate_errors(action: str) -> Iterator[None]:
    try:
        yield
    except stripe.CardError as exc:
        raise GatewayError(
            exc.user_message or _("The card was declined."), code=exc.code or "card_error"
        ) from exc
    except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
        logger.warning("Stripe unreachable during %s: %s", action, exc)
        raise GatewayError(
            _("The payment service could not be reached. Please try again in a minute."),
            code="unreachable",
            retryable=True,
        ) from exc
    except stripe.StripeError as exc:
        logger.error("Stripe refused %s: %s", action, exc)
        raise GatewayError(
            _("The payment service refused the request. Please try again later."),
            code=getattr(exc, "code", "") or "stripe_error",
            retryable=getattr(exc, "http_status", 0) in (None, 0) or exc.http_status >= 500,
        ) from exc


# --- Checkout -------------------------------------------------------------------------------


def checkout_session_create(
    *,
    amount_minor: int,
    currency: str,
    fee_minor: int,
    destination: str,
    product_name: str,
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
    expires_at: int,
    customer_email: str = "",
    locale: str = "auto",
) -> CheckoutSession:
    """A hosted Checkout Session: one line for the whole order, a destination charge to the
    seller's connected account, the platform fee kept by the platform."""
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": currency.lower(),
                    "unit_amount": amount_minor,
                    "product_data": {"name": product_name},
                },
            }
        ],
        "payment_intent_data": {
            "application_fee_amount": fee_minor,
            "transfer_data": {"destination": destination},
            "metadata": metadata,
        },
        "metadata": metadata,
        "client_reference_id": metadata.get("order_id", ""),
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": locale,
        "expires_at": expires_at,
    }
    if customer_email:
        params["customer_email"] = customer_email
    with _translate_errors("checkout session create"):
        session = _client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    return CheckoutSession(id=session.id, url=session.url or "")


# --- PaymentIntents, charges, refunds --------------------------------------------------------


def _charge_amounts(charge: dict[str, Any] | None) -> tuple[int, int, str, bool]:
    if not charge:
        return 0, 0, "", False
    if charge.get("amount_captured") is not None:
        captured = int(charge["amount_captured"])
    else:  # older API versions (and localstripe) only say whether it was captured
        succeeded = charge.get("status") == "succeeded" and charge.get("captured")
        captured = int(charge.get("amount", 0)) if succeeded else 0
    return (
        captured,
        int(charge.get("amount_refunded") or 0),
        charge.get("id", ""),
        bool(charge.get("disputed")),
    )


def payment_intent_fetch(payment_intent_id: str) -> PaymentState:
    """Re-read a PaymentIntent with its latest charge: the truth a webhook acts on."""
    with _translate_errors("payment intent fetch"):
        intent = (
            _client()
            .v1.payment_intents.retrieve(payment_intent_id, params={"expand": ["latest_charge"]})
            .to_dict()
        )
    charge = intent.get("latest_charge")
    if isinstance(charge, str):
        with _translate_errors("charge fetch"):
            charge = _client().v1.charges.retrieve(charge).to_dict()
    captured, refunded, charge_id, disputed = _charge_amounts(charge)
    error = intent.get("last_payment_error") or {}
    return PaymentState(
        payment_intent_id=intent["id"],
        status=intent.get("status", ""),
        amount_minor=int(intent.get("amount") or 0),
        currency=(intent.get("currency") or "").upper(),
        captured_minor=captured,
        refunded_minor=refunded,
        charge_id=charge_id,
        disputed=disputed,
        failure_message=error.get("message", "") or "",
        metadata={str(k): str(v) for k, v in (intent.get("metadata") or {}).items()},
    )


def charge_payment_intent_id(charge_id: str) -> str:
    with _translate_errors("charge fetch"):
        charge = _client().v1.charges.retrieve(charge_id)
    intent = charge.payment_intent
    return intent if isinstance(intent, str) else (intent.id if intent else "")


def refund_create(
    *, payment_intent_id: str, amount_minor: int, idempotency_key: str, reverse_transfer: bool
) -> str:
    """Ask Stripe to refund `amount_minor`; returns the refund id. The payment's refunded
    total changes only when `charge.refunded` arrives. For destination charges the transfer
    to the seller and the platform fee are reversed in proportion."""
    params: dict[str, Any] = {"payment_intent": payment_intent_id, "amount": amount_minor}
    if reverse_transfer:
        params.update(reverse_transfer=True, refund_application_fee=True)
    with _translate_errors("refund create"):
        refund = _client().v1.refunds.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    return refund.id


# --- Connect (Express) -----------------------------------------------------------------------


def account_create(*, email: str, business_name: str, seller_id: int, country: str = "IN") -> str:
    with _translate_errors("account create"):
        account = _client().v1.accounts.create(
            params={
                "type": "express",
                "country": country,
                "email": email,
                "business_profile": {"name": business_name},
                "capabilities": {
                    "card_payments": {"requested": True},
                    "transfers": {"requested": True},
                },
                "metadata": {"seller_id": str(seller_id)},
            },
            # One account per seller even if the button is pressed twice.
            options={"idempotency_key": f"seller-{seller_id}-express-account"},
        )
    return account.id


def account_link_create(*, account_id: str, refresh_url: str, return_url: str) -> str:
    with _translate_errors("account link create"):
        link = _client().v1.account_links.create(
            params={
                "account": account_id,
                "refresh_url": refresh_url,
                "return_url": return_url,
                "type": "account_onboarding",
            }
        )
    return link.url


def account_fetch(account_id: str) -> AccountState:
    with _translate_errors("account fetch"):
        account = _client().v1.accounts.retrieve(account_id)
    return AccountState(
        id=account.id,
        payouts_enabled=bool(account.payouts_enabled),
        charges_enabled=bool(account.charges_enabled),
        details_submitted=bool(account.details_submitted),
    )


# --- Webhooks --------------------------------------------------------------------------------


def webhook_event(payload: bytes, signature_header: str) -> dict[str, Any]:
    """Verify the Stripe-Signature header on the raw body and return the event as a dict.

    Raises InvalidWebhook for a bad or stale signature (older than 300 s) or a missing
    secret, and MalformedWebhook (a subclass) for a correctly signed body that is not an
    event of the shape every handler relies on: JSON object, string `id` and `type`, integer
    `created`, `data.object` an object with a string `id`, `account` a string if present.
    The signature is checked first, so nobody without the secret learns what we parse."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidWebhook("STRIPE_WEBHOOK_SECRET is not set")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            text, signature_header, secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        raise InvalidWebhook(str(exc)) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise MalformedWebhook("not JSON") from exc
    problem = _event_shape_problem(data)
    if problem:
        raise MalformedWebhook(problem)
    return data


def _event_shape_problem(data: Any) -> str:
    if not isinstance(data, dict):
        return "not a JSON object"
    for key in ("id", "type"):
        if not isinstance(data.get(key), str) or not data[key]:
            return f"{key} missing or not a string"
    created = data.get("created")
    if created is not None and (isinstance(created, bool) or not isinstance(created, int)):
        return "created is not an integer timestamp"
    if data.get("account") is not None and not isinstance(data["account"], str):
        return "account is not a string"
    body = data.get("data")
    obj = body.get("object") if isinstance(body, dict) else None
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
        return "data.object is not an object with an id"
    return ""
