"""Starting a card payment: a Stripe Checkout session per attempt."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import Order
from marketplace.states import OrderStatus

from .. import stripe_gateway as gateway
from ..methods import method_for, seller_can_take_card_payments
from ..models import Payment, PayoutAccount
from ..money import RateMissing, platform_fee_minor, to_minor
from .common import PaymentError

S = Payment.Status


# Stripe Checkout sessions live 24 h; we ask for 23 h and reuse one for 22 h, so a reused
# link is never an expired one.
SESSION_LIFETIME = dt.timedelta(hours=23)
SESSION_REUSE = dt.timedelta(hours=22)


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
                destination_account=PayoutAccount.of(order.seller).stripe_account_id,
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
