"""A seller's track record: the rating from visible reviews and how it answers enquiries.

The figures are computed here (a handful of aggregate queries) and stored on the seller by
`sellers.services.seller_track_record_set`, so product cards, seller pages, search results
and the API read them with the seller row they load anyway. They are refreshed by the review
services (a review posted, edited or hidden), by the enquiry services (an enquiry received,
its first answer) and once a day (`manage.py refresh_track_records`), because the 90-day
window moves on even when nothing happens.
"""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.utils import timezone

from sellers.services import seller_track_record_set

RESPONSE_WINDOW = dt.timedelta(days=90)
# An unanswered enquiry counts against the seller only once it waited this long: a seller is
# not marked down for an enquiry it still has time to answer, and a new enquiry changes no
# figure (so it flushes no cached page); the first answer counts at once.
RESPONSE_GRACE = dt.timedelta(hours=48)


def rating_figures(seller_id: int) -> dict:
    from .models import Review

    row = Review.objects.filter(seller_id=seller_id, hidden_at__isnull=True).aggregate(
        average=Avg("overall"), count=Count("id")
    )
    average = row["average"]
    return {
        "rating_average": (
            Decimal(str(average)).quantize(Decimal("0.01"), ROUND_HALF_UP) if row["count"] else None
        ),
        "rating_count": row["count"],
    }


def response_figures(seller_id: int, *, now: dt.datetime | None = None) -> dict:
    """Enquiries received in the last 90 days: the share answered (per cent) and the median
    hours to the first answer. One query, reading two timestamps per enquiry; an unanswered
    enquiry younger than RESPONSE_GRACE is left out."""
    from marketplace.models import Enquiry

    now = now or timezone.now()
    rows = list(
        Enquiry.objects.filter(seller_id=seller_id, created_at__gte=now - RESPONSE_WINDOW)
        .filter(Q(first_response_at__isnull=False) | Q(created_at__lte=now - RESPONSE_GRACE))
        .values_list("created_at", "first_response_at")
    )
    if not rows:
        return {"response_rate": None, "response_median_hours": None}
    waits = [(answered - created).total_seconds() / 3600 for created, answered in rows if answered]
    rate = Decimal(100 * len(waits)) / len(rows)
    median = (
        Decimal(str(statistics.median(waits))).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if waits
        else None
    )
    return {
        "response_rate": int(rate.quantize(Decimal("1"), ROUND_HALF_UP)),
        "response_median_hours": max(median, Decimal("0.0")) if median is not None else None,
    }


def refresh(seller_id: int) -> bool:
    """Recompute and store the seller's figures; True if anything shown changed. Called
    inside the services' transactions, so a review and the average it moves commit together
    (and a rolled-back one moves nothing)."""
    figures = {**rating_figures(seller_id), **response_figures(seller_id)}
    return seller_track_record_set(seller_id=seller_id, figures=figures)


def refresh_all() -> int:
    """Every approved seller (the daily job); returns how many changed."""
    from sellers.models import Seller

    ids = Seller.objects.filter(status=Seller.Status.APPROVED).values_list("pk", flat=True)
    return sum(1 for pk in ids.iterator() if refresh(pk))
