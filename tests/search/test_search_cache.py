"""The database backend's kept results: one read of the matched rows, and kept answers that
never outlive an index write (search.backends.database: index version)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Product
from search.indexing import reindex_products
from tests.search.conftest import forget_kept_searches, run


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


@pytest.mark.parametrize(
    "params",
    [
        "q=toys&state=karnataka",
        "state=west-bengal",
        "q=tea&state=west-bengal&state=assam",
        "category=agri&verified=true",
        "q=toys&state=uttar-pradesh&category=toys&price_max=5000",
        "state=karnataka&category=textiles&verified=false",
        "q=saree&certification=handloom_mark&seller_type=cooperative&state=uttar-pradesh",
        "q=zzzzqqqq&state=assam",
    ],
)
def test_counting_ticked_facets_in_passes_of_their_own_changes_no_answer(
    catalogue_db, settings, monkeypatch, params
):
    """With one or two facets ticked, the rows kept and ranked are the filtered ones and each
    ticked facet is counted in a pass of its own; with more, one pass with a flag per facet.
    Both ways give the same page, total and counts (including each ticked facet's others)."""
    from search.backends import database

    settings.SEARCH_BACKEND = "database"
    answers = []
    for split_up_to in (database.SPLIT_UP_TO, 0, 9):
        monkeypatch.setattr(database, "SPLIT_UP_TO", split_up_to)
        forget_kept_searches()
        result = run(params)
        answers.append(([h.slug for h in result.hits], result.total, result.facets))
    assert answers[0] == answers[1] == answers[2]
    _slugs, total, facets = answers[0]
    assert facets or total == 0  # counted, unless nothing matches at all
