"""The sellers directory (/sellers/) and the API's district filter (issue 17 item 12: no
directory existed, and a storefront said "15 sellers" while showing 8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ProductFactory,
    SellerFactory,
    StateFactory,
)
from tests.factories.cms import make_district_page, make_state_page


@pytest.fixture
def places(db):
    up = StateFactory()
    wb = StateFactory(iso_code="IN-WB", name="West Bengal", slug="west-bengal", gst_code="19")
    return {
        "varanasi": DistrictFactory(state=up, name="Varanasi", slug="varanasi"),
        "agra": DistrictFactory(state=up, name="Agra", slug="agra"),
        "darjeeling": DistrictFactory(state=wb, name="Darjeeling", slug="darjeeling"),
    }


def _listed(response) -> list[str]:
    html = response.content.decode()
    import re

    return re.findall(r'data-seller="([^"]+)"', html)


def test_the_directory_filters_by_state_district_and_category(client, places):
    tea = CategoryFactory(name="Tea", slug="tea")
    silk = SellerFactory(district=places["varanasi"], slug="kashi-silk")
    SellerFactory(district=places["agra"], slug="agra-marble")
    garden = SellerFactory(district=places["darjeeling"], slug="tea-garden")
    ProductFactory(seller=garden, category=tea)
    SellerFactory(district=places["varanasi"], slug="pending", status="pending")

    assert client.get("/sellers/").status_code == 200
    assert sorted(_listed(client.get("/sellers/"))) == ["agra-marble", "kashi-silk", "tea-garden"]
    assert sorted(_listed(client.get("/sellers/?state=uttar-pradesh"))) == [
        "agra-marble",
        "kashi-silk",
    ]
    assert _listed(client.get("/sellers/?district=varanasi")) == [silk.slug]
    assert _listed(client.get("/sellers/?category=tea")) == ["tea-garden"]
    assert _listed(client.get("/sellers/?district=nowhere")) == []
    french = client.get("/fr/sellers/?district=varanasi").content.decode()
    assert 'href="/fr/sellers/kashi-silk/"' in french


@pytest.mark.parametrize("count", [1, 50])
def test_the_directory_runs_the_same_queries_for_1_or_50_sellers(client, places, count):
    sellers = SellerFactory.create_batch(count, district=places["varanasi"])
    for seller in sellers:
        ProductFactory(seller=seller)
    client.get("/sellers/")  # warm the per-process caches (content version, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sellers/?page=1")
    assert response.status_code == 200
    assert len(_listed(response)) == min(count, 24)
    # count, page, states, districts, categories, plus the session-less request's fixed few
    assert len(queries) <= 8, [q["sql"] for q in queries.captured_queries]


def test_pagination_keeps_the_filters(client, places):
    SellerFactory.create_batch(30, district=places["varanasi"])
    html = client.get("/sellers/?district=varanasi").content.decode()
    assert 'href="?district=varanasi&amp;page=2"' in html
    assert len(_listed(client.get("/sellers/?district=varanasi&page=2"))) == 6


def test_a_storefront_links_to_all_its_sellers_when_it_shows_fewer(client, places):
    page = make_district_page(make_state_page(state=places["varanasi"].state), places["varanasi"])
    SellerFactory.create_batch(10, district=places["varanasi"])
    html = client.get(page.url).content.decode()
    assert "<strong>10</strong> sellers" in html
    assert 'href="/sellers/?district=varanasi" data-testid="all-sellers"' in html


def test_the_api_filters_sellers_by_district(client, places):
    SellerFactory(district=places["varanasi"], slug="kashi-silk")
    SellerFactory(district=places["darjeeling"], slug="tea-garden")
    body = client.get("/api/v1/sellers", {"district": "darjeeling"}).json()
    assert [seller["slug"] for seller in body["results"]] == ["tea-garden"]
    assert body["count"] == 1
    assert client.get("/api/v1/sellers", {"district": "Not A Slug"}).status_code == 400
    schema = client.get("/api/v1/openapi.json").json()
    names = [p["name"] for p in schema["paths"]["/sellers"]["get"]["parameters"]]
    assert "district" in names
