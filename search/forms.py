"""Parsing search parameters (page, suggest and API share these rules).

Sort and filter keys pass an allow-list here, before anything reaches a backend; values of
facets must look like slugs or belong to the facet's closed set (search.facets); other values
are dropped (unknown slugs simply match nothing).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from search import facets as facet_registry
from search.backends.base import SORTS
from search.multilingual import LANGUAGES

MAX_QUERY_LENGTH = 500
MAX_PAGE = 10_000
MAX_PRICE = Decimal(10_000_000_000)
MAX_MOQ = 10_000_000
MAX_VALUES_PER_FACET = 20
SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("newest", _("Newest")),
    ("rating", _("Seller rating")),
]
assert {key for key, _label in SORT_CHOICES} == set(SORTS)


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        strip=False,  # so the documented maxLength counts what was sent
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Please shorten your search to %(limit_value)d characters or fewer.")
        },
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=SORT_CHOICES,
        error_messages={
            "invalid_choice": _(
                "Sort by one of: relevance, price_asc, price_desc, newest, rating (not %(value)s)."
            )
        },
    )
    page = forms.IntegerField(
        label=_("Page"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": _("The page must be a whole number."),
            "min_value": _("The page must be 1 or more."),
            "max_value": _("The page must be %(limit_value)s or less."),
        },
    )
    page_size = forms.IntegerField(
        label=_("Results per page"), required=False, min_value=1, max_value=100
    )
    price_min = forms.DecimalField(
        label=_("Minimum price"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_PRICE,
        error_messages={
            "invalid": _("The minimum price must be a number."),
            "min_value": _("The minimum price cannot be negative."),
            "max_value": _("The minimum price must be below %(limit_value)s."),
        },
    )
    price_max = forms.DecimalField(
        label=_("Maximum price"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_PRICE,
        error_messages={
            "invalid": _("The maximum price must be a number."),
            "min_value": _("The maximum price cannot be negative."),
            "max_value": _("The maximum price must be below %(limit_value)s."),
        },
    )
    lang = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[(code, code) for code in LANGUAGES],
        error_messages={
            "invalid_choice": _(
                "Choose the query language from: en, hi, fr, es, ar (not %(value)s)."
            )
        },
    )
    moq_max = forms.IntegerField(
        label=_("Minimum order quantity (MOQ) at most"),
        required=False,
        min_value=1,
        max_value=MAX_MOQ,
        error_messages={"invalid": _("The maximum order quantity must be a whole number.")},
    )

    def __init__(self, data, *args, **kwargs):
        # Keep the raw multi-valued facet parameters (QueryDict.getlist) beside the form.
        self.raw_facets = {}
        for facet in facet_registry.facet_keys():
            values = data.getlist(facet) if hasattr(data, "getlist") else data.get(facet, [])
            if isinstance(values, str):
                values = [values]
            self.raw_facets[facet] = values
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        # A minimum above the maximum is not an error, just a range nothing falls in.
        filters: dict[str, tuple[str, ...]] = {}
        for facet, values in self.raw_facets.items():
            kept: list[str] = []
            declared = facet_registry.get(facet)
            for raw in values:
                for value in str(raw).split(","):
                    value = value.strip().lower()
                    if declared.accepts(value) and value not in kept:
                        kept.append(value)
            if kept:
                filters[facet] = tuple(kept[:MAX_VALUES_PER_FACET])
        cleaned["filters"] = filters
        return cleaned

    def error_fields(self) -> dict[str, list[str]]:
        return {field: [str(e) for e in errors] for field, errors in self.errors.items()}


class SuggestForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
