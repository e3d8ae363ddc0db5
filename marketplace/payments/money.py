"""Money arithmetic for payments: Decimal amounts <-> Stripe's integer minor units, and fees.

Decimal end to end, never float. Stripe counts amounts in the currency's smallest unit, and
that unit is not always 1/100: zero-decimal currencies (JPY, KRW...) are counted in whole
units, and three-decimal ones (KWD, BHD...) in thousandths that Stripe requires to be a
multiple of ten. https://docs.stripe.com/currencies#zero-decimal
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from catalogue.models import ExchangeRate

ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])


class RateMissing(Exception):
    """No exchange rate is known to convert the fixed part of the platform fee."""


def minor_exponent(currency: str) -> int:
    currency = currency.upper()
    if currency in ZERO_DECIMAL:
        return 0
    if currency in THREE_DECIMAL:
        return 3
    return 2


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal amount -> integer minor units, rounded half up to what Stripe accepts."""
    exponent = minor_exponent(currency)
    units = (Decimal(amount) * (Decimal(10) ** exponent)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    if exponent == 3:
        # Stripe accepts three-decimal amounts only in multiples of 10.
        units = (units / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10
    return int(units)


def from_minor(units: int, currency: str) -> Decimal:
    exponent = minor_exponent(currency)
    return (Decimal(units) / (Decimal(10) ** exponent)).quantize(Decimal(1).scaleb(-exponent))


def fixed_fee_in(currency: str) -> Decimal:
    """settings.PLATFORM_FEE_FIXED_INR expressed in `currency`.

    The fixed part of the fee is set in INR (the platform's base currency) and converted at
    the newest rate in catalogue.ExchangeRate, the same table buyers see prices with. With no
    rate we refuse rather than guess: a wrong fee is a money bug, a refusal is a message.
    """
    fixed_inr = Decimal(str(settings.PLATFORM_FEE_FIXED_INR or "0"))
    if fixed_inr == 0 or currency.upper() == "INR":
        return fixed_inr
    rate = (
        ExchangeRate.objects.filter(currency=currency.upper())
        .order_by("-rate_date")
        .values_list("units_per_inr", flat=True)
        .first()
    )
    if rate is None:
        raise RateMissing(currency)
    return fixed_inr * rate


def platform_fee_minor(amount_minor: int, currency: str) -> int:
    """The platform's application fee for a charge of `amount_minor`, in the same units.

    percent of the amount + the fixed INR part converted to the charge currency, each rounded
    half up to the currency's minor unit, capped at the amount (Stripe refuses a fee larger
    than the charge).
    """
    percent = Decimal(str(settings.PLATFORM_FEE_PERCENT or "0"))
    variable = (Decimal(amount_minor) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    fixed = to_minor(fixed_fee_in(currency), currency)
    return int(min(amount_minor, variable + fixed))
