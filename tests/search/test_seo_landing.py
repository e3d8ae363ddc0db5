"""Which search URLs may be indexed: one-filter listings are landing pages with a canonical
URL; free text, combinations, other orders, later pages and empty listings stay `noindex`."""

import re

import pytest
from django.http import QueryDict

from catalogue.models import Product
from search.seo import Landing, landing_for
from tests.factories import DistrictFactory, ProductFactory, StateFactory

NOINDEX = '<meta name="robots" content="noindex, follow">'


def _head(response):
    return response.content.decode().split("</head>", 1)[0]


def _canonical(head):
    return re.search(r'<link rel="canonical" href="([^"]*)">', head).group(1)


@pytest.mark.parametrize(
    "query, filters, expected",
    [
        ("", {}, Landing("", "", "")),
        ("state=karnataka", {"state": ("karnataka",)}, Landing("state", "karnataka", "KA")),
        ("gi=x&sort=relevance&page=1", {"gi": ("x",)}, Landing("gi", "x", "x")),
        ("q=toys", {}, None),
        ("q=", {}, None),
        ("state=karnataka&q=toys", {"state": ("karnataka",)}, None),
        ("state=karnataka&category=toys", {"state": ("karnataka",), "category": ("toys",)}, None),
        ("state=karnataka&state=assam", {"state": ("karnataka", "assam")}, None),
        ("state=karnataka,assam", {"state": ("karnataka", "assam")}, None),
        ("state=Karnataka", {"state": ("karnataka",)}, None),  # not the canonical spelling
        ("state=karnataka&sort=price_asc", {"state": ("karnataka",)}, None),
        ("state=karnataka&page=2", {"state": ("karnataka",)}, None),
        ("verified=true", {"verified": ("true",)}, None),
        ("price=0-500", {"price": ("0-500",)}, None),
        ("state=karnataka&utm_source=x", {"state": ("karnataka",)}, None),
    ],
)
def test_landing_rules(query, filters, expected):
    labels = {("state", "karnataka"): "KA"}
    assert landing_for(QueryDict(query), filters, labels, total=3) == expected


def test_an_empty_listing_is_never_a_landing_page():
    assert landing_for(QueryDict("state=atlantis"), {"state": ("atlantis",)}, {}, total=0) is None


@pytest.mark.django_db
def test_free_text_search_stays_out_of_the_index(client, catalogue):
    head = _head(client.get("/search/", {"q": "toys"}))
    assert NOINDEX in head
    assert _canonical(head) == "http://testserver/search/"


@pytest.mark.django_db
def test_a_state_listing_is_an_indexable_landing_page(client, catalogue):
    response = client.get("/search/?state=karnataka")
    head = _head(response)
    assert 'name="robots"' not in head
    assert _canonical(head) == "http://testserver/search/?state=karnataka"
    assert (
        '<link rel="alternate" hreflang="fr" href="http://testserver/fr/search/?state=karnataka">'
        in head
    )
    assert "<title>Karnataka: products from India" in head
    assert "<h1" in response.content.decode() and "Channapatna wooden toys set" in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["state=karnataka&category=toys", "state=karnataka&sort=newest", "state=atlantis"],
)
def test_combinations_other_orders_and_empty_listings_are_noindex(client, catalogue, query):
    head = _head(client.get("/search/?" + query))
    assert NOINDEX in head
    assert _canonical(head) == "http://testserver/search/"


def test_robots_txt_lets_crawlers_reach_landing_pages_only(client, db):
    body = client.get("/robots.txt").content.decode()
    assert re.search(r"^Disallow: /search/$", body, re.M) is None
    assert "Disallow: /search/?q=" in body and "Disallow: /search/*&" in body
    assert "Disallow: /fr/search/?q=" in body


@pytest.mark.django_db
def test_state_sitemap_lists_the_state_listing_only_when_it_has_products(client):
    up = StateFactory()
    kerala = StateFactory(iso_code="IN-KL", name="Kerala", slug="kerala", gst_code="32")
    varanasi = DistrictFactory(state=up, name="Varanasi", slug="varanasi")
    alappuzha = DistrictFactory(state=kerala, name="Alappuzha", slug="alappuzha")
    ProductFactory(district=varanasi, seller__district=varanasi)
    ProductFactory(district=alappuzha, status=Product.Status.DRAFT)

    body = client.get(f"/sitemap-state-{up.slug}.xml").content.decode()
    assert f"<loc>http://testserver/search/?state={up.slug}</loc>" in body
    assert f'hreflang="fr" href="http://testserver/fr/search/?state={up.slug}"' in body
    assert "search/" not in client.get("/sitemap-state-kerala.xml").content.decode()
