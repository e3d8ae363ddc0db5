"""Rate files and sources: CSV and JSON parsing with every problem listed, and fetching."""

from __future__ import annotations

import datetime
from decimal import Decimal

from babel import Locale
from babel.numbers import get_currency_symbol

from .amounts import BASE_CURRENCY, MoneyError, Rate


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
