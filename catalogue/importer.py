"""Bulk import of listings from CSV: check every row, then write all rows or none.

Columns (header row required, order free, names case-insensitive; * = required):

    name*            product name (max 200 characters)
    category*        category slug or name, e.g. "handloom-sarees" or "Handloom sarees"
    description*     plain text or simple formatting (HTML is cleaned)
    moq*             minimum order quantity, a whole number >= 1
    unit*            piece, set, pair, kg, tonne, metre, litre or dozen
    price_tiers*     "quantity:unit price in INR" pairs separated by ";", e.g. "10:2500;50:2200"
    lead_time_days   whole days (default 30)
    monthly_capacity whole number of units
    materials        free text
    hs_code          4, 6 or 8 digits
    gi               GI registry slug, GI number (e.g. "GI-123") or exact GI name
    gi_authorised_user  yes/no
    sample_available    yes/no
    sample_price_inr    decimal

Listings are created in the seller's district and submitted (pending review unless the seller is
trusted). `docs`-style sample: templates/catalogue/dashboard/import_sample.csv.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalogue.html import clean_html
from catalogue.models import Category, GIProduct, HSChapter, Product
from catalogue.services import ImportRow, TierData

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
REQUIRED = ("name", "category", "description", "moq", "unit", "price_tiers")
OPTIONAL = (
    "lead_time_days",
    "monthly_capacity",
    "materials",
    "hs_code",
    "gi",
    "gi_authorised_user",
    "sample_available",
    "sample_price_inr",
)
COLUMNS = REQUIRED + OPTIONAL
TRUE, FALSE = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
HS_RE = re.compile(r"^[0-9]{4}([0-9]{2}([0-9]{2})?)?$")


def decode_csv(raw: bytes) -> str:
    """UTF-8 (with or without BOM) only; anything else gets a sentence, not a traceback."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The file is not UTF-8 text. In your spreadsheet, save as “CSV UTF-8”.")
        ) from exc
    if "\x00" in text:
        raise ValidationError(_("This looks like a binary file, not a CSV."))
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationError(
            _("The header row lacks these columns: %(cols)s. Expected: %(all)s.")
            % {"cols": ", ".join(missing), "all": ", ".join(COLUMNS)}
        )
    return text


def _int(value: str, *, field: str, minimum: int = 0, required: bool = True) -> int | None:
    value = value.strip().replace(",", "")
    if not value:
        if required:
            raise ValidationError(_("%(field)s is required.") % {"field": field})
        return None
    if not value.isdigit() or int(value) < minimum or int(value) > 10**9:
        raise ValidationError(
            _("%(field)s must be a whole number of at least %(min)d; got “%(value)s”.")
            % {"field": field, "min": minimum, "value": value[:30]}
        )
    return int(value)


def _money(value: str, *, field: str) -> Decimal:
    try:
        amount = Decimal(value.strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValidationError(
            _("%(field)s must be an amount in INR; got “%(value)s”.")
            % {"field": field, "value": value[:30]}
        ) from exc
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("10000000000"):
        raise ValidationError(
            _("%(field)s must be more than 0 and less than 10,000,000,000.") % {"field": field}
        )
    return amount.quantize(Decimal("0.01"))


def _bool(value: str, *, field: str) -> bool:
    value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValidationError(_("%(field)s must be yes or no.") % {"field": field})


def _tiers(value: str) -> tuple[TierData, ...]:
    tiers = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        qty, sep, price = part.partition(":")
        if not sep:
            raise ValidationError(
                _("Write each price tier as quantity:price, e.g. 10:2500; got “%(part)s”.")
                % {"part": part[:30]}
            )
        quantity = _int(qty, field=_("Tier quantity"), minimum=1)
        if quantity in tiers:
            raise ValidationError(_("Two price tiers start at %(qty)d.") % {"qty": quantity})
        tiers[quantity] = _money(price, field=_("Tier price"))
    if not tiers:
        raise ValidationError(_("Give at least one price tier, e.g. 10:2500."))
    if len(tiers) > 10:
        raise ValidationError(_("At most 10 price tiers."))
    return tuple(TierData(q, p) for q, p in sorted(tiers.items()))


class Lookups:
    """Everything a row refers to, loaded once, so checking 1,000 rows costs no queries."""

    def __init__(self):
        self.categories = {}
        self.category_chapters = {}
        rows = Category.objects.values_list("pk", "slug", "name", "hs_chapter_id")
        for pk, slug, name, chapter in rows:
            self.categories[slug.lower()] = pk
            self.categories.setdefault(name.lower(), pk)
            self.category_chapters[pk] = chapter
        self.gis = {}
        for pk, slug, gi_id, name in GIProduct.objects.values_list("pk", "slug", "gi_id", "name"):
            self.gis[slug.lower()] = pk
            self.gis[gi_id.lower()] = pk
            self.gis.setdefault(name.lower(), pk)
        self.chapters = set(HSChapter.objects.values_list("code", flat=True))
        self.units = {value for value, _label in Product.Unit.choices}


def check_row(row: dict, lookups: Lookups) -> ImportRow:
    """One row to service-ready data; raises ValidationError with {column: [messages]}."""
    errors: dict[str, list[str]] = {}
    fields: dict = {}
    tiers: tuple[TierData, ...] = ()

    def attempt(column, func):
        try:
            return func()
        except ValidationError as error:
            errors.setdefault(column, []).extend(error.messages)
            return None

    def get(column):
        return (row.get(column) or "").strip()

    name = get("name")
    if not name:
        errors["name"] = [_("A name is required.")]
    elif len(name) > 200:
        errors["name"] = [_("Names may be at most 200 characters.")]
    fields["name"] = name

    category = lookups.categories.get(get("category").lower())
    if category is None:
        errors["category"] = [_("Unknown category “%(v)s”.") % {"v": get("category")[:60]}]
    fields["category_id"] = category

    description = get("description")
    if not clean_html(description):
        errors["description"] = [_("A description is required.")]
    elif len(description) > 10_000:
        errors["description"] = [_("Descriptions may be at most 10,000 characters.")]
    fields["description"] = description

    fields["moq"] = attempt("moq", lambda: _int(get("moq"), field="moq", minimum=1))
    unit = get("unit").lower()
    if unit not in lookups.units:
        errors["unit"] = [
            _("Unit must be one of: %(units)s.") % {"units": ", ".join(sorted(lookups.units))}
        ]
    fields["unit"] = unit
    tiers = attempt("price_tiers", lambda: _tiers(get("price_tiers"))) or ()

    lead = attempt(
        "lead_time_days",
        lambda: _int(get("lead_time_days"), field="lead_time_days", required=False),
    )
    if lead is not None and lead > 32767:
        errors["lead_time_days"] = [_("Lead time must be under 32,768 days.")]
    fields["lead_time_days"] = 30 if lead is None else lead
    fields["monthly_capacity"] = attempt(
        "monthly_capacity",
        lambda: _int(get("monthly_capacity"), field="monthly_capacity", required=False),
    )
    materials = get("materials")
    if len(materials) > 300:
        errors["materials"] = [_("Materials may be at most 300 characters.")]
    fields["materials"] = materials

    hs = re.sub(r"[\s.]", "", get("hs_code"))
    if hs and (not HS_RE.match(hs) or hs[:2] not in lookups.chapters):
        errors["hs_code"] = [_("HS code must be 4, 6 or 8 digits of a real HS chapter.")]
    fields["hs_code"] = hs
    fields["hs_chapter_id"] = (
        hs[:2] if hs and hs[:2] in lookups.chapters else lookups.category_chapters.get(category)
    )

    gi_value = get("gi")
    gi = lookups.gis.get(gi_value.lower()) if gi_value else None
    if gi_value and gi is None:
        errors["gi"] = [_("Unknown GI “%(v)s”.") % {"v": gi_value[:60]}]
    fields["gi_id"] = gi
    authorised = attempt(
        "gi_authorised_user", lambda: _bool(get("gi_authorised_user"), field="gi_authorised_user")
    )
    if authorised and not gi_value:
        errors.setdefault("gi", []).append(_("Name the GI you are an authorised user of."))
    fields["gi_authorised_user"] = bool(authorised)

    sample = attempt(
        "sample_available", lambda: _bool(get("sample_available"), field="sample_available")
    )
    fields["sample_available"] = bool(sample)
    sample_price = get("sample_price_inr")
    fields["sample_price_inr"] = (
        attempt("sample_price_inr", lambda: _money(sample_price, field="sample_price_inr"))
        if sample_price
        else None
    )

    if errors:
        raise ValidationError(errors)
    return ImportRow(fields=fields, tiers=tiers)


def check_file(
    text: str, *, progress: Callable[[int, int], None] | None = None
) -> tuple[list[ImportRow], list[dict]]:
    """Check every row; returns (rows, report). An empty report means the file may be written.

    Report entries: {"row": n, "errors": {column: [messages]}}, where the header is row 1.
    """
    rows = list(csv.DictReader(io.StringIO(text)))
    total = len(rows)
    report: list[dict] = []
    if total == 0:
        return [], [{"row": 1, "errors": {"file": [_("The file has a header but no rows.")]}}]
    if total > MAX_IMPORT_ROWS:
        return [], [
            {
                "row": 1,
                "errors": {
                    "file": [
                        _("At most %(max)d rows per file; split it.") % {"max": MAX_IMPORT_ROWS}
                    ]
                },
            }
        ]
    lookups = Lookups()
    checked: list[ImportRow] = []
    names: dict[str, int] = {}
    for index, raw in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): v or "" for k, v in raw.items() if isinstance(v, str)}
        if None in raw:
            report.append(
                {"row": index, "errors": {"file": [_("This row has more cells than the header.")]}}
            )
            continue
        try:
            checked.append(check_row(row, lookups))
        except ValidationError as error:
            report.append({"row": index, "errors": error.message_dict})
        else:
            key = row.get("name", "").strip().lower()
            if key in names:
                report.append(
                    {
                        "row": index,
                        "errors": {"name": [_("Same name as row %(row)d.") % {"row": names[key]}]},
                    }
                )
            names.setdefault(key, index)
        if progress and (index - 1) % 50 == 0:
            progress(index - 1, total)
    if progress:
        progress(total, total)
    return checked, report
