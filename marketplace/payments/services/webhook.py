"""Applying what Stripe says: verified webhook events, processed exactly once; the payment
and its order converge whatever the order of events."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.models import Order
from marketplace.services import order_transition
from marketplace.states import IllegalTransition, OrderStatus

from .. import stripe_gateway as gateway
from ..models import Payment, PayoutAccount, StripeEvent
from .connect import payout_account_set

logger = logging.getLogger(__name__)


HANDLED_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
        "payment_intent.payment_failed",
        "charge.refunded",
        "charge.dispute.created",
        "account.updated",
    }
)

S = Payment.Status
# A payment's status only moves up this ladder (equal ranks may alternate: a declined card
# followed by an async attempt). Money facts outrank everything: captured money is paid.
STATUS_RANK = {
    S.CREATED: 0,
    S.OPEN: 1,
    S.PROCESSING: 2,
    S.FAILED: 2,
    S.EXPIRED: 3,
    S.SUCCEEDED: 4,
    S.PARTIALLY_REFUNDED: 5,
    S.REFUNDED: 6,
}


def _status_from(state: gateway.PaymentState | None, hint: str) -> str:
    if state is not None and state.captured_minor > 0:
        if state.refunded_minor >= state.captured_minor:
            return S.REFUNDED
        return S.PARTIALLY_REFUNDED if state.refunded_minor else S.SUCCEEDED
    if hint:
        return hint
    if state is None:
        return ""
    if state.status in ("processing", "requires_capture"):
        return S.PROCESSING
    if state.status == "canceled" or (
        state.status == "requires_payment_method" and state.failure_message
    ):
        return S.FAILED
    return S.OPEN


def payment_apply(
    *,
    payment: Payment,
    state: gateway.PaymentState | None = None,
    hint: str = "",
    disputed: bool = False,
    note: str = "",
) -> Payment:
    """Merge a fact from Stripe into `payment` and move its order accordingly.

    Convergent: totals only grow (Stripe's captured and refunded totals are cumulative),
    statuses only climb STATUS_RANK, `disputed` only turns on; so events applied in any
    order, any number of times, end in the same state. Locks order then payment.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if state is not None:
            if state.currency and (
                state.currency != locked.currency or state.amount_minor != locked.amount_minor
            ):
                # Never mark an order paid for a different amount than it costs.
                logger.error("Stripe amount mismatch on payment %s: %s", locked.pk, state)
                return locked
            locked.payment_intent_id = locked.payment_intent_id or state.payment_intent_id
            locked.charge_id = state.charge_id or locked.charge_id
            locked.captured_minor = max(locked.captured_minor, state.captured_minor)
            locked.refunded_minor = min(
                locked.captured_minor, max(locked.refunded_minor, state.refunded_minor)
            )
            if state.failure_message and not locked.is_paid:
                locked.failure_message = state.failure_message[:500]
            disputed = disputed or state.disputed
        merged = gateway.PaymentState(
            payment_intent_id=locked.payment_intent_id,
            status=state.status if state else "",
            amount_minor=locked.amount_minor,
            currency=locked.currency,
            captured_minor=locked.captured_minor,
            refunded_minor=locked.refunded_minor,
            failure_message=locked.failure_message,
        )
        new_status = _status_from(merged, hint)
        if new_status and STATUS_RANK[new_status] >= STATUS_RANK[locked.status]:
            locked.status = new_status
        newly_disputed = disputed and not locked.disputed
        locked.disputed = locked.disputed or disputed
        locked.save()
        _move_order(order=order, payment=locked, newly_disputed=newly_disputed, note=note)
    payment.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in Payment._meta.concrete_fields}
    )
    return locked


def _try_transition(order: Order, to: str, note: str) -> None:
    try:
        order_transition(order=order, to=to, by=None, note=note)
    except IllegalTransition:
        logger.info("Order %s stays %s (payment wanted %s)", order.number, order.status, to)


def _move_order(*, order: Order, payment: Payment, newly_disputed: bool, note: str) -> None:
    if payment.is_paid and order.status == OrderStatus.AWAITING_PAYMENT:
        _try_transition(order, OrderStatus.PAID, note or _("Card payment received."))
    if (
        payment.status == S.REFUNDED
        and order.status in (OrderStatus.PAID, OrderStatus.IN_PRODUCTION)
        and not order.payments.filter(captured_minor__gt=0).exclude(pk=payment.pk).exists()
    ):
        # All the money went back before anything shipped: the sale is off.
        _try_transition(order, OrderStatus.CANCELLED, _("Payment refunded in full."))
    if newly_disputed:
        _try_transition(order, OrderStatus.DISPUTED, _("The buyer's bank opened a card dispute."))


# --- Webhook events --------------------------------------------------------------------------


@dataclass
class _Facts:
    payment: Payment | None = None
    state: gateway.PaymentState | None = None
    hint: str = ""
    disputed: bool = False
    account: gateway.AccountState | None = None


def _find_payment(*, session_id: str = "", metadata=None, payment_intent_id: str = ""):
    qs = Payment.objects.all()
    if session_id:
        found = qs.filter(checkout_session_id=session_id).first()
        if found:
            return found
    payment_id = (metadata or {}).get("payment_id", "")
    if str(payment_id).isdigit():
        found = qs.filter(pk=int(payment_id)).first()
        if found:
            return found
    if payment_intent_id:
        return qs.filter(payment_intent_id=payment_intent_id).first()
    return None


def _id_of(value: Any) -> str:
    # A Stripe reference is an id string or an expanded object; anything else names nothing.
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _metadata_of(obj: dict[str, Any]) -> dict[str, Any]:
    metadata = obj.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def _gather(event: dict[str, Any]) -> _Facts:
    """Re-read from Stripe what the event is about (network; outside any transaction).

    Events are only triggers: the amounts and statuses applied come from the re-fetched
    PaymentIntent, so a late or reordered event cannot roll anything back."""
    kind = event["type"]
    obj = event["data"]["object"]
    facts = _Facts()
    if kind == "account.updated":
        facts.account = gateway.account_fetch(obj["id"])
        return facts
    if kind.startswith("checkout.session."):
        intent_id = _id_of(obj.get("payment_intent"))
        facts.payment = _find_payment(
            session_id=obj["id"], metadata=_metadata_of(obj), payment_intent_id=intent_id
        )
        if kind == "checkout.session.expired":
            facts.hint = S.EXPIRED
        elif kind == "checkout.session.async_payment_failed":
            facts.hint = S.FAILED
        elif kind == "checkout.session.completed" and obj.get("payment_status") == "unpaid":
            facts.hint = S.PROCESSING
    elif kind == "payment_intent.payment_failed":
        intent_id = obj["id"]
    elif kind == "charge.refunded":
        intent_id = _id_of(obj.get("payment_intent"))
    elif kind == "charge.dispute.created":
        charge_id = _id_of(obj.get("charge"))
        intent_id = _id_of(obj.get("payment_intent")) or (
            gateway.charge_payment_intent_id(charge_id) if charge_id else ""
        )
        facts.disputed = True
    else:  # pragma: no cover - the allow-list is checked before
        raise ValueError(kind)
    if intent_id:
        facts.state = gateway.payment_intent_fetch(intent_id)
        facts.payment = facts.payment or _find_payment(
            metadata=facts.state.metadata, payment_intent_id=intent_id
        )
    return facts


def _apply(event: dict[str, Any], facts: _Facts) -> str:
    if facts.account is not None:
        known = (
            PayoutAccount.objects.select_related("seller")
            .filter(stripe_account_id=facts.account.id)
            .first()
        )
        if known is None:
            return "ignored: no seller has this account"
        payout_account_set(
            seller=known.seller, account_id=facts.account.id, payouts_enabled=facts.account.ready
        )
        return f"seller {known.seller_id} payouts_enabled={facts.account.ready}"
    if facts.payment is None:
        return "ignored: no matching payment"
    payment = payment_apply(
        payment=facts.payment, state=facts.state, hint=facts.hint, disputed=facts.disputed
    )
    return f"payment {payment.pk} {payment.status}"


def stripe_event_process(*, event: dict[str, Any]) -> tuple[bool, str]:
    """Handle one verified, well-formed event exactly once. Returns (was_new, outcome).

    Types outside HANDLED_EVENTS are recorded with an "ignored" outcome and nothing else.

    A known event id is a no-op. The unique constraint on StripeEvent.event_id decides
    between concurrent deliveries: the loser's insert fails and it returns without applying.
    Raises GatewayError when Stripe cannot be re-read; nothing is recorded then, and Stripe's
    retry will process the event later.
    """
    if StripeEvent.objects.filter(event_id=event["id"]).exists():
        return False, "duplicate"
    facts = None if event["type"] not in HANDLED_EVENTS else _gather(event)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = _event_record(event)
        except IntegrityError:
            return False, "duplicate"
        # Unhandled types are acknowledged (Stripe retries anything but 2xx for days and may
        # disable the endpoint) and kept, so what arrived can still be read.
        outcome = _apply(event, facts) if facts is not None else "ignored: type not handled"
        record.outcome = outcome[:300]
        record.save(update_fields=["outcome"])
    return True, outcome


def _event_record(event: dict[str, Any]) -> StripeEvent:
    """Insert the event row (unique id). The shape was checked by `gateway.webhook_event`."""
    created = event.get("created")
    return StripeEvent.objects.create(
        event_id=event["id"],
        type=event["type"][:100],
        object_id=event["data"]["object"]["id"][:255],
        account=(event.get("account") or "")[:64],
        stripe_created=_timestamp(created),
        livemode=event.get("livemode") is True,
        payload=event,
    )


def _timestamp(created: int | None) -> dt.datetime | None:
    if not created:
        return None
    try:
        return dt.datetime.fromtimestamp(created, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None  # a timestamp past year 9999 is noise, not a reason to drop the event
