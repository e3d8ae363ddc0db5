"""The search backend contract shared by the database and Elasticsearch backends.

Both backends receive an already analysed query (search.analysis: words, synonyms and typo
alternatives) and return the same SearchResult shape, so the views, the API and the shared
contract tests (tests/search/contract.py) never know which engine answered.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from core.slug_urls import slug_url

SORTS = ("relevance", "price_asc", "price_desc", "newest", "rating")
# Facets (keys, filters, counts, labels) are declared once in search.facets.
GI_BOOST = 0.5
VERIFIED_BOOST = 0.3


def entry_boost(*, has_gi: bool, verified: bool) -> float:
    return 1.0 + (GI_BOOST if has_gi else 0.0) + (VERIFIED_BOOST if verified else 0.0)


@dataclass(frozen=True)
class TermGroup:
    """One query word and everything that may stand for it (synonyms, typo fixes)."""

    word: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    groups: tuple[TermGroup, ...] = ()
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    moq_max: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True
    # When every word must match nothing, the service retries with any word (match_all=False).
    match_all: bool = True
    # The buyer's language (search.multilingual.LANGUAGES): its words are read first.
    language: str = "en"
    # GI products whose own name holds the query's most specific word (search.analysis.
    # specific_gis), as (slug, tier) pairs: with the relevance sort their listings come
    # before generic matches, tier 0 first.
    prefer_gi: tuple[tuple[str, int], ...] = ()
    # The buyer's display currency: price buckets are counted with round bounds in it
    # (search.facets.facets_for); selected buckets carry their own currency.
    currency: str = "INR"
    # The index version the query was analysed under (services.build_query): results kept
    # for it are looked up under it, so a search reads the version once.
    index_version: int | None = None

    @property
    def has_filters(self) -> bool:
        return bool(
            any(self.filters.values())
            or self.price_min is not None
            or self.price_max is not None
            or self.moq_max is not None
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class SearchHit:
    product_id: int
    slug: str
    name: str
    seller_name: str
    seller_slug: str
    seller_verified: bool
    district_name: str
    district_slug: str
    state_name: str
    state_slug: str
    category_name: str
    gi_name: str
    gi_slug: str
    price_min: Decimal | None
    price_max: Decimal | None
    moq: int
    unit: str
    image_url: str
    published_at: datetime | None
    score: float = 0.0
    # The seller's translation of the name into the buyer's language, when there is one.
    translated_name: str = ""
    # The seller's track record (sellers.Seller, copied into the index).
    seller_rating: Decimal | None = None
    seller_rating_count: int = 0
    seller_response_rate: int | None = None
    seller_response_hours: Decimal | None = None

    @property
    def display_name(self) -> str:
        return self.translated_name or self.name

    @property
    def url(self) -> str:
        # In the active language (/fr/products/...), as every link on a page.
        return slug_url("catalogue:product_detail", self.slug)

    @property
    def seller_url(self) -> str:
        return slug_url("catalogue:seller_detail", self.seller_slug)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int

    def __reduce__(self):
        # Pickled as its three fields (a search keeps hundreds of these in the cache at
        # once): half the time of a dataclass's default, which pickles a dict per value.
        return (FacetValue, (self.value, self.label, self.count))


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    did_you_mean: str | None = None
    backend: str = ""
    relaxed: bool = False
    # With filters and no hit: each filter with the number of results without it.
    filter_removals: list[FilterRemoval] = field(default_factory=list)


@dataclass(frozen=True)
class FilterRemoval:
    param: str  # the request parameter ("price", "moq", "price_min"...)
    value: str  # the value to drop ("" for a single-valued parameter)
    label: str
    count: int


@dataclass(frozen=True)
class SellerHit:
    seller_id: int
    slug: str
    name: str
    business_type: str
    district_name: str
    state_name: str
    crafts: str
    verified: bool
    rating_average: Decimal | None = None
    rating_count: int = 0
    response_rate: int | None = None
    response_hours: Decimal | None = None

    @property
    def url(self) -> str:
        return slug_url("catalogue:seller_detail", self.slug)


@dataclass
class SellerResult:
    hits: list[SellerHit]
    total: int


@dataclass(frozen=True)
class ProductDocument:
    """Everything a backend stores for one published product (built by search.indexing)."""

    product_id: int
    name: str
    slug: str
    gi_text: str
    category_text: str
    materials: str
    district_text: str
    seller_text: str
    description: str
    state_slug: str
    state_name: str
    district_slug: str
    district_name: str
    category_slug: str
    category_name: str
    parent_category_slug: str
    parent_category_name: str
    gi_slug: str
    gi_name: str
    certifications: tuple[str, ...]
    seller_slug: str
    seller_name: str
    seller_type: str
    seller_verified: bool
    price_min: Decimal | None
    price_max: Decimal | None
    moq: int
    unit: str
    image_url: str
    published_at: datetime | None
    boost: float
    # Sellers' translations: (language, name, description), in language order.
    translations: tuple[tuple[str, str, str], ...] = ()
    # The seller's track record (marketplace/reviews/track_record.py).
    seller_rating: Decimal | None = None
    seller_rating_count: int = 0
    seller_response_rate: int | None = None
    seller_response_hours: Decimal | None = None

    @property
    def translated_names(self) -> str:
        """Translated names as the database backend indexes them: tokens plus their stems in
        their own language (search.multilingual.stem_text), so "jouets" meets "jouet"."""
        from search.multilingual import stem_text

        return " ".join(stem_text(name, lang) for lang, name, _text in self.translations)

    @property
    def translated_text(self) -> str:
        from search.multilingual import stem_text

        return " ".join(stem_text(text, lang) for lang, _name, text in self.translations)


class BackendUnavailable(Exception):
    """Raised by a backend whose service cannot be reached (network, timeout, 5xx)."""


class SearchBackend(abc.ABC):
    name = "base"

    @abc.abstractmethod
    def index_products(self, documents: list[ProductDocument]) -> None:
        """Insert or replace these products in the index (idempotent)."""

    @abc.abstractmethod
    def delete_products(self, product_ids: list[int]) -> None:
        """Remove these products; unknown ids are ignored."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResult: ...

    @abc.abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Product and GI names with a word starting with `prefix`, best first."""

    @abc.abstractmethod
    def search_sellers(
        self,
        groups: tuple[TermGroup, ...],
        *,
        page: int = 1,
        per_page: int = 20,
        district: str = "",
    ) -> SellerResult: ...

    @abc.abstractmethod
    def indexed_ids(self) -> set[int]:
        """Every product id in the index (used by check_search_index)."""

    def clear(self) -> None:
        """Drop everything (a rebuild refills)."""
        self.delete_products(sorted(self.indexed_ids()))

    def rebuild(self, batches) -> int:
        """Replace the whole index with the documents of `batches` (an iterable of lists)."""
        self.clear()
        count = 0
        for batch in batches:
            self.index_products(batch)
            count += len(batch)
        return count

    def is_available(self) -> bool:
        return True
