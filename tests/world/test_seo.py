"""Sitemaps, robots.txt, canonical/hreflang/OpenGraph and JSON-LD validated against
Google's structured-data rules (tests/world/structured_data.py)."""

import datetime
import re
from decimal import Decimal

import pytest

from catalogue.models import Product
from cms import jsonld
from tests.factories import (
    DistrictFactory,
    PriceTierFactory,
    ProductFactory,
    SellerFactory,
    StateFactory,
)
from tests.factories.cms import make_district_page, make_products, make_state_page
from tests.world.structured_data import blocks_in, validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_states():
    up = StateFactory()
    kerala = StateFactory(iso_code="IN-KL", name="Kerala", slug="kerala", gst_code="32")
    varanasi = DistrictFactory(state=up, name="Varanasi", slug="varanasi")
    alappuzha = DistrictFactory(state=kerala, name="Alappuzha", slug="alappuzha")
    return up, kerala, varanasi, alappuzha


def test_sitemap_index_has_one_sitemap_per_state(client, two_states):
    _up, _kerala, _varanasi, _alappuzha = two_states
    body = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in body
    assert "http://testserver/sitemap-state-uttar-pradesh.xml" in body
    assert "http://testserver/sitemap-state-kerala.xml" in body
    assert "http://testserver/sitemap-site.xml" in body


def test_state_sitemap_lists_its_products_sellers_and_storefronts(client, two_states):
    up, _kerala, varanasi, alappuzha = two_states
    page = make_district_page(make_state_page(state=up), district=varanasi)
    product = ProductFactory(district=varanasi, seller__district=varanasi, slug="banarasi-saree")
    ProductFactory(district=varanasi, slug="draft-thing", status=Product.Status.DRAFT)
    ProductFactory(district=alappuzha, seller__district=alappuzha, slug="coir-mat")

    response = client.get("/sitemap-state-uttar-pradesh.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<loc>http://testserver/products/banarasi-saree/</loc>" in body
    assert f"<loc>http://testserver/sellers/{product.seller.slug}/</loc>" in body
    assert "http://testserver" + page.url in body
    assert "draft-thing" not in body and "coir-mat" not in body
    # every language alternate, plus x-default
    for code in ("hi", "fr", "es", "ar"):
        assert f'hreflang="{code}" href="http://testserver/{code}/products/banarasi-saree/"' in body
    assert 'hreflang="x-default"' in body

    assert "coir-mat" in client.get("/sitemap-state-kerala.xml").content.decode()
    assert client.get("/sitemap-state-atlantis.xml").status_code == 404


def test_sitemap_queries_do_not_grow_with_products(
    client, two_states, django_assert_max_num_queries
):
    _up, _, varanasi, _ = two_states
    ProductFactory.create_batch(30, district=varanasi, seller__district=varanasi)
    with django_assert_max_num_queries(12):
        assert client.get("/sitemap-state-uttar-pradesh.xml").status_code == 200


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body and "Disallow: /fr/dashboard/" in body
    assert re.search(r"^Disallow: /products/", body, re.M) is None


def _head(html):
    return html.split("</head>", 1)[0]


def test_product_page_head_and_structured_data(client, settings):
    seller = SellerFactory()
    product = make_products(seller.district, 1, seller=seller)[0]
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr=Decimal("3000.00"))
    PriceTierFactory(product=product, min_quantity=100, unit_price_inr=Decimal("2500.00"))
    html = client.get(f"/fr/products/{product.slug}/").content.decode()
    head = _head(html)
    for code in ("en", "hi", "fr", "es", "ar"):
        prefix = "" if code == "en" else f"/{code}"
        assert (
            f'<link rel="alternate" hreflang="{code}" '
            f'href="http://testserver{prefix}/products/{product.slug}/">' in head
        )
    assert 'hreflang="x-default"' in head
    assert head.count('rel="canonical"') == 1
    assert '<meta property="og:image" content="http://testserver/' in head
    assert 'name="twitter:card" content="summary_large_image"' in head

    blocks = blocks_in(html)
    kinds = {b["@type"] for b in blocks}
    assert {"Product", "BreadcrumbList"} <= kinds
    for block in blocks:
        report = validate(block)
        assert report.errors == [], (block["@type"], report.errors)
    product_ld = next(b for b in blocks if b["@type"] == "Product")
    assert product_ld["offers"]["@type"] == "AggregateOffer"
    assert product_ld["offers"]["lowPrice"] == "2500.00"


def test_seller_page_organization_is_valid(client):
    seller = SellerFactory()
    ProductFactory(seller=seller, district=seller.district)
    html = client.get(f"/sellers/{seller.slug}/").content.decode()
    blocks = blocks_in(html)
    organization = next(b for b in blocks if b["@type"] == "Organization")
    assert validate(organization).errors == []


def test_storefront_has_breadcrumbs_og_and_only_real_translations(client, two_states):
    from cms.i18n import ensure_locales

    ensure_locales()
    up, _, varanasi, _ = two_states
    page = make_district_page(make_state_page(state=up), district=varanasi)
    html = client.get(page.url).content.decode()
    head = _head(html)
    # not translated yet: no alternates announced for a Wagtail page
    assert 'hreflang="fr"' not in head
    assert f'<link rel="canonical" href="{page.full_url}">' in head
    assert '<meta property="og:title" content="Varanasi">' in head
    crumbs = next(b for b in blocks_in(html) if b["@type"] == "BreadcrumbList")
    assert validate(crumbs).errors == []
    assert [i["name"] for i in crumbs["itemListElement"]][-2:] == ["Uttar Pradesh", "Varanasi"]


def test_event_builder_satisfies_google_rules():
    data = jsonld.event(
        name="Buyer-seller meet: Banarasi silk",
        start=datetime.datetime(2026, 2, 3, 10, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 2, 3, 17, 0, tzinfo=datetime.UTC),
        url="https://example.org/events/1/",
        description="<p>Meet the weavers</p>",
        place_name="Trade Facilitation Centre",
        locality="Varanasi",
        region="Uttar Pradesh",
        online_url="https://meet.example.org/x",
        organizer_name="District Industries Centre, Varanasi",
    )
    report = validate(data)
    assert report.errors == [] and report.warnings == []
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["description"] == "Meet the weavers"
    with pytest.raises(ValueError):
        jsonld.event(name="x", start=datetime.date(2026, 1, 1), url="https://e.org/")


def test_validator_catches_broken_data():
    assert validate({"@context": "https://schema.org", "@type": "Product", "name": "x"}).errors
    bad_event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "x",
        "startDate": "tomorrow",
        "location": {"@type": "Place"},
    }
    assert len(validate(bad_event).errors) == 2
    bad_offer = {
        "@context": "https://schema.org",
        "@type": "Offer",
        "price": 1.5,
        "priceCurrency": "rupees",
    }
    assert len(validate(bad_offer).errors) == 2
    crumbs = jsonld.breadcrumb_list([("Home", "https://e.org/"), ("Leaf", "https://e.org/leaf/")])
    crumbs["itemListElement"][1]["position"] = 5
    assert validate(crumbs).errors


def test_jsonld_dumps_cannot_close_the_script_element():
    text = jsonld.dumps({"name": "</script><script>alert(1)</script>&"})
    assert "</script>" not in text and "<" not in text and "&" not in text


def _switcher_link(html, code):
    nav = html.split('class="switcher switcher--language"', 1)[1].split("</nav>", 1)[0]
    return re.search(rf'href="([^"]*)" hreflang="{code}"', nav).group(1)


def test_language_switch_keeps_the_page(client):
    seller = SellerFactory()
    english = client.get(f"/sellers/{seller.slug}/?page=1").content.decode()
    assert _switcher_link(english, "fr") == f"/fr/sellers/{seller.slug}/?page=1"
    french = client.get(_switcher_link(english, "fr"))
    assert french.status_code == 200
    french = french.content.decode()
    assert _switcher_link(french, "en") == f"/sellers/{seller.slug}/?page=1"
    assert _switcher_link(french, "ar") == f"/ar/sellers/{seller.slug}/?page=1"
