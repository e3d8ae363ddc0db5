"""The search service: what views, the API and commands call.

It analyses the text once, asks the configured backend, relaxes an all-words query that
found nothing to any-word, proposes a correction when still nothing matches, and falls back
to the database backend (logging why) when the configured backend is unreachable.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

from django.core.cache import cache
from django.utils.translation import gettext as _

from core import content_cache
from core.fragment_cache import versioned_cache, versioned_get_shared, versioned_set_shared
from search import analysis, selectors
from search import facets as facet_registry
from search.backends import database as database_backend
from search.backends import get_backend
from search.backends.base import (
    BackendUnavailable,
    FacetValue,
    FilterRemoval,
    SearchBackend,
    SearchQuery,
    SearchResult,
    SellerResult,
)

logger = logging.getLogger(__name__)
# After a failure, skip the unreachable backend for this long instead of waiting on it again.
UNAVAILABLE_FOR_SECONDS = 30


def _backend_chain() -> list[SearchBackend]:
    primary = get_backend()
    if primary.name == "database":
        return [primary]
    if cache.get(f"search:down:{primary.name}"):
        return [get_backend("database")]
    return [primary, get_backend("database")]


def _call(method: str, *args, **kwargs):
    chain = _backend_chain()
    for backend in chain:
        try:
            return getattr(backend, method)(*args, **kwargs)
        except BackendUnavailable as exc:
            if backend is chain[-1]:
                raise
            cache.set(f"search:down:{backend.name}", True, UNAVAILABLE_FOR_SECONDS)
            logger.warning(
                "Search backend %s unreachable (%s); using the database backend", backend.name, exc
            )
    raise AssertionError("unreachable")


def build_query(
    cleaned: dict,
    *,
    per_page: int = 20,
    with_facets: bool = True,
    language: str = "en",
    currency: str = "INR",
) -> SearchQuery:
    text = (cleaned.get("q") or "").strip()
    language = cleaned.get("lang") or language
    version = database_backend.recent_index_version()
    groups = analysis.analyse_for_index(text, language, version)
    return SearchQuery(
        index_version=version,
        text=text,
        groups=groups,
        language=language,
        currency=currency,
        prefer_gi=analysis.specific_gis(groups),
        filters=cleaned.get("filters") or {},
        price_min=cleaned.get("price_min"),
        price_max=cleaned.get("price_max"),
        moq_max=cleaned.get("moq_max"),
        sort=cleaned.get("sort") or "relevance",
        page=cleaned.get("page") or 1,
        per_page=cleaned.get("page_size") or per_page,
        with_facets=with_facets,
    )


def search_products(query: SearchQuery) -> SearchResult:
    """The page of hits, total and labelled facets for `query`.

    Kept per query under the index version (the hits and counts) and the content version (the
    translated names and facet labels), in process memory first, as a shared object: a repeated
    search page re-labelled every facet and unpickled the backend's kept page on each request,
    a fifth of its CPU. Callers only read the result."""
    facts = (query, sorted(query.filters.items()), facet_registry.facet_keys())
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    version = query.index_version if query.index_version is not None else index_version()
    key = f"search:result:{version}:{content_cache.recent_content_version()}:{digest}"
    result = versioned_get_shared(key)
    if result is None:
        result = _search_products(query)
        versioned_set_shared(key, result, content_cache.FRAGMENT_SECONDS)
    return result


def _search_products(query: SearchQuery) -> SearchResult:
    result = _call("search", query)
    # Relaxing to any word is only honest without filters: with them ticked, "wooden toys"
    # over ₹10,000 would show wooden furniture. Say which filter empties it instead.
    if result.total == 0 and len(query.groups) > 1 and not query.has_filters:
        relaxed = _call("search", replace(query, match_all=False))
        if relaxed.total:
            relaxed.relaxed = True
            result = relaxed
    if result.total == 0 and query.has_filters:
        result.filter_removals = filter_removals(query, result)
    if result.total == 0 and query.text and not query.filters:
        result.did_you_mean = analysis.did_you_mean(query.text)
    _label_facets(result)
    if query.language != "en" and result.hits:
        names = selectors.translated_names([h.product_id for h in result.hits], query.language)
        result.hits = [
            replace(h, translated_name=names[h.product_id]) if h.product_id in names else h
            for h in result.hits
        ]
    return result


def filter_removals(query: SearchQuery, result: SearchResult | None = None) -> list[FilterRemoval]:
    """Each active filter (each ticked value) and how many results its removal would give.

    One count per filter: at most 9 facets x 20 values are allowed by the form, so this is
    bounded, and it only runs for an empty result. A facet is counted without its own
    selection, so when the empty `result` carries the counts of a partitioning facet (each
    product under one value) whose only value is dropped, their sum is that count: no search
    (a state filter over a broad query spent 40 ms ranking every match for it).
    """
    removals = []
    counting = replace(query, with_facets=False, per_page=1, page=1)
    counted = result.facets if result is not None else {}
    for facet, values in query.filters.items():
        for value in values:
            rest = tuple(v for v in values if v != value)
            filters = (
                {**query.filters, facet: rest}
                if rest
                else {k: v for k, v in query.filters.items() if k != facet}
            )
            declared = facet_registry.REGISTRY.get(facet)
            derivable = (
                not rest
                and declared is not None
                and declared.partitions
                and facet in counted
                and len(counted[facet]) < declared.es_size  # not cut short by Elasticsearch
            )
            if derivable:
                total = sum(v.count for v in counted[facet])
            else:
                total = _call("search", replace(counting, filters=filters)).total
            label = facet_label(facet, value)
            if label == value:  # a bare slug: the backends name only values they counted
                label = selectors.facet_value_name(facet, value) or value
            removals.append(FilterRemoval(facet, value, label, total))
    for param, label in (
        ("price_min", _("Minimum price")),
        ("price_max", _("Maximum price")),
        ("moq_max", _("Maximum order quantity")),
    ):
        if getattr(query, param) is not None:
            total = _call("search", replace(counting, **{param: None})).total
            removals.append(FilterRemoval(param, "", str(label), total))
    return removals


def index_version() -> int:
    """Changes with every write to the search index (every backend's writes go through the
    database index too): what cached results are keyed by."""
    return database_backend.index_version()


def suggest(prefix: str, limit: int = 8) -> list[str]:
    return _call("suggest", prefix, limit)


def search_sellers(
    text: str,
    *,
    page: int = 1,
    per_page: int = 20,
    groups: tuple | None = None,
    district: str = "",
) -> SellerResult:
    """Sellers matching `text` (all of them for an empty text), of one district when
    `district` (a slug) is given; pass the product query's `groups` to skip analysing it
    again."""
    if groups is None:
        groups = analysis.analyse(text)
    # The answer is kept until the next edit of public data, sellers included
    # (core/content_cache.py; the version as pages read it, at most a second old).
    facts = (tuple(g.alternatives for g in groups), page, per_page, district)
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    key = f"search:sellers:{content_cache.recent_content_version()}:{digest}"
    kept = versioned_cache().get(key)
    if kept is None:
        kept = _call("search_sellers", groups, page=page, per_page=per_page, district=district)
        versioned_cache().set(key, kept, content_cache.FRAGMENT_SECONDS)
    return kept


def facet_label(facet: str, value: str) -> str:
    return facet_registry.get(facet).label(value)


def _label_facets(result: SearchResult) -> None:
    """The registry's words for each value (backends return stored names or bare values)."""
    for facet, values in result.facets.items():
        declared = facet_registry.REGISTRY.get(facet)
        if declared is None:
            continue
        if declared.labels_as_stored():
            if not all(fv.label for fv in values):
                result.facets[facet] = [
                    fv if fv.label else replace(fv, label=fv.value) for fv in values
                ]
            continue
        labelled = [
            FacetValue(value=fv.value, label=declared.label(fv.value, fv.label), count=fv.count)
            for fv in values
        ]
        if labelled and all(declared.order(fv.value) is not None for fv in labelled):
            # Price buckets read cheapest first, ratings best first, whatever their counts.
            labelled.sort(key=lambda fv: declared.order(fv.value))
        result.facets[facet] = labelled


class IndexDrift:
    def __init__(self):
        self.checked = 0
        self.missing: set[int] = set()
        self.stale: set[int] = set()
        self.extra: set[int] = set()


def index_drift(*, sample: int = 500, rng=None) -> IndexDrift:
    """Compare a random sample of published products (and of index entries) with the index.

    missing: published but not indexed; stale: indexed with different facts; extra: indexed
    but no longer published. Reads the database index, which every backend mirrors.
    """
    import random

    from search.indexing import document_for
    from search.models import ProductSearchEntry
    from search.selectors import indexable_products

    rng = rng or random.Random(0)  # nosec B311: sampling, not security
    drift = IndexDrift()
    published_ids = list(indexable_products().values_list("pk", flat=True))
    indexed_ids = list(ProductSearchEntry.objects.values_list("product_id", flat=True))
    chosen = set(rng.sample(published_ids, min(sample, len(published_ids))))
    chosen |= set(rng.sample(indexed_ids, min(sample, len(indexed_ids))))
    entries = {e.product_id: e for e in ProductSearchEntry.objects.filter(product_id__in=chosen)}
    products = {p.pk: p for p in indexable_products().filter(pk__in=chosen)}
    drift.checked = len(chosen)
    for pk in chosen:
        entry, product = entries.get(pk), products.get(pk)
        if product is None and entry is not None:
            drift.extra.add(pk)
        elif product is not None and entry is None:
            drift.missing.add(pk)
        elif product is not None and entry is not None:
            doc = document_for(product, with_image=False)
            facts = (
                entry.name,
                entry.seller_verified,
                entry.state_slug,
                entry.district_slug,
                entry.category_slug,
                entry.gi_slug,
                entry.moq,
                entry.price_min,
                entry.price_max,
            )
            expected = (
                doc.name,
                doc.seller_verified,
                doc.state_slug,
                doc.district_slug,
                doc.category_slug,
                doc.gi_slug,
                doc.moq,
                doc.price_min,
                doc.price_max,
            )
            if facts != expected:
                drift.stale.add(pk)
    return drift
