"""The database backend's seller search: a word matches a seller's name, crafts or story (one
lower-cased expression with a trigram index on PostgreSQL) or its district's or state's name."""

import pytest
from django.db import connection, transaction

from search.backends.base import TermGroup
from search.backends.database import DatabaseBackend
from sellers.models import SEARCH_TEXT_INDEX, Seller, search_text


def found(*words: tuple[str, ...], district: str = "") -> list[str]:
    groups = tuple(TermGroup(word=alts[0], alternatives=alts) for alts in words)
    return [h.slug for h in DatabaseBackend().search_sellers(groups, district=district).hits]


def test_a_word_matches_a_sellers_own_text_or_its_place(catalogue_db):
    Seller.objects.filter(slug="kashi-silk-house").update(story="Our looms weave Tussar too.")
    assert found(("tussar",)) == ["kashi-silk-house"]  # the story, whatever its case
    assert found(("brocade",)) == ["kashi-silk-house"]  # the crafts
    assert found(("assam",)) == ["brahmaputra-estates"]  # the state's name
    # Each word by a different part: the place for one, the crafts for the other.
    assert found(("varanasi",), ("brocade",)) == ["kashi-silk-house"]
    assert found(("varanasi",), ("tea",)) == []
    # Any alternative of a word will do; every word must match.
    assert found(("nothing", "orchards")) == ["konkan-orchards"]
    assert found(("tea",), district="dibrugarh") == ["brahmaputra-estates"]


def test_like_wildcards_in_a_word_are_plain_characters(catalogue_db):
    assert found(("t_a",)) == []
    assert found(("t%a",)) == []
    assert found(("ras_",)) == []  # not "Rasa..." nor a district "Ras..."


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's (migration 0011)"
)
def test_the_text_expression_is_the_trigram_indexs_own(catalogue_db):
    """`sellers.models.search_text` and migration 0011 spell the expression twice: with
    sequential scans priced out, a match on the expression reads the index, which it cannot
    if the two have drifted apart (the planner then filters every row: "Seq Scan")."""
    matching = Seller.objects.alias(text=search_text()).filter(text__contains="silk")
    assert [s.slug for s in matching] == ["kashi-silk-house"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matching.explain()
    assert SEARCH_TEXT_INDEX in plan, plan
