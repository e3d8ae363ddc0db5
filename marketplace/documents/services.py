"""Issuing trade documents: numbering, rendering, storing. The only writer of TradeDocument.

Every issue runs in one transaction that locks the business row first (the quotation, or the
order) and then the seller's counter row for the kind and year, so:
- numbers are gapless and unique per seller, kind and year under concurrency (PostgreSQL row
  locks; SQLite's IMMEDIATE transactions serialise writers), and a failed issue (a refused
  package, a rendering error) rolls its number back;
- two clicks on "Issue" for the same order produce one set of versions at a time, never two
  documents with one number.
A file written before a rollback is deleted, so nothing is half-saved."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications.services import notify
from marketplace.models import Order, Quotation
from marketplace.states import OrderStatus, QuoteStatus
from sellers.selectors import team_users

from . import selectors
from .models import (
    DOCUMENT_LANGUAGES,
    PREFIXES,
    DocumentCounter,
    DocumentKind,
    ShipmentPackage,
    TradeDocument,
)
from .rendering import render_pdf


class DocumentError(Exception):
    """A refusal a person understands (shown as a message or form error)."""


MAX_PACKAGE_ROWS = 50
WEIGHT_MAX = Decimal("99999999.999")
SIZE_MAX = Decimal("99999.9")


def _next_sequence(*, seller_id: int, kind: str, year: int) -> int:
    """Take the next number of the series (the caller is inside a transaction)."""
    counter = (
        DocumentCounter.objects.select_for_update()
        .filter(seller_id=seller_id, kind=kind, year=year)
        .first()
    )
    if counter is None:
        try:
            with transaction.atomic():  # a concurrent first issue may create it first
                DocumentCounter.objects.create(seller_id=seller_id, kind=kind, year=year)
        except IntegrityError:
            pass
        counter = DocumentCounter.objects.select_for_update().get(
            seller_id=seller_id, kind=kind, year=year
        )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _issue(
    *,
    kind: str,
    seller_id: int,
    quotation: Quotation,
    order: Order | None,
    data: dict,
    language: str,
    by,
    previous: TradeDocument | None,
    written: list[str],
) -> TradeDocument:
    now = timezone.now()
    if previous is not None:
        year, sequence, number = previous.year, previous.sequence, previous.number
        version = previous.version + 1
    else:
        year = timezone.localdate(now).year
        sequence = _next_sequence(seller_id=seller_id, kind=kind, year=year)
        number = f"{PREFIXES[DocumentKind(kind)]}/{year}/{sequence:04d}"
        version = 1
    pdf = render_pdf(
        kind=kind, number=number, version=version, data=data, language=language, issued_at=now
    )
    document = TradeDocument(
        seller_id=seller_id,
        kind=kind,
        year=year,
        sequence=sequence,
        number=number,
        version=version,
        supersedes=previous,
        quotation=quotation,
        quotation_revision=quotation.revision,
        order=order,
        language=language,
        data=data,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        issued_by=by,
        issued_at=now,
    )
    document.file.save("document.pdf", ContentFile(pdf), save=False)
    written.append(document.file.name)
    document.save()
    return document


def _discard(names: list[str]) -> None:
    storage = TradeDocument._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _language(language: str) -> str:
    if language not in DOCUMENT_LANGUAGES:
        raise DocumentError(_("Choose one of the site's languages for the document."))
    return language


def proforma_issue(*, quotation: Quotation, by, language: str) -> TradeDocument:
    """The proforma invoice of the quotation's current revision in `language`.

    Issued once per revision and language: asking again returns the same document. A new
    revision, or another language, issues a new version of the same number that references
    the one it replaces."""
    language = _language(language)
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = (
                Quotation.objects.select_for_update(of=("self",))
                .select_related("enquiry__buyer__buyer_company", "enquiry__seller__district__state")
                .get(pk=quotation.pk)
            )
            if locked.status not in (QuoteStatus.SENT, QuoteStatus.ACCEPTED):
                raise DocumentError(_("This quotation is no longer open."))
            previous = selectors.latest(kind=DocumentKind.PROFORMA, quotation_id=locked.pk)
            if (
                previous is not None
                and previous.quotation_revision == locked.revision
                and previous.language == language
            ):
                return previous
            return _issue(
                kind=DocumentKind.PROFORMA,
                seller_id=locked.enquiry.seller_id,
                quotation=locked,
                order=None,
                data=selectors.quotation_data(locked),
                language=language,
                by=by,
                previous=previous,
                written=written,
            )
    except Exception:
        _discard(written)
        raise


def _decimal(value, *, label: str, row: int, maximum: Decimal) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise DocumentError(
            _("Package line %(row)s: the %(field)s must be a number, like 12.5.")
            % {"row": row, "field": label}
        )
    if number <= 0 or number > maximum:
        raise DocumentError(
            _("Package line %(row)s: the %(field)s must be more than zero.")
            % {"row": row, "field": label}
            if number <= 0
            else _("Package line %(row)s: the %(field)s is too large.")
            % {"row": row, "field": label}
        )
    return number


def clean_packages(rows: Sequence[dict]) -> list[dict]:
    """Check the packages a seller entered; raise DocumentError with the first problem.
    The form checks the same in the browser's language; this is the rule for every caller."""
    if not rows:
        raise DocumentError(_("Enter at least one package line."))
    if len(rows) > MAX_PACKAGE_ROWS:
        raise DocumentError(_("Enter at most 50 package lines."))
    clean = []
    for i, row in enumerate(rows, start=1):
        count = row.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 9999:
            raise DocumentError(
                _(
                    "Package line %(row)s: the number of packages must be a whole number "
                    "from 1 to 9999."
                )
                % {"row": i}
            )
        description = str(row.get("description", "")).strip()
        if not description or len(description) > 100:
            raise DocumentError(
                _("Package line %(row)s: say what the packages are (for example: cartons).")
                % {"row": i}
            )
        net = _decimal(row.get("net_kg"), label=_("net weight"), row=i, maximum=WEIGHT_MAX)
        gross = _decimal(row.get("gross_kg"), label=_("gross weight"), row=i, maximum=WEIGHT_MAX)
        if net > gross:
            raise DocumentError(
                _(
                    "Package line %(row)s: the net weight cannot be more than the gross weight "
                    "(the gross weight includes the packing)."
                )
                % {"row": i}
            )
        dims = {
            key: _decimal(row.get(key), label=label, row=i, maximum=SIZE_MAX)
            for key, label in (
                ("length_cm", _("length")),
                ("width_cm", _("width")),
                ("height_cm", _("height")),
            )
        }
        clean.append(
            {
                "count": count,
                "description": description,
                "net_kg": net.quantize(Decimal("0.001")),
                "gross_kg": gross.quantize(Decimal("0.001")),
                **{k: v.quantize(Decimal("0.1")) for k, v in dims.items()},
            }
        )
    return clean


SHIPPING_KINDS = (DocumentKind.COMMERCIAL_INVOICE, DocumentKind.PACKING_LIST)


def shipping_documents_issue(
    *,
    order: Order,
    by,
    party: str | None,
    packages: Sequence[dict],
    port_of_loading: str,
    port_of_discharge: str,
    language: str,
) -> list[TradeDocument]:
    """The seller records the packages and issues the commercial invoice and packing list.

    Issuing again (new packages, a fix) issues new versions of both, each referencing the one
    it replaces. All or nothing: a refused package stores nothing and uses no number."""
    if party != "seller":
        raise DocumentError(_("Only the seller issues the invoice and packing list."))
    language = _language(language)
    rows = clean_packages(packages)
    loading, discharge = port_of_loading.strip()[:100], port_of_discharge.strip()[:100]
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = (
                Order.objects.select_for_update(of=("self",))
                .select_related(
                    "seller__district__state", "buyer__buyer_company", "quotation__enquiry"
                )
                .get(pk=order.pk)
            )
            if locked.status == OrderStatus.CANCELLED:
                raise DocumentError(_("This order is cancelled: no documents can be issued."))
            ShipmentPackage.objects.filter(order=locked).delete()
            ShipmentPackage.objects.bulk_create(
                ShipmentPackage(order=locked, position=i, **row) for i, row in enumerate(rows)
            )
            data = selectors.order_data(
                locked,
                packages=selectors.package_rows(locked),
                port_of_loading=loading,
                port_of_discharge=discharge,
            )
            documents = [
                _issue(
                    kind=kind,
                    seller_id=locked.seller_id,
                    quotation=locked.quotation,
                    order=locked,
                    data=data,
                    language=language,
                    by=by,
                    previous=selectors.latest(kind=kind, order_id=locked.pk),
                    written=written,
                )
                for kind in SHIPPING_KINDS
            ]
            notify(
                users=[
                    locked.buyer,
                    *team_users(locked.seller_id),
                ],
                kind="order_documents",
                subject=_("Order %(number)s: documents issued") % {"number": locked.number},
                body=", ".join(f"{d.get_kind_display()} {d.number}" for d in documents),
                url=locked.get_absolute_url() + "#trade-documents",
            )
            return documents
    except Exception:
        _discard(written)
        raise


def document_in_language(*, document: TradeDocument, by, language: str) -> TradeDocument:
    """The same document in another language: a new version with the same data and number
    (the buyer's choice of language). The current version already in `language` is returned."""
    language = _language(language)
    written: list[str] = []
    try:
        with transaction.atomic():
            # Lock the business row, as every issue of this document's series does.
            if document.order_id:
                Order.objects.select_for_update().filter(pk=document.order_id).first()
            else:
                Quotation.objects.select_for_update().filter(pk=document.quotation_id).first()
            current = selectors.latest(
                kind=document.kind,
                order_id=document.order_id,
                quotation_id=document.quotation_id,
            )
            if current.language == language:
                return current
            full = TradeDocument.objects.select_related("quotation").get(pk=current.pk)
            return _issue(
                kind=full.kind,
                seller_id=full.seller_id,
                quotation=full.quotation,
                order=full.order,
                data=full.data,
                language=language,
                by=by,
                previous=full,
                written=written,
            )
    except Exception:
        _discard(written)
        raise
