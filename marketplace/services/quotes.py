"""Quotations: send or revise, decline, accept (which creates the order) and sample orders."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from catalogue.models import Product
from core.notifications.services import notify

from .. import states
from ..models import (
    Enquiry,
    Order,
    OrderEvent,
    OrderLine,
    Quotation,
    QuoteLine,
    QuoteRevision,
)
from ..payments.methods import method_for
from ..reviews import track_record
from ..states import EnquiryStatus, OrderStatus, QuoteStatus
from .common import QuoteNotAcceptable, TradeError, seller_users


def quote_snapshot(quote: Quotation) -> dict:
    return {
        "revision": quote.revision,
        "currency": quote.currency,
        "incoterm": quote.incoterm,
        "port": quote.port,
        "lead_time_days": quote.lead_time_days,
        "valid_until": quote.valid_until.isoformat(),
        "payment_terms": quote.payment_terms,
        "sample_offered": quote.sample_offered,
        "sample_price": str(quote.sample_price) if quote.sample_price is not None else None,
        "notes": quote.notes,
        "total": str(quote.total),
        "lines": [
            {
                "product_id": line.product_id,
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": str(line.unit_price),
            }
            for line in quote.lines.all()
        ],
    }


def _order_number(pk: int) -> str:
    return f"DEH-{pk:06d}"


def _create_order(*, quotation: Quotation, by: User, is_sample: bool) -> Order:
    enquiry = quotation.enquiry
    lines = list(quotation.lines.all())
    if is_sample:
        total = quotation.sample_price or Decimal("0")
        order_lines = [
            {
                "product": lines[0].product if lines else enquiry.product,
                "description": _("Sample: %(what)s") % {"what": enquiry.subject},
                "quantity": 1,
                "unit": "set",
                "unit_price": total,
            }
        ]
    else:
        total = quotation.total
        order_lines = [
            {
                "product": line.product,
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
            }
            for line in lines
        ]
    order = Order.objects.create(
        # A unique placeholder until the primary key is known (numbers follow the id).
        number=f"TMP-{uuid.uuid4().hex[:16]}",
        buyer_id=enquiry.buyer_id,
        seller_id=enquiry.seller_id,
        quotation=quotation,
        is_sample=is_sample,
        currency=quotation.currency,
        total=total,
        incoterm=quotation.incoterm,
        port=quotation.port,
        lead_time_days=quotation.lead_time_days,
        payment_terms=quotation.payment_terms,
        terms_snapshot=quote_snapshot(quotation),
    )
    order.number = _order_number(order.pk)
    order.save(update_fields=["number"])
    OrderLine.objects.bulk_create([OrderLine(order=order, **line) for line in order_lines])
    OrderEvent.objects.create(
        order=order, from_status="", to_status=OrderStatus.AWAITING_PAYMENT, actor=by
    )
    return order


def quote_accept(*, quotation: Quotation, by: User) -> Order:
    """The buyer accepts a quotation: exactly one order is created, with the terms frozen.

    Locks the quotation row first; a second, concurrent acceptance waits, then finds the
    quotation accepted and is refused. The unique constraint (quotation, is_sample) backs
    this up where row locks are not available (SQLite serialises writes anyway).
    """
    try:
        with transaction.atomic():
            quote = (
                Quotation.objects.select_for_update().select_related("enquiry").get(pk=quotation.pk)
            )
            if quote.enquiry.buyer_id != by.pk:
                raise QuoteNotAcceptable(_("Only the buyer who asked can accept this quotation."))
            if quote.status != QuoteStatus.SENT:
                raise QuoteNotAcceptable(_("This quotation is no longer open."))
            if quote.is_expired:
                raise QuoteNotAcceptable(
                    _("This quotation expired on %(date)s. Ask the seller for a new one.")
                    % {"date": quote.valid_until}
                )
            states.check_transition(
                "quotation", states.QUOTE_TRANSITIONS, quote.status, QuoteStatus.ACCEPTED
            )
            quote.status = QuoteStatus.ACCEPTED
            quote.save(update_fields=["status", "updated_at"])
            enquiry = quote.enquiry
            states.check_transition(
                "enquiry", states.ENQUIRY_TRANSITIONS, enquiry.status, EnquiryStatus.ORDERED
            )
            enquiry.status = EnquiryStatus.ORDERED
            enquiry.save(update_fields=["status"])
            order = _create_order(quotation=quote, by=by, is_sample=False)
            notify(
                users=seller_users(enquiry.seller_id),
                kind="quote_accepted",
                subject=_("Quotation accepted: order %(number)s") % {"number": order.number},
                body=_("%(buyer)s accepted your quotation for “%(subject)s”.")
                % {"buyer": by, "subject": enquiry.subject},
                url=order.get_absolute_url(),
            )
    except IntegrityError as exc:
        raise QuoteNotAcceptable(_("This quotation has already been accepted.")) from exc
    quotation.status = QuoteStatus.ACCEPTED
    return order


def sample_order_create(*, quotation: Quotation, by: User) -> Order:
    """Order the sample a quotation offers (at most one sample order per quotation)."""
    try:
        with transaction.atomic():
            quote = (
                Quotation.objects.select_for_update().select_related("enquiry").get(pk=quotation.pk)
            )
            if quote.enquiry.buyer_id != by.pk:
                raise QuoteNotAcceptable(_("Only the buyer who asked can order a sample."))
            if not quote.sample_offered or not quote.sample_price:
                raise QuoteNotAcceptable(_("This quotation does not offer a sample."))
            if quote.status != QuoteStatus.SENT or quote.is_expired:
                raise QuoteNotAcceptable(_("This quotation is no longer open."))
            if quote.orders.filter(is_sample=True).exists():
                raise QuoteNotAcceptable(_("You have already ordered this sample."))
            order = _create_order(quotation=quote, by=by, is_sample=True)
            notify(
                users=seller_users(quote.enquiry.seller_id),
                kind="sample_ordered",
                subject=_("Sample ordered: %(number)s") % {"number": order.number},
                body=quote.enquiry.subject,
                url=order.get_absolute_url(),
            )
    except IntegrityError as exc:
        raise QuoteNotAcceptable(_("You have already ordered this sample.")) from exc
    return order


def quote_send(
    *,
    enquiry: Enquiry,
    by: User,
    currency: str,
    incoterm: str,
    lead_time_days: int,
    valid_until: dt.date,
    payment_terms: str,
    lines: Sequence[dict],
    port: str = "",
    sample_offered: bool = False,
    sample_price: Decimal | None = None,
    notes: str = "",
) -> Quotation:
    """Send (or revise) the seller's quotation on an enquiry; every version is kept.

    `lines`: dicts with product (or None), description, quantity, unit, unit_price.
    """
    if not lines:
        raise TradeError(_("Add at least one line to the quotation."))
    if valid_until < timezone.localdate():
        raise TradeError(_("The validity date cannot be in the past."))
    if not method_for(payment_terms).available(enquiry.seller):
        raise TradeError(
            _("%(terms)s is not available on this site; choose other payment terms.")
            % {"terms": method_for(payment_terms).label}
        )
    with transaction.atomic():
        locked = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if locked.status not in (EnquiryStatus.OPEN, EnquiryStatus.QUOTED):
            raise TradeError(_("This enquiry is closed; it can no longer be quoted."))
        quote = Quotation.objects.select_for_update().filter(enquiry=locked).first()
        terms = {
            "currency": currency,
            "incoterm": incoterm,
            "port": port,
            "lead_time_days": lead_time_days,
            "valid_until": valid_until,
            "payment_terms": payment_terms,
            "sample_offered": sample_offered,
            "sample_price": sample_price if sample_offered else None,
            "notes": notes,
            "total": sum(
                (Decimal(line["unit_price"]) * line["quantity"] for line in lines), Decimal(0)
            ),
        }
        if quote is None:
            quote = Quotation.objects.create(enquiry=locked, created_by=by, **terms)
            revised = False
        else:
            states.check_transition(
                "quotation", states.QUOTE_TRANSITIONS, quote.status, QuoteStatus.SENT
            )
            for key, value in terms.items():
                setattr(quote, key, value)
            quote.revision = F("revision") + 1
            quote.save()
            quote.refresh_from_db()
            quote.lines.all().delete()
            revised = True
        QuoteLine.objects.bulk_create(
            [
                QuoteLine(
                    quotation=quote,
                    product=line.get("product"),
                    description=line["description"],
                    quantity=line["quantity"],
                    unit=line.get("unit") or "piece",
                    unit_price=line["unit_price"],
                )
                for line in lines
            ]
        )
        QuoteRevision.objects.create(
            quotation=quote, number=quote.revision, snapshot=quote_snapshot(quote), created_by=by
        )
        now = timezone.now()
        updates = {"status": EnquiryStatus.QUOTED, "last_message_at": now}
        if locked.first_response_at is None:
            updates["first_response_at"] = now
        Enquiry.objects.filter(pk=locked.pk).update(**updates)
        if locked.first_response_at is None:
            track_record.refresh(locked.seller_id)  # a quotation is an answer too
        notify(
            users=[locked.buyer],
            kind="quote_revised" if revised else "new_quote",
            subject=(
                _("Revised quotation: %(subject)s") if revised else _("New quotation: %(subject)s")
            )
            % {"subject": locked.subject},
            body=_("%(currency)s %(total)s, valid until %(date)s")
            % {"currency": quote.currency, "total": quote.total, "date": quote.valid_until},
            url=locked.get_absolute_url() + "#quotation",
        )
    return quote


def quote_send_from_forms(
    *, enquiry: Enquiry, by: User, terms: dict, line_rows: Sequence[dict]
) -> Quotation:
    """`quote_send` from the quotation form's cleaned data (`terms`) and its line formset's
    (`line_rows`, one dict per line form: empty and deleted ones are dropped, a product id
    becomes the seller's own product)."""
    product_map = {p.pk: p for p in Product.objects.filter(seller=enquiry.seller)}
    lines = [
        {**row, "product": product_map.get(row.get("product"))}
        for row in line_rows
        if row and not row.get("DELETE")
    ]
    fields = {k: v for k, v in terms.items() if k != "once"}
    return quote_send(enquiry=enquiry, by=by, lines=lines, **fields)


def quote_decline(*, quotation: Quotation, by: User) -> Quotation:
    with transaction.atomic():
        quote = Quotation.objects.select_for_update().get(pk=quotation.pk)
        states.check_transition(
            "quotation", states.QUOTE_TRANSITIONS, quote.status, QuoteStatus.DECLINED
        )
        quote.status = QuoteStatus.DECLINED
        quote.save(update_fields=["status", "updated_at"])
        enquiry = quote.enquiry
        notify(
            users=seller_users(enquiry.seller_id),
            kind="quote_declined",
            subject=_("Quotation declined: %(subject)s") % {"subject": enquiry.subject},
            body="",
            url=enquiry.get_absolute_url(),
        )
    return quote
