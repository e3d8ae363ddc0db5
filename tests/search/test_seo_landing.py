"""Which search URLs may be indexed: one-filter listings and the search phrases staff chose
are landing pages with a canonical URL; other free text, combinations, other orders, later
pages and empty listings stay `noindex`."""

import re

import pytest
from django.http import QueryDict
from protego import Protego

from catalogue.models import Product
from core.content_cache import content_version
from search.models import KeywordLanding
from search.seo import Landing, landing_for
from tests.factories import DistrictFactory, ProductFactory, StateFactory, UserFactory
from tests.factories.officials import make_official

NOINDEX = '<meta name="robots" content="noindex, follow">'


def _head(response):
    return response.content.decode().split("</head>", 1)[0]


def _canonical(head):
    return re.search(r'<link rel="canonical" href="([^"]*)">', head).group(1)


def _assert_landing(head, query_string, title):
    """An indexable landing page: no robots meta, its own canonical and alternates, a title."""
    assert 'name="robots"' not in head
    assert _canonical(head) == f"http://testserver/search/{query_string}"
    alternate = f'hreflang="fr" href="http://testserver/fr/search/{query_string}">'
    assert f'<link rel="alternate" {alternate}' in head
    assert f"<title>{title}: products from India" in head


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


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=silk+saree", Landing("q", "silk saree", "Silk saree")),
        ("q=silk+saree&sort=relevance&page=1", Landing("q", "silk saree", "Silk saree")),
        ("q=silk+sarees", None),  # not a chosen phrase
        ("q=Silk+Saree", None),  # not its spelling
        ("q=silk++saree", None),
        ("q=silk+saree&state=karnataka", None),
        ("q=silk+saree&q=toys", None),
        ("q=silk+saree&sort=newest", None),
        ("q=silk+saree&page=2", None),
        ("q=silk+saree&verified=true", None),
        ("q=", None),
    ],
)
def test_a_chosen_phrase_alone_is_a_landing_page(query, expected):
    params = QueryDict(query)
    filters = {"state": ("karnataka",)} if "state" in params else {}
    filters |= {"verified": ("true",)} if "verified" in params else {}
    is_keyword = {"silk saree"}.__contains__
    assert landing_for(params, filters, {}, total=3, is_keyword=is_keyword) == expected


def test_a_chosen_phrase_without_results_stays_out():
    found = landing_for(QueryDict("q=silk+saree"), {}, {}, 0, {"silk saree"}.__contains__)
    assert found is None


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
    _assert_landing(_head(response), "?state=karnataka", "Karnataka")
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


@pytest.mark.django_db
def test_a_chosen_phrase_is_an_indexable_page_and_other_text_is_not(client, catalogue):
    KeywordLanding.objects.create(phrase="wooden toys")
    response = client.get("/search/?q=wooden+toys")
    _assert_landing(_head(response), "?q=wooden+toys", "Wooden toys")
    assert "Channapatna wooden toys set" in response.content.decode()

    for other in ("q=Wooden+Toys", "q=wooden+toys+set", "q=wooden+toys&sort=newest", "q=toys"):
        head = _head(client.get("/search/?" + other))
        assert NOINDEX in head, other
        assert _canonical(head) == "http://testserver/search/", other


@pytest.mark.django_db
def test_a_chosen_phrase_with_no_results_is_noindex(client, catalogue):
    KeywordLanding.objects.create(phrase="zebra skins")
    assert NOINDEX in _head(client.get("/search/?q=zebra+skins"))


@pytest.mark.django_db
def test_the_bare_listing_links_the_chosen_phrases(client, catalogue):
    for phrase in ("wooden toys", "silk saree"):
        KeywordLanding.objects.create(phrase=phrase)
    body = client.get("/search/").content.decode()
    popular = body.split('class="search-popular"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)"', popular) == [
        "/search/?q=silk+saree",
        "/search/?q=wooden+toys",
    ]
    # Only the bare listing shows them (not a state listing, not a search).
    assert "search-popular" not in client.get("/search/?state=karnataka").content.decode()
    assert "search-popular" not in client.get("/search/?q=toys").content.decode()


@pytest.mark.django_db
def test_a_new_phrase_invalidates_cached_pages():
    before = content_version()
    KeywordLanding.objects.create(phrase="wooden toys")
    assert content_version() != before


@pytest.mark.django_db
def test_robots_txt_lets_crawlers_reach_exactly_the_chosen_phrases(client):
    KeywordLanding.objects.create(phrase="wooden toys")
    KeywordLanding.objects.create(phrase="बनारसी साड़ी")
    robots = Protego.parse(client.get("/robots.txt").content.decode())
    allowed = [
        "/search/?q=wooden+toys",
        "/fr/search/?q=wooden+toys",
        "/search/?q=%E0%A4%AC%E0%A4%A8%E0%A4%BE%E0%A4%B0%E0%A4%B8%E0%A5%80+"
        "%E0%A4%B8%E0%A4%BE%E0%A4%A1%E0%A4%BC%E0%A5%80",
        "/search/?state=karnataka",
        "/search/",
    ]
    blocked = [
        "/search/?q=wooden+toys+set",
        "/search/?q=wooden+toys&sort=newest",
        "/search/?q=toys",
        "/fr/search/?q=toys",
        "/search/?state=karnataka&category=toys",
        "/dashboard/",
    ]
    for path in allowed:
        assert robots.can_fetch("http://testserver" + path, "Googlebot"), path
    for path in blocked:
        assert not robots.can_fetch("http://testserver" + path, "Googlebot"), path


@pytest.mark.django_db
def test_site_sitemap_lists_the_chosen_phrases(client):
    KeywordLanding.objects.create(phrase="wooden toys")
    body = client.get("/sitemap-site.xml").content.decode()
    assert "<loc>http://testserver/search/?q=wooden+toys</loc>" in body
    assert 'hreflang="fr" href="http://testserver/fr/search/?q=wooden+toys"' in body


@pytest.mark.django_db
def test_staff_name_phrases_in_the_admin_with_clear_errors(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    add = "/admin/keyword_landings/new/"
    response = client.post(add, {"phrase": "  Wooden Toys "})
    assert response.status_code == 302
    assert list(KeywordLanding.objects.values_list("phrase", flat=True)) == ["wooden toys"]

    for phrase, message in [
        ("WOODEN toys", "already exists"),
        ("toys$\nDisallow: /", "letters, digits"),
        ("silk  saree", "single spaces"),
        ("x", "at least 2"),
        ("x" * 61, "at most 60"),
    ]:
        response = client.post(add, {"phrase": phrase})
        assert response.status_code == 200, phrase
        assert message in response.content.decode(), phrase
    assert KeywordLanding.objects.count() == 1

    KeywordLanding.objects.create(phrase="silk saree")
    listing = client.get("/admin/keyword_landings/", {"q": "silk"})
    assert listing.status_code == 200
    assert "silk saree" in listing.content.decode()
    assert "wooden toys" not in listing.content.decode()


@pytest.mark.django_db
def test_officials_cannot_name_phrases(client):
    state = StateFactory()
    official = make_official(DistrictFactory(state=state))
    client.force_login(official)
    response = client.post("/admin/keyword_landings/new/", {"phrase": "wooden toys"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/" in response["Location"]
    assert not KeywordLanding.objects.exists()
    assert client.get("/admin/keyword_landings/").status_code in (302, 403)
