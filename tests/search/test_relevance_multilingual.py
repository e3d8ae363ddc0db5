"""Relevance in the buyers' languages, on the demo catalogue (load_demo_data, ~1,200 listings).

For each group of tests/search/relevance_multilingual.py: hit@5 (an acceptable product in the
first five) and mean reciprocal rank, against floors that may only rise. The table printed
with `-s` is the one in docs/benchmarks.md ("Multilingual relevance").
"""

from collections import defaultdict

import pytest
from django.db import connection, transaction

from catalogue.models import Product
from cms.management.commands.load_demo_data import load_demo
from search.indexing import reindex_products
from tests.search.conftest import run
from tests.search.relevance_multilingual import CONCEPTS, QUERIES

TOP_N = 5
# Measured on this catalogue (docs/benchmarks.md); only ever raise these.
HIT5_FLOOR = {
    "hi": 1.0,
    "hi-latn": 1.0,
    "fr": 1.0,
    "es": 1.0,
    "ar": 1.0,
    "en": 1.0,
    "typo": 1.0,
    "description": 1.0,
}
MRR_FLOOR = {
    # 0.93 on PostgreSQL; 0.917 on SQLite since districts gained Hindi names (its trigram
    # transliteration puts one near-miss first in 8 of the Hindi queries, the right one second).
    "hi": 0.93 if connection.vendor == "postgresql" else 0.91,
    "hi-latn": 0.87,
    "fr": 0.87,
    "es": 0.86,
    "ar": 0.93,
    "en": 0.92,
    "typo": 1.0,
    "description": 0.82,  # 0.823 on PostgreSQL, 0.862 on SQLite
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker):
    """The demo marketplace, indexed, once for this module and rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo(images=False)
            reindex_products(Product.objects.values_list("pk", flat=True))
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _keys(hit, gi_ids: dict[str, str]) -> set[str]:
    return {hit.slug, gi_ids.get(hit.gi_slug, "")} - {""}


def _gi_ids() -> dict[str, str]:
    from catalogue.models import GIProduct

    return dict(GIProduct.objects.values_list("slug", "gi_id"))


def _search(text: str, language: str):
    from django.utils.http import urlencode

    return run(urlencode({"q": text, "lang": language}))


def measure() -> dict[str, dict]:
    gi_ids = _gi_ids()
    table: dict[str, dict] = defaultdict(lambda: {"n": 0, "hits": 0, "rr": 0.0, "misses": []})
    for group, language, text, concept in QUERIES:
        hits = _search(text, language).hits[:TOP_N]
        wanted = CONCEPTS[concept]
        rank = next((n for n, hit in enumerate(hits, 1) if _keys(hit, gi_ids) & wanted), None)
        row = table[group]
        row["n"] += 1
        if rank:
            row["hits"] += 1
            row["rr"] += 1 / rank
        else:
            row["misses"].append((text, concept, [h.name for h in hits]))
    return table


def test_every_language_finds_the_right_products(demo_catalogue):
    assert len(QUERIES) >= 150
    table = measure()
    lines = ["| group | queries | hit@5 | MRR |", "|---|---|---|---|"]
    failures = []
    for group in HIT5_FLOOR:
        row = table[group]
        hit5, mrr = row["hits"] / row["n"], row["rr"] / row["n"]
        lines.append(f"| {group} | {row['n']} | {hit5:.1%} | {mrr:.3f} |")
        if hit5 < HIT5_FLOOR[group] or mrr < MRR_FLOOR[group]:
            failures.append((group, f"hit@5 {hit5:.3f}", f"MRR {mrr:.3f}", row["misses"]))
    print("\n".join(lines))
    for group, *_rest, misses in failures:
        for miss in misses:
            print(group, miss)
    assert not failures, failures


def test_pashmina_shawl_ranks_the_kashmir_pashmina_gi_first(demo_catalogue):
    first = _search("pashmina shawl", "en").hits[0]
    assert _gi_ids().get(first.gi_slug) == "GI-IN-097", first.name


def test_organic_turmeric_ranks_turmeric_first(demo_catalogue):
    hits = _search("organic turmeric", "en").hits[:3]
    assert all("turmeric" in f"{h.name} {h.gi_name}".lower() for h in hits), [h.name for h in hits]


def test_dari_durrie_and_dhurrie_are_one_word(demo_catalogue):
    totals = {word: _search(f"{word} rug", "en").total for word in ("dari", "durrie", "dhurrie")}
    assert len(set(totals.values())) == 1 and totals["dari"] > 3, totals


def test_a_gi_named_by_the_specific_word_outranks_generic_matches(demo_catalogue):
    # "shawl" is in many GI names, "kinnauri" in one: Kinnauri Shawl leads, not other shawls.
    first = _search("kinnauri shawl", "en").hits[0]
    assert _gi_ids().get(first.gi_slug) == "GI-IN-125", first.name
