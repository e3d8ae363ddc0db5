import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Product
from sellers.models import Seller
from tests.factories import ProductFactory, SellerFactory


@pytest.fixture
def pending(seller):
    return ProductFactory(seller=seller, status=Product.Status.PENDING, published_at=None)


def test_official_sees_and_publishes_a_pending_listing(client, official, pending):
    client.force_login(official)
    page = client.get(reverse("catalogue:review_queue")).content.decode()
    assert pending.name in page
    response = client.post(
        reverse("catalogue:review_product", args=[pending.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Product.Status.PUBLISHED
    assert pending.reviewed_by == official and pending.published_at is not None
    client.logout()
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_rejection_needs_a_reason_which_the_seller_sees(client, official, seller_user, pending):
    client.force_login(official)
    url = reverse("catalogue:review_product", args=[pending.pk])
    client.post(url, {"action": "reject", "reason": ""})
    pending.refresh_from_db()
    assert pending.status == Product.Status.PENDING
    client.post(url, {"action": "reject", "reason": "Photos are blurred; please add a close-up."})
    pending.refresh_from_db()
    assert pending.status == Product.Status.REJECTED
    client.force_login(seller_user)
    page = client.get(reverse("catalogue:dashboard_listings")).content.decode()
    assert "Photos are blurred; please add a close-up." in page


def test_other_districts_official_gets_404(client, other_official, pending):
    client.force_login(other_official)
    assert pending.name not in client.get(reverse("catalogue:review_queue")).content.decode()
    response = client.post(
        reverse("catalogue:review_product", args=[pending.pk]), {"action": "publish"}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("catalogue:review_seller", args=[pending.seller.pk]), {"action": "verify_gstin"}
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Product.Status.PENDING


@pytest.mark.parametrize("who", ["plain_user", "seller_user"])
def test_non_officials_cannot_review(client, request, who, pending):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("catalogue:review_queue")).status_code == 403
    response = client.post(
        reverse("catalogue:review_product", args=[pending.pk]), {"action": "publish"}
    )
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Product.Status.PENDING


def test_official_verifies_gstin_and_the_badge_shows_the_date(client, official, district):
    seller = SellerFactory(district=district, status=Seller.Status.PENDING, gstin="09AAACH7409R1ZZ")
    client.force_login(official)
    assert seller.name in client.get(reverse("catalogue:review_queue")).content.decode()
    url = reverse("catalogue:review_seller", args=[seller.pk])
    client.post(url, {"action": "approve"})
    client.post(url, {"action": "verify_gstin"})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED
    assert seller.gstin_status == "verified" and seller.gstin_checked_by == official
    page = client.get(seller.get_absolute_url()).content.decode()
    # The page shows the date in the site's time zone (India): after 18:30 UTC that is
    # already tomorrow's date there.
    checked = timezone.localtime(seller.gstin_checked_at)
    assert f"GSTIN verified · checked {checked:%-d %b %Y}" in page


def test_publishing_twice_is_refused_politely(client, official, pending):
    client.force_login(official)
    url = reverse("catalogue:review_product", args=[pending.pk])
    client.post(url, {"action": "publish"})
    response = client.post(url, {"action": "publish"}, follow=True)
    assert b"no longer waiting for review" in response.content
