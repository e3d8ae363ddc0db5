"""Demo trades with reviews, so a newcomer sees ratings on cards, seller pages and search.

Everything here is marked as demo data: order numbers start with DEMO-, enquiry subjects
with "Demo order", and each review's text says it is a demo review. Idempotent: orders are
matched on their number and only missing rows are created. Called by `load_demo_data`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalogue.models import Product
from sellers.models import Seller

from ..models import Enquiry, Order, OrderEvent, OrderLine, Quotation, QuoteLine
from ..states import EnquiryStatus, OrderStatus, QuoteStatus
from . import track_record
from .models import Review

DEMO_REVIEWERS = {
    # key: (email, name); "buyer" is the demo buyer of load_demo_data (Katrin Vogel).
    "maya": ("demo.buyer.maya@example.com", "Maya Thompson (demo buyer)"),
    "lucas": ("demo.buyer.lucas@example.com", "Lucas Moreau (demo buyer)"),
}
# (seller position: 0 = the demo seller, 1 and 2 = the next approved sellers), buyer key,
# days ago delivered, hours the seller took to answer, ratings (overall, as described,
# communication, delivery time), text; None ratings = delivered, not yet reviewed.
DEMO_TRADES = [
    (
        0,
        "maya",
        64,
        3,
        (5, 5, 5, 4),
        "Beautiful brocade, exactly as in the photos. Shipping "
        "took a week longer than quoted, but we were told in advance.",
    ),
    (
        0,
        "lucas",
        41,
        6,
        (5, 5, 4, 5),
        "Second order with this cooperative; the weave and the "
        "zari are consistent with the sample. Documents were complete for customs.",
    ),
    (
        0,
        "buyer",
        23,
        2,
        (4, 4, 5, 4),
        "Good quality and quick answers. Two pieces had small "
        "colour differences, which the seller explained is normal for hand dyeing.",
    ),
    (0, "buyer", 5, 1, None, ""),
    (
        1,
        "maya",
        52,
        12,
        (4, 4, 4, 3),
        "Solid quality for the price. Packaging could be sturdier for sea freight.",
    ),
    (1, "lucas", 18, 20, (5, 5, 4, 5), "Arrived on time and well packed."),
    (
        2,
        "buyer",
        35,
        30,
        (3, 3, 3, 2),
        "The goods were fine but the shipment left two weeks late and updates were slow.",
    ),
]
DEMO_PREFIX = "Demo review, not a real trade: "


def _buyer(key: str) -> User | None:
    if key == "buyer":
        return User.objects.filter(email="buyer@example.com").first()
    email, name = DEMO_REVIEWERS[key]
    user = User.objects.filter(email=email).first()
    if user is None:
        # Nobody signs in as these buyers: they exist only to have left the demo reviews.
        user = User.objects.create_user(email=email, password=None, full_name=name)
    return user


def _sellers() -> list[Seller]:
    from catalogue.demo import DEMO_SELLER_NAME

    approved = Seller.objects.filter(
        status=Seller.Status.APPROVED, products__status=Product.Status.PUBLISHED
    ).distinct()
    first = approved.filter(name=DEMO_SELLER_NAME).first()
    others = list(approved.exclude(name=DEMO_SELLER_NAME).order_by("pk")[:2])
    return [s for s in [first, *others] if s is not None]


def _trade(number: str, seller: Seller, buyer: User, days_ago: int, answer_hours: int) -> Order:
    """A delivered (or completed) demo order with its enquiry, accepted quotation and history."""
    product = seller.products.filter(status=Product.Status.PUBLISHED).order_by("pk").first()
    now = timezone.now()
    delivered = now - dt.timedelta(days=days_ago)
    asked = delivered - dt.timedelta(days=30)
    enquiry = Enquiry.objects.create(
        buyer=buyer,
        seller=seller,
        product=product,
        subject=f"Demo order: {product.name}"[:200],
        quantity=20,
        unit=product.unit,
        destination_country="DE",
        incoterm="FOB",
        status=EnquiryStatus.ORDERED,
    )
    Enquiry.objects.filter(pk=enquiry.pk).update(
        created_at=asked,
        first_response_at=asked + dt.timedelta(hours=answer_hours),
        last_message_at=asked + dt.timedelta(hours=answer_hours),
    )
    price = product.price_min_inr or Decimal("1000.00")
    quote = Quotation.objects.create(
        enquiry=enquiry,
        currency="INR",
        incoterm="FOB",
        port="Nhava Sheva",
        lead_time_days=21,
        valid_until=(asked + dt.timedelta(days=30)).date(),
        total=price * 20,
        status=QuoteStatus.ACCEPTED,
    )
    QuoteLine.objects.create(
        quotation=quote,
        product=product,
        description=product.name[:200],
        quantity=20,
        unit=product.unit,
        unit_price=price,
    )
    status = OrderStatus.COMPLETED if days_ago > 14 else OrderStatus.DELIVERED
    order = Order.objects.create(
        number=number,
        buyer=buyer,
        seller=seller,
        quotation=quote,
        currency="INR",
        total=price * 20,
        incoterm="FOB",
        port="Nhava Sheva",
        lead_time_days=21,
        payment_terms="bank_transfer",
        status=status,
        terms_snapshot={"demo": True},
    )
    OrderLine.objects.create(
        order=order,
        product=product,
        description=product.name[:200],
        quantity=20,
        unit=product.unit,
        unit_price=price,
    )
    steps = [
        OrderStatus.AWAITING_PAYMENT,
        OrderStatus.PAID,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
    ]
    if status == OrderStatus.COMPLETED:
        steps.append(OrderStatus.COMPLETED)
    for i, step in enumerate(steps):
        OrderEvent.objects.create(
            order=order,
            from_status=steps[i - 1] if i else "",
            to_status=step,
            note="Demo data" if i == 0 else "",
            created_at=delivered - dt.timedelta(days=len(steps) - 1 - i),
        )
    return order


@transaction.atomic
def load_demo_reviews() -> int:
    """The demo trades and their reviews; returns the number of orders created."""
    sellers = _sellers()
    created = 0
    touched = set()
    for position, (seat, key, days_ago, hours, ratings, text) in enumerate(DEMO_TRADES, 1):
        number = f"DEMO-R{position:03d}"
        if seat >= len(sellers) or Order.objects.filter(number=number).exists():
            continue
        buyer = _buyer(key)
        if buyer is None:
            continue
        seller = sellers[seat]
        order = _trade(number, seller, buyer, days_ago, hours)
        created += 1
        touched.add(seller.pk)
        if ratings is not None:
            overall, described, communication, delivery = ratings
            Review.objects.create(
                order=order,
                seller=seller,
                buyer=buyer,
                overall=overall,
                as_described=described,
                communication=communication,
                delivery_time=delivery,
                text=DEMO_PREFIX + text,
                created_at=timezone.now() - dt.timedelta(days=max(days_ago - 2, 1)),
            )
    for seller_id in touched:
        track_record.refresh(seller_id)
    return created
