"""Formatting for people (Babel, per locale) and the API's price object."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from django.conf import settings
from django.utils import translation

from .amounts import BASE_CURRENCY, Rate, _require_decimal, convert_from_inr, minor_units, quantize
from .rates import rate_for


def babel_locale(language: str | None = None) -> Locale:
    return _babel_locale(_language_code(language))


def _language_code(language: str | None) -> str:
    return language or translation.get_language() or settings.LANGUAGE_CODE


# Babel's formatting costs 15-75 µs a call, and a list of 24 product cards formats each price
# range four times (about 6 ms of a search page, measured with bench/inprocess.py). The answer
# depends only on the arguments, and prices repeat, so each is remembered (a bounded number).
FORMAT_CACHE_SIZE = 4096


@lru_cache(maxsize=64)
def _babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_money(amount: Decimal, currency: str, *, language: str | None = None) -> str:
    """'₹2,500' / '2 500 ₹' / '¥4,830': locale-formatted, minor digits only when not whole."""
    return _format_money(amount, currency.upper(), _language_code(language))


@lru_cache(maxsize=FORMAT_CACHE_SIZE)
def _format_money(amount: Decimal, currency: str, language: str) -> str:
    amount = quantize(amount, currency)
    locale = _babel_locale(language)
    pattern = locale.currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        # "₹2,500" reads better than "₹2,500.00" for whole prices; patterns always use "."
        pattern = pattern.replace(".00", "")
        return format_currency(
            amount, currency, format=pattern, locale=locale, currency_digits=False
        )
    return format_currency(amount, currency, locale=locale)


def format_amount(amount: Decimal, currency: str, *, language: str | None = None) -> str:
    """The number alone, with exactly the currency's minor digits ('30.12', '4 830')."""
    return _format_amount(amount, currency, _language_code(language))


@lru_cache(maxsize=FORMAT_CACHE_SIZE)
def _format_amount(amount: Decimal, currency: str, language: str) -> str:
    digits = minor_units(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    amount = quantize(amount, currency)
    return format_decimal(amount, format=pattern, locale=_babel_locale(language))


def format_rate_date(day: datetime.date, *, language: str | None = None) -> str:
    """'24 Nov' in English, '24 nov.' in French: day and short month per locale."""
    return _format_rate_date(day, _language_code(language))


@lru_cache(maxsize=FORMAT_CACHE_SIZE)
def _format_rate_date(day: datetime.date, language: str) -> str:
    return format_date(day, "d MMM", locale=_babel_locale(language))


def currency_symbol(currency: str, *, language: str | None = None) -> str:
    return get_currency_symbol(currency.upper(), locale=babel_locale(language))


@dataclass(frozen=True)
class DisplayPrice:
    """What the `{% price %}` tag renders: the INR price and, when wanted, its conversion."""

    amount_inr: Decimal
    base_text: str
    currency: str
    converted: Decimal | None = None
    converted_text: str = ""
    rate: Rate | None = None
    rate_date_text: str = ""


def display_price(amount_inr: Decimal, currency: str, *, request=None) -> DisplayPrice:
    amount_inr = _require_decimal(amount_inr, "amount_inr")
    base_text = format_money(amount_inr, BASE_CURRENCY)
    currency = currency.upper()
    if currency == BASE_CURRENCY:
        return DisplayPrice(amount_inr, base_text, currency)
    rate = rate_for(currency, request=request)
    if rate is None:
        # No rate yet: show INR only rather than a made-up number.
        return DisplayPrice(amount_inr, base_text, BASE_CURRENCY)
    converted = convert_from_inr(amount_inr, rate)
    return DisplayPrice(
        amount_inr,
        base_text,
        currency,
        converted=converted,
        converted_text=f"{currency} {format_amount(converted, currency)}",
        rate=rate,
        rate_date_text=format_rate_date(rate.rate_date),
    )


def api_price(low_inr, high_inr, currency: str, *, request=None) -> dict:
    """The API's price object: {"min", "max", "currency"} in `currency`, plus the INR
    originals and the rate used ({"inr": {...}, "rate": {"units_per_inr", "date"}}).

    Falls back to INR (and says so in "currency") when no rate is known. Rates are read once
    per request (memoised on `request`).
    """
    currency = (currency or BASE_CURRENCY).upper()
    inr = {"min": low_inr, "max": high_inr}
    rate = None if currency == BASE_CURRENCY else rate_for(currency, request=request)
    if rate is None:
        return {"min": low_inr, "max": high_inr, "currency": BASE_CURRENCY, "inr": inr}

    def convert(value):
        return None if value is None else convert_from_inr(Decimal(value), rate)

    return {
        "min": convert(low_inr),
        "max": convert(high_inr),
        "currency": currency,
        "inr": inr,
        "rate": {"units_per_inr": rate.units_per_inr, "date": rate.rate_date.isoformat()},
    }
