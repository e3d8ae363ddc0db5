"""Money arithmetic for payments: Decimal amounts <-> Stripe's integer minor units, and fees.

Decimal end to end, never float. Stripe counts amounts in the currency's smallest unit. The
number of decimals comes from the one source the whole site uses, CLDR through Babel
(`core.money.minor_units`: JPY 0, USD 2, KWD 3), and it agrees with Stripe's zero-decimal list
(BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF) and three-decimal list (BHD
JOD KWD OMR TND). Where Stripe differs from CLDR is written here, and only here
(https://docs.stripe.com/currencies#zero-decimal and #special-cases):

* STRIPE_HUNDREDTHS: currencies CLDR gives no minor unit but Stripe still counts in
  hundredths (ISK for backwards compatibility, and the others Stripe does not list as
  zero-decimal).
* Three-decimal amounts must be a multiple of ten (`to_minor` rounds to it).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from core.money import BASE_CURRENCY, minor_units, rate_for

# CLDR says 0 decimals; Stripe is not zero-decimal for these, so it counts hundredths.
STRIPE_HUNDREDTHS = frozenset(
    ["AFN", "ALL", "IQD", "IRR", "ISK", "LAK", "LBP", "MMK", "RSD", "SLL", "SOS", "SYP", "YER"]
)


class RateMissing(Exception):
    """No exchange rate is known to convert the fixed part of the platform fee."""


def minor_exponent(currency: str) -> int:
    """The decimals of Stripe's integer amounts in `currency`."""
    currency = currency.upper()
    if currency in STRIPE_HUNDREDTHS:
        return 2
    return minor_units(currency)


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
    the newest rate in core.ExchangeRate, the same table buyers see prices with. With no
    rate we refuse rather than guess: a wrong fee is a money bug, a refusal is a message.
    """
    fixed_inr = Decimal(str(settings.PLATFORM_FEE_FIXED_INR or "0"))
    if fixed_inr == 0 or currency.upper() == BASE_CURRENCY:
        return fixed_inr
    rate = rate_for(currency)
    if rate is None:
        raise RateMissing(currency)
    return fixed_inr * rate.units_per_inr


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
