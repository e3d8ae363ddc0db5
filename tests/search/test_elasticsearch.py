"""The Elasticsearch backend: request bodies (to_dict), the real client over recorded
responses, and the fallback to the database when Elasticsearch is unreachable."""

import logging
from dataclasses import replace

import pytest

from search import services
from search.backends import get_backend, reset_backends
from search.backends.base import SearchQuery, TermGroup
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    build_search,
    build_seller_search,
    parse_search_response,
    product_body,
    products_alias,
    seller_body,
    sellers_alias,
)
from search.indexing import documents
from tests.search.conftest import run, slugs
from tests.search.es_recorded import RecordedNode, Recording


@pytest.fixture
def es(db, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    settings.ELASTICSEARCH_NODE_CLASS = RecordedNode
    settings.ELASTICSEARCH_INDEX_PREFIX = "deh"
    reset_backends()
    RecordedNode.load([])
    yield get_backend()
    reset_backends()


def test_query_to_dict_has_text_boosts_post_filter_and_disjunctive_facets(db):
    query = SearchQuery(
        text="darjeling tea",
        groups=(
            TermGroup("darjeling", ("darjeling", "darjeeling")),
            TermGroup("tea", ("tea", "chai")),
        ),
        filters={"state": ("west-bengal",), "certification": ("organic",)},
        price_max=__import__("decimal").Decimal("3000"),
        sort="relevance",
        page=2,
        per_page=10,
    )
    body = build_search(query).to_dict()
    scored = body["query"]["function_score"]
    assert scored["functions"] == [{"field_value_factor": {"field": "boost", "missing": 1}}]
    assert scored["boost_mode"] == "multiply"
    must = scored["query"]["bool"]["must"][0]["bool"]["must"]
    assert [[m["multi_match"]["query"] for m in group["bool"]["should"]] for group in must] == [
        ["darjeling", "darjeeling"],
        ["tea", "chai"],
    ]
    assert scored["query"]["bool"]["filter"] == [{"range": {"price_min": {"lte": 3000.0}}}]
    post = body["post_filter"]["bool"]["filter"]
    assert {"terms": {"certifications": ["organic"]}} in post
    # The state facet counts without the state selection, but with the certification one.
    state_agg = body["aggs"]["state"]
    assert state_agg["filter"] == {"bool": {"filter": [{"terms": {"certifications": ["organic"]}}]}}
    assert state_agg["aggs"]["values"] == {"terms": {"field": "state_facet", "size": 100}}
    assert body["aggs"]["price"]["aggs"]["values"]["range"]["ranges"][0] == {
        "key": "0-500",
        "from": 0.0,
        "to": 500.0,
    }
    assert body["aggs"]["moq"]["aggs"]["values"]["range"]["ranges"][0] == {
        "key": "1-10",
        "from": 1,
        "to": 11,
    }
    assert body["from"] == 10 and body["size"] == 10
    assert body["sort"][0] == {"_score": "desc"}


def test_browse_query_scores_by_boost_alone(db):
    body = build_search(SearchQuery(sort="price_asc")).to_dict()
    assert body["query"]["function_score"]["query"] == {"match_all": {}}
    assert body["query"]["function_score"]["boost_mode"] == "replace"
    assert body["sort"][0] == {"price_min": {"order": "asc", "missing": "_last"}}


def test_mapping_has_analysers_synonyms_and_autocomplete(es, db):
    definition = es.index_definition("deh-products-x", es.ProductDoc)
    analysis = definition["settings"]["analysis"]
    assert analysis["analyzer"]["deh_text"]["filter"] == [
        "lowercase",
        "asciifolding",
        "deh_english_stemmer",
    ]
    assert "deh_synonyms" in analysis["analyzer"]["deh_text_search"]["filter"]
    assert analysis["filter"]["deh_edge_ngram"] == {
        "type": "edge_ngram",
        "min_gram": 2,
        "max_gram": 20,
    }
    assert "hapus, alphonso" in analysis["filter"]["deh_synonyms"]["synonyms"] or any(
        "alphonso" in line and "hapus" in line
        for line in analysis["filter"]["deh_synonyms"]["synonyms"]
    )
    props = definition["mappings"]["properties"]
    assert props["name"]["fields"]["suggest"]["analyzer"] == "deh_autocomplete"
    assert props["state_facet"] == {"type": "keyword"}
    assert props["price_min"] == {"type": "scaled_float", "scaling_factor": 100}


def _search_response(catalogue, keys, aggregations=None):
    docs = {d.slug: d for d in documents([p.pk for p in catalogue.values()])}
    return {
        "took": 3,
        "timed_out": False,
        "hits": {
            "total": {"value": len(keys), "relation": "eq"},
            "max_score": 2.0,
            "hits": [
                {
                    "_index": "deh-products-20260101",
                    "_id": str(docs[catalogue[k].slug].product_id),
                    "_score": 2.0 - i * 0.1,
                    "_source": product_body(docs[catalogue[k].slug]),
                }
                for i, k in enumerate(keys)
            ],
        },
        "aggregations": aggregations or {},
    }


def test_real_client_search_over_recorded_responses(es, catalogue_db):
    catalogue = catalogue_db
    aggs = {
        "state": {
            "doc_count": 1,
            "values": {"buckets": [{"key": "west-bengal\tWest Bengal", "doc_count": 1}]},
        },
        "verified": {
            "doc_count": 1,
            "values": {"buckets": [{"key": 1, "key_as_string": "true", "doc_count": 1}]},
        },
    }

    def is_darjeeling_query(body):
        groups = body["query"]["function_score"]["query"]["bool"]["must"]
        alternatives = [m["multi_match"]["query"] for m in groups[0]["bool"]["should"]]
        return alternatives[:2] == ["darjeling", "darjeeling"]

    RecordedNode.load(
        [
            Recording(
                "POST",
                f"/{products_alias()}/_search",
                _search_response(catalogue, ["darjeeling"], aggs),
                body=is_darjeeling_query,
            )
        ]
    )
    result = run("q=darjeling+tea")
    assert result.backend == "elasticsearch"
    assert slugs(result) == ["darjeeling-first-flush"]
    hit = result.hits[0]
    assert hit.seller_name == "Himalayan Tea Growers" and hit.seller_verified is True
    assert str(hit.price_min) == "2500.00"
    assert [(f.value, f.label, f.count) for f in result.facets["state"]] == [
        ("west-bengal", "West Bengal", 1)
    ]
    assert result.facets["verified"][0].label == "Verified seller"
    method, path, _body = RecordedNode.requests[-1]
    assert (method, path) == ("POST", "/deh-products/_search")


def test_real_client_rebuild_swaps_alias(es, catalogue_db):
    batches = [documents([p.pk for p in catalogue_db.values()])]

    # Paths contain a timestamp: match by prefix through a small subclass of Recording.
    class Prefix(Recording):
        def matches(self, method, path, body):
            return (
                method == self.method
                and path.split("?")[0].startswith(self.path)
                and (self.body is None or self.body(body))
            )

    RecordedNode.load(
        [
            Prefix("PUT", "/deh-products-2", {"acknowledged": True, "index": "p"}),
            Prefix("PUT", "/deh-sellers-2", {"acknowledged": True, "index": "s"}),
            Prefix("PUT", "/_bulk", {"took": 1, "errors": False, "items": []}),
            Prefix("HEAD", "/_alias/deh-products", {}, status=200),
            Prefix("HEAD", "/_alias/deh-sellers", {}, status=404),
            Prefix(
                "GET",
                "/_alias/deh-products",
                {"deh-products-20250101000000000000": {"aliases": {"deh-products": {}}}},
            ),
            Prefix("POST", "/_aliases", {"acknowledged": True}),
            Prefix("DELETE", "/deh-products-2025", {"acknowledged": True}),
        ]
    )
    count = es.rebuild(iter(batches))
    assert count == 9
    aliases = [body for method, path, body in RecordedNode.requests if path == "/_aliases"]
    assert len(aliases) == 1
    actions = aliases[0]["actions"]
    assert {"remove": {"index": "deh-products-20250101000000000000", "alias": "deh-products"}} in (
        actions
    )
    added = {a["add"]["alias"]: a["add"]["index"] for a in actions if "add" in a}
    assert added["deh-products"].startswith("deh-products-2")
    assert added["deh-sellers"].startswith("deh-sellers-2")
    bulk = [body for method, path, body in RecordedNode.requests if path.startswith("/_bulk")]
    indexed = [line for line in bulk[0] if "index" in line]
    assert {line["index"]["_index"] for line in indexed} == {
        added["deh-products"],
        added["deh-sellers"],
    }
    deleted = [p.split("?")[0] for m, p, _b in RecordedNode.requests if m == "DELETE"]
    assert deleted == ["/deh-products-20250101000000000000"]


def test_unreachable_elasticsearch_falls_back_to_database(settings, catalogue_db, caplog):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens: a real refused connection
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    reset_backends()
    with caplog.at_level(logging.WARNING, logger="search.services"):
        result = run("q=darjeling+tea")
    assert result.backend == "database"
    assert slugs(result)[0] == "darjeeling-first-flush"
    assert "unreachable" in caplog.text
    # While it is marked down, searches skip it; suggest and sellers work too.
    assert "Darjeeling Tea" in services.suggest("darj")
    assert services.search_sellers("ikat").hits[0].slug == "pochampalli-weavers"


def test_unreachable_elasticsearch_does_not_break_saving(settings, db, caplog):
    from search.indexing import reindex_products
    from search.models import ProductSearchEntry
    from tests.factories import ProductFactory

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    reset_backends()
    product = ProductFactory()
    with caplog.at_level(logging.ERROR, logger="search.indexing"):
        assert reindex_products([product.pk]) == (1, 0)
    assert ProductSearchEntry.objects.filter(product=product).exists()
    assert "failed to index" in caplog.text
    assert isinstance(get_backend(), ElasticsearchBackend)


def test_mapping_has_a_language_analyser_with_vocabulary_synonyms_per_language(es, db):
    definition = es.index_definition("deh-products-x", es.ProductDoc)
    analysis = definition["settings"]["analysis"]
    properties = definition["mappings"]["properties"]
    assert properties["name_fr"] == {
        "type": "text",
        "analyzer": "deh_text_fr",
        "search_analyzer": "deh_text_fr_search",
    }
    assert properties["description_ar"]["analyzer"] == "deh_text_ar"
    assert analysis["filter"]["deh_stem_fr"] == {"type": "stemmer", "language": "light_french"}
    assert analysis["analyzer"]["deh_text_hi"]["filter"] == [
        "lowercase",
        "indic_normalization",
        "hindi_normalization",
        "deh_stem_hi",
    ]
    # Synonyms at search time, before the stemmer; one set per language from vocabulary.csv.
    assert analysis["analyzer"]["deh_text_ar_search"]["filter"][-2:] == [
        "deh_synonyms_ar",
        "deh_stem_ar",
    ]
    assert "jouet, jouets, toy, toys" in analysis["filter"]["deh_synonyms_fr"]["synonyms"]
    assert any(
        "حرير" in line and "silk" in line
        for line in analysis["filter"]["deh_synonyms_ar"]["synonyms"]
    )
    assert any(
        "रेशम" in line and "resham" in line and "silk" in line
        for line in analysis["filter"]["deh_synonyms_hi"]["synonyms"]
    )


def test_query_searches_translated_fields_and_puts_the_specific_gi_first(db):
    query = SearchQuery(
        text="pashmina shawl",
        groups=(TermGroup("pashmina", ("pashmina",)), TermGroup("shawl", ("shawl",))),
        prefer_gi=(("kashmir-pashmina", 0), ("pashmina-wool-of-ladakh", 1)),
    )
    body = build_search(query).to_dict()
    scored = body["query"]["function_score"]
    fields = scored["query"]["bool"]["must"][0]["bool"]["should"][0]["multi_match"]["fields"]
    assert {"name_fr^4", "name_hi^4", "description_ar^0.5"} <= set(fields)
    assert scored["functions"][1:] == [
        {"filter": {"prefix": {"gi_facet": "kashmir-pashmina\t"}}, "weight": 3000},
        {"filter": {"prefix": {"gi_facet": "pashmina-wool-of-ladakh\t"}}, "weight": 2000},
    ]
    assert scored["score_mode"] == "multiply"
    # Another sort than relevance keeps its order.
    by_price = build_search(replace(query, sort="price_asc")).to_dict()
    assert len(by_price["query"]["function_score"]["functions"]) == 1


def test_translations_are_stored_per_language(catalogue_db):
    from catalogue.models import ProductTranslation

    product = catalogue_db["channapatna"]
    ProductTranslation.objects.create(
        product=product, language="fr", name="Jouets en bois", description="Laqués."
    )
    body = product_body(documents([product.pk])[0])
    assert body["name_fr"] == "Jouets en bois" and body["description_fr"] == "Laqués."
    assert "name_es" not in body


def test_seller_query_filters_on_the_district_keyword_without_scoring_it(db):
    """/api/v1/sellers?district= and the directory: the district is an exact term filter
    beside the words (which keep their own scoring), and paging still applies."""
    groups = services.analysis.analyse("silk weaving")
    words = build_seller_search(groups)
    assert "filter" not in words["query"]["bool"]
    body = build_seller_search(groups, page=2, per_page=10, district="varanasi")
    assert body["query"]["bool"]["filter"] == [{"term": {"district": "varanasi"}}]
    assert body["query"]["bool"]["must"] == [words["query"]]
    assert (body["from"], body["size"]) == (10, 10)
    assert body["sort"] == [{"verified": "desc"}, {"name.raw": "asc"}]
    everyone = build_seller_search((), district="darjeeling")
    assert everyone["query"] == {
        "bool": {"must": [{"match_all": {}}], "filter": [{"term": {"district": "darjeeling"}}]}
    }
    assert build_seller_search(())["query"] == {"match_all": {}}


def test_sellers_index_maps_and_stores_the_district_slug(es, catalogue_db):
    definition = es.index_definition("deh-sellers-x", es.SellerDoc)
    assert definition["mappings"]["properties"]["district"] == {"type": "keyword"}
    tea = catalogue_db["darjeeling"]
    (doc,) = documents([tea.pk])
    body = seller_body(doc)
    assert (body["slug"], body["district"]) == (tea.seller.slug, "darjeeling")
    assert "district_name=Darjeeling" in body["display"]


def test_real_client_filters_sellers_by_district(es, catalogue_db, client):
    """The API's district filter reaches Elasticsearch as the term filter above."""
    tea = catalogue_db["darjeeling"]
    (doc,) = documents([tea.pk])

    def is_darjeeling_filter(body):
        return body["query"]["bool"]["filter"] == [{"term": {"district": "darjeeling"}}]

    RecordedNode.load(
        [
            Recording(
                "POST",
                f"/{sellers_alias()}/_search",
                {
                    "took": 1,
                    "timed_out": False,
                    "hits": {
                        "total": {"value": 1, "relation": "eq"},
                        "max_score": None,
                        "hits": [
                            {
                                "_index": "deh-sellers-20260101",
                                "_id": doc.seller_slug,
                                "_score": None,
                                "_source": seller_body(doc),
                            }
                        ],
                    },
                },
                body=is_darjeeling_filter,
            )
        ]
    )
    response = client.get("/api/v1/sellers", {"district": "darjeeling"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [seller["slug"] for seller in body["results"]] == [tea.seller.slug]
    method, path, sent = RecordedNode.requests[-1]
    assert (method, path) == ("POST", f"/{sellers_alias()}/_search")
    assert is_darjeeling_filter(sent)


def test_a_ticked_value_is_counted_beyond_the_first_values(db):
    query = SearchQuery(filters={"district": ("varanasi", "agra")})
    aggs = build_search(query).to_dict()["aggs"]
    # The district facet's own values, and the ticked ones whatever their rank.
    assert aggs["district"]["aggs"]["values"] == {"terms": {"field": "district_facet", "size": 100}}
    ticked = aggs["district"]["aggs"]["ticked"]["terms"]
    assert ticked == {"field": "district_facet", "include": "(varanasi|agra)\t.*", "size": 2}
    # Closed sets count every value already: nothing more for them.
    assert (
        "ticked"
        not in build_search(SearchQuery(filters={"verified": ("true",)})).to_dict()["aggs"][
            "verified"
        ]["aggs"]
    )

    result = parse_search_response(
        {
            "hits": {"total": {"value": 0}, "hits": []},
            "aggregations": {
                "district": {
                    "values": {"buckets": [{"key": "kutch\tKachchh", "doc_count": 9}]},
                    "ticked": {
                        "buckets": [
                            {"key": "agra\tAgra", "doc_count": 1},
                            {"key": "kutch\tKachchh", "doc_count": 9},
                        ]
                    },
                }
            },
        }
    )
    assert [(v.value, v.label, v.count) for v in result.facets["district"]] == [
        ("kutch", "Kachchh", 9),
        ("agra", "Agra", 1),
    ]
