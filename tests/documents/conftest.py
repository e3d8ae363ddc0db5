"""A trade with everything a document prints: the seller's legal name, address, GSTIN, IEC
and verified bank details, an HS code on the product, a buyer company in Germany."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from pypdf import PdfReader

from marketplace.models import QuoteLine
from marketplace.services import quote_accept
from tests.factories import BuyerCompanyFactory, ProductFactory, SellerMembershipFactory
from tests.factories.marketplace import QuotationFactory

PACKAGES = [
    {
        "count": 3,
        "description": "Corrugated cartons",
        "net_kg": "12.5",
        "gross_kg": "14.25",
        "length_cm": "60",
        "width_cm": "40",
        "height_cm": "35",
    }
]


@dataclass
class DocTrade:
    seller_user: object
    buyer: object
    seller: object
    quote: object


def make_doc_trade(*, lines: int = 2, description: str = "Banarasi silk stole") -> DocTrade:
    owner = SellerMembershipFactory(
        seller__name="Kashi Weaves",
        seller__legal_name="Kashi Weaves Private Limited",
        seller__address="D 47/12 Ramapura\nVaranasi 221001, Uttar Pradesh",
        seller__gstin="09AAACH7409R1ZZ",
        seller__iec="AAACH7409R",
        seller__bank_account_name="Kashi Weaves Pvt Ltd",
        seller__bank_name="State Bank of India",
        seller__bank_account_number="30112233445",
        seller__bank_ifsc="SBIN0000123",
        seller__bank_swift="SBININBB123",
        seller__bank_status="verified",
    )
    product = ProductFactory(seller=owner.seller, hs_code="500720", name=description)
    buyer = BuyerCompanyFactory(name="Stoffhaus Hamburg GmbH", country="DE").user
    quote = QuotationFactory(
        enquiry__product=product,
        enquiry__buyer=buyer,
        enquiry__destination_port="Hamburg",
        incoterm="FOB",
        port="Nhava Sheva",
        payment_terms="bank_transfer",
        currency="USD",
    )
    QuoteLine.objects.filter(quotation=quote).update(description=description)
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quotation=quote,
            product=product,
            description=f"{description} design {i}",
            quantity=10 + i,
            unit_price=Decimal("7.25"),
        )
        for i in range(2, lines + 1)
    )
    total = sum((line.unit_price * line.quantity for line in quote.lines.all()), Decimal(0))
    type(quote).objects.filter(pk=quote.pk).update(total=total)
    quote.refresh_from_db()
    return DocTrade(owner.user, buyer, owner.seller, quote)


def accept(trade: DocTrade):
    return quote_accept(quotation=trade.quote, by=trade.buyer)


def pdf_text(document) -> str:
    with document.file.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (PDF lines wrap)."""
    return " ".join(text.split())


@pytest.fixture
def doc_trade(db) -> DocTrade:
    return make_doc_trade()
