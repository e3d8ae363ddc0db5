"""Reads for trade documents: the data a document is rendered from, and who may fetch it.

`quotation_data` and `order_data` build the snapshot a document stores (`TradeDocument.data`):
plain JSON (amounts as strings), language-neutral (codes, not labels), so one snapshot renders
in any of the site's languages and an issued document never changes when the order does.
Dates are the calendar day in India (TIME_ZONE), where the seller issues the document: a
quotation saved at 01:00 IST is dated that day, not the UTC day before."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from marketplace.models import Incoterm, Order, Quotation
from marketplace.payments.methods import method_for
from marketplace.payments.selectors import bank_details_for
from marketplace.selectors import enquiry_for, order_for

from .models import DOCUMENT_LANGUAGES, DocumentKind, ShipmentPackage, TradeDocument

# Under E and F terms the named place is where the goods are handed over in India (the port
# of loading); under C and D terms it is the destination (the port of discharge).
NAMED_PLACE_IS_LOADING = {Incoterm.EXW, Incoterm.FCA, Incoterm.FOB}


def quotation_reference(quotation: Quotation) -> str:
    return f"Q-{quotation.pk}"


def _ports(*, incoterm: str, named_place: str, destination_port: str) -> tuple[str, str]:
    if incoterm in NAMED_PLACE_IS_LOADING:
        return named_place, destination_port
    return "", destination_port or named_place


def _seller(seller) -> dict:
    return {
        "name": seller.name,
        "legal_name": seller.legal_name or seller.name,
        "address": seller.address or f"{seller.district}, India",
        "gstin": seller.gstin,
        "iec": seller.iec,
    }


def _buyer(user, *, country: str) -> dict:
    company = getattr(user, "buyer_company", None)
    return {
        "name": user.get_full_name() or user.email,
        "company": company.name if company else "",
        "country": (company.country if company else "") or country,
    }


def _bank(seller, payment_terms: str) -> dict | None:
    """Only details an official verified go on a document a bank may act on."""
    if not method_for(payment_terms).needs_bank_details:
        return None
    bank = bank_details_for(seller)
    if bank is None or not bank.verified:
        return None
    return {
        "account_name": bank.account_name,
        "bank_name": bank.bank_name,
        "account_number": bank.account_number,
        "ifsc": bank.ifsc,
        "swift": bank.swift,
    }


def _line(line) -> dict:
    product = line.product
    return {
        "description": line.description,
        "hs_code": (product.hs_code if product else "") or "",
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_price": str(line.unit_price),
        "total": str(line.unit_price * line.quantity),
    }


def quotation_data(quotation: Quotation) -> dict:
    """The proforma's data (quotation loaded with enquiry, its buyer and seller)."""
    enquiry = quotation.enquiry
    seller = enquiry.seller
    lines = [_line(line) for line in quotation.lines.select_related("product")]
    loading, discharge = _ports(
        incoterm=quotation.incoterm,
        named_place=quotation.port,
        destination_port=enquiry.destination_port,
    )
    return {
        "reference": quotation_reference(quotation),
        "revision": quotation.revision,
        "date": timezone.localdate(quotation.updated_at).isoformat(),
        "valid_until": quotation.valid_until.isoformat(),
        "seller": _seller(seller),
        "buyer": _buyer(enquiry.buyer, country=enquiry.destination_country),
        "currency": quotation.currency,
        "lines": lines,
        "total": str(sum((Decimal(line["total"]) for line in lines), Decimal(0))),
        "incoterm": quotation.incoterm,
        "named_place": quotation.port,
        "port_of_loading": loading,
        "port_of_discharge": discharge,
        "payment_terms": quotation.payment_terms,
        "lead_time_days": quotation.lead_time_days,
        "bank": _bank(seller, quotation.payment_terms),
    }


def default_ports(order: Order) -> tuple[str, str]:
    return _ports(
        incoterm=order.incoterm,
        named_place=order.port,
        destination_port=order.quotation.enquiry.destination_port,
    )


def order_data(
    order: Order, *, packages: list[dict], port_of_loading: str, port_of_discharge: str
) -> dict:
    """The commercial invoice's and packing list's data (order loaded with seller, buyer and
    quotation__enquiry); `packages` as `package_rows` returns them."""
    lines = [_line(line) for line in order.lines.select_related("product")]
    return {
        "reference": order.number,
        "quotation": quotation_reference(order.quotation),
        "date": timezone.localdate(order.created_at).isoformat(),
        "seller": _seller(order.seller),
        "buyer": _buyer(order.buyer, country=order.quotation.enquiry.destination_country),
        "currency": order.currency,
        "lines": lines,
        "total": str(order.total),
        "incoterm": order.incoterm,
        "named_place": order.port,
        "port_of_loading": port_of_loading,
        "port_of_discharge": port_of_discharge,
        "payment_terms": order.payment_terms,
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "bank": _bank(order.seller, order.payment_terms),
        "packages": packages,
        "package_totals": package_totals(packages),
    }


def package_rows(order: Order) -> list[dict]:
    return [
        {
            "count": p.count,
            "description": p.description,
            "net_kg": str(p.net_kg),
            "gross_kg": str(p.gross_kg),
            "length_cm": str(p.length_cm),
            "width_cm": str(p.width_cm),
            "height_cm": str(p.height_cm),
        }
        for p in ShipmentPackage.objects.filter(order=order)
    ]


def package_totals(packages: list[dict]) -> dict:
    count = sum(p["count"] for p in packages)
    net = sum((Decimal(p["net_kg"]) * p["count"] for p in packages), Decimal(0))
    gross = sum((Decimal(p["gross_kg"]) * p["count"] for p in packages), Decimal(0))
    volume = sum(
        (
            Decimal(p["length_cm"]) * Decimal(p["width_cm"]) * Decimal(p["height_cm"]) * p["count"]
            for p in packages
        ),
        Decimal(0),
    ) / Decimal(1_000_000)
    return {
        "count": count,
        "net_kg": str(net),
        "gross_kg": str(gross),
        "volume_m3": str(volume.quantize(Decimal("0.001"))),
    }


def buyer_language(order: Order) -> str:
    """The language the buyer chose: their last proforma's, else their enquiry's, else English."""
    chosen = (
        TradeDocument.objects.filter(quotation_id=order.quotation_id)
        .order_by("-issued_at", "-id")
        .values_list("language", flat=True)
        .first()
    )
    enquiry_language = (order.quotation.enquiry.language or "")[:2]
    return chosen or (enquiry_language if enquiry_language in DOCUMENT_LANGUAGES else "en")


# ------------------------------------------------------------------ listing and access


def _current(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        is_current=~Exists(TradeDocument.objects.filter(supersedes=OuterRef("pk")))
    ).select_related("issued_by", "supersedes")


def order_documents(order: Order) -> list[TradeDocument]:
    """Every document of the order, its quotation's proformas included, oldest first, each
    with `is_current` (no newer version): one query."""
    from django.db.models import Q

    qs = TradeDocument.objects.filter(
        Q(order=order) | Q(quotation_id=order.quotation_id, kind=DocumentKind.PROFORMA)
    ).defer("data")
    return list(_current(qs).order_by("issued_at", "id"))


def quotation_documents(quotation: Quotation) -> list[TradeDocument]:
    qs = TradeDocument.objects.filter(quotation=quotation, kind=DocumentKind.PROFORMA)
    return list(_current(qs.defer("data")).order_by("issued_at", "id"))


def document_for(*, user, pk: int) -> TradeDocument:
    """A document the user may fetch: the buyer, the seller's people and staff of the order
    (or, for a proforma, of the quotation's enquiry). Anyone else: 404, as for a missing id."""
    document = TradeDocument.objects.select_related("order", "quotation").filter(pk=pk).first()
    if document is None or not user.is_authenticated:
        raise Http404
    if document.order_id:
        order_for(user=user, number=document.order.number)
    else:
        enquiry_for(user=user, pk=document.quotation.enquiry_id)
    return document


def latest(*, kind: str, quotation_id: int | None = None, order_id: int | None = None):
    qs = TradeDocument.objects.filter(kind=kind)
    qs = qs.filter(order_id=order_id) if order_id else qs.filter(quotation_id=quotation_id)
    if not order_id:
        qs = qs.filter(order__isnull=True)
    return qs.order_by("-version", "-id").first()
