"""The GI word and synonym tables (search.analysis): rebuilt after the cache lost them, they
are the same table for the same rows (no work), and follow any edit of a GI at once."""

import pytest

from search import analysis, multilingual
from tests.factories import GIProductFactory

pytestmark = pytest.mark.django_db


def test_equal_rows_give_the_kept_tables_and_an_edit_gives_new_ones(django_assert_num_queries):
    gi = GIProductFactory(name="Pochampalli Ikat", alt_names="Pochampally Ikat")
    words, synonyms = analysis._gi_words(), analysis._gi_synonyms()
    assert synonyms["pochampalli"] == {"pochampalli", "pochampally"}

    analysis.forget_gi_tables()  # as every cache emptied: one query per table, no rebuild
    with django_assert_num_queries(2):
        assert analysis._gi_words() is words
        assert analysis._gi_synonyms() is synonyms

    gi.name, gi.alt_names = "Pochampalli Silk", "Puttapaka Silk"
    gi.save()  # forgets the tables (search.signals)
    assert multilingual.stem("silk", "en") in analysis._gi_words()["stems"]
    assert "pochampally" not in analysis._gi_synonyms()
    assert analysis._gi_synonyms()["puttapaka"] == {"puttapaka", "pochampalli"}
