# ruff: noqa: S608  (SQL fragments are built from the constant declarations below only)
"""The facet registry: one declaration per search facet (#16).

Everything that used to list the facets again reads `REGISTRY`: the request parsing
(search.forms: which values are allowed), both backends (search.backends.database: how a
selection filters and how values are counted; search.backends.elasticsearch: the same as
query DSL dicts), the labels (search.services, the search page's facet titles) and the
OpenAPI parameters (search.openapi), and what each product stores: a facet's columns and
Elasticsearch fields are filled from the `ProductDocument` attributes of the same names
(`entry_values`, `es_values`), and the Elasticsearch mapping gains any facet field it does not
declare (`es_type`). Adding a facet over an indexed field is one entry in `REGISTRY`; a facet
over a new field also needs the attribute (search.backends.base.ProductDocument), its value
(search.indexing) and the column (search.models.ProductSearchEntry, with its migration); neither
backend changes.

Columns and fields named here are constants of this module, never request values; selected
values reach SQL as parameters only. Elasticsearch parts are plain dicts so that only the
Elasticsearch backend imports the client library.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from catalogue.category_names import category_name
from core import money

SLUG = re.compile(r"^[-a-z0-9_]{1,120}$")
# Keys, columns and fields are written into SQL and query DSL: plain identifiers only.
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Bucket:
    key: str
    low: Decimal | int
    high: Decimal | int | None


@dataclass(frozen=True)
class Facet:
    """A filterable, counted field of the product index.

    key: the request parameter and the key of the result's facets; title: the heading on
    the search page; column: the ProductSearchEntry column (database backend); es_field: the
    Elasticsearch field; choices: a callable giving (value, label) pairs when the values are
    a closed set (None: any slug is accepted); landing: an SEO landing page can be made of it.
    """

    key: str
    title: object
    column: str
    es_field: str
    choices: Callable[[], Iterable[tuple[str, object]]] | None = None
    landing: bool = False
    description: str = ""
    # Every matched product counted under exactly one value, and every value counted (both
    # backends: fewer values than Elasticsearch's aggregation size): the counts then add up
    # to the total without this facet's selection (search.services.filter_removals).
    partitions: bool = False

    def __post_init__(self):
        names = [self.key, self.column, self.es_field] + [
            getattr(self, attr, "") for attr in ("label_column", "parent_column", "es_parent_field")
        ]
        bad = [n for n in names if n and not _IDENTIFIER.match(n)]
        if bad:
            raise ValueError(f"Facet {self.key!r}: not a plain identifier: {bad}")

    # ---- values and labels --------------------------------------------------------------
    def allowed(self) -> list[str] | None:
        """The closed set of values, or None when any slug-shaped value is accepted."""
        if self.choices is None:
            return None
        return [str(value) for value, _label in self.choices()]

    def accepts(self, value: str) -> bool:
        allowed = self.allowed()
        return value in allowed if allowed is not None else bool(SLUG.match(value))

    def order(self, value: str):
        """Where a value stands when the values have a natural order (price buckets, rating
        thresholds); None: most products first."""
        return None

    def label(self, value: str, stored: str = "") -> str:
        """The words shown for a value; `stored` is the label a backend returned with it."""
        if self.choices is not None:
            return str(dict(self.choices()).get(value, stored or value))
        return stored or value

    def labels_as_stored(self) -> bool:
        """True when `label(value, stored)` is `stored or value` for every value, so a
        backend's labels stand as they are (search.services skips relabelling a district
        facet's 600 values one by one). A subclass that overrides `label` says so here."""
        return type(self).label is Facet.label and self.choices is None

    # ---- database backend ----------------------------------------------------------------
    @property
    def columns(self) -> tuple[str, ...]:
        """Columns the counting SQL reads from the matched rows."""
        return (self.column,)

    def db_filter(self, values: tuple[str, ...]) -> tuple[str, list]:
        """A WHERE condition over the index table aliased `e`, with its parameters."""
        ph = ", ".join(["%s"] * len(values))
        return f"e.{self.column} IN ({ph})", list(values)

    def db_count(self, source: str = "m", keep: tuple[str, ...] = ()) -> str:
        """A SELECT over `source` yielding (facet, value, label, count) rows (`keep`: values
        the buyer ticked, counted whatever else is cut)."""
        return (
            f"SELECT '{self.key}', {self.column}, '', COUNT(*) FROM {source} GROUP BY {self.column}"  # nosec B608
        )

    def db_sums(self) -> list[tuple[str, str]] | None:
        """A closed set of values as (value, SQL condition over the matched rows) pairs, so
        that the backend counts them with other facets' in ONE scan (search.backends.database
        `_sums_part`); None: values are open-ended, counted by `db_count`'s GROUP BY."""
        if self.choices is None:
            return None
        return [
            (value, f"{self.column} = '{value}'")
            for value in self.allowed() or ()
            if SLUG.match(value)  # values are written into the SQL: slugs only
        ]

    # ---- Elasticsearch backend (query DSL as dicts) ------------------------------------------
    def es_filter(self, values: tuple[str, ...]) -> dict:
        return {"terms": {self.es_field: list(values)}}

    def es_agg(self) -> dict:
        return {"terms": {"field": self.es_field, "size": self.es_size}}

    def es_value(self, key) -> tuple[str, str]:
        """(value, stored label) of one aggregation bucket key."""
        return str(key), ""

    def es_ticked_agg(self, values: tuple[str, ...]) -> dict | None:
        """An aggregation counting the ticked `values` whatever their rank, or None when
        `es_agg` counts every value already (closed sets)."""
        return None

    # ---- what one product stores (read from the ProductDocument attribute named `column`) ---
    es_type = "keyword"  # the Elasticsearch field type, where the mapping does not declare it
    es_size = 50  # values an Elasticsearch terms aggregation returns at most

    @property
    def es_fields(self) -> tuple[str, ...]:
        return (self.es_field,)

    def entry_values(self, doc) -> dict:
        """Columns of the product's database index row."""
        return {self.column: getattr(doc, self.column)}

    def es_values(self, doc) -> dict:
        """Fields of the product's Elasticsearch document."""
        return {self.es_field: getattr(doc, self.column)}

    # ---- OpenAPI ---------------------------------------------------------------------------
    def openapi_parameter(self) -> dict:
        allowed = self.allowed()
        known = f" Known values: {', '.join(allowed)}." if allowed else ""
        return {
            "name": self.key,
            "in": "query",
            "required": False,
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": True,
            "description": (
                (self.description + " " if self.description else "")
                + "Filter; repeat (or separate with commas) for any of several values. "
                "Unknown values match nothing or are ignored." + known
            ),
        }


@dataclass(frozen=True)
class LabelledFacet(Facet):
    """A slug with a display name stored beside it (state, district, category, GI).

    The database reads `label_column`; Elasticsearch keeps "slug<TAB>name" in one keyword
    field so one terms aggregation yields both. `parent_column`/`es_parent_field`: a
    selection also matches rows whose parent has that slug (a category and its children).
    """

    label_column: str = ""
    parent_column: str = ""
    es_parent_field: str = ""
    skip_empty: bool = False
    # The model ("app.Model", unique `slug`, display `name`) the stored names come from: the
    # database backend then counts by slug alone and reads the names of the values counted
    # from it, instead of carrying every matched row's name through the count (a broad
    # search over 10^5 products spent a fifth of its time moving and hashing names).
    label_model: str = ""
    es_size = 100
    # The index stores English names; `translate(value, stored)` gives the reader's words.
    translate: Callable[[str, str], str] | None = None

    def label(self, value: str, stored: str = "") -> str:
        if self.translate is not None:
            return self.translate(value, stored or value)
        return super().label(value, stored)

    def labels_as_stored(self) -> bool:
        return self.translate is None and self.choices is None

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,) if self.label_model else (self.column, self.label_column)

    def db_filter(self, values):
        ph = ", ".join(["%s"] * len(values))
        if self.parent_column:
            return (
                f"(e.{self.column} IN ({ph}) OR e.{self.parent_column} IN ({ph}))",
                list(values) * 2,
            )
        return f"e.{self.column} IN ({ph})", list(values)

    def db_sums(self):
        return None

    def db_count(self, source: str = "m", keep: tuple[str, ...] = ()) -> str:
        """The `es_size` values with the most products, as Elasticsearch's terms aggregation
        returns them (a broad search over 10^5 products matched 600 districts and 600 GIs,
        and built, sorted and cached every one; the search page shows a dozen, the API what
        Elasticsearch would), and the ticked values (`keep`) whatever their rank."""
        where = f" WHERE {self.column} <> ''" if self.skip_empty else ""
        bad = [value for value in keep if not SLUG.match(value)]
        if bad:
            raise ValueError(f"facet value not safe to write into SQL: {self.key}={bad!r}")
        ticked = ", ".join(f"'{value}'" for value in keep)
        first = f"CASE WHEN {self.column} IN ({ticked}) THEN 0 ELSE 1 END, " if keep else ""
        # Without a label model the stored name is counted with the slug (one name a slug).
        label = "" if self.label_model else f", {self.label_column} AS l"
        top = (
            f"SELECT {self.column} AS v{label}, COUNT(*) AS n FROM {source}{where} "  # nosec B608
            f"GROUP BY {self.column}{label.replace(' AS l', '')} "
            f"ORDER BY {first}COUNT(*) DESC, {self.column} LIMIT {self.es_size + len(keep)}"
        )
        if not self.label_model:
            return f"SELECT '{self.key}', c.v, c.l, c.n FROM ({top}) c"  # nosec B608
        from django.apps import apps

        table = apps.get_model(self.label_model)._meta.db_table
        # A slug no longer in the table (a value about to be reindexed) gets no name; the
        # value stands for it (search.services._label_facets).
        return (
            f"SELECT '{self.key}', c.v, t.name, c.n FROM ({top}) c "  # nosec B608
            f"LEFT JOIN {table} t ON t.slug = c.v"
        )

    def es_filter(self, values):
        should = [{"prefix": {self.es_field: f"{v}\t"}} for v in values]
        if self.es_parent_field:
            should.append({"terms": {self.es_parent_field: list(values)}})
        return {"bool": {"should": should, "minimum_should_match": 1}}

    def es_agg(self):
        return {"terms": {"field": self.es_field, "size": self.es_size}}

    def es_ticked_agg(self, values):
        # Keys are "slug<TAB>name"; slugs are [-a-z0-9_] (SLUG), escaped for Lucene's regexp.
        slugs = "|".join(re.escape(value) for value in values)
        return {"terms": {"field": self.es_field, "include": f"({slugs})\t.*", "size": len(values)}}

    def es_value(self, key):
        value, _tab, label = str(key).partition("\t")
        return value, label

    @property
    def es_fields(self):
        return (self.es_field, self.es_parent_field) if self.es_parent_field else (self.es_field,)

    def entry_values(self, doc):
        columns = (self.column, self.label_column, self.parent_column)
        return {column: getattr(doc, column) for column in columns if column}

    def es_values(self, doc):
        slug = getattr(doc, self.column)
        stored = f"{slug}\t{getattr(doc, self.label_column)}"
        values = {self.es_field: None if self.skip_empty and not slug else stored}
        if self.es_parent_field:
            values[self.es_parent_field] = getattr(doc, self.parent_column) or None
        return values


@dataclass(frozen=True)
class DelimitedFacet(Facet):
    """Several values per product, stored "|a|b|" in the database (one LIKE per value) and
    as a multi-valued keyword in Elasticsearch."""

    def db_filter(self, values):
        return (
            "(" + " OR ".join([f"e.{self.column} LIKE %s"] * len(values)) + ")",
            [f"%|{v}|%" for v in values],
        )

    def db_sums(self):
        return [
            (value, f"{self.column} LIKE '%%|{value}|%%'")
            for value in self.allowed() or ()
            if SLUG.match(value)  # values are written into the SQL: slugs only
        ]

    def entry_values(self, doc):
        values = getattr(doc, self.column)
        return {self.column: "|" + "|".join(values) + "|" if values else ""}

    def es_values(self, doc):
        return {self.es_field: list(getattr(doc, self.column))}


@dataclass(frozen=True)
class BooleanFacet(Facet):
    """A yes/no column; values "true" and "false"."""

    labels: tuple[object, object] = ("true", "false")  # (yes, no)
    es_type = "boolean"

    def allowed(self):
        return ["true", "false"]

    def label(self, value, stored=""):
        return str(self.labels[0] if value == "true" else self.labels[1])

    def db_filter(self, values):
        wanted = {v == "true" for v in values}
        if len(wanted) != 1:
            return "", []  # both ticked: no restriction
        return f"e.{self.column} = %s", [wanted.pop()]

    def db_sums(self):
        # NULL counts as false, as the filter reads it.
        return [("true", f"{self.column}"), ("false", f"NOT COALESCE({self.column}, FALSE)")]

    def es_filter(self, values):
        return {"terms": {self.es_field: [v == "true" for v in values]}}

    def es_agg(self):
        return {"terms": {"field": self.es_field}}


@dataclass(frozen=True)
class RangeFacet(Facet):
    """Buckets over a number: `low` inclusive; `high` exclusive, or inclusive with
    `high_inclusive`. `numeric`: compare as NUMERIC (money); `label_format`: the label of a
    bucket from its bounds (the last bucket has no high).

    `money`: the number is a price in rupees, and a buyer sees buckets with round bounds in
    their own display currency (`in_currency`): "USD 5 to USD 20", not "USD 5.56 to USD
    22.24". Such a bucket's key names its currency ("usd:5-20") and is turned into rupees at
    the latest rate when it filters, so a shared link means the same prices whatever the
    reader's currency. Rupee keys ("0-500") stay the API's and the INR visitor's."""

    buckets: tuple[Bucket, ...] = ()
    high_inclusive: bool = False
    numeric: bool = False
    label_format: Callable[[str, str], str] | None = None
    money: bool = False

    def allowed(self):
        return [b.key for b in self.buckets]

    def accepts(self, value):
        if value in self.allowed():
            return True
        return self.money and _money_bucket(value) is not None

    def label(self, value, stored=""):
        if self.money and _CURRENCY_KEY.match(value):
            return _money_label(value)
        low, _sep, high = value.partition("-")
        return self.label_format(low, high) if self.label_format else value

    def order(self, value):
        low = _CURRENCY_KEY.sub(r"\2", value).partition("-")[0]
        try:
            return Decimal(low)
        except ArithmeticError:
            return None

    def bucket(self, value: str) -> Bucket | None:
        """The bucket a selected value means (a listed one, or a currency key in rupees)."""
        for bucket in self.buckets:
            if bucket.key == value:
                return bucket
        return _money_bucket(value) if self.money else None

    def in_currency(self, currency: str) -> RangeFacet:
        """This facet with round bounds in `currency` (itself for INR, for a facet that is
        not money, or when no rate is known: the buyer then sees rupee prices anyway)."""
        if not self.money or currency.upper() == money.BASE_CURRENCY:
            return self
        rate = money.rate_for(currency)
        if rate is None:
            return self
        code = currency.lower()
        edges = sorted(
            {_round_figure(money.convert_from_inr(Decimal(b.low), rate)) for b in self.buckets}
            - {Decimal(0)}
        )
        bounds = [Decimal(0), *edges]
        keys = [
            f"{code}:{_plain(low)}-{_plain(high) if high is not None else ''}"
            for low, high in zip(bounds, [*bounds[1:], None], strict=True)
        ]
        return replace(self, buckets=tuple(b for b in map(_money_bucket, keys) if b is not None))

    def _bounds_sql(self, column: str, bucket: Bucket, literal: bool) -> tuple[str, list]:
        def val(x):
            if literal:  # a Decimal or int of this module's own making, never request text
                return f"CAST({Decimal(x)} AS NUMERIC)" if self.numeric else str(int(x))
            return "CAST(%s AS NUMERIC)" if self.numeric else "%s"

        op = "<=" if self.high_inclusive else "<"
        cond = f"{column} >= {val(bucket.low)}"
        params = [bucket.low]
        if bucket.high is not None:
            cond += f" AND {column} {op} {val(bucket.high)}"
            params.append(bucket.high)
        return cond, ([] if literal else params)

    def db_filter(self, values):
        ors, params = [], []
        for bucket in filter(None, map(self.bucket, values)):
            cond, p = self._bounds_sql(f"e.{self.column}", bucket, literal=False)
            ors.append(f"({cond})")
            params += p
        return "(" + " OR ".join(ors or ["1=0"]) + ")", params

    def db_sums(self):
        return [(b.key, self._bounds_sql(self.column, b, literal=True)[0]) for b in self.buckets]

    def _es_number(self, x):
        return float(x) if self.numeric else x

    @property
    def es_type(self):
        return "scaled_float" if self.numeric else "integer"

    def es_values(self, doc):
        value = getattr(doc, self.column)
        # Money travels as a string: a float would round the paise.
        return {self.es_field: str(value) if self.numeric and value is not None else value}

    def es_filter(self, values):
        ranges = []
        for bucket in filter(None, map(self.bucket, values)):
            bounds = {"gte": self._es_number(bucket.low)}
            if bucket.high is not None:
                bounds["lte" if self.high_inclusive else "lt"] = self._es_number(bucket.high)
            ranges.append({"range": {self.es_field: bounds}})
        return {"bool": {"should": ranges or [{"match_none": {}}], "minimum_should_match": 1}}

    def es_agg(self):
        ranges = []
        for bucket in self.buckets:
            spec = {"key": bucket.key, "from": self._es_number(bucket.low)}
            if bucket.high is not None:
                # Elasticsearch ranges exclude "to".
                spec["to"] = self._es_number(bucket.high) + (1 if self.high_inclusive else 0)
            ranges.append(spec)
        return {"range": {"field": self.es_field, "ranges": ranges}}


# A display-currency price bucket: "usd:5-20", "eur:100-" (lower case: the search form
# lower-cases facet values). Bounds are whole or two-decimal figures of that currency.
_CURRENCY_KEY = re.compile(r"^([a-z]{3}):(\d{1,9}(?:\.\d{1,2})?)-(\d{1,9}(?:\.\d{1,2})?)?$")


def _money_bucket(value: str) -> Bucket | None:
    """A currency key's bucket with its bounds in rupees at the latest rate (None for a
    malformed key, a currency buyers cannot pick, or one with no rate yet)."""
    found = _CURRENCY_KEY.match(value)
    if not found:
        return None
    code, low, high = found.groups()
    if not money.is_display_currency(code) or code.upper() == money.BASE_CURRENCY:
        return None
    rate = money.rate_for(code)
    if rate is None or (high is not None and Decimal(high) <= Decimal(low)):
        return None
    return Bucket(
        value,
        money.convert_to_inr(Decimal(low), rate),
        money.convert_to_inr(Decimal(high), rate) if high is not None else None,
    )


def _money_label(value: str) -> str:
    """'USD 5 to USD 20': the code before the figure, as converted prices read on the page."""
    code, low, high = _CURRENCY_KEY.match(value).groups()

    def amount(figure: str) -> str:
        text = f"{code.upper()} {money.format_figure(Decimal(figure), compact=False)}"
        # In Arabic each Latin "AED 20" is a bidi isolate (FSI … PDI): unisolated, the upper
        # bound and the count after the label swapped places ("من AED 0 إلى (3) AED 20").
        return f"\u2068{text}\u2069" if get_language_bidi() else text

    if not high:
        return _("%(low)s and above") % {"low": amount(low)}
    return _("%(low)s to %(high)s") % {"low": amount(low), "high": amount(high)}


def _round_figure(amount: Decimal) -> Decimal:
    """The nearest of 1, 2, 5, 10, 20, 50… (on a log scale): bounds a buyer reads at a glance."""
    if amount <= 0:
        return Decimal(0)
    exponent = math.floor(math.log10(amount))
    steps = [Decimal(m).scaleb(exponent) for m in (1, 2, 5, 10)]
    return min(steps, key=lambda step: abs(math.log(amount / step)))


def _plain(amount: Decimal) -> str:
    return format(amount.normalize(), "f")


@dataclass(frozen=True)
class AtLeastFacet(Facet):
    """Overlapping "at least" thresholds over a number ("4 ★ and up" also holds every
    "4.5 ★ and up" product), so each threshold is counted on its own, and a selection keeps
    the rows at or above the lowest threshold ticked. Rows without a value (a seller without
    reviews) meet none. `thresholds`: (key, minimum) pairs, constants of this module."""

    thresholds: tuple[tuple[str, Decimal], ...] = ()
    label_format: Callable[[str], str] | None = None
    es_type = "scaled_float"

    def es_values(self, doc):
        value = getattr(doc, self.column)
        return {self.es_field: str(value) if value is not None else None}

    def allowed(self):
        return [key for key, _minimum in self.thresholds]

    def order(self, value):
        keys = self.allowed()
        return keys.index(value) if value in keys else None

    def label(self, value, stored=""):
        return self.label_format(value) if self.label_format else value

    def _lowest(self, values) -> Decimal | None:
        chosen = [minimum for key, minimum in self.thresholds if key in values]
        return min(chosen) if chosen else None

    def db_filter(self, values):
        lowest = self._lowest(values)
        if lowest is None:
            return "1=0", []
        return f"e.{self.column} >= CAST(%s AS NUMERIC)", [lowest]

    def db_sums(self):
        return [(key, f"{self.column} >= {Decimal(minimum)}") for key, minimum in self.thresholds]

    def es_filter(self, values):
        lowest = self._lowest(values)
        if lowest is None:
            return {"match_none": {}}
        return {"range": {self.es_field: {"gte": float(lowest)}}}

    def es_agg(self):
        # Elasticsearch's range aggregation counts overlapping ranges each on its own.
        ranges = [{"key": key, "from": float(minimum)} for key, minimum in self.thresholds]
        return {"range": {"field": self.es_field, "ranges": ranges}}


# ---- labels of the closed sets (from the models that own them) ---------------------------
def _seller_types():
    from sellers.models import Seller

    return Seller.BusinessType.choices


def _certification_kinds():
    from catalogue.models import Certification

    return Certification.Kind.choices


def _rupees(low: str, high: str) -> str:
    if not high:
        return _("₹%(low)s and above") % {"low": f"{Decimal(low):,.0f}"}
    return _("₹%(low)s to ₹%(high)s") % {
        "low": f"{Decimal(low):,.0f}",
        "high": f"{Decimal(high):,.0f}",
    }


def _stars(value: str) -> str:
    return _("%(stars)s ★ and up") % {"stars": value}


def _units(low: str, high: str) -> str:
    if not high:
        return _("%(low)s units or more") % {"low": low}
    return _("%(low)s to %(high)s units") % {"low": low, "high": high}


REGISTRY: dict[str, Facet] = {
    facet.key: facet
    for facet in (
        LabelledFacet(
            "state",
            gettext_lazy("State"),
            column="state_slug",
            label_column="state_name",
            label_model="regions.State",
            es_field="state_facet",
            landing=True,
            partitions=True,  # 36 states and union territories
        ),
        LabelledFacet(
            "district",
            gettext_lazy("District"),
            column="district_slug",
            label_column="district_name",
            label_model="regions.District",
            es_field="district_facet",
            landing=True,
        ),
        LabelledFacet(
            "category",
            gettext_lazy("Category"),
            column="category_slug",
            label_column="category_name",
            label_model="catalogue.Category",
            es_field="category_facet",
            parent_column="parent_category_slug",
            es_parent_field="parent_category_slug",
            translate=category_name,
            landing=True,
            partitions=True,  # a product has one category; counted under it, not its parent
            description="A category slug also selects its subcategories.",
        ),
        LabelledFacet(
            "gi",
            gettext_lazy("GI product"),
            column="gi_slug",
            label_column="gi_name",
            label_model="catalogue.GIProduct",
            es_field="gi_facet",
            skip_empty=True,
            landing=True,
        ),
        DelimitedFacet(
            "certification",
            gettext_lazy("Certification"),
            column="certifications",
            es_field="certifications",
            choices=_certification_kinds,
        ),
        Facet(
            "seller_type",
            gettext_lazy("Seller type"),
            column="seller_type",
            es_field="seller_type",
            choices=_seller_types,
            partitions=True,
        ),
        BooleanFacet(
            "verified",
            gettext_lazy("Verification"),
            column="seller_verified",
            es_field="seller_verified",
            labels=(gettext_lazy("Verified seller"), gettext_lazy("Not yet verified")),
            partitions=True,
        ),
        RangeFacet(
            "price",
            gettext_lazy("Price per unit"),
            column="price_min",
            es_field="price_min",
            buckets=(
                Bucket("0-500", Decimal(0), Decimal(500)),
                Bucket("500-2000", Decimal(500), Decimal(2000)),
                Bucket("2000-10000", Decimal(2000), Decimal(10000)),
                Bucket("10000-", Decimal(10000), None),
            ),
            numeric=True,
            money=True,
            label_format=_rupees,
            description=(
                "Unit price bucket: INR bounds (0-500, 10000-), or round bounds in a display "
                "currency (usd:5-20, eur:100-), converted at the latest rate."
            ),
        ),
        RangeFacet(
            "moq",
            gettext_lazy("Minimum order"),
            column="moq",
            es_field="moq",
            buckets=(
                Bucket("1-10", 1, 10),
                Bucket("11-100", 11, 100),
                Bucket("101-1000", 101, 1000),
                Bucket("1001-", 1001, None),
            ),
            high_inclusive=True,
            label_format=_units,
            description="Minimum order quantity bucket in units.",
        ),
        # The seller's average rating from reviews of delivered orders (marketplace.reviews),
        # copied into every entry of its products.
        AtLeastFacet(
            "rating",
            gettext_lazy("Seller rating"),
            column="seller_rating",
            es_field="seller_rating",
            thresholds=(("4.5", Decimal("4.5")), ("4", Decimal("4")), ("3", Decimal("3"))),
            label_format=_stars,
            description="The seller's average rating from buyers of delivered orders, at least.",
        ),
    )
}


def facets() -> list[Facet]:
    """The registered facets, in display order."""
    return list(REGISTRY.values())


def facets_for(currency: str) -> list[Facet]:
    """The registered facets as a buyer seeing prices in `currency` counts them (money
    buckets with round bounds in that currency; see RangeFacet)."""
    return [
        facet.in_currency(currency) if isinstance(facet, RangeFacet) else facet
        for facet in REGISTRY.values()
    ]


def entry_values(doc) -> dict:
    """Every facet's columns for one product's database index row."""
    return {k: v for facet in REGISTRY.values() for k, v in facet.entry_values(doc).items()}


def es_values(doc) -> dict:
    """Every facet's fields for one product's Elasticsearch document."""
    return {k: v for facet in REGISTRY.values() for k, v in facet.es_values(doc).items()}


def facet_keys() -> tuple[str, ...]:
    return tuple(REGISTRY)


def landing_keys() -> tuple[str, ...]:
    """Facets whose single value names a place or a kind of product people look for (an SEO
    landing page, search.seo)."""
    return tuple(key for key, facet in REGISTRY.items() if facet.landing)


def get(key: str) -> Facet:
    return REGISTRY[key]


@dataclass
class registered:
    """Add a facet for the duration of a block (tests; a plugin would add it at import)."""

    facet: Facet
    _previous: dict = field(default_factory=dict)

    def __enter__(self):
        self._previous = dict(REGISTRY)
        REGISTRY[self.facet.key] = self.facet
        return self.facet

    def __exit__(self, *exc):
        REGISTRY.clear()
        REGISTRY.update(self._previous)
