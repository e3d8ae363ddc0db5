"""Writes for payments: start a card payment, apply what Stripe says, refunds, offline receipts,
Connect onboarding. Views, the webhook and the admin call these; nothing else writes a Payment.

Locking order everywhere: the Order row first, then the Payment row (STYLE.md 9). Stripe
calls are made outside database transactions; what they return is applied inside one.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import Order
from marketplace.services import TradeError, order_payment_terms_set, order_transition
from marketplace.states import IllegalTransition, OrderStatus
from sellers.models import Seller
from sellers.services import seller_stripe_account_set

from . import stripe_gateway as gateway
from .methods import method_for, seller_can_take_card_payments
from .models import OfflineReceipt, Payment, Refund, StripeEvent, TermsChange
from .money import RateMissing, from_minor, platform_fee_minor, to_minor

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
# Stripe Checkout sessions live 24 h; we ask for 23 h and reuse one for 22 h, so a reused
# link is never an expired one.
SESSION_LIFETIME = dt.timedelta(hours=23)
SESSION_REUSE = dt.timedelta(hours=22)


class PaymentError(Exception):
    """A payment action cannot go ahead; the message is for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Starting a card payment -----------------------------------------------------------------


def payment_start(*, order: Order, by: User, success_url: str, cancel_url: str) -> str:
    """Return the Stripe Checkout URL where `by` (the order's buyer) pays `order`.

    The amount is the server-side `order.total` in `order.currency`. Reuses the open session
    of the latest attempt when there is one; otherwise makes attempt n+1. Idempotent towards
    Stripe: the key is (order, attempt), so a retried request returns the same session.
    """
    if not gateway.is_configured():
        raise PaymentError(
            _("Online card payment is not available on this site at the moment. ")
            + _("Please contact the seller to pay by bank transfer.")
        )
    if order.buyer_id != by.pk:
        raise PaymentError(_("Only the buyer of this order can pay it."))
    if method_for(order.payment_terms).start != "checkout":
        raise PaymentError(
            _("This order is paid by %(terms)s, not by card.")
            % {"terms": order.get_payment_terms_display()}
        )
    if not seller_can_take_card_payments(order.seller):
        raise PaymentError(
            _("This seller cannot accept card payments yet. Please ask them for bank details.")
        )

    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.AWAITING_PAYMENT:
            raise PaymentError(_("This order is not awaiting payment."))
        latest = locked.payments.order_by("-attempt").first()
        if latest is not None:
            if latest.is_paid:
                raise PaymentError(_("This order has already been paid."))
            if latest.status == S.PROCESSING:
                raise PaymentError(
                    _("Your last payment is still being processed. We will email you.")
                )
            fresh = timezone.now() - latest.created_at < SESSION_REUSE
            if latest.checkout_url and fresh and latest.status in (S.OPEN, S.FAILED):
                # A declined card leaves the session open: the buyer retries in it, rather
                # than in a second session that could be paid as well.
                return latest.checkout_url
        if latest is not None and latest.status == S.CREATED:
            payment = latest  # the Stripe call failed last time: same attempt, same key
        else:
            amount_minor = to_minor(locked.total, locked.currency)
            try:
                fee_minor = platform_fee_minor(amount_minor, locked.currency)
            except RateMissing as exc:
                raise PaymentError(
                    _("Card payment in %(currency)s is not available right now.")
                    % {"currency": locked.currency}
                ) from exc
            payment = Payment.objects.create(
                order=locked,
                attempt=(latest.attempt + 1) if latest else 1,
                currency=locked.currency,
                amount=locked.total,
                amount_minor=amount_minor,
                fee_minor=fee_minor,
                destination_account=locked.seller.stripe_account_id,
            )

    metadata = {
        "order_id": str(order.pk),
        "order_number": order.number,
        "payment_id": str(payment.pk),
        "attempt": str(payment.attempt),
    }
    name = _("Order %(number)s") % {"number": order.number}
    if order.is_sample:
        name = _("Sample order %(number)s") % {"number": order.number}
    try:
        session = gateway.checkout_session_create(
            amount_minor=payment.amount_minor,
            currency=payment.currency,
            fee_minor=payment.fee_minor,
            destination=payment.destination_account,
            product_name=f"{name}: {order.seller.name}",
            metadata=metadata,
            success_url=success_url,
            cancel_url=cancel_url,
            idempotency_key=f"checkout-order-{order.pk}-attempt-{payment.attempt}",
            customer_email=by.email,
            expires_at=int((payment.created_at + SESSION_LIFETIME).timestamp()),
        )
    except gateway.GatewayError as exc:
        raise PaymentError(exc.user_message) from exc
    # Conditional update: a webhook that already advanced this payment is never undone.
    Payment.objects.filter(pk=payment.pk, status=S.CREATED).update(
        checkout_session_id=session.id, checkout_url=session.url, status=S.OPEN
    )
    Payment.objects.filter(pk=payment.pk, checkout_session_id__isnull=True).update(
        checkout_session_id=session.id, checkout_url=session.url
    )
    return session.url


# --- Applying what Stripe says ---------------------------------------------------------------


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
        seller = Seller.objects.filter(stripe_account_id=facts.account.id).first()
        if seller is None:
            return "ignored: no seller has this account"
        seller_stripe_account_set(
            seller=seller, account_id=facts.account.id, payouts_enabled=facts.account.ready
        )
        return f"seller {seller.pk} payouts_enabled={facts.account.ready}"
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


# --- Refunds ---------------------------------------------------------------------------------


def refund_request(*, payment: Payment, amount: Decimal, by: User, reason: str = "") -> Refund:
    """Ask Stripe to refund `amount` (in the payment's currency) of `payment`; staff only.

    Refuses more than what is still refundable (captured - refunded - refunds in flight).
    The payment and its order change when Stripe's `charge.refunded` arrives.
    """
    if not by.is_staff:
        raise PaymentError(_("Only staff can refund a payment."))
    amount_minor = to_minor(amount, payment.currency)
    if amount_minor <= 0:
        raise PaymentError(_("Enter an amount greater than zero."))
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=payment.order_id)
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if not locked.payment_intent_id or not locked.is_paid:
            raise PaymentError(
                _("This payment has not been captured, so there is nothing to refund.")
            )
        in_flight = (
            locked.refunds.filter(status=Refund.Status.SENT).aggregate(s=Sum("amount_minor"))["s"]
            or 0
        )
        # Refunds already reflected in refunded_minor were also "sent": count the larger.
        committed = max(locked.refunded_minor, in_flight)
        if amount_minor > locked.captured_minor - committed:
            raise PaymentError(
                _("At most %(amount)s %(currency)s can still be refunded.")
                % {
                    "amount": from_minor(locked.captured_minor - committed, locked.currency),
                    "currency": locked.currency,
                }
            )
        refund = Refund.objects.create(
            payment=locked, amount_minor=amount_minor, reason=reason[:300], requested_by=by
        )
    try:
        refund.stripe_refund_id = gateway.refund_create(
            payment_intent_id=locked.payment_intent_id,
            amount_minor=amount_minor,
            idempotency_key=f"refund-{refund.pk}",
            reverse_transfer=bool(locked.destination_account),
        )
        refund.status = Refund.Status.SENT
    except gateway.GatewayError as exc:
        refund.status, refund.error = Refund.Status.FAILED, exc.user_message[:500]
        refund.save(update_fields=["status", "error"])
        raise PaymentError(exc.user_message) from exc
    refund.save(update_fields=["stripe_refund_id", "status"])
    return refund


# --- Offline terms ---------------------------------------------------------------------------


def offline_receipt_record(
    *,
    order: Order,
    by: User,
    reference: str,
    amount: Decimal,
    received_on: dt.date,
    document: UploadedFile,
) -> OfflineReceipt:
    """The seller records money received by bank transfer or letter of credit.

    When the receipts cover the order total, the order becomes paid. Authorization (the user
    is staff of the order's seller) is the caller's job; terms are checked here. `document`
    must have passed `catalogue.uploads.validate_attachment` (the form does)."""
    if not getattr(document, "validated_content_type", ""):
        raise PaymentError(_("“%(name)s” was not checked.") % {"name": document.name})
    if method_for(order.payment_terms).start != "receipt":
        raise PaymentError(_("This order is paid by card through Stripe, not offline."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status in (OrderStatus.CANCELLED,):
            raise PaymentError(_("This order was cancelled."))
        if locked.offline_receipts.filter(reference=reference).exists():
            raise PaymentError(_("A receipt with this reference is already recorded."))
        receipt = OfflineReceipt.objects.create(
            order=locked,
            method=locked.payment_terms,
            reference=reference,
            amount=amount,
            received_on=received_on,
            document=document,
            document_name=(document.name or "document")[:200],
            content_type=document.validated_content_type,
            recorded_by=by,
        )
        received = locked.offline_receipts.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if received >= locked.total and locked.status == OrderStatus.AWAITING_PAYMENT:
            order_transition(
                order=locked,
                to=OrderStatus.PAID,
                by=by,
                note=_("Payment received by %(method)s, reference %(reference)s.")
                % {"method": receipt.get_method_display(), "reference": reference},
            )
    return receipt


# --- Changing the payment terms by agreement --------------------------------------------------

PARTIES = ("buyer", "seller")


def terms_change_propose(*, order: Order, by: User, party: str, to_terms: str) -> TermsChange:
    """One party of an order awaiting payment proposes other payment terms; the other party
    confirms or refuses (`terms_change_decide`). Only terms the site can take now for this
    seller may be proposed; a new proposal replaces the proposer's own open one.
    Authorization (`party` is the user's side of this order) is the caller's job."""
    if party not in PARTIES:
        raise PaymentError(_("Only the buyer or the seller of this order can change its terms."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().select_related("seller").get(pk=order.pk)
        if locked.status != OrderStatus.AWAITING_PAYMENT:
            raise PaymentError(_("The payment terms can only change before the order is paid."))
        method = method_for(to_terms)
        if to_terms == locked.payment_terms:
            raise PaymentError(_("The order already uses these payment terms."))
        if not method.available(locked.seller):
            raise PaymentError(
                _("%(method)s is not available for this order.") % {"method": method.label}
            )
        if locked.payments.filter(status__in=(Payment.Status.PROCESSING, S.SUCCEEDED)).exists():
            raise PaymentError(_("A card payment is already under way for this order."))
        open_change = locked.terms_changes.filter(status=TermsChange.Status.PROPOSED).first()
        if open_change is not None:
            if open_change.proposed_by_party != party:
                raise PaymentError(
                    _("The other party proposed a change: confirm or refuse it first.")
                )
            open_change.delete()  # replaced by the new proposal
        return TermsChange.objects.create(
            order=locked,
            from_terms=locked.payment_terms,
            to_terms=to_terms,
            proposed_by=by,
            proposed_by_party=party,
        )


def terms_change_decide(*, order: Order, by: User, party: str, confirm: bool) -> TermsChange:
    """The other party confirms (the order's terms change, written in its history) or refuses
    the open proposal. The proposer cannot confirm their own proposal."""
    if party not in PARTIES:
        raise PaymentError(_("Only the buyer or the seller of this order can change its terms."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().select_related("seller").get(pk=order.pk)
        change = (
            TermsChange.objects.select_for_update()
            .filter(order=locked, status=TermsChange.Status.PROPOSED)
            .first()
        )
        if change is None:
            raise PaymentError(_("There is no proposed change of payment terms to answer."))
        if change.proposed_by_party == party:
            raise PaymentError(_("The other party must answer your proposal."))
        change.decided_by, change.decided_at = by, timezone.now()
        old, new = method_for(change.from_terms), method_for(change.to_terms)
        if not confirm:
            change.status = TermsChange.Status.REFUSED
            change.save(update_fields=["status", "decided_by", "decided_at"])
            return change
        if change.from_terms != locked.payment_terms or not new.available(locked.seller):
            raise PaymentError(_("This proposal is out of date; make a new one."))
        change.status = TermsChange.Status.CONFIRMED
        change.save(update_fields=["status", "decided_by", "decided_at"])
        note = _(
            "Payment terms changed from %(old)s to %(new)s, proposed by %(proposer)s and "
            "confirmed by %(confirmer)s."
        ) % {
            "old": old.label,
            "new": new.label,
            "proposer": change.proposed_by or _("a former user"),
            "confirmer": by,
        }
        try:
            order_payment_terms_set(order=locked, terms=change.to_terms, by=by, note=note)
        except TradeError as exc:
            raise PaymentError(str(exc)) from exc
        order.payment_terms = change.to_terms
        return change


# --- Connect onboarding ----------------------------------------------------------------------


def seller_payouts_onboarding_link(
    *, seller: Seller, by: User, refresh_url: str, return_url: str
) -> str:
    """Create the seller's Express account if missing; return a fresh onboarding link."""
    try:
        account_id = seller.stripe_account_id
        if not account_id:
            account_id = gateway.account_create(
                email=by.email, business_name=seller.name, seller_id=seller.pk
            )
            seller_stripe_account_set(seller=seller, account_id=account_id, payouts_enabled=False)
        return gateway.account_link_create(
            account_id=account_id, refresh_url=refresh_url, return_url=return_url
        )
    except gateway.GatewayError as exc:
        raise PaymentError(exc.user_message) from exc


def seller_payouts_sync(*, seller: Seller) -> bool:
    """Re-read the seller's account from Stripe (on return from onboarding); readiness."""
    if not seller.stripe_account_id:
        return False
    try:
        account = gateway.account_fetch(seller.stripe_account_id)
    except gateway.GatewayError as exc:
        raise PaymentError(exc.user_message) from exc
    seller_stripe_account_set(seller=seller, account_id=account.id, payouts_enabled=account.ready)
    return account.ready
