"""Amounts: Decimal arithmetic, rounding to a currency's minor unit, INR conversions.

Contracts (tests in tests/world/test_currency*.py hold them):

* **Decimal end to end.** Every function takes and returns `decimal.Decimal`; a float raises
  `TypeError`, because a binary float cannot represent most prices exactly (0.1 + 0.2).
* **Rounded to the currency's minor unit**, as listed by CLDR through Babel: 2 decimals for
  USD/EUR/INR, 0 for JPY, 3 for KWD/BHD. This is the one source of minor units; where Stripe
  counts differently, `marketplace/payments/money.py` says so (STRIPE_HUNDREDTHS).
* **ROUND_HALF_UP**, not banker's rounding. Converted prices here are indicative ("≈ USD
  30.12"), each one rounded once, never summed; half-up is what a buyer checking with a
  calculator expects, and it is the rule the EU fixed for currency conversions
  (Regulation 1103/97, art. 5). Banker's rounding only pays off when many rounded amounts are
  added up, which this module never does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from babel.numbers import get_currency_precision

# Prices are stored in INR: the one definition of the platform's base currency.
BASE_CURRENCY = "INR"
ROUNDING = ROUND_HALF_UP

# Enough digits for a 12-digit INR amount times a rate with 10 decimals, with room to spare.
_CONTEXT = Context(prec=50, rounding=ROUNDING)


class MoneyError(ValueError):
    """An amount, currency or rate that cannot be used (bad input, not a bug)."""


@dataclass(frozen=True)
class Rate:
    currency: str
    units_per_inr: Decimal
    rate_date: datetime.date
    source: str = ""


def _require_decimal(value, name: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{name} must be a Decimal, not a float (floats lose money).")
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal, got {type(value).__name__}.")
    value = Decimal(value)
    if not value.is_finite():
        raise MoneyError(f"{name} must be a finite number.")
    return value


def minor_units(currency: str) -> int:
    """Decimal places of the currency's minor unit (CLDR): USD 2, JPY 0, KWD 3."""
    return get_currency_precision(currency.upper())


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round `amount` to the currency's minor unit, half up."""
    amount = _require_decimal(amount, "amount")
    exponent = Decimal(1).scaleb(-minor_units(currency))
    with localcontext(_CONTEXT):
        return amount.quantize(exponent, rounding=ROUNDING)


def convert_from_inr(amount_inr: Decimal, rate: Rate) -> Decimal:
    """INR amount → the rate's currency, rounded to that currency's minor unit."""
    amount_inr = _require_decimal(amount_inr, "amount_inr")
    units = _require_decimal(rate.units_per_inr, "rate")
    if units <= 0:
        raise MoneyError("An exchange rate must be positive.")
    with localcontext(_CONTEXT):
        return quantize(amount_inr * units, rate.currency)


def convert_to_inr(amount: Decimal, rate: Rate) -> Decimal:
    """An amount in the rate's currency → INR (paise), the inverse of `convert_from_inr`."""
    amount = _require_decimal(amount, "amount")
    units = _require_decimal(rate.units_per_inr, "rate")
    if units <= 0:
        raise MoneyError("An exchange rate must be positive.")
    with localcontext(_CONTEXT):
        return quantize(amount / units, BASE_CURRENCY)
