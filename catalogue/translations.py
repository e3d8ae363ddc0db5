"""Seller-entered translations of product and seller texts, with an honest fallback.

A buyer reading in French sees the seller's French text when there is one; otherwise the
original, marked with its language ("Original in English") and a `lang` attribute so screen
readers pronounce it right. Nothing is machine-translated here (never silently).

Use `localized_product(product)` / `localized_seller(seller)` in views, or in templates:

    {% load translations %}
    {% localized_product product as text %}
    <h1 lang="{{ text.language }}">{{ text.name }}</h1>
    {% include "includes/original_language.html" with text=text %}

They read `product.translations.all()`, so list views should
`prefetch_related("translations")` (see `with_translations`) to keep one query per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import get_language_info

# Products and stories are written in the site's default language unless a translation
# row says otherwise (the models have no "original language" field).
ORIGINAL_LANGUAGE = settings.LANGUAGE_CODE
LOWERCASE_LANGUAGE_NAMES = {"fr", "es"}


@dataclass(frozen=True)
class LocalizedText:
    name: str
    description: str
    language: str  # the language the text is actually in
    requested: str  # the language the visitor reads
    is_original: bool  # no translation was found for `requested`
    machine_aided: bool = False  # a draft made with machine help (the demo's)

    @property
    def shows_fallback(self) -> bool:
        """True when the visitor asked for another language than the text is in."""
        return self.language != self.requested

    @property
    def language_name(self) -> str:
        """The text's language, named in the visitor's language ("anglais" in French)."""
        try:
            name = str(get_language_info(self.language)["name_translated"])
        except KeyError:
            return self.language
        # French and Spanish write language names in lower case mid-sentence.
        return name.lower() if self.requested in LOWERCASE_LANGUAGE_NAMES else name


def _requested(language: str | None) -> str:
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _pick(rows, requested: str):
    for row in rows:
        if row.language == requested:
            return row
    return None


def localized_product(product, language: str | None = None) -> LocalizedText:
    requested = _requested(language)
    if requested != ORIGINAL_LANGUAGE:
        row = _pick(product.translations.all(), requested)
        if row is not None:
            return LocalizedText(
                row.name, row.description, requested, requested, False, row.machine_aided
            )
    return LocalizedText(product.name, product.description, ORIGINAL_LANGUAGE, requested, True)


def localized_seller(seller, language: str | None = None) -> LocalizedText:
    requested = _requested(language)
    if requested != ORIGINAL_LANGUAGE:
        row = _pick(seller.translations.all(), requested)
        if row is not None:
            return LocalizedText(seller.name, row.story, requested, requested, False)
    return LocalizedText(seller.name, seller.story, ORIGINAL_LANGUAGE, requested, True)


def with_translations(queryset: QuerySet) -> QuerySet:
    """Prefetch translation rows so `localized_*` adds no query per item."""
    return queryset.prefetch_related("translations")
