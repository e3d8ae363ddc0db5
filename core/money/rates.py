"""Exchange rates: read (cached under the content version) and written.

Rates come from `core.ExchangeRate` (units of the currency one INR buys, per day); the newest
row per currency wins and its date is shown beside every converted price.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery

from core import content_cache

from .amounts import BASE_CURRENCY, MoneyError, Rate, _require_decimal
from .models import ExchangeRate

# The rates this process last read, with the content version they were read under.
_held: tuple[int, dict[str, Rate]] | None = None


def latest_rates() -> dict[str, Rate]:
    """The newest rate of every currency: cached until rates (or any public data) change
    (core/content_cache.py), otherwise one query whatever the number of currencies.

    The process keeps the rates of the version it last saw, and reads the version as pages do
    (`recent_content_version`: at most a second old): a search page converts its price
    buckets several times, and each shared-cache read of the version and the table cost as
    much as the conversion. New rates come from a daily command; a page converting with the
    previous day's for one more second says which day's rate it used."""
    global _held
    version = content_cache.recent_content_version()
    held = _held
    if held is not None and held[0] == version:
        return held[1]
    key = f"currency:latest-rates:{version}"
    rates = cache.get(key)
    if rates is None:
        rates = _latest_rates()
        cache.set(key, rates, content_cache.FRAGMENT_SECONDS)
    _held = (version, rates)
    return rates


def _latest_rates() -> dict[str, Rate]:
    # One query: each currency's row of its newest date (a correlated subquery on the
    # (currency, rate_date) key; every page view with a price pays this when caches are empty).
    newest = (
        ExchangeRate.objects.filter(currency=OuterRef("currency"))
        .order_by("-rate_date")
        .values("rate_date")[:1]
    )
    rows = ExchangeRate.objects.filter(rate_date=Subquery(newest)).only(
        "currency", "rate_date", "units_per_inr", "source"
    )
    return {r.currency: Rate(r.currency, r.units_per_inr, r.rate_date, r.source) for r in rows}


def rates_for_request(request) -> dict[str, Rate]:
    """`latest_rates()` memoised on the request, so a page with 50 prices queries once."""
    if request is None:
        return latest_rates()
    cached = getattr(request, "_deh_latest_rates", None)
    if cached is None:
        cached = latest_rates()
        request._deh_latest_rates = cached
    return cached


def rate_for(currency: str, *, request=None) -> Rate | None:
    currency = currency.upper()
    if currency == BASE_CURRENCY:
        return Rate(BASE_CURRENCY, Decimal(1), datetime.date.today(), "identity")
    return rates_for_request(request).get(currency)


@transaction.atomic
def exchange_rates_replace(*, rows: list[Rate], source: str) -> int:
    """Store a validated batch of rates (one per currency and day); all or nothing.

    Re-running with the same file updates the same rows (unique per currency and day), so
    the command is idempotent. Returns the number of rows written.
    """
    for rate in rows:
        if rate.currency == BASE_CURRENCY or len(rate.currency) != 3:
            raise MoneyError(f"{rate.currency}: not a currency that needs a rate.")
        if _require_decimal(rate.units_per_inr, "rate") <= 0:
            raise MoneyError(f"{rate.currency}: the rate must be positive.")
        ExchangeRate.objects.update_or_create(
            currency=rate.currency,
            rate_date=rate.rate_date,
            defaults={"units_per_inr": rate.units_per_inr, "source": rate.source or source},
        )
    return len(rows)


# Rates loaded by `update_exchange_rates --demo` carry this source; the bundled snapshot's
# file name marks rows loaded by earlier versions of the demo.
DEMO_RATE_SOURCES = frozenset({"demo", "exchange_rates.csv"})


def rate_is_demo(rate: Rate) -> bool:
    return rate.source in DEMO_RATE_SOURCES


def rate_is_stale(rate: Rate, *, today: datetime.date | None = None) -> bool:
    """Older than EXCHANGE_RATE_STALE_DAYS: shown with "may be out of date"."""
    today = today or datetime.date.today()
    return (today - rate.rate_date).days > settings.EXCHANGE_RATE_STALE_DAYS
