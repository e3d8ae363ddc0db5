"""Demo data for trade documents: one completed order of the demo buyer with the demo seller,
with its proforma, commercial invoice and packing list issued (and the invoice once more in
Arabic, to show a version that replaces another). Everything says it is demo data.

Called by `manage.py load_demo_data` (`documents_demo_ensure`); idempotent: the order is
found again by its enquiry's subject and nothing is made twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.models import Enquiry, Quotation, QuoteLine
from marketplace.services import order_transition, quote_accept
from marketplace.states import EnquiryStatus, OrderStatus
from sellers.models import Seller, SellerMembership

from . import services
from .models import TradeDocument

SUBJECT = "Demo order: Banarasi silk for a Hamburg shop (demo data)"
PACKAGES = [
    {
        "count": 4,
        "description": "Corrugated cartons, silk wrapped (demo)",
        "net_kg": "9.5",
        "gross_kg": "11.2",
        "length_cm": "60",
        "width_cm": "40",
        "height_cm": "30",
    },
    {
        "count": 1,
        "description": "Wooden crate, sample pieces (demo)",
        "net_kg": "14",
        "gross_kg": "19.5",
        "length_cm": "80",
        "width_cm": "50",
        "height_cm": "40",
    },
]
STEPS = (OrderStatus.PAID, OrderStatus.IN_PRODUCTION)
AFTER_SHIPPING = (OrderStatus.DELIVERED, OrderStatus.COMPLETED)


@transaction.atomic
def documents_demo_ensure(*, buyer, seller_slug: str) -> int:
    """Make the demo order with its documents; return how many documents were issued."""
    seller = Seller.objects.filter(slug=seller_slug).first()
    member = (
        SellerMembership.objects.filter(seller=seller, role=SellerMembership.Role.OWNER)
        .select_related("user")
        .first()
    )
    if seller is None or member is None or Enquiry.objects.filter(subject=SUBJECT).exists():
        return 0
    products = list(seller.products.filter(status="published").order_by("id")[:3])
    if not products:
        return 0
    if not seller.legal_name:
        seller.legal_name = f"{seller.name} (demo data)"
        seller.address = f"Demo address: 12 Weavers Lane, {seller.district}, India"
        seller.save(update_fields=["legal_name", "address"])
    enquiry = Enquiry.objects.create(
        buyer=buyer,
        seller=seller,
        product=products[0],
        subject=SUBJECT,
        quantity=120,
        destination_country="DE",
        destination_port="Hamburg",
        incoterm="FOB",
        language="en",
        status=EnquiryStatus.QUOTED,
    )
    quote = Quotation.objects.create(
        enquiry=enquiry,
        created_by=member.user,
        currency="USD",
        incoterm="FOB",
        port="Nhava Sheva",
        lead_time_days=30,
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        payment_terms="bank_transfer",
        notes="Demo quotation (demo data).",
    )
    lines = [
        QuoteLine(
            quotation=quote,
            product=product,
            description=f"{product.name} (demo)",
            quantity=40,
            unit=product.unit,
            unit_price=Decimal("18.50") + i * Decimal("6"),
        )
        for i, product in enumerate(products)
    ]
    QuoteLine.objects.bulk_create(lines)
    quote.total = sum((line.unit_price * line.quantity for line in lines), Decimal(0))
    quote.save(update_fields=["total"])
    issued = [services.proforma_issue(quotation=quote, by=buyer, language="en")]
    order = quote_accept(quotation=quote, by=buyer)
    for status in STEPS:
        order = order_transition(order=order, to=status, note="Demo data")
    order = order_transition(
        order=order,
        to=OrderStatus.SHIPPED,
        note="Demo data",
        tracking_number="DEMO-MAEU-0001",
        carrier="Maersk (demo)",
    )
    invoice, packing = services.shipping_documents_issue(
        order=order,
        by=member.user,
        party="seller",
        packages=PACKAGES,
        port_of_loading="Nhava Sheva",
        port_of_discharge="Hamburg",
        language="en",
    )
    issued += [invoice, packing]
    issued.append(services.document_in_language(document=invoice, by=buyer, language="ar"))
    for status in AFTER_SHIPPING:
        order = order_transition(order=order, to=status, note="Demo data")
    return len({d.pk for d in issued if isinstance(d, TradeDocument)})
