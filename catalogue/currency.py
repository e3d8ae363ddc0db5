"""Money for display: prices are stored in INR and shown to buyers in their own currency.

Contracts (tests in tests/world/test_currency*.py hold them):

* **Decimal end to end.** Every function takes and returns `decimal.Decimal`; a float raises
  `TypeError`, because a binary float cannot represent most prices exactly (0.1 + 0.2).
* **Rounded to the currency's minor unit**, as listed by CLDR through Babel: 2 decimals for
  USD/EUR/INR, 0 for JPY, 3 for KWD/BHD.
* **ROUND_HALF_UP**, not banker's rounding. Converted prices here are indicative ("≈ USD
  30.12"), each one rounded once, never summed; half-up is what a buyer checking with a
  calculator expects, and it is the rule the EU fixed for currency conversions
  (Regulation 1103/97, art. 5). Banker's rounding only pays off when many rounded amounts are
  added up, which this module never does.
* **Rates** come from `catalogue.ExchangeRate` (units of the currency one INR buys, per day);
  the newest row per currency wins and its date is shown beside every converted price.

The display currency of a visitor is, in order: the session, the `currency` cookie, the
signed-in user's `preferred_currency`, then a default for the active language
(`LANGUAGE_DEFAULT_CURRENCY`), then INR.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache

from babel import Locale
from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
)
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from catalogue.models import ExchangeRate
from config import content_cache

BASE_CURRENCY = "INR"
ROUNDING = ROUND_HALF_UP
SESSION_KEY = "display_currency"
COOKIE_NAME = "currency"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# A sensible first guess before a visitor picks one; an explicit choice always wins.
LANGUAGE_DEFAULT_CURRENCY = {"en": "USD", "fr": "EUR", "es": "EUR", "ar": "AED", "hi": "INR"}

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


def display_currencies() -> list[str]:
    """The currencies buyers may pick (settings.DISPLAY_CURRENCIES), INR always first."""
    codes = [c.upper() for c in getattr(settings, "DISPLAY_CURRENCIES", [])]
    return [BASE_CURRENCY, *[c for c in codes if c != BASE_CURRENCY]]


def is_display_currency(code: str | None) -> bool:
    return bool(code) and code.upper() in display_currencies()


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


# --- rates ------------------------------------------------------------------------------


def latest_rates() -> dict[str, Rate]:
    """The newest rate of every currency: cached until rates (or any public data) change
    (config/content_cache.py), otherwise two queries whatever the number of currencies."""
    key = f"currency:latest-rates:{content_cache.content_version()}"
    rates = cache.get(key)
    if rates is None:
        rates = _latest_rates()
        cache.set(key, rates, content_cache.FRAGMENT_SECONDS)
    return rates


def _latest_rates() -> dict[str, Rate]:
    newest = ExchangeRate.objects.values("currency").annotate(latest=Max("rate_date"))
    wanted = {row["currency"]: row["latest"] for row in newest}
    if not wanted:
        return {}
    rows = ExchangeRate.objects.filter(rate_date__in=set(wanted.values())).only(
        "currency", "rate_date", "units_per_inr", "source"
    )
    return {
        r.currency: Rate(r.currency, r.units_per_inr, r.rate_date, r.source)
        for r in rows
        if wanted.get(r.currency) == r.rate_date
    }


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


# --- the visitor's display currency ----------------------------------------------------


def display_currency_for(request) -> str:
    """The currency this visitor sees prices in (see the module docstring for the order)."""
    candidates = []
    if request is not None:
        session = getattr(request, "session", None)
        if session is not None:
            candidates.append(session.get(SESSION_KEY))
        candidates.append(request.COOKIES.get(COOKIE_NAME))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            candidates.append(getattr(user, "preferred_currency", ""))
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    candidates.append(LANGUAGE_DEFAULT_CURRENCY.get(language))
    for code in candidates:
        if is_display_currency(code):
            return code.upper()
    return BASE_CURRENCY


@transaction.atomic
def user_preferred_currency_set(*, user, currency: str) -> None:
    """Remember a signed-in buyer's choice across devices."""
    currency = currency.upper()
    if not is_display_currency(currency):
        raise MoneyError(f"{currency} is not offered.")
    if user.preferred_currency != currency:
        user.preferred_currency = currency
        user.save(update_fields=["preferred_currency"])


# --- formatting ---------------------------------------------------------------------------


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
    """'24 Nov 2025' in English, '24 nov. 2025' in French: with the year, so a year-old rate
    never passes for today's."""
    return _format_rate_date(day, _language_code(language))


@lru_cache(maxsize=FORMAT_CACHE_SIZE)
def _format_rate_date(day: datetime.date, language: str) -> str:
    return format_date(day, "d MMM y", locale=_babel_locale(language))


# Rates loaded by `update_exchange_rates --demo` carry this source; the bundled snapshot's
# file name marks rows loaded by earlier versions of the demo.
DEMO_RATE_SOURCES = frozenset({"demo", "exchange_rates.csv"})


def rate_is_demo(rate: Rate) -> bool:
    return rate.source in DEMO_RATE_SOURCES


def rate_is_stale(rate: Rate, *, today: datetime.date | None = None) -> bool:
    """Older than EXCHANGE_RATE_STALE_DAYS: shown with "may be out of date"."""
    today = today or datetime.date.today()
    return (today - rate.rate_date).days > settings.EXCHANGE_RATE_STALE_DAYS


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


# --- rate files and sources -------------------------------------------------------------


class RatesFileError(MoneyError):
    """A rates file or source that failed validation; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


# Sanity bounds on "units of X per INR": catches inverted files (INR per USD given as USD per
# INR) without rejecting real currencies (1 INR is ~0.003 KWD and ~170 IDR).
MIN_UNITS_PER_INR = Decimal("0.0001")
MAX_UNITS_PER_INR = Decimal("100000")


def _validate_rate(currency, day, value, where: str, errors: list[str]) -> Rate | None:
    code = (currency or "").strip().upper()
    problems = []
    if len(code) != 3 or not code.isalpha():
        problems.append(f"{where}: '{currency}' is not a three-letter currency code.")
    elif code == BASE_CURRENCY:
        problems.append(f"{where}: INR is the base currency and needs no rate.")
    else:
        try:
            get_currency_symbol(code, locale="en")
            if code not in Locale.parse("en").currencies:
                raise KeyError(code)
        except KeyError:
            problems.append(f"{where}: {code} is not a known ISO 4217 currency.")
    try:
        parsed_day = datetime.date.fromisoformat(str(day).strip())
        if parsed_day > datetime.date.today() + datetime.timedelta(days=1):
            problems.append(f"{where}: the date {parsed_day} is in the future.")
    except ValueError:
        problems.append(f"{where}: '{day}' is not a date (use YYYY-MM-DD).")
        parsed_day = None
    if isinstance(value, float):
        value = str(value)
    try:
        units = Decimal(str(value).strip())
        if not units.is_finite() or not (MIN_UNITS_PER_INR <= units <= MAX_UNITS_PER_INR):
            problems.append(
                f"{where}: rate {value} is outside {MIN_UNITS_PER_INR}–{MAX_UNITS_PER_INR} "
                "units per INR (is the file inverted?)."
            )
    except ArithmeticError:
        problems.append(f"{where}: '{value}' is not a number.")
    if problems:
        errors.extend(problems)
        return None
    return Rate(code, units.quantize(Decimal("1e-10")), parsed_day)


def _finish(rates: list[Rate], errors: list[str]) -> list[Rate]:
    seen = set()
    for rate in rates:
        key = (rate.currency, rate.rate_date)
        if key in seen:
            errors.append(f"{rate.currency} on {rate.rate_date} appears twice.")
        seen.add(key)
    if not rates and not errors:
        errors.append("The file holds no rates.")
    if errors:
        raise RatesFileError(errors)
    return rates


def parse_rates_csv(text: str) -> list[Rate]:
    """CSV with columns currency, rate_date, units_per_inr ('#' lines are comments).

    `inr_per_unit` may replace `units_per_inr` (how newspapers quote: 1 USD = 88.4 INR).
    """
    import csv
    import io

    text = text.lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    fields = {f.strip() for f in (reader.fieldnames or [])}
    errors: list[str] = []
    if "currency" not in fields or "rate_date" not in fields:
        raise RatesFileError(["The CSV needs the columns currency, rate_date and units_per_inr."])
    inverted = "units_per_inr" not in fields and "inr_per_unit" in fields
    if "units_per_inr" not in fields and not inverted:
        raise RatesFileError(["The CSV needs a units_per_inr (or inr_per_unit) column."])
    rates = []
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        value = row.get("inr_per_unit" if inverted else "units_per_inr", "")
        if inverted:
            try:
                value = Decimal(1) / Decimal(value)
            except (ArithmeticError, ValueError):
                errors.append(f"Row {number}: '{value}' is not a positive number.")
                continue
        rate = _validate_rate(
            row.get("currency"), row.get("rate_date"), value, f"Row {number}", errors
        )
        if rate:
            rates.append(
                Rate(rate.currency, rate.units_per_inr, rate.rate_date, row.get("source", ""))
            )
    return _finish(rates, errors)


def parse_rates_json(text: str) -> list[Rate]:
    """JSON as served by ECB-based sources such as Frankfurter:
    {"base": "INR", "date": "2025-11-24", "rates": {"USD": 0.01128, ...}}.

    Numbers are parsed straight into Decimal, never through float.
    """
    import json

    try:
        data = json.loads(text.lstrip("\ufeff"), parse_float=Decimal, parse_int=Decimal)
    except ValueError as exc:
        raise RatesFileError([f"Not valid JSON: {exc}."]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("rates"), dict):
        raise RatesFileError(['The JSON needs a "rates" object of currency codes to numbers.'])
    base = str(data.get("base") or data.get("base_code") or "").upper()
    if base != BASE_CURRENCY:
        raise RatesFileError([f'The JSON base must be INR (got "{base or "none"}").'])
    day = data.get("date") or ""
    errors: list[str] = []
    rates = []
    for code, value in data["rates"].items():
        if str(code).upper() == BASE_CURRENCY:
            continue  # some sources list the base itself at 1.0
        rate = _validate_rate(code, day, value, str(code), errors)
        if rate:
            rates.append(rate)
    return _finish(rates, errors)


MAX_SOURCE_BYTES = 1_000_000


def fetch_rates_source(url: str, *, timeout: float = 10.0) -> tuple[str, str]:
    """Download a rates document; returns (text, kind) where kind is 'json' or 'csv'."""
    from urllib.error import URLError
    from urllib.parse import urlsplit
    from urllib.request import Request, urlopen

    if urlsplit(url).scheme not in ("https", "http"):
        raise RatesFileError([f"EXCHANGE_RATES_URL must be an http(s) URL, not {url!r}."])
    request = Request(url, headers={"Accept": "application/json, text/csv"})  # noqa: S310
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310
            body = response.read(MAX_SOURCE_BYTES + 1)
            content_type = response.headers.get("Content-Type", "")
    except (URLError, TimeoutError, OSError) as exc:
        raise RatesFileError([f"Could not fetch {url}: {exc}."]) from exc
    if len(body) > MAX_SOURCE_BYTES:
        raise RatesFileError([f"{url} returned more than {MAX_SOURCE_BYTES} bytes."])
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RatesFileError([f"{url} did not return UTF-8 text."]) from exc
    kind = "csv" if "csv" in content_type or url.lower().endswith(".csv") else "json"
    return text, kind


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
