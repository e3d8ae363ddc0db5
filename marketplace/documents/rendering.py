"""HTML (Django templates) to PDF (WeasyPrint) for trade documents, in the buyer's language.

Everything the reader sees is formatted here for the document's language: labels through
gettext under `translation.override`, amounts and dates through Babel (`core.money`), amounts
in words through num2words (Hindi, which it lacks, through CLDR's spell-out rules). WeasyPrint
fetches nothing: the template carries its own CSS and
`_no_fetch` refuses every URL, so text a seller or buyer typed can never make the server
request anything (the templates escape it like any page; it prints as text)."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_name
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from num2words import num2words
from unicode_rbnf import RbnfEngine

from accounts.countries import country_name
from catalogue.models import Product
from core.money.amounts import minor_units
from core.money.formatting import babel_locale, format_money
from marketplace.models import Incoterm
from marketplace.payments.methods import method_for

from .models import PREFIXES, DocumentKind

# num2words writes English, French, Spanish and Arabic well (its Arabic has the forms an
# Arabic invoice uses, "خمسمائة", where CLDR's rules give "خمسة مائة"), but has no Hindi.
# Hindi comes from CLDR's own spell-out rules (unicode_rbnf), with the Indian scale a Hindi
# reader expects: लाख, करोड़, अरब.
NUM2WORDS_LANG = {"en": "en", "fr": "fr", "es": "es", "ar": "ar"}
CLDR_SPELLOUT = {"hi"}
RTL = {"ar"}


@functools.cache
def _cldr_engine(language: str) -> RbnfEngine:
    return RbnfEngine.for_language(language)


def _words(number: int, language: str) -> str:
    if language in CLDR_SPELLOUT:
        return _cldr_engine(language).format_number(number).text
    return num2words(number, lang=NUM2WORDS_LANG.get(language, "en"))


def amount_in_words(amount: Decimal, currency: str, language: str) -> str:
    digits = minor_units(currency)
    whole = int(amount)
    minor = int(((amount - whole) * (10**digits)).to_integral_value()) if digits else 0
    words = _words(whole, language)
    name = get_currency_name(currency, count=whole, locale=babel_locale(language))
    if minor:
        return _("%(currency)s %(words)s and %(minor)s/%(base)s only") % {
            "currency": name,
            "words": words,
            "minor": f"{minor:0{digits}d}",
            "base": 10**digits,
        }
    return _("%(currency)s %(words)s only") % {"currency": name, "words": words}


def _date(iso: str, language: str) -> str:
    return format_date(datetime.date.fromisoformat(iso), "long", locale=babel_locale(language))


def _number(value, language: str, pattern: str = "#,##0.###") -> str:
    return format_decimal(Decimal(str(value)), format=pattern, locale=babel_locale(language))


def _unit_label(unit: str) -> str:
    try:
        return str(Product.Unit(unit).label)
    except ValueError:
        return unit


def _incoterm_label(code: str) -> str:
    try:
        return str(Incoterm(code).label)
    except ValueError:
        return code


def context(*, kind: str, number: str, version: int, data: dict, language: str, issued_at):
    """What the template shows, formatted for `language` (call under translation.override)."""
    currency = data["currency"]

    def money(value):
        return format_money(Decimal(value), currency, language=language)

    lines = [
        {
            **line,
            "quantity": _number(line["quantity"], language),
            "unit": _unit_label(line["unit"]),
            "unit_price": money(line["unit_price"]),
            "total": money(line["total"]),
        }
        for line in data["lines"]
    ]
    packages = [
        {
            **p,
            "count": _number(p["count"], language),
            "net_kg": _number(p["net_kg"], language),
            "gross_kg": _number(p["gross_kg"], language),
            "dimensions": " × ".join(
                _number(p[k], language, "#,##0.#") for k in ("length_cm", "width_cm", "height_cm")
            ),
        }
        for p in data.get("packages", [])
    ]
    totals = data.get("package_totals") or {}
    return {
        "kind": kind,
        "title": DocumentKind(kind).label,
        "number": number,
        "version": version,
        "language": language,
        "rtl": language in RTL,
        "issued_on": format_date(
            timezone.localdate(issued_at), "long", locale=babel_locale(language)
        ),
        "data": data,
        "date": _date(data["date"], language),
        "valid_until": _date(data["valid_until"], language) if data.get("valid_until") else "",
        "buyer_country": country_name(data["buyer"]["country"]) if data["buyer"]["country"] else "",
        "lines": lines,
        "total": money(data["total"]),
        "total_in_words": amount_in_words(Decimal(data["total"]), currency, language),
        "incoterm": _incoterm_label(data["incoterm"]),
        "payment_terms": method_for(data["payment_terms"]).label,
        "packages": packages,
        "package_totals": {
            "count": _number(totals.get("count", 0), language),
            "net_kg": _number(totals.get("net_kg", 0), language),
            "gross_kg": _number(totals.get("gross_kg", 0), language),
            "volume_m3": _number(totals.get("volume_m3", 0), language),
        },
        "lead_time_days": _number(data.get("lead_time_days") or 0, language),
        "prefix": PREFIXES[DocumentKind(kind)],
    }


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"trade documents fetch nothing ({url[:40]})")


def render_html(*, kind: str, number: str, version: int, data: dict, language: str, issued_at):
    with translation.override(language):
        ctx = context(
            kind=kind,
            number=number,
            version=version,
            data=data,
            language=language,
            issued_at=issued_at,
        )
        return render_to_string("documents/pdf/document.html", ctx)


def load_engine():
    """WeasyPrint's HTML class, imported once (about 0.5 s: Pango, HarfBuzz and fonts through
    cffi). Web servers call this before forking (cms/wagtail_speedups/warmup.py), so a worker's
    first document does not pay for it; other processes pay on their first document."""
    from PIL import ImageFile
    from weasyprint import HTML

    # Importing WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES, after which
    # the photo upload check (core.uploads) would accept half-uploaded files in this
    # process. Documents embed no images (`_no_fetch`), so WeasyPrint loses nothing by it.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML


def render_pdf(**kwargs) -> bytes:
    html = render_html(**kwargs)
    return load_engine()(string=html, url_fetcher=_no_fetch).write_pdf()
