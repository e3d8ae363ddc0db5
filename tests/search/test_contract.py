"""The shared contract every search backend passes (database on SQLite and PostgreSQL;
Elasticsearch wherever ELASTICSEARCH_URL is set). Same queries, same expected results."""

import pytest

from catalogue.models import Product
from search import services
from search.facets import LabelledFacet
from search.indexing import reindex_products
from tests.search.catalogue_fixture import PUBLISHED_KEYS
from tests.search.conftest import forget_kept_searches, run, slugs

pytestmark = pytest.mark.django_db


def facet(result, name):
    return {fv.value: fv.count for fv in result.facets.get(name, [])}


def test_empty_query_browses_every_published_product(catalogue):
    result = run("")
    assert result.total == len(PUBLISHED_KEYS)
    assert set(slugs(result)) == {catalogue[k].slug for k in PUBLISHED_KEYS}
    assert "wooden-toy-train" not in slugs(result)
    assert "darjeeling-green" not in slugs(result)


def test_stemming_matches_plural_and_singular(catalogue):
    toys = set(slugs(run("q=toys")))
    toy = set(slugs(run("q=toy")))
    expected = {catalogue[k].slug for k in ("channapatna", "kondapalli", "meerut")}
    assert expected <= toys
    assert expected <= toy


def test_wooden_toys_finds_wooden_toys_only(catalogue):
    result = run("q=wooden+toys")
    assert set(slugs(result)) == {catalogue["channapatna"].slug, catalogue["kondapalli"].slug}


def test_browse_ranks_gi_tagged_verified_sellers_first(catalogue):
    top = slugs(run(""))[:4]
    assert set(top) == {
        catalogue[k].slug for k in ("channapatna", "darjeeling", "pochampalli", "sanganeri")
    }
    # Same words, one GI-tagged and verified: the boost decides.
    toys = slugs(run("q=toy"))
    assert toys.index(catalogue["channapatna"].slug) < toys.index(catalogue["meerut"].slug)


def test_typo_of_one_edit_still_finds_darjeeling(catalogue):
    result = run("q=darjeling+tea")
    assert slugs(result)[0] == catalogue["darjeeling"].slug
    assert result.did_you_mean is None


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("saree", "banarasi"),
        ("sari", "pochampalli"),
        ("hapus", "alphonso"),
        ("pochampally", "pochampalli"),
        ("kondapalli toys", "kondapalli"),
    ],
)
def test_synonyms_and_alternative_names(catalogue, query, key):
    assert catalogue[key].slug in slugs(run(f"q={query}"))


def test_words_across_fields_and_description(catalogue):
    result = run("q=hand+block+printed+cotton")
    assert slugs(result)[0] == catalogue["sanganeri"].slug


def test_filters_combine_across_facets_and_or_within(catalogue):
    assert slugs(run("state=karnataka")) == [catalogue["channapatna"].slug]
    tea = run("q=tea&certification=fssai")
    assert set(slugs(tea)) == {catalogue["darjeeling"].slug, catalogue["assam"].slug}
    both = run("q=tea&certification=fssai&state=assam")
    assert slugs(both) == [catalogue["assam"].slug]
    either = run("state=assam&state=karnataka")
    assert set(slugs(either)) == {catalogue["assam"].slug, catalogue["channapatna"].slug}


def test_category_filter_includes_children(catalogue):
    result = run("category=agri")
    assert set(slugs(result)) == {catalogue[k].slug for k in ("darjeeling", "assam", "alphonso")}


def test_enumerated_filters(catalogue):
    assert set(slugs(run("verified=true"))) == {
        catalogue[k].slug for k in ("channapatna", "darjeeling", "pochampalli", "sanganeri")
    }
    assert set(slugs(run("seller_type=fpo"))) == {
        catalogue["darjeeling"].slug,
        catalogue["alphonso"].slug,
    }
    assert set(slugs(run("gi=alphonso"))) == {catalogue["alphonso"].slug}
    assert set(slugs(run("price=0-500"))) == {catalogue["meerut"].slug}
    assert set(slugs(run("moq=1001-"))) == set()
    assert set(slugs(run("moq=101-1000"))) == {catalogue["meerut"].slug, catalogue["alphonso"].slug}


def test_numeric_price_and_moq_filters(catalogue):
    result = run("price_min=1000&price_max=3000")
    assert set(slugs(result)) == {
        catalogue[k].slug for k in ("kondapalli", "darjeeling", "sanganeri", "alphonso")
    }
    assert set(slugs(run("moq_max=5"))) == {
        catalogue["pochampalli"].slug,
        catalogue["banarasi"].slug,
    }


def test_facet_counts(catalogue):
    result = run("q=toys")
    assert facet(result, "category") == {"toys": 3}
    assert facet(result, "state") == {"karnataka": 1, "andhra-pradesh": 1, "uttar-pradesh": 1}
    assert facet(result, "verified") == {"true": 1, "false": 2}
    assert facet(result, "gi") == {"channapatna-toys-dolls": 1, "kondapalli-bommallu": 1}
    everything = run("")
    assert facet(everything, "certification") == {
        "organic": 2,
        "fssai": 2,
        "handloom_mark": 1,
    }
    assert facet(everything, "price") == {"0-500": 1, "500-2000": 5, "2000-10000": 2, "10000-": 1}
    assert sum(facet(everything, "seller_type").values()) == len(PUBLISHED_KEYS)
    labels = {fv.value: fv.label for fv in everything.facets["state"]}
    assert labels["west-bengal"] == "West Bengal"


def test_open_facets_name_the_most_counted_values_and_every_ticked_one(catalogue, monkeypatch):
    everything = facet(run(""), "state")
    assert len(everything) > 3
    ranked = sorted(everything.items(), key=lambda item: (-item[1], item[0]))
    least, least_count = ranked[-1]
    forget_kept_searches()
    # As Elasticsearch's terms aggregation: the values with the most products, `es_size` of
    # them (ties by value), and a ticked value whatever its rank, with its own count.
    monkeypatch.setattr(LabelledFacet, "es_size", 2)
    assert facet(run(""), "state") == dict(ranked[:2])
    ticked = run(f"state={least}")
    assert ticked.total == least_count
    assert facet(ticked, "state") == {**dict(ranked[:2]), least: least_count}


def test_selected_facet_still_counts_its_other_values(catalogue):
    result = run("q=toys&state=karnataka")
    assert result.total == 1
    assert facet(result, "state") == {"karnataka": 1, "andhra-pradesh": 1, "uttar-pradesh": 1}
    assert facet(result, "category") == {"toys": 1}


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("price_asc", "meerut", "banarasi"),
        ("price_desc", "banarasi", "meerut"),
        ("newest", "meerut", "alphonso"),
    ],
)
def test_sorts(catalogue, sort, first, last):
    result = run(f"sort={sort}")
    assert slugs(result)[0] == catalogue[first].slug
    assert slugs(result)[-1] == catalogue[last].slug


def test_pagination(catalogue):
    first = run("sort=price_asc&page=1&page_size=4")
    second = run("sort=price_asc&page=2&page_size=4")
    third = run("sort=price_asc&page=3&page_size=4")
    assert first.total == second.total == len(PUBLISHED_KEYS)
    assert len(first.hits) == 4 and len(second.hits) == 4 and len(third.hits) == 1
    assert not set(slugs(first)) & set(slugs(second))
    assert run("page=10000").hits == []


def test_did_you_mean_when_nothing_matches(catalogue):
    result = run("q=chanapatma")
    assert result.total == 0
    assert result.did_you_mean == "channapatna"


def test_nothing_matches_without_suggestion(catalogue):
    result = run("q=zzzzqqqq")
    assert result.total == 0
    assert result.did_you_mean is None


def test_any_word_fallback_when_all_words_find_nothing(catalogue):
    result = run("q=alphonso+submarine")
    assert result.relaxed
    assert slugs(result) == [catalogue["alphonso"].slug]


def test_suggest_prefix(catalogue):
    suggestions = services.suggest("chan")
    assert "Channapatna wooden toys set" in suggestions
    assert "Channapatna Toys & Dolls" in suggestions
    assert "Darjeeling Tea" in services.suggest("darj")
    assert services.suggest("x") == []


def test_seller_search_by_name_district_and_craft(catalogue):
    by_name = services.search_sellers("Konkan")
    assert [h.slug for h in by_name.hits] == ["konkan-orchards"]
    by_district = services.search_sellers("varanasi")
    assert [h.slug for h in by_district.hits] == ["kashi-silk-house"]
    by_craft = services.search_sellers("ikat")
    assert [h.slug for h in by_craft.hits] == ["pochampalli-weavers"]
    verified_first = services.search_sellers("tea")
    assert next(h.slug for h in verified_first.hits) == "himalayan-tea-growers"


def test_seller_search_filters_by_district(catalogue):
    """/api/v1/sellers?district= on every backend (on Elasticsearch: the sellers index's
    `district` keyword, so an index built before that field existed needs a rebuild)."""
    tea = services.search_sellers("", district="darjeeling")
    assert ([h.slug for h in tea.hits], tea.total) == (["himalayan-tea-growers"], 1)
    assert tea.hits[0].district_name == "Darjeeling"
    words_and_place = services.search_sellers("tea", district="dibrugarh")
    assert [h.slug for h in words_and_place.hits] == ["brahmaputra-estates"]
    assert services.search_sellers("tea", district="varanasi").total == 0
    assert services.search_sellers("", district="no-such-district").hits == []


def test_unpublishing_removes_from_results(catalogue):
    product = catalogue["assam"]
    Product.objects.filter(pk=product.pk).update(status=Product.Status.WITHDRAWN)
    reindex_products([product.pk])
    from search.backends import get_backend

    backend = get_backend()
    if hasattr(backend, "refresh"):
        backend.refresh()
    assert product.slug not in slugs(run("q=tea"))


def test_seller_search_totals_hold_on_every_page(catalogue):
    everyone = services.search_sellers("", per_page=100)
    assert everyone.total == len(everyone.hits) >= 3
    per_page = 2
    pages = -(-everyone.total // per_page)
    seen = []
    for page in range(1, pages + 2):  # every page, and one past the end
        result = services.search_sellers("", page=page, per_page=per_page)
        assert result.total == everyone.total, page
        seen += [h.slug for h in result.hits]
    assert seen == [h.slug for h in everyone.hits]
