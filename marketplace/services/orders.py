"""Order status moves: transitions, shipping (with documents), payment-terms changes."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.notifications.services import notify

from .. import states
from ..models import (
    Order,
    OrderDocument,
    OrderEvent,
)
from ..states import IllegalTransition, OrderStatus
from .common import TradeError, seller_users
from .documents import _discard_files, _document_names, _documents_create


def order_transition(
    *,
    order: Order,
    to: str,
    by: User | None = None,
    note: str = "",
    party: str | None = None,
    tracking_number: str = "",
    carrier: str = "",
) -> Order:
    """Move `order` to status `to`, or raise `IllegalTransition`.

    Locks the order row (select_for_update) and re-reads its status, so concurrent callers
    (a webhook and a person) serialise; records an OrderEvent; notifies both sides after
    commit. `by=None` is the system (payment webhooks). When `party` is given ("buyer",
    "seller", "staff", "system"), the transition must also be allowed for that party.
    Returns the fresh, updated order.
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        current = locked.status
        if not states.order_can_transition(current, to):
            raise IllegalTransition("order", current, to)
        if party is not None and party not in states.order_parties_allowed(current, to):
            raise IllegalTransition("order", current, to)
        locked.status = to
        fields = ["status", "updated_at"]
        if tracking_number:
            locked.tracking_number = tracking_number
            fields.append("tracking_number")
        if carrier:
            locked.carrier = carrier
            fields.append("carrier")
        locked.save(update_fields=fields)
        OrderEvent.objects.create(
            order=locked, from_status=current, to_status=to, actor=by, note=note
        )
        label = Order.Status(to).label
        notify(
            users=[locked.buyer, *seller_users(locked.seller_id)],
            kind="order_status",
            subject=_("Order %(number)s: %(status)s") % {"number": locked.number, "status": label},
            body=note,
            url=locked.get_absolute_url(),
        )
    order.status = locked.status
    order.tracking_number = locked.tracking_number
    order.carrier = locked.carrier
    return locked


def order_payment_terms_set(*, order: Order, terms: str, by: User | None, note: str) -> Order:
    """Rewrite the payment terms of an order awaiting payment and record it in its history.

    Called by the payments code once both parties agreed (`payments.services`); the caller
    holds the order's row lock. Raises TradeError when the order is no longer awaiting
    payment."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.AWAITING_PAYMENT:
            raise TradeError(_("The payment terms can only change before the order is paid."))
        locked.payment_terms = terms
        locked.save(update_fields=["payment_terms", "updated_at"])
        OrderEvent.objects.create(
            order=locked, from_status="", to_status=locked.status, actor=by, note=note
        )
        notify(
            users=[locked.buyer, *seller_users(locked.seller_id)],
            kind="order_status",
            subject=_("Order %(number)s: payment terms changed") % {"number": locked.number},
            body=note,
            url=locked.get_absolute_url(),
        )
    order.payment_terms = locked.payment_terms
    return locked


def order_ship(
    *,
    order: Order,
    by: User,
    party: str | None,
    tracking_number: str,
    carrier: str = "",
    note: str = "",
    documents: Sequence[tuple[str, UploadedFile]] = (),
) -> Order:
    """Mark an order shipped with its tracking details and, optionally, its documents.

    One transaction: if the transition is refused no document is kept, and if a document is
    refused the order stays unshipped. One notification (the shipment, listing the documents)
    rather than two emails at once.
    """
    if not tracking_number.strip():
        raise TradeError(_("Give the tracking number so the buyer can follow the shipment."))
    rows: list[OrderDocument] = []
    try:
        with transaction.atomic():
            if documents:
                # Documents first, against a locked row: the status check happens in
                # order_transition below, inside the same transaction.
                Order.objects.select_for_update().get(pk=order.pk)
                rows = _documents_create(order=order, by=by, documents=documents)
            if rows:
                listed = _("Documents: %(names)s") % {"names": _document_names(rows)}
                note = f"{note}\n{listed}" if note else listed
            return order_transition(
                order=order,
                to=OrderStatus.SHIPPED,
                by=by,
                party=party,
                note=note,
                tracking_number=tracking_number,
                carrier=carrier,
            )
    except Exception:
        _discard_files(rows)
        raise


def order_status_change(
    *,
    order: Order,
    to: str,
    by: User,
    party: str | None,
    note: str = "",
    tracking_number: str = "",
    carrier: str = "",
    documents: Sequence[tuple[str, UploadedFile]] = (),
) -> Order:
    """A party moves its order one step (the order page's status form): shipping goes
    through `order_ship` (tracking number, documents), every other step through
    `order_transition` (documents are only taken with the shipment)."""
    if to == OrderStatus.SHIPPED:
        return order_ship(
            order=order,
            by=by,
            party=party,
            note=note,
            tracking_number=tracking_number,
            carrier=carrier,
            documents=documents,
        )
    return order_transition(
        order=order,
        to=to,
        by=by,
        party=party,
        note=note,
        tracking_number=tracking_number,
        carrier=carrier,
    )
