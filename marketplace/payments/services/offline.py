"""Offline terms: the seller records money received by bank transfer or letter of credit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import Order
from marketplace.services import order_transition
from marketplace.states import OrderStatus

from ..methods import method_for
from ..models import OfflineReceipt
from .common import PaymentError


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
    must have passed `core.uploads.validate_attachment` (the form does)."""
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
