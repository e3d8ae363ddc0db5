from decimal import Decimal

import pytest
from django.urls import reverse

from catalogue.models import Certification, PriceTier, Product, ProductImage
from tests.factories import PriceTierFactory, ProductFactory, SellerFactory
from tests.factories.catalogue import ProductImageFactory, image_bytes, upload


def listing_data(seller, category, **overrides):
    data = {
        "name": "Brocade stole",
        "category": category.pk,
        "district": seller.district_id,
        "description": "<p>Silk <strong>stole</strong></p><script>alert(1)</script>"
        "<img src=x onerror=alert(2)>",
        "materials": "silk",
        "hs_code": "5007.20",
        "moq": 5,
        "unit": "piece",
        "lead_time_days": 20,
        "monthly_capacity": 100,
        "tiers-TOTAL_FORMS": 2,
        "tiers-INITIAL_FORMS": 0,
        "tiers-0-min_quantity": 5,
        "tiers-0-unit_price_inr": "900",
        "tiers-1-min_quantity": 50,
        "tiers-1-unit_price_inr": "750.50",
        "photos-TOTAL_FORMS": 2,
        "photos-INITIAL_FORMS": 0,
        "photos-0-photo": upload("front.png"),
        "photos-0-alt_text": "Front",
        "photos-1-photo": upload("back.webp", image_bytes("WEBP")),
        "photos-1-alt_text": "Back",
        "existing-TOTAL_FORMS": 0,
        "existing-INITIAL_FORMS": 0,
        "certs-TOTAL_FORMS": 1,
        "certs-INITIAL_FORMS": 0,
        "certs-0-kind": "craftmark",
        "certs-0-number": "CM-77",
        "certs-0-document": upload("cert.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    }
    data.update(overrides)
    return data


def test_seller_lists_a_product_with_photos_tiers_and_certificate(
    client, seller, seller_user, category
):
    client.force_login(seller_user)
    assert client.get(reverse("catalogue:dashboard_listing_create")).status_code == 200
    response = client.post("/dashboard/listings/new/", listing_data(seller, category))
    assert response.status_code == 302, response.content.decode()[:3000]
    product = Product.objects.get()
    assert product.status == Product.Status.PENDING  # new seller: reviewed first
    assert product.seller == seller
    assert product.hs_code == "500720" and product.hs_chapter_id == "50"
    assert (product.price_min_inr, product.price_max_inr) == (Decimal("750.50"), Decimal("900.00"))
    assert [p.alt_text for p in product.images.all()] == ["Front", "Back"]
    assert "<script" not in product.description and "onerror" not in product.description
    assert "<strong>stole</strong>" in product.description
    cert = Certification.objects.get(product=product)
    assert cert.number == "CM-77" and cert.document is not None
    listing_page = client.get(reverse("catalogue:dashboard_listings")).content.decode()
    assert "Brocade stole" in listing_page and "Pending review" in listing_page


def test_trusted_seller_publishes_directly(client, seller, seller_user, category, official):
    from sellers.services import seller_set_trusted

    seller_set_trusted(seller=seller, by=official, trusted=True)
    client.force_login(seller_user)
    client.post("/dashboard/listings/new/", listing_data(seller, category))
    assert Product.objects.get().status == Product.Status.PUBLISHED


def test_form_errors_are_shown_and_nothing_saved(client, seller, seller_user, category):
    client.force_login(seller_user)
    data = listing_data(
        seller,
        category,
        name="",
        moq=0,
        hs_code="99ab",
        **{"tiers-1-min_quantity": 5, "photos-1-alt_text": ""},
    )
    response = client.post("/dashboard/listings/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "An HS code has 4, 6 or 8 digits" in html
    assert "Describe what the photo shows." in html
    assert Product.objects.count() == 0 and ProductImage.objects.count() == 0


def test_edit_updates_tiers_photos_and_keeps_price_range_in_step(
    client, seller, seller_user, category
):
    product = ProductFactory(seller=seller, category=category)
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr="3000")
    photo = ProductImageFactory(product=product, alt_text="Old")
    client.force_login(seller_user)
    url = reverse("catalogue:dashboard_listing_edit", args=[product.pk])
    assert client.get(url).status_code == 200
    data = listing_data(
        seller,
        category,
        **{
            "tiers-TOTAL_FORMS": 1,
            "tiers-0-min_quantity": 20,
            "tiers-0-unit_price_inr": "1200",
            "photos-TOTAL_FORMS": 0,
            "existing-TOTAL_FORMS": 1,
            "existing-0-photo_id": photo.pk,
            "existing-0-alt_text": "New words",
            "existing-0-sort_order": 3,
            "certs-TOTAL_FORMS": 0,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    product.refresh_from_db()
    assert product.price_min_inr == product.price_max_inr == Decimal("1200.00")
    assert list(
        PriceTier.objects.filter(product=product).values_list("min_quantity", flat=True)
    ) == [20]
    photo.refresh_from_db()
    assert photo.alt_text == "New words"
    assert product.status == Product.Status.PUBLISHED  # edits keep a published listing live


def test_withdraw_and_resubmit(client, seller, seller_user):
    product = ProductFactory(seller=seller)
    client.force_login(seller_user)
    client.post(reverse("catalogue:dashboard_listing_withdraw", args=[product.pk]))
    product.refresh_from_db()
    assert product.status == Product.Status.WITHDRAWN
    assert client.get(product.get_absolute_url()).status_code == 200  # staff preview
    client.logout()
    assert client.get(product.get_absolute_url()).status_code == 404
    client.force_login(seller_user)
    client.post(reverse("catalogue:dashboard_listing_submit", args=[product.pk]))
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING


@pytest.mark.parametrize(
    "name", ["dashboard_listing_edit", "dashboard_listing_withdraw", "dashboard_listing_submit"]
)
def test_another_sellers_listing_is_404(client, seller_user, name):
    foreign = ProductFactory(seller=SellerFactory())
    client.force_login(seller_user)
    url = reverse(f"catalogue:{name}", args=[foreign.pk])
    response = client.get(url) if name == "dashboard_listing_edit" else client.post(url)
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Product.Status.PUBLISHED


def test_another_sellers_photo_cannot_be_touched_through_my_listing(
    client, seller, seller_user, category
):
    mine = ProductFactory(seller=seller, category=category)
    PriceTierFactory(product=mine)
    foreign_photo = ProductImageFactory()
    client.force_login(seller_user)
    data = listing_data(
        seller,
        category,
        **{
            "photos-TOTAL_FORMS": 0,
            "existing-TOTAL_FORMS": 1,
            "existing-0-photo_id": foreign_photo.pk,
            "existing-0-alt_text": "hijack",
            "existing-0-sort_order": 1,
            "existing-0-remove": "on",
        },
    )
    response = client.post(reverse("catalogue:dashboard_listing_edit", args=[mine.pk]), data)
    assert response.status_code == 404
    assert ProductImage.objects.filter(pk=foreign_photo.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/listings/",
        "/dashboard/listings/new/",
        "/dashboard/listings/import/",
    ],
)
def test_user_without_a_business_gets_a_clear_page(client, plain_user, url):
    client.force_login(plain_user)
    response = client.get(url)
    assert response.status_code == 403
    assert b"not part of a seller business" in response.content


@pytest.mark.parametrize(
    "url", ["/dashboard/listings/", "/dashboard/profile/", "/dashboard/review/"]
)
def test_anonymous_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
