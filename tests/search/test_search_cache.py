"""The database backend's kept results: one read of the matched rows, and kept answers that
never outlive an index write (search.backends.database: index version)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Product
from search.indexing import reindex_products
from tests.search.conftest import run


def counts(result, name):
    return {fv.value: fv.count for fv in result.facets.get(name, [])}


def index_reads(context) -> int:
    return sum("search_productsearchentry" in q["sql"] for q in context.captured_queries)


def test_one_read_for_hits_total_and_facets_then_kept_until_the_index_changes(catalogue):
    with CaptureQueriesContext(connection) as first:
        result = run("q=toys&state=karnataka")
    # One statement reads the matched rows (hits, total, every facet), one fetches the page.
    assert index_reads(first) == 2
    assert result.total == 1
    assert counts(result, "state") == {"karnataka": 1, "andhra-pradesh": 1, "uttar-pradesh": 1}
    with CaptureQueriesContext(connection) as again:
        kept = run("q=toys&state=karnataka")
    assert index_reads(again) == 0
    assert [h.slug for h in kept.hits] == [h.slug for h in result.hits]
    assert kept.facets == result.facets
    # Another sort of the same search reuses the kept counts: only the page is read.
    with CaptureQueriesContext(connection) as resorted:
        other = run("q=toys&state=karnataka&sort=price_asc")
    assert index_reads(resorted) == 1
    assert other.total == 1 and counts(other, "state") == counts(result, "state")

    # An index write starts a new version: the next search counts again.
    product = catalogue["channapatna"]
    product.status = Product.Status.WITHDRAWN
    product.save()
    reindex_products([product.pk])
    after = run("q=toys&state=karnataka")
    assert after.total == 0
    assert counts(run("q=toys"), "state") == {"andhra-pradesh": 1, "uttar-pradesh": 1}


def test_a_page_past_the_end_still_knows_the_total(catalogue):
    result = run("q=toys&page=5", with_facets=False)
    assert result.hits == [] and result.total == 3
