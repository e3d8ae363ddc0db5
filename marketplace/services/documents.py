"""Shipping documents on an order (the seller adds them once the order is shipped)."""

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
)
from .common import TradeError


def _documents_create(
    *, order: Order, by: User, documents: Sequence[tuple[str, UploadedFile]]
) -> list[OrderDocument]:
    kinds = set(OrderDocument.Kind.values)
    # Every pair is checked before any file is written.
    for kind, upload in documents:
        if kind not in kinds:
            raise TradeError(_("Choose what kind of document this is."))
        if not getattr(upload, "validated_content_type", ""):
            # Callers validate with `core.uploads.validate_attachment` (forms do); a file that
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
