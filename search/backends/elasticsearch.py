"""The Elasticsearch backend (the only module that imports elasticsearch; STYLE.md 6).

Products and sellers are elasticsearch.dsl Documents in indices reached through aliases.
`rebuild` writes a new timestamped index and swaps the alias in one atomic call, so searches
never see a half-built index. Any transport failure surfaces as BackendUnavailable, which
the search service answers by falling back to the database backend.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from elastic_transport import ApiError as TransportApiError
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Float,
    Integer,
    Keyword,
    Q,
    ScaledFloat,
    Search,
    Text,
    analyzer,
    token_filter,
)

from search import analysis, multilingual
from search import facets as facet_registry
from search.backends.base import (
    BackendUnavailable,
    FacetValue,
    ProductDocument,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SellerHit,
    SellerResult,
    TermGroup,
)

logger = logging.getLogger(__name__)
PREFERRED_GI_WEIGHT = 1000

TEXT_FIELDS = [
    "name^4",
    "gi_text^4",
    "category_text^2",
    "materials^2",
    "district_text^2",
    "seller_text",
    "description^0.5",
    # Sellers' translations (ProductDoc.name_fr ...), weighted as the original fields.
    *[f"name_{lang}^4" for lang in ("fr", "es", "hi", "ar")],
    *[f"description_{lang}^0.5" for lang in ("fr", "es", "hi", "ar")],
]


def _prefix() -> str:
    return getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "deh")


def products_alias() -> str:
    return f"{_prefix()}-products"


def sellers_alias() -> str:
    return f"{_prefix()}-sellers"


# Elasticsearch's own stemmers and normalisers for the translated fields.
LANGUAGE_FILTERS = {
    "fr": ["elision_fr", "lowercase", "asciifolding", "light_french"],
    "es": ["lowercase", "asciifolding", "light_spanish"],
    "hi": ["lowercase", "indic_normalization", "hindi_normalization", "hindi"],
    "ar": ["lowercase", "arabic_normalization", "arabic"],
}
TRANSLATED_LANGUAGES = tuple(LANGUAGE_FILTERS)


def language_analysers(language: str):
    """Index and search analysers of one language's translated fields; the search side
    expands the curated vocabulary of that language (search/data/vocabulary.csv)."""
    steps = []
    for name in LANGUAGE_FILTERS[language]:
        if name == "elision_fr":
            steps.append(
                token_filter(
                    "deh_elision_fr",
                    type="elision",
                    articles=["l", "d", "j", "m", "n", "s", "t", "qu", "c"],
                )
            )
        elif name in ("light_french", "light_spanish", "hindi", "arabic"):
            steps.append(token_filter(f"deh_stem_{language}", type="stemmer", language=name))
        else:
            steps.append(name)
    synonyms = token_filter(
        f"deh_synonyms_{language}",
        type="synonym_graph",
        synonyms=multilingual.synonym_lines(language),
        lenient=True,
    )
    index = analyzer(f"deh_text_{language}", tokenizer="standard", filter=steps)
    search = analyzer(
        f"deh_text_{language}_search",
        tokenizer="standard",
        filter=[*steps[:-1], synonyms, steps[-1]],
    )
    return index, search


def analysis_components():
    """Analysers: English stemming + ASCII folding; synonyms at search time only."""
    english_stemmer = token_filter("deh_english_stemmer", type="stemmer", language="english")
    synonyms = token_filter(
        "deh_synonyms", type="synonym_graph", synonyms=analysis.synonym_lines(), lenient=True
    )
    edge = token_filter("deh_edge_ngram", type="edge_ngram", min_gram=2, max_gram=20)
    text = analyzer(
        "deh_text",
        tokenizer="standard",
        filter=["lowercase", "asciifolding", english_stemmer],
    )
    text_search = analyzer(
        "deh_text_search",
        tokenizer="standard",
        filter=["lowercase", "asciifolding", synonyms, english_stemmer],
    )
    autocomplete = analyzer(
        "deh_autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", edge]
    )
    autocomplete_search = analyzer(
        "deh_autocomplete_search", tokenizer="standard", filter=["lowercase", "asciifolding"]
    )
    return text, text_search, autocomplete, autocomplete_search


def _documents():
    text, text_search, autocomplete, autocomplete_search = analysis_components()

    def searchable(**extra):
        return Text(analyzer=text, search_analyzer=text_search, **extra)

    suggest = {"suggest": Text(analyzer=autocomplete, search_analyzer=autocomplete_search)}

    def _translated_field(language):
        index_analyser, search_analyser = language_analysers(language)
        return lambda: Text(analyzer=index_analyser, search_analyzer=search_analyser)

    translated = {lang: _translated_field(lang) for lang in TRANSLATED_LANGUAGES}

    class ProductDoc(Document):
        product_id = Integer()
        name = searchable(fields={**suggest, "raw": Keyword()})
        slug = Keyword()
        gi_text = searchable()
        category_text = searchable()
        materials = searchable()
        district_text = searchable()
        seller_text = searchable()
        description = searchable()
        # Sellers' translations, one field pair per language with its own analysers.
        name_fr = translated["fr"]()
        description_fr = translated["fr"]()
        name_es = translated["es"]()
        description_es = translated["es"]()
        name_hi = translated["hi"]()
        description_hi = translated["hi"]()
        name_ar = translated["ar"]()
        description_ar = translated["ar"]()
        gi_name = Text(
            analyzer=autocomplete, search_analyzer=autocomplete_search, fields={"raw": Keyword()}
        )
        state_facet = Keyword()
        district_facet = Keyword()
        category_facet = Keyword()
        gi_facet = Keyword()
        parent_category_slug = Keyword()
        certifications = Keyword(multi=True)
        seller_type = Keyword()
        seller_verified = Boolean()
        price_min = ScaledFloat(scaling_factor=100)
        price_max = ScaledFloat(scaling_factor=100)
        moq = Integer()
        published_at = Date()
        boost = Float()
        # The seller's track record: the rating sorts and filters, the rest is shown.
        seller_rating = ScaledFloat(scaling_factor=100)
        seller_rating_count = Integer()
        seller_response_rate = Integer(index=False)
        seller_response_hours = Float(index=False)
        display = Keyword(index=False, multi=True)

        class Index:
            name = products_alias()
            settings = {"number_of_shards": 1, "number_of_replicas": 0}

    class SellerDoc(Document):
        slug = Keyword()
        name = searchable(fields={"raw": Keyword()})
        crafts = searchable()
        place = searchable()
        district = Keyword()
        business_type = Keyword()
        verified = Boolean()
        rating = ScaledFloat(scaling_factor=100)
        rating_count = Integer()
        response_rate = Integer(index=False)
        response_hours = Float(index=False)
        display = Keyword(index=False, multi=True)

        class Index:
            name = sellers_alias()
            settings = {"number_of_shards": 1, "number_of_replicas": 0}

    # A facet over a field this mapping does not declare (search.facets) is mapped by its type.
    mapping = ProductDoc._doc_type.mapping
    for facet in facet_registry.facets():
        for name in facet.es_fields:
            if name not in mapping:
                extra = {"scaling_factor": 100} if facet.es_type == "scaled_float" else {}
                mapping.field(name, facet.es_type, **extra)
    return ProductDoc, SellerDoc


DISPLAY_KEYS = (
    "slug",
    "name",
    "seller_name",
    "seller_slug",
    "district_name",
    "district_slug",
    "state_name",
    "state_slug",
    "category_name",
    "gi_name",
    "gi_slug",
    "unit",
    "image_url",
)


def product_body(doc: ProductDocument) -> dict:
    """The JSON stored for one product (also what the recorded-transport tests expect)."""
    return {
        "product_id": doc.product_id,
        "name": doc.name,
        "slug": doc.slug,
        "gi_text": doc.gi_text,
        "category_text": doc.category_text,
        "materials": doc.materials,
        "district_text": doc.district_text,
        "seller_text": doc.seller_text,
        "description": doc.description,
        **{
            f"{field}_{lang}": value
            for lang, name, text in doc.translations
            if lang in TRANSLATED_LANGUAGES
            for field, value in (("name", name), ("description", text))
        },
        "gi_name": doc.gi_name,
        # The facets' fields (state, district, category, GI, certifications, seller type,
        # verification, price, MOQ, rating) come from the registry.
        **facet_registry.es_values(doc),
        "price_max": str(doc.price_max) if doc.price_max is not None else None,
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "boost": doc.boost,
        "seller_rating_count": doc.seller_rating_count,
        "seller_response_rate": doc.seller_response_rate,
        "seller_response_hours": (
            str(doc.seller_response_hours) if doc.seller_response_hours is not None else None
        ),
        "display": [f"{key}={getattr(doc, key) or ''}" for key in DISPLAY_KEYS]
        + [f"seller_verified={int(doc.seller_verified)}"],
    }


def _text_query(groups: tuple[TermGroup, ...], match_all: bool):
    clauses = [
        Q(
            "bool",
            should=[
                Q("multi_match", query=alt, fields=TEXT_FIELDS, type="best_fields")
                for alt in group.alternatives
            ],
            minimum_should_match=1,
        )
        for group in groups
    ]
    if match_all:
        return Q("bool", must=clauses)
    return Q("bool", should=clauses, minimum_should_match=1)


def _facet_filter(facet: str, values: tuple[str, ...]):
    """The filter of one facet's selection, as the registry declares it (search.facets)."""
    return Q(facet_registry.get(facet).es_filter(tuple(values)))


SORTS = {
    "relevance": [{"_score": "desc"}, {"published_at": "desc"}, {"product_id": "desc"}],
    "price_asc": [{"price_min": {"order": "asc", "missing": "_last"}}, {"product_id": "asc"}],
    "price_desc": [{"price_min": {"order": "desc", "missing": "_last"}}, {"product_id": "desc"}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, {"product_id": "desc"}],
    "rating": [
        {"seller_rating": {"order": "desc", "missing": "_last"}},
        {"seller_rating_count": "desc"},
        {"product_id": "desc"},
    ],
}


def build_search(query: SearchQuery, index: str | None = None) -> Search:
    """The whole request for one search: text, filters, boosts, facets, sort and page.

    Facet filters go in post_filter, and each facet's aggregation is filtered by every
    other facet's selection, so a ticked facet still counts its other values.
    """
    search = Search(index=index or products_alias())
    base = _text_query(query.groups, query.match_all) if query.groups else Q("match_all")
    ranges = []
    if query.price_min is not None:
        ranges.append(
            Q(
                "bool",
                should=[
                    Q("range", price_max={"gte": float(query.price_min)}),
                    Q(
                        "bool",
                        must_not=[Q("exists", field="price_max")],
                        filter=[Q("range", price_min={"gte": float(query.price_min)})],
                    ),
                ],
                minimum_should_match=1,
            )
        )
    if query.price_max is not None:
        ranges.append(Q("range", price_min={"lte": float(query.price_max)}))
    if query.moq_max is not None:
        ranges.append(Q("range", moq={"lte": query.moq_max}))
    functions = [{"field_value_factor": {"field": "boost", "missing": 1}}]
    if query.sort == "relevance" and query.prefer_gi:
        # The GIs named by the query's specific word first, closest names first
        # (search.analysis.specific_gis): a weight far above any text score difference.
        functions += [
            {
                "filter": Q("prefix", gi_facet=f"{slug}\t").to_dict(),
                "weight": PREFERRED_GI_WEIGHT * (len(query.prefer_gi) + 1 - tier),
            }
            for slug, tier in query.prefer_gi
        ]
    scored = Q(
        "function_score",
        query=Q("bool", must=[base], filter=ranges) if ranges else base,
        functions=functions,
        score_mode="multiply",
        boost_mode="multiply" if query.groups else "replace",
    )
    search = search.query(scored)
    selected = {f: v for f, v in query.filters.items() if v and f in facet_registry.REGISTRY}
    if selected:
        search = search.post_filter(
            Q("bool", filter=[_facet_filter(f, v) for f, v in selected.items()])
        )
    if query.with_facets:
        # Each facet's aggregation, price buckets in the buyer's currency (search.facets).
        for declared in facet_registry.facets_for(query.currency):
            facet = declared.key
            others = [_facet_filter(f, v) for f, v in selected.items() if f != facet]
            agg = {
                "filter": Q("bool", filter=others).to_dict() if others else {"match_all": {}},
                "aggs": {"values": declared.es_agg()},
            }
            bucket = search.aggs.bucket(facet, "filter", filter=agg["filter"])
            bucket.bucket(
                "values", _agg_type(agg["aggs"]["values"]), **_agg_body(agg["aggs"]["values"])
            )
            ticked = declared.es_ticked_agg(selected[facet]) if facet in selected else None
            if ticked:  # a ticked value beyond the first `es_size` keeps its count
                bucket.bucket("ticked", _agg_type(ticked), **_agg_body(ticked))
    search = search.sort(*SORTS[query.sort]).extra(track_total_hits=True)
    return search[query.offset : query.offset + query.per_page]


def _agg_type(agg: dict) -> str:
    return next(iter(agg))


def _agg_body(agg: dict) -> dict:
    return next(iter(agg.values()))


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self):
        self.ProductDoc, self.SellerDoc = _documents()
        options = {
            "request_timeout": getattr(settings, "ELASTICSEARCH_TIMEOUT", 2.0),
            "max_retries": 0,
            "retry_on_timeout": False,
        }
        node_class = getattr(settings, "ELASTICSEARCH_NODE_CLASS", None)
        if node_class:
            options["node_class"] = node_class
        self.client = Elasticsearch(
            settings.ELASTICSEARCH_URL or "http://127.0.0.1:9200", **options
        )

    # ---- helpers -------------------------------------------------------------------
    def _guard(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except (TransportError, TransportApiError) as exc:
            raise BackendUnavailable(str(exc)) from exc
        except ApiError as exc:
            if getattr(exc, "status_code", 500) >= 500:
                raise BackendUnavailable(str(exc)) from exc
            raise

    def refresh(self) -> None:
        self._guard(self.client.indices.refresh, index=f"{products_alias()},{sellers_alias()}")

    def index_definition(self, name: str, doc_class) -> dict:
        """Settings and mappings of a concrete index (asserted in tests)."""
        index = doc_class._index.clone(name)
        return index.to_dict()

    def _ensure_indices(self) -> None:
        for alias, doc in ((products_alias(), self.ProductDoc), (sellers_alias(), self.SellerDoc)):
            if not self.client.indices.exists_alias(name=alias):
                name = f"{alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
                self.client.indices.create(index=name, body=self.index_definition(name, doc))
                self.client.indices.put_alias(index=name, name=alias)

    # ---- writing -------------------------------------------------------------------
    def index_products(self, documents: list[ProductDocument], index: str | None = None) -> None:
        if not documents:
            return

        def run():
            if index is None:
                self._ensure_indices()
            actions = [
                {
                    "_op_type": "index",
                    "_index": index or products_alias(),
                    "_id": d.product_id,
                    "_source": product_body(d),
                }
                for d in documents
            ]
            sellers = {d.seller_slug: seller_body(d) for d in documents}
            seller_index = (index or products_alias()).replace(products_alias(), sellers_alias(), 1)
            actions += [
                {"_op_type": "index", "_index": seller_index, "_id": slug, "_source": body}
                for slug, body in sellers.items()
            ]
            helpers.bulk(self.client, actions, chunk_size=500)

        self._guard(run)

    def delete_products(self, product_ids: list[int]) -> None:
        if not product_ids:
            return
        actions = [
            {"_op_type": "delete", "_index": products_alias(), "_id": pk} for pk in product_ids
        ]
        self._guard(helpers.bulk, self.client, actions, raise_on_error=False)

    def rebuild(self, batches) -> int:
        """Fill a new timestamped index pair, then move the aliases to it atomically."""
        stamp = f"{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        names = {
            products_alias(): (f"{products_alias()}-{stamp}", self.ProductDoc),
            sellers_alias(): (f"{sellers_alias()}-{stamp}", self.SellerDoc),
        }

        def run():
            for name, doc in names.values():
                self.client.indices.create(index=name, body=self.index_definition(name, doc))
            count = 0
            for batch in batches:
                self.index_products(batch, index=names[products_alias()][0])
                count += len(batch)
            actions = []
            for alias, (name, _doc) in names.items():
                old = []
                if self.client.indices.exists_alias(name=alias):
                    old = list(self.client.indices.get_alias(name=alias).body)
                actions += [{"remove": {"index": o, "alias": alias}} for o in old]
                actions.append({"add": {"index": name, "alias": alias}})
            self.client.indices.update_aliases(actions=actions)
            for old in [a["remove"]["index"] for a in actions if "remove" in a]:
                self.client.indices.delete(index=old, ignore_unavailable=True)
            return count

        return self._guard(run)

    def drop_all(self) -> None:
        self._guard(
            self.client.indices.delete,
            index=f"{products_alias()}-*,{sellers_alias()}-*",
            ignore_unavailable=True,
        )

    def indexed_ids(self) -> set[int]:
        def run():
            search = Search(using=self.client, index=products_alias()).source(["product_id"])
            return {int(hit.product_id) for hit in search.scan()}

        return self._guard(run)

    # ---- reading -------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        body = build_search(query).to_dict()
        response = self._guard(self.client.search, index=products_alias(), body=body)
        return parse_search_response(response.body if hasattr(response, "body") else response)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        text = " ".join(analysis.fold(prefix).split())[:60]
        if len(text) < 2:
            return []
        body = (
            Search()
            .query(
                Q(
                    "multi_match",
                    query=text,
                    fields=["name.suggest", "gi_name"],
                    operator="and",
                )
            )
            .source(["name", "gi_name"])
            .sort({"boost": "desc"}, {"name.raw": "asc"})
            .extra(size=limit * 4)
            .to_dict()
        )
        response = self._guard(self.client.search, index=products_alias(), body=body)
        data = response.body if hasattr(response, "body") else response
        out: list[str] = []
        needle = text.lower()
        for hit in data["hits"]["hits"]:
            for label in (hit["_source"].get("name"), hit["_source"].get("gi_name")):
                if not label or label in out:
                    continue
                lowered = analysis.fold(label)
                if lowered.startswith(needle) or f" {needle}" in lowered:
                    out.append(label)
        return out[:limit]

    def search_sellers(
        self,
        groups: tuple[TermGroup, ...],
        *,
        page: int = 1,
        per_page: int = 20,
        district: str = "",
    ) -> SellerResult:
        body = build_seller_search(groups, page=page, per_page=per_page, district=district)
        response = self._guard(self.client.search, index=sellers_alias(), body=body)
        data = response.body if hasattr(response, "body") else response
        hits = []
        for hit in data["hits"]["hits"]:
            src = hit["_source"]
            display = dict(item.split("=", 1) for item in src.get("display", []))
            hits.append(
                SellerHit(
                    seller_id=0,
                    slug=src["slug"],
                    name=src["name"],
                    business_type=src["business_type"],
                    district_name=display.get("district_name", ""),
                    state_name=display.get("state_name", ""),
                    crafts=src.get("crafts", ""),
                    verified=bool(src.get("verified")),
                    rating_average=_decimal(src.get("rating"), "0.01"),
                    rating_count=int(src.get("rating_count") or 0),
                    response_rate=(
                        int(src["response_rate"]) if src.get("response_rate") is not None else None
                    ),
                    response_hours=_decimal(src.get("response_hours"), "0.1"),
                )
            )
        return SellerResult(hits=hits, total=data["hits"]["total"]["value"])


def seller_body(d) -> dict:
    """The sellers index's document for the seller of product document `d`: `district` is
    the district's slug, the keyword `build_seller_search` filters on."""
    return {
        "slug": d.seller_slug,
        "name": d.seller_name,
        "crafts": d.seller_text,
        "place": f"{d.district_name} {d.state_name}",
        "district": d.district_slug,
        "business_type": d.seller_type,
        "verified": d.seller_verified,
        "rating": str(d.seller_rating) if d.seller_rating is not None else None,
        "rating_count": d.seller_rating_count,
        "response_rate": d.seller_response_rate,
        "response_hours": (
            str(d.seller_response_hours) if d.seller_response_hours is not None else None
        ),
        "display": [f"district_name={d.district_name}", f"state_name={d.state_name}"],
    }


def build_seller_search(
    groups: tuple[TermGroup, ...], *, page: int = 1, per_page: int = 20, district: str = ""
) -> dict:
    """The sellers index's request body: every word group in name, crafts or place; a
    district (slug) is an exact filter on the `district` keyword, not scored."""
    fields = ["name^3", "crafts", "place^2"]
    query = (
        Q(
            "bool",
            must=[
                Q(
                    "bool",
                    should=[Q("multi_match", query=a, fields=fields) for a in g.alternatives],
                    minimum_should_match=1,
                )
                for g in groups
            ],
        )
        if groups
        else Q("match_all")
    )
    if district:
        query = Q("bool", must=[query], filter=[Q("term", district=district)])
    return (
        Search()
        .query(query)
        .sort({"verified": "desc"}, {"name.raw": "asc"})
        .extra(track_total_hits=True)[(page - 1) * per_page : page * per_page]
        .to_dict()
    )


def _decimal(value, places: str) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places))


def parse_search_response(data: dict) -> SearchResult:
    hits = []
    for hit in data["hits"]["hits"]:
        src = hit["_source"]
        display = dict(item.split("=", 1) for item in src.get("display", []))
        published = src.get("published_at")
        hits.append(
            SearchHit(
                product_id=int(src["product_id"]),
                slug=display["slug"],
                name=display["name"],
                seller_name=display["seller_name"],
                seller_slug=display["seller_slug"],
                seller_verified=display.get("seller_verified") == "1",
                district_name=display["district_name"],
                district_slug=display["district_slug"],
                state_name=display["state_name"],
                state_slug=display["state_slug"],
                category_name=display["category_name"],
                gi_name=display.get("gi_name", ""),
                gi_slug=display.get("gi_slug", ""),
                price_min=Decimal(src["price_min"]).quantize(Decimal("0.01"))
                if src.get("price_min") is not None
                else None,
                price_max=Decimal(src["price_max"]).quantize(Decimal("0.01"))
                if src.get("price_max") is not None
                else None,
                moq=int(src["moq"]),
                unit=display.get("unit", ""),
                image_url=display.get("image_url", ""),
                published_at=datetime.fromisoformat(published) if published else None,
                score=float(hit.get("_score") or 0),
                seller_rating=_decimal(src.get("seller_rating"), "0.01"),
                seller_rating_count=int(src.get("seller_rating_count") or 0),
                seller_response_rate=(
                    int(src["seller_response_rate"])
                    if src.get("seller_response_rate") is not None
                    else None
                ),
                seller_response_hours=_decimal(src.get("seller_response_hours"), "0.1"),
            )
        )
    facets: dict[str, list[FacetValue]] = {}
    for facet, declared in facet_registry.REGISTRY.items():
        agg = data.get("aggregations", {}).get(facet)
        if not agg:
            continue
        values, seen = [], set()
        for bucket in agg["values"]["buckets"] + agg.get("ticked", {}).get("buckets", []):
            count = int(bucket["doc_count"])
            value, label = declared.es_value(bucket.get("key_as_string", bucket["key"]))
            if not count or value in seen:
                continue
            seen.add(value)
            values.append(FacetValue(value=value, label=label or value, count=count))
        values.sort(key=lambda fv: (-fv.count, fv.label))
        if values:
            facets[facet] = values
    return SearchResult(
        hits=hits,
        total=int(data["hits"]["total"]["value"]),
        facets=facets,
        backend="elasticsearch",
    )
