import datetime
import json
import re

import pytest
from django.db.models.base import Model
from django.urls import reverse
from django.utils import translation

from catalogue.models import Certification, Product
from tests.factories import GIProductFactory, PriceTierFactory, ProductFactory
from tests.factories.catalogue import ProductImageFactory, SellerPhotoFactory


def jsonld_blocks(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json" nonce="[^"]*">(.*?)</script>', html, re.S
        )
    ]


@pytest.fixture
def product(seller, category):
    gi = GIProductFactory(name="Banarasi Brocades and Sarees", slug="banarasi-sarees")
    product = ProductFactory(
        seller=seller,
        category=category,
        gi=gi,
        gi_authorised_user=True,
        gi_au_status="verified",
        gi_au_checked_at=datetime.datetime(2026, 12, 6, 10, tzinfo=datetime.UTC),
        name="Katan silk saree",
        slug="katan-silk-saree",
        hs_code="500720",
        materials="Katan silk, zari",
        monthly_capacity=40,
        sample_available=True,
        sample_price_inr="1500.00",
    )
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr="3000.00")
    PriceTierFactory(product=product, min_quantity=50, unit_price_inr="2500.00")
    Certification.objects.create(product=product, kind="handloom_mark", number="HLM-1")
    ProductImageFactory(product=product, alt_text="Red katan saree with gold buti")
    return product


def test_product_page_shows_every_fact(client, product):
    response = client.get(reverse("catalogue:product_detail", args=[product.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Katan silk saree",
        "500720",
        "Katan silk, zari",
        "Handloom Mark",
        "HLM-1",
        "GI authorised user · verified 6 Dec 2026",
        "Banarasi Brocades and Sarees",
        "3,000",  # tier prices and the sample price, through templates/.../price.html
        "2,500",
        "1,500",
        'alt="Red katan saree with gold buti"',
        "/enquiries/new/?product=katan-silk-saree",
        '<link rel="canonical" href="http://testserver/products/katan-silk-saree/">',
        'property="og:image"',
        f'href="/{product.district.state.slug}/{product.district.slug}/"',
    ]:
        assert text in html, text
    assert re.search(r'srcset="[^"]+\.webp [0-9]+w', html)
    blocks = jsonld_blocks(html)
    data = next(b for b in blocks if b["@type"] == "Product")
    assert data["offers"]["@type"] == "AggregateOffer"
    assert data["offers"]["lowPrice"] == "2500.00"
    assert data["offers"]["offerCount"] == 2
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]][-2:] == ["Varanasi", "Katan silk saree"]


def test_single_tier_gives_a_plain_offer(client, seller, category):
    product = ProductFactory(seller=seller, category=category)
    PriceTierFactory(product=product, min_quantity=5, unit_price_inr="100.00")
    html = client.get(product.get_absolute_url()).content.decode()
    data = next(b for b in jsonld_blocks(html) if b["@type"] == "Product")
    assert data["offers"]["@type"] == "Offer"
    assert data["offers"]["eligibleQuantity"]["minValue"] == 5


@pytest.mark.parametrize("status", ["draft", "pending", "rejected", "withdrawn"])
def test_unpublished_products_are_hidden_from_the_public(client, plain_user, seller, status):
    product = ProductFactory(seller=seller, status=status)
    assert client.get(product.get_absolute_url()).status_code == 404
    client.force_login(plain_user)
    assert client.get(product.get_absolute_url()).status_code == 404


def test_seller_staff_can_preview_their_unpublished_product(client, seller_user, seller):
    product = ProductFactory(seller=seller, status=Product.Status.PENDING)
    client.force_login(seller_user)
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert b"Preview for your team" in response.content
    assert b'name="robots" content="noindex"' in response.content


def test_unknown_product_is_404(client, db):
    assert client.get("/products/nothing-here/").status_code == 404


def test_seller_page_lists_published_products_and_badges(client, seller, category):
    from django.utils import timezone

    seller.gstin = "09AAACH7409R1ZZ"
    seller.gstin_status = "verified"
    seller.gstin_checked_at = timezone.datetime(2026, 11, 2, tzinfo=timezone.UTC)
    seller.languages = "Hindi, English"
    seller.save()
    SellerPhotoFactory(seller=seller, alt_text="Our looms")
    ProductFactory(seller=seller, name="Published stole", category=category)
    ProductFactory(seller=seller, name="Secret draft", status="draft", category=category)
    response = client.get(reverse("catalogue:seller_detail", args=[seller.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Published stole" in html
    assert "Secret draft" not in html
    assert "GSTIN verified · checked 2 Nov 2026" in html
    assert 'alt="Our looms"' in html
    assert "/enquiries/new/?seller=kashi-weavers" in html
    org = next(b for b in jsonld_blocks(html) if b["@type"] == "Organization")
    assert org["name"] == "Kashi Weavers"
    assert org["knowsLanguage"] == ["Hindi", "English"]


def test_gi_pages(client, product):
    response = client.get(reverse("catalogue:gi_list"))
    assert response.status_code == 200
    assert b"Banarasi Brocades and Sarees" in response.content
    response = client.get(reverse("catalogue:gi_detail", args=[product.gi.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Katan silk saree" in html
    assert "Kashi Weavers" in html  # authorised seller
    assert client.get("/gi/?page=abc&q=" + "x" * 500).status_code == 200
    assert client.get("/gi/nope/").status_code == 404


def test_jsonld_cannot_be_broken_out_of(client, seller, category):
    product = ProductFactory(
        seller=seller, category=category, name="</script><script>alert(1)</script>"
    )
    html = client.get(product.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    data = next(b for b in jsonld_blocks(html) if b["@type"] == "Product")
    assert data["name"] == "</script><script>alert(1)</script>"


def test_stored_script_never_reaches_the_page(client, seller, category):
    # Rows written around the services (imports, admin, demo) are cleaned again at render.
    seller.story = '<p>Hello</p><script>alert("story")</script><a href="javascript:x">y</a>'
    seller.save()
    product = ProductFactory(
        seller=seller,
        category=category,
        description='<p onclick="x()">Fine <em>silk</em></p><script>alert("d")</script>'
        '<img src=x onerror=alert(1)><iframe src="//evil"></iframe>',
    )
    for url in (product.get_absolute_url(), seller.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "alert(" not in html.replace("&quot;", '"').split("application/ld+json")[0]
        for bad in ("<script>alert", "onerror", "onclick", "<iframe", "javascript:"):
            assert bad not in html, (url, bad)
    assert "<p>Fine <em>silk</em></p>" in client.get(product.get_absolute_url()).content.decode()


def test_suspended_sellers_vanish_from_public_pages(client, seller, category):
    product = ProductFactory(seller=seller, category=category)
    seller.status = "suspended"
    seller.save()
    assert client.get(product.get_absolute_url()).status_code == 404
    assert client.get(seller.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("language", ["en", "fr", "hi", "ar"])
def test_unit_labels_are_djangos_in_the_readers_language(language):
    """Product.get_unit_display is a faster spelling of Django's own (it builds no dict per
    call): the same label for every unit, in every language, and an unknown unit as is."""
    field = Product._meta.get_field("unit")
    with translation.override(language):
        for unit in [*Product.Unit.values, "bale"]:
            product = Product(unit=unit)
            assert product.get_unit_display() == Model._get_FIELD_display(product, field)
        if language == "fr":
            assert Product(unit="piece").get_unit_display() == "pièce"
