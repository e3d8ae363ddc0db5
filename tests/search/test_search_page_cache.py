"""The search page keeps what every visitor of a URL sees (the rendered results, the matching
sellers, the query's analysis, the landing phrases) until the index or public data change:
a repeated search asks the database nothing, and no kept part outlives an edit."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Product
from search import analysis, services
from search.indexing import reindex_products
from search.models import KeywordLanding


def _page(client, **params):
    return client.get("/search/", params).content.decode()


def test_a_repeated_search_page_asks_the_database_nothing(client, catalogue_db, settings):
    settings.SEARCH_BACKEND = "database"
    first = _page(client, q="channapatna toys")
    assert "Channapatna" in first
    with CaptureQueriesContext(connection) as again:
        second = _page(client, q="channapatna toys")
    assert [q["sql"] for q in again.captured_queries] == []
    assert second == first


def test_kept_results_follow_an_index_write(client, catalogue_db, settings):
    settings.SEARCH_BACKEND = "database"
    assert "channapatna-wooden-toys" in _page(client, q="toys")
    product = catalogue_db["channapatna"]
    product.status = Product.Status.WITHDRAWN
    product.save()
    reindex_products([product.pk])
    assert "channapatna-wooden-toys" not in _page(client, q="toys")


def test_kept_sellers_follow_an_edit_of_the_seller(client, catalogue_db, settings):
    settings.SEARCH_BACKEND = "database"
    seller = catalogue_db["channapatna"].seller
    assert seller.name in _page(client, q="toys")
    seller.name = "Renamed Toy Makers Collective"
    seller.save()
    assert "Renamed Toy Makers Collective" in _page(client, q="toys")


def test_a_new_landing_phrase_is_seen_at_once(client, catalogue_db, settings):
    settings.SEARCH_BACKEND = "database"
    assert 'name="robots" content="noindex' in _page(client, q="toys")
    KeywordLanding.objects.create(phrase="toys")
    assert 'name="robots" content="noindex' not in _page(client, q="toys")


def test_a_kept_analysis_learns_the_words_of_the_next_index_write(catalogue_db):
    # "zirconite" is not in the vocabulary yet: its typo is left as typed.
    before = services.build_query({"q": "zirconyte"})
    assert before.groups[0].alternatives == ("zirconyte",)
    product = catalogue_db["channapatna"]
    product.name = "Zirconite lacquer toy"
    product.save()
    reindex_products([product.pk])
    # The same text, analysed again under the new index version, is corrected.
    after = services.build_query({"q": "zirconyte"})
    assert "zirconite" in after.groups[0].alternatives


def test_only_unknown_words_are_looked_up_among_their_typo_neighbours(catalogue_db):
    analysis.forget_gi_tables()
    with CaptureQueriesContext(connection) as known:
        analysis.analyse("channapatna toys")
    lookups = [q["sql"] for q in known.captured_queries if "search_searchterm" in q["sql"]]
    # One lookup of the two words themselves, not of their hundreds of one-edit neighbours.
    assert len(lookups) == 1 and lookups[0].count("%s") + lookups[0].count("'") <= 8
    with CaptureQueriesContext(connection) as typo:
        groups = analysis.analyse("channapatma")
    lookups = [q["sql"] for q in typo.captured_queries if "search_searchterm" in q["sql"]]
    assert len(lookups) == 2
    assert "channapatna" in groups[0].alternatives


def test_an_index_write_by_another_process_is_seen_within_a_second(client, catalogue_db, settings):
    """The index version is held in the process for CONTENT_VERSION_LOCAL_SECONDS, as the
    content version is: a write this process made is seen at once (above); one made by
    another process (the task worker) once the hold runs out."""
    import time

    from search.backends import database

    settings.SEARCH_BACKEND = "database"
    settings.CONTENT_VERSION_LOCAL_SECONDS = 0.3
    assert "channapatna-wooden-toys" in _page(client, q="toys")
    seen_before = database._held.seen[0]
    product = catalogue_db["channapatna"]
    Product.objects.filter(pk=product.pk).update(status=Product.Status.WITHDRAWN)
    reindex_products([product.pk])
    # As another process's write: this process has not seen the new version.
    database._held.seen = (seen_before, time.monotonic())
    assert "channapatna-wooden-toys" in _page(client, q="toys")
    time.sleep(0.35)
    assert "channapatna-wooden-toys" not in _page(client, q="toys")
