"""Every district's queue has someone: district officials, else the state's, else staff;
items that wait too long escalate and are marked overdue; forged and self reviews fail."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue import services as catalogue_services
from catalogue.models import Product
from sellers import services as seller_services
from sellers.models import Seller
from tests.factories import (
    DistrictFactory,
    DistrictOfficialFactory,
    ProductFactory,
    SellerFactory,
    SellerMembershipFactory,
    StateFactory,
    StateOfficialFactory,
    UserFactory,
)

QUEUE = "catalogue:review_queue"


def bihar():
    return StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")


@pytest.fixture
def bhagalpur(db):
    return DistrictFactory(state=bihar(), name="Bhagalpur", slug="bhagalpur")


def pending_in(district, **fields):
    seller = SellerFactory(district=district)
    return ProductFactory(seller=seller, status=Product.Status.PENDING, published_at=None, **fields)


def age(product, days):
    Product.objects.filter(pk=product.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=days)
    )


def queue_page(client, user):
    client.force_login(user)
    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_review_a_district_whose_state_has_no_official(client, bhagalpur):
    product = pending_in(bhagalpur, name="Bhagalpuri silk stole")
    staff = UserFactory(is_staff=True)
    page = queue_page(client, staff)
    assert "This page is for officials" not in page
    assert "Bhagalpuri silk stole" in page
    client.post(reverse("catalogue:review_product", args=[product.pk]), {"action": "publish"})
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED and product.reviewed_by == staff


def test_the_state_official_reviews_districts_without_their_own(client, bhagalpur):
    product = pending_in(bhagalpur, name="Bhagalpuri silk stole")
    official = StateOfficialFactory(state=bhagalpur.state).user
    page = queue_page(client, official)
    assert 'data-duty="1"' in page and "Bhagalpuri silk stole" in page
    client.post(reverse("catalogue:review_product", args=[product.pk]), {"action": "publish"})
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED


def test_a_state_official_sees_a_staffed_district_as_not_theirs_until_overdue(
    client, bhagalpur, settings
):
    settings.REVIEW_OVERDUE_DAYS = 3
    DistrictOfficialFactory(district=bhagalpur)
    product = pending_in(bhagalpur, name="Bhagalpuri silk stole")
    official = StateOfficialFactory(state=bhagalpur.state).user
    page = queue_page(client, official)
    assert 'data-duty="0"' in page and "Overdue" not in page
    assert 'data-queue-size="0"' in page
    age(product, 4)
    page = queue_page(client, official)
    assert 'data-duty="1"' in page and "Overdue" in page and 'data-queue-size="1"' in page


def test_overdue_days_come_from_the_setting(client, bhagalpur, settings):
    official = StateOfficialFactory(state=bhagalpur.state).user
    age(pending_in(bhagalpur), 2)
    settings.REVIEW_OVERDUE_DAYS = 3
    assert "Overdue" not in queue_page(client, official)
    settings.REVIEW_OVERDUE_DAYS = 1
    assert "Overdue" in queue_page(client, official)


def test_the_dashboard_shows_queue_size_and_oldest_item(client, bhagalpur):
    official = StateOfficialFactory(state=bhagalpur.state).user
    age(pending_in(bhagalpur), 5)
    pending_in(bhagalpur)
    client.force_login(official)
    page = client.get(reverse("marketplace:dashboard")).content.decode()
    assert 'data-queue-size="2"' in page
    assert "oldest waiting 5\xa0days" in page and "1 overdue" in page


def test_a_forged_review_of_another_states_listing_is_404_and_changes_nothing(client, bhagalpur):
    elsewhere = pending_in(DistrictFactory())  # Uttar Pradesh
    seller = elsewhere.seller
    seller.status = Seller.Status.PENDING
    seller.save()
    client.force_login(StateOfficialFactory(state=bhagalpur.state).user)
    assert elsewhere.name not in client.get(reverse(QUEUE)).content.decode()
    for url, data in (
        (reverse("catalogue:review_product", args=[elsewhere.pk]), {"action": "publish"}),
        (reverse("catalogue:review_seller", args=[seller.pk]), {"action": "approve"}),
    ):
        assert client.post(url, data).status_code == 404
    elsewhere.refresh_from_db()
    seller.refresh_from_db()
    assert elsewhere.status == Product.Status.PENDING and seller.status == Seller.Status.PENDING


def test_an_official_may_not_review_their_own_business(client, bhagalpur):
    product = pending_in(bhagalpur)
    official = StateOfficialFactory(state=bhagalpur.state).user
    SellerMembershipFactory(seller=product.seller, user=official)
    client.force_login(official)
    response = client.post(
        reverse("catalogue:review_product", args=[product.pk]), {"action": "publish"}, follow=True
    )
    assert "You belong to this business, so you cannot review it" in response.content.decode()
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING
    client.post(reverse("catalogue:review_seller", args=[product.seller.pk]), {"action": "trust"})
    product.seller.refresh_from_db()
    assert product.seller.trusted_at is None


def test_the_own_business_rule_holds_in_every_review_service(bhagalpur):
    """One rule in the services, whichever way a review arrives (queue, preview, admin)."""
    product = pending_in(bhagalpur)
    seller = product.seller
    member = StateOfficialFactory(state=bhagalpur.state).user
    SellerMembershipFactory(seller=seller, user=member)
    attempts = [
        lambda: catalogue_services.product_publish(product=product, by=member),
        lambda: catalogue_services.product_reject(product=product, by=member, reason="No"),
        lambda: catalogue_services.product_verify_gi_claim(
            product=product, by=member, verified=False
        ),
        lambda: seller_services.seller_approve(seller=seller, by=member),
        lambda: seller_services.seller_send_back(seller=seller, by=member, reason="No"),
        lambda: seller_services.seller_verify_gstin(seller=seller, by=member),
        lambda: seller_services.seller_verify_iec(seller=seller, by=member),
        lambda: seller_services.seller_set_trusted(seller=seller, by=member, trusted=True),
    ]
    for attempt in attempts:
        with pytest.raises(seller_services.ReviewRefused, match="You belong to this business"):
            attempt()
    product.refresh_from_db()
    seller.refresh_from_db()
    assert product.status == Product.Status.PENDING and product.reviewed_by is None
    assert seller.trusted_at is None and seller.gstin_checked_by is None


@pytest.mark.parametrize("who", ["state", "staff"])
def test_state_officials_and_staff_preview_what_they_cover(client, bhagalpur, who):
    product = pending_in(bhagalpur, name="Bhagalpuri silk stole")
    elsewhere = pending_in(DistrictFactory(name="Agra", slug="agra"))
    user = (
        StateOfficialFactory(state=bhagalpur.state).user
        if who == "state"
        else UserFactory(is_staff=True)
    )
    client.force_login(user)
    page = client.get(reverse("catalogue:review_product_preview", args=[product.pk]))
    assert page.status_code == 200 and "Bhagalpuri silk stole" in page.content.decode()
    seller_page = reverse("catalogue:review_seller_preview", args=[product.seller.pk])
    assert client.get(seller_page).status_code == 200
    other = client.get(reverse("catalogue:review_product_preview", args=[elsewhere.pk]))
    assert other.status_code == (200 if who == "staff" else 404)


def test_an_edit_of_a_published_listing_reaches_the_covering_queue(client, bhagalpur):
    """A district without an official: its state official has the edit in their duty."""
    product = ProductFactory(seller=SellerFactory(district=bhagalpur), name="Tussar saree")
    assert product.status == Product.Status.PUBLISHED
    catalogue_services.product_update(product=product, by=None, fields={"name": "Tussar stole"})
    page = queue_page(client, StateOfficialFactory(state=bhagalpur.state).user)
    assert "Edit of a published listing" in page
    assert f'data-slug="{product.slug}" data-duty="1"' in page


def _queue_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(QUEUE)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["state", "staff"])
def test_the_queue_runs_a_fixed_number_of_queries(client, bhagalpur, who):
    user = (
        StateOfficialFactory(state=bhagalpur.state).user
        if who == "state"
        else UserFactory(is_staff=True)
    )
    client.force_login(user)
    pending_in(bhagalpur)
    SellerFactory(district=bhagalpur, status=Seller.Status.PENDING)
    client.get(reverse(QUEUE))  # warm the caches
    one = _queue_queries(client, user)
    for _ in range(49):
        age(pending_in(DistrictFactory(state=bhagalpur.state)), 9)
        SellerFactory(district=bhagalpur, status=Seller.Status.PENDING)
    fifty = _queue_queries(client, user)
    assert one == fifty


def test_the_dashboard_summary_runs_a_fixed_number_of_queries(client, bhagalpur):
    official = StateOfficialFactory(state=bhagalpur.state).user
    client.force_login(official)
    pending_in(bhagalpur)
    client.get(reverse("marketplace:dashboard"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("marketplace:dashboard"))
        return len(queries)

    one = count()
    for _ in range(49):
        age(pending_in(bhagalpur), 9)
    assert count() == one
