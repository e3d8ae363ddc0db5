"""The facet registry (search.facets): one entry is all a facet needs.

Each test registers a facet that the code base does not know, over columns the index
already has, and checks that the request parsing, the database backend (run on the real
database), the Elasticsearch query building, the OpenAPI document and the search page all
pick it up without another line changed.
"""

from decimal import Decimal

from django.http import QueryDict

from search import facets
from search.backends.base import SearchQuery
from search.backends.database import _entry
from search.backends.elasticsearch import (
    _documents,
    build_search,
    parse_search_response,
    product_body,
)
from search.forms import SearchForm
from search.indexing import documents
from search.openapi import openapi_document
from tests.search.conftest import run

# A keyword facet over the seller's slug, and a range facet over the top of the price range.
SELLER = facets.Facet("seller", "Seller", column="seller_slug", es_field="seller_slug")
TOP_PRICE = facets.RangeFacet(
    "top_price",
    "Highest price",
    column="price_max",
    es_field="price_max",
    buckets=(
        facets.Bucket("0-1000", Decimal(0), Decimal(1000)),
        facets.Bucket("1000-", Decimal(1000), None),
    ),
    numeric=True,
    label_format=lambda low, high: f"from {low}" + (f" below {high}" if high else " up"),
)


def counts(result, name):
    return {fv.value: fv.count for fv in result.facets.get(name, [])}


def test_every_facet_is_declared_once_with_what_each_consumer_needs():
    keys = facets.facet_keys()
    assert keys == (
        "state",
        "district",
        "category",
        "gi",
        "certification",
        "seller_type",
        "verified",
        "price",
        "moq",
        "rating",
    )
    for facet in facets.facets():
        assert facet.title and facet.column and facet.es_field
        assert facet.db_count().startswith(f"SELECT '{facet.key}'")
        assert facet.es_agg()
        assert facet.openapi_parameter()["name"] == facet.key
    # Closed sets come from the models that own them, not from a copy.
    from catalogue.models import Certification
    from sellers.models import Seller

    assert facets.get("certification").allowed() == list(Certification.Kind.values)
    assert facets.get("seller_type").allowed() == list(Seller.BusinessType.values)
    assert facets.landing_keys() == ("state", "district", "category", "gi")


def test_a_registry_entry_alone_filters_and_counts_in_the_database_backend(catalogue):
    everything = run("")
    sellers = {hit.seller_slug for hit in everything.hits}
    one = sorted(sellers)[0]
    expected = sum(1 for hit in everything.hits if hit.seller_slug == one)
    assert "seller" not in everything.facets
    with facets.registered(SELLER), facets.registered(TOP_PRICE):
        browse = run("")
        assert counts(browse, "seller") == {
            s: sum(1 for hit in everything.hits if hit.seller_slug == s) for s in sellers
        }
        cheap = sum(1 for h in everything.hits if h.price_max is not None and h.price_max < 1000)
        assert counts(browse, "top_price").get("0-1000", 0) == cheap
        labels = {fv.value: fv.label for fv in browse.facets["top_price"]}
        assert labels["1000-"] == "from 1000 up"

        picked = run(f"seller={one}")
        assert picked.total == expected
        assert {hit.seller_slug for hit in picked.hits} == {one}
        # A selected facet still counts its other values.
        assert counts(picked, "seller") == counts(browse, "seller")

        ranged = run("top_price=1000-")
        assert ranged.total == sum(
            1 for h in everything.hits if h.price_max is not None and h.price_max >= 1000
        )
        # Values outside the declared closed set are dropped by the form.
        form = SearchForm(QueryDict("top_price=5-6&seller=Not%20A%20Slug"))
        assert form.is_valid() and form.cleaned_data["filters"] == {}
    # Unregistered again: the parameter is ignored.
    assert run(f"seller={one}").total == everything.total


def test_a_registry_entry_alone_is_stored_by_both_backends(catalogue):
    """A facet's columns and fields are copied from the ProductDocument attribute of the same
    name: a facet over a new field needs no line in either backend (docs/architecture.md)."""
    doc = documents([next(iter(catalogue.values())).pk])[0]

    def mapped():
        return _documents()[0]._doc_type.mapping.to_dict()["properties"]

    assert "seller_slug" not in product_body(doc) and "seller_slug" not in mapped()
    with facets.registered(SELLER), facets.registered(TOP_PRICE):
        body = product_body(doc)
        assert body["seller_slug"] == doc.seller_slug
        assert body["price_max"] == str(doc.price_max)
        assert mapped()["seller_slug"] == {"type": "keyword"}
        assert mapped()["price_max"]["type"] == "scaled_float"  # declared, kept as it was
    # The database row's facet columns are the document's values, every facet of them.
    entry = _entry(doc, vector=False)
    for facet in facets.facets():
        for column, value in facet.entry_values(doc).items():
            assert getattr(entry, column) == value, column
    assert entry.state_slug == doc.state_slug and entry.moq == doc.moq
    assert entry.certifications == (
        "|" + "|".join(doc.certifications) + "|" if doc.certifications else ""
    )


def test_a_registry_entry_alone_builds_its_elasticsearch_filter_and_aggregation():
    with facets.registered(SELLER), facets.registered(TOP_PRICE):
        query = SearchQuery(filters={"seller": ("kashi-silk-house",), "top_price": ("0-1000",)})
        body = build_search(query).to_dict()
        post = body["post_filter"]["bool"]["filter"]
        assert {"terms": {"seller_slug": ["kashi-silk-house"]}} in post
        assert {
            "bool": {
                "should": [{"range": {"price_max": {"gte": 0.0, "lt": 1000.0}}}],
                "minimum_should_match": 1,
            }
        } in post
        # Each facet's aggregation is filtered by the other facets' selections only.
        seller_agg = body["aggs"]["seller"]
        assert seller_agg["aggs"]["values"] == {"terms": {"field": "seller_slug", "size": 50}}
        assert "seller_slug" not in str(seller_agg["filter"])
        assert "price_max" in str(seller_agg["filter"])
        assert body["aggs"]["top_price"]["aggs"]["values"]["range"]["ranges"] == [
            {"key": "0-1000", "from": 0.0, "to": 1000.0},
            {"key": "1000-", "from": 1000.0},
        ]
        # And the response's buckets come back as facet values.
        response = {
            "hits": {"total": {"value": 0}, "hits": []},
            "aggregations": {
                "seller": {"values": {"buckets": [{"key": "kashi-silk-house", "doc_count": 2}]}},
                "top_price": {"values": {"buckets": [{"key": "1000-", "doc_count": 3}]}},
            },
        }
        parsed = parse_search_response(response)
        assert [(fv.value, fv.count) for fv in parsed.facets["seller"]] == [("kashi-silk-house", 2)]
        assert [(fv.value, fv.count) for fv in parsed.facets["top_price"]] == [("1000-", 3)]


def test_a_registry_entry_alone_appears_in_openapi_and_on_the_page(catalogue, client):
    with facets.registered(TOP_PRICE):
        params = openapi_document("http://testserver/api/v1")["paths"]["/products"]["get"][
            "parameters"
        ]
        top = next(p for p in params if p["name"] == "top_price")
        assert top["explode"] is True and "0-1000, 1000-" in top["description"]
        page = client.get("/search/?top_price=1000-")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-facet="top_price"' in html
        assert "Highest price" in html and "from 1000 up" in html
        api = client.get("/api/v1/products?top_price=1000-").json()
        assert "top_price" in api["facets"]


def test_a_facet_that_keeps_its_stored_labels_labels_every_value_as_stored(db):
    """search.services skips relabelling the facets whose `labels_as_stored()` is true, so
    for those `label(value, stored)` must be `stored or value`; the others must relabel."""
    samples = [("varanasi", "Varanasi"), ("organic", "Organic"), ("500-2000", ""), ("4", "")]
    keeping = {f.key for f in facets.facets() if f.labels_as_stored()}
    assert {"state", "district", "gi"} <= keeping  # the long open-ended lists
    assert not keeping & {"category", "certification", "price"}  # translated or chosen words
    for facet in facets.facets():
        if facet.labels_as_stored():
            for value, stored in samples:
                assert facet.label(value, stored) == (stored or value), facet.key
    assert SELLER.labels_as_stored()
    assert not TOP_PRICE.labels_as_stored()  # a subclass with its own label()
