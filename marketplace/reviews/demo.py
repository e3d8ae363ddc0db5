"""Demo trades with reviews, so a newcomer sees ratings on cards, seller pages and search.

Everything here is marked as demo data: order numbers start with DEMO-, enquiry subjects
with "Demo order", and each review's text says it is a demo review. Idempotent: orders are
matched on their number and only missing rows are created. Called by `load_demo_data`. The
trades, their ratings and texts, and the demo reviewers are data:
`marketplace/reviews/data/demo_reviews.json`.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalogue.models import Product
from sellers.models import Seller

from ..models import Enquiry, Order, OrderEvent, OrderLine, Quotation, QuoteLine
from ..states import EnquiryStatus, OrderStatus, QuoteStatus
from . import track_record
from .models import Review

DATA = Path(__file__).resolve().parent / "data" / "demo_reviews.json"
_data = json.loads(DATA.read_text(encoding="utf-8"))
# key -> (email, name); "buyer" is the demo buyer of load_demo_data (Katrin Vogel).
DEMO_REVIEWERS = {key: (row["email"], row["name"]) for key, row in _data["reviewers"].items()}
# Each trade: seller position (0 = the demo seller, 1 and 2 = the next approved sellers), buyer
# key, days since delivery, hours the seller took to answer, ratings (None = not reviewed), text.
DEMO_TRADES: list[dict] = _data["trades"]
DEMO_PREFIX: str = _data["prefix"]
del _data


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
    for position, trade in enumerate(DEMO_TRADES, 1):
        number = f"DEMO-R{position:03d}"
        seat, days_ago = trade["seller"], trade["delivered_days_ago"]
        if seat >= len(sellers) or Order.objects.filter(number=number).exists():
            continue
        buyer = _buyer(trade["buyer"])
        if buyer is None:
            continue
        seller = sellers[seat]
        order = _trade(number, seller, buyer, days_ago, trade["answer_hours"])
        created += 1
        touched.add(seller.pk)
        if trade["ratings"] is not None:
            Review.objects.create(
                order=order,
                seller=seller,
                buyer=buyer,
                **trade["ratings"],  # overall, as_described, communication, delivery_time
                text=DEMO_PREFIX + trade["text"],
                created_at=timezone.now() - dt.timedelta(days=max(days_ago - 2, 1)),
            )
    for seller_id in touched:
        track_record.refresh(seller_id)
    return created
