"""Writes of the trade flow. Every function is atomic; notifications go out after commit.

Callers outside this app (payments) use `order_transition` only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from catalogue.models import Product
from core.notifications.services import notify
from sellers.models import Seller

from . import states
from .models import (
    BuyingRequest,
    Enquiry,
    Message,
    MessageAttachment,
    Order,
    OrderDocument,
    OrderEvent,
    OrderLine,
    Quotation,
    QuoteLine,
    QuoteRevision,
)
from .states import EnquiryStatus, IllegalTransition, OrderStatus, QuoteStatus


class TradeError(Exception):
    """A refusal with a message a person understands (shown as a form error or message)."""


class QuoteNotAcceptable(TradeError):
    pass


def seller_users(seller_id: int):
    return User.objects.filter(seller_memberships__seller_id=seller_id, is_active=True)


def party_for(*, user: User | None, buyer_id: int, seller_id: int) -> str | None:
    """Which side of a trade `user` is on: "buyer", "seller", "staff" or None."""
    if user is None or not user.is_authenticated:
        return None
    if user.pk == buyer_id:
        return "buyer"
    if user.seller_memberships.filter(seller_id=seller_id).exists():
        return "seller"
    if user.is_staff:
        return "staff"
    return None


# --------------------------------------------------------------------------- orders


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


def _documents_create(
    *, order: Order, by: User, documents: Sequence[tuple[str, UploadedFile]]
) -> list[OrderDocument]:
    kinds = set(OrderDocument.Kind.values)
    # Every pair is checked before any file is written.
    for kind, upload in documents:
        if kind not in kinds:
            raise TradeError(_("Choose what kind of document this is."))
        if not getattr(upload, "validated_content_type", ""):
            # Callers validate with `validators.validate_attachment` (forms do); a file that
            # skipped it is refused rather than stored unchecked.
            raise TradeError(_("“%(name)s” was not checked.") % {"name": upload.name})
    rows: list[OrderDocument] = []
    try:
        for kind, upload in documents:
            rows.append(
                OrderDocument.objects.create(
                    order=order,
                    kind=kind,
                    file=upload,
                    original_name=upload.name[:200],
                    content_type=upload.validated_content_type,
                    size=upload.size,
                    uploaded_by=by,
                )
            )
    except Exception:
        _discard_files(rows)
        raise
    return rows


def _discard_files(rows: Sequence[OrderDocument]) -> None:
    # The rows rolled back with the transaction; their files were already written.
    for row in rows:
        row.file.delete(save=False)


def _document_names(rows: Sequence[OrderDocument]) -> str:
    return ", ".join(f"{row.get_kind_display()} ({row.original_name})" for row in rows)


def order_documents_add(
    *, order: Order, by: User, party: str | None, documents: Sequence[tuple[str, UploadedFile]]
) -> list[OrderDocument]:
    """The seller adds shipping documents to a shipped (or later) order; tells the buyer.

    `documents`: (kind, upload) pairs, each upload already passed `validate_attachment`.
    Locks the order row so a status change cannot slip in between the check and the insert.
    Raises TradeError (nothing stored) for the wrong party, the wrong state or no file.
    """
    if party != "seller":
        raise TradeError(_("Only the seller adds documents to an order."))
    if not documents:
        raise TradeError(_("Choose at least one file to upload."))
    rows: list[OrderDocument] = []
    try:
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            if locked.status not in states.ORDER_DOCUMENT_STATUSES:
                raise TradeError(
                    _("Shipping documents can be added once the order is marked as shipped.")
                )
            rows = _documents_create(order=locked, by=by, documents=documents)
            notify(
                users=[locked.buyer],
                kind="order_documents",
                subject=_("Order %(number)s: documents added") % {"number": locked.number},
                body=_("The seller added: %(names)s") % {"names": _document_names(rows)},
                url=locked.get_absolute_url() + "#documents",
            )
    except Exception:
        _discard_files(rows)
        raise
    return rows


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


# --------------------------------------------------------------------------- enquiries


def _attach(*, message: Message, files: Sequence[UploadedFile]) -> None:
    for upload in files:
        MessageAttachment.objects.create(
            message=message,
            file=upload,
            original_name=upload.name[:200],
            content_type=getattr(upload, "validated_content_type", "") or upload.content_type,
            size=upload.size,
        )


def enquiry_create(
    *,
    buyer: User,
    seller: Seller,
    product: Product | None,
    quantity: int,
    unit: str,
    destination_country: str,
    incoterm: str,
    message: str,
    subject: str = "",
    destination_port: str = "",
    target_price: Decimal | None = None,
    target_currency: str = "USD",
    needed_by: dt.date | None = None,
    language: str = "",
    attachments: Sequence[UploadedFile] = (),
    rfq: BuyingRequest | None = None,
) -> Enquiry:
    """Open an enquiry (and its first message) from a buyer to a seller; tells the seller."""
    if seller.memberships.filter(user=buyer).exists():
        raise TradeError(_("You cannot send an enquiry to your own business."))
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            buyer=buyer,
            seller=seller,
            product=product,
            rfq=rfq,
            subject=(subject or (product.name if product else _("Enquiry")))[:200],
            quantity=quantity,
            unit=unit,
            target_price=target_price,
            target_currency=target_currency,
            destination_country=destination_country,
            destination_port=destination_port,
            incoterm=incoterm,
            needed_by=needed_by,
            language=language,
        )
        first = Message.objects.create(
            enquiry=enquiry, sender=buyer, from_buyer=True, body=message, language=language
        )
        _attach(message=first, files=attachments)
        notify(
            users=seller_users(seller.pk),
            kind="new_enquiry",
            subject=_("New enquiry: %(subject)s") % {"subject": enquiry.subject},
            body=message[:500],
            url=enquiry.get_absolute_url(),
        )
    return enquiry


def rfq_create(
    *,
    buyer: User,
    title: str,
    description: str,
    quantity: int,
    unit: str,
    destination_country: str,
    category=None,
    gi=None,
    district=None,
    destination_port: str = "",
    incoterm: str = "FOB",
    needed_by: dt.date | None = None,
    language: str = "",
    max_sellers: int = 20,
) -> BuyingRequest:
    """Post a buying request and route it, as one enquiry each, to matching sellers.

    A seller matches when it is approved and has a published product in the chosen
    category (or its sub-categories), GI and district (each only when chosen). With none of
    the three chosen, nobody is matched and the buyer is told to narrow it down.
    """
    from .selectors import rfq_matching_sellers

    with transaction.atomic():
        rfq = BuyingRequest.objects.create(
            buyer=buyer,
            title=title,
            description=description,
            category=category,
            gi=gi,
            district=district,
            quantity=quantity,
            unit=unit,
            destination_country=destination_country,
            destination_port=destination_port,
            incoterm=incoterm,
            needed_by=needed_by,
        )
        for seller in rfq_matching_sellers(rfq=rfq, exclude_user=buyer)[:max_sellers]:
            enquiry_create(
                buyer=buyer,
                seller=seller,
                product=None,
                rfq=rfq,
                subject=title,
                quantity=quantity,
                unit=unit,
                destination_country=destination_country,
                destination_port=destination_port,
                incoterm=incoterm,
                needed_by=needed_by,
                message=description,
                language=language,
            )
    return rfq


def message_post(
    *, enquiry: Enquiry, sender: User, body: str, attachments: Sequence[UploadedFile] = ()
) -> Message:
    """Post a message in an enquiry's conversation; tells the other side."""
    from_buyer = sender.pk == enquiry.buyer_id
    with transaction.atomic():
        message = Message.objects.create(
            enquiry=enquiry,
            sender=sender,
            from_buyer=from_buyer,
            body=body,
            language=sender.preferred_language,
        )
        _attach(message=message, files=attachments)
        now = timezone.now()
        updates = {"last_message_at": now}
        if not from_buyer and enquiry.first_response_at is None:
            updates["first_response_at"] = now
        Enquiry.objects.filter(pk=enquiry.pk).update(**updates)
        recipients = [enquiry.buyer] if not from_buyer else list(seller_users(enquiry.seller_id))
        notify(
            users=recipients,
            kind="new_message",
            subject=_("New message: %(subject)s") % {"subject": enquiry.subject},
            body=body[:500],
            url=enquiry.get_absolute_url(),
        )
    return message


def conversation_mark_read(*, enquiry: Enquiry, reader: User, as_buyer: bool) -> int:
    """Set read receipts on the other side's unread messages; returns how many."""
    return Message.objects.filter(
        enquiry=enquiry, from_buyer=not as_buyer, read_at__isnull=True
    ).update(read_at=timezone.now())


def enquiry_close(*, enquiry: Enquiry, by: User) -> Enquiry:
    with transaction.atomic():
        locked = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        states.check_transition(
            "enquiry", states.ENQUIRY_TRANSITIONS, locked.status, EnquiryStatus.CLOSED
        )
        locked.status = EnquiryStatus.CLOSED
        locked.save(update_fields=["status"])
        Quotation.objects.filter(enquiry=locked, status=QuoteStatus.SENT).update(
            status=QuoteStatus.WITHDRAWN if by.pk != locked.buyer_id else QuoteStatus.DECLINED
        )
    return locked


# --------------------------------------------------------------------------- quotations


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


# --------------------------------------------------------------------------- seller team


def invitation_create(*, seller: Seller, by: User, email: str, can_manage_payouts: bool = False):
    """Invite a person by email to join `seller` as staff (an owner's action).

    The same answer whether or not the address has an account (no enumeration)."""
    from .models import SellerInvitation
    from .tasks import send_invitation

    email = email.strip().lower()
    with transaction.atomic():
        invitation = SellerInvitation.objects.create(
            seller=seller, email=email, invited_by=by, can_manage_payouts=can_manage_payouts
        )
        # Through the task queue: a mail server that is down is a failed (logged, recorded)
        # task, not a 500 for the owner after the invitation is already saved.
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_accept(*, invitation, user: User):
    """The invited person (signed in with the invited address) joins the business as staff.

    Membership rows belong to sellers; this is the one place outside `sellers` that writes
    one, because joining is the last step of an invitation that lives here (marketplace may
    import sellers, not the other way round).
    """
    from sellers.models import SellerMembership

    from .models import SellerInvitation

    with transaction.atomic():
        locked = SellerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None or locked.is_expired:
            raise TradeError(_("This invitation has already been used or has expired."))
        if user.email.lower() != locked.email.lower():
            raise TradeError(
                _("This invitation was sent to another address. Sign in with that address.")
            )
        membership, _created = SellerMembership.objects.get_or_create(
            seller_id=locked.seller_id,
            user=user,
            defaults={
                "role": SellerMembership.Role.STAFF,
                "can_manage_payouts": locked.can_manage_payouts,
            },
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    return membership
