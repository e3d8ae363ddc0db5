"""Money: prices are stored in INR and shown to buyers in their own currency.

One package, split by concern (import from here; the modules are the implementation):

* `amounts`: Decimal arithmetic, minor units (CLDR via Babel, the one source), conversions.
* `rates`: exchange rates read (cached under the content version) and written.
* `visitor`: the display currency of a visitor and a signed-in buyer's preference.
* `formatting`: Babel formatting per locale, the `{% price %}` and API price objects.
* `rate_files`: CSV/JSON rate files and sources, validated with every problem listed.

The rates table is `core.ExchangeRate` (`models.py` here).
"""

from .amounts import (
    BASE_CURRENCY,
    ROUNDING,
    MoneyError,
    Rate,
    convert_from_inr,
    convert_to_inr,
    minor_units,
    quantize,
)
from .formatting import (
    FORMAT_CACHE_SIZE,
    DisplayPrice,
    api_price,
    babel_locale,
    currency_symbol,
    display_price,
    format_amount,
    format_money,
    format_rate_date,
)
from .rate_files import (
    MAX_SOURCE_BYTES,
    MAX_UNITS_PER_INR,
    MIN_UNITS_PER_INR,
    RatesFileError,
    fetch_rates_source,
    parse_rates_csv,
    parse_rates_json,
)
from .rates import exchange_rates_replace, latest_rates, rate_for, rates_for_request
from .visitor import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    LANGUAGE_DEFAULT_CURRENCY,
    SESSION_KEY,
    display_currencies,
    display_currency_for,
    is_display_currency,
    user_preferred_currency_set,
)

__all__ = [
    "BASE_CURRENCY",
    "COOKIE_MAX_AGE",
    "COOKIE_NAME",
    "FORMAT_CACHE_SIZE",
    "LANGUAGE_DEFAULT_CURRENCY",
    "MAX_SOURCE_BYTES",
    "MAX_UNITS_PER_INR",
    "MIN_UNITS_PER_INR",
    "ROUNDING",
    "SESSION_KEY",
    "DisplayPrice",
    "MoneyError",
    "Rate",
    "RatesFileError",
    "api_price",
    "babel_locale",
    "convert_from_inr",
    "convert_to_inr",
    "currency_symbol",
    "display_currencies",
    "display_currency_for",
    "display_price",
    "exchange_rates_replace",
    "fetch_rates_source",
    "format_amount",
    "format_money",
    "format_rate_date",
    "is_display_currency",
    "latest_rates",
    "minor_units",
    "parse_rates_csv",
    "parse_rates_json",
    "quantize",
    "rate_for",
    "rates_for_request",
    "user_preferred_currency_set",
]
