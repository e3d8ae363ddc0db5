"""Refunds (staff), sent to Stripe; the payment changes when Stripe says so."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import Order

from .. import stripe_gateway as gateway
from ..models import Payment, Refund
from ..money import from_minor, to_minor
from .common import PaymentError

S = Payment.Status


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
