"""Enquiries, buying requests (RFQs) and their conversations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from catalogue.models import Product
from core.notifications.services import notify
from sellers import selectors as seller_selectors
from sellers.models import Seller

from .. import states
from ..models import (
    BuyingRequest,
    Enquiry,
    Message,
    MessageAttachment,
    Quotation,
)
from ..reviews import track_record
from ..states import EnquiryStatus, QuoteStatus
from .common import TradeError, seller_users


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
    if seller_selectors.user_is_seller_staff(buyer, seller):
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
    from ..selectors import rfq_matching_sellers

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
        first_answer = not from_buyer and enquiry.first_response_at is None
        if first_answer:
            updates["first_response_at"] = now
        Enquiry.objects.filter(pk=enquiry.pk).update(**updates)
        if first_answer:
            # The seller's response rate and time on cards and pages (a new enquiry changes
            # neither: see marketplace/reviews/track_record.py, RESPONSE_GRACE).
            track_record.refresh(enquiry.seller_id)
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
