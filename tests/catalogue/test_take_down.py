"""Issue 18: a listing already on the site can be found and taken down by whoever covers its
district (its officials, the state's, staff), with a reason the seller reads; nobody else."""

import pytest
from django.urls import reverse

from catalogue.models import Product
from core.notifications.models import Notification
from search import services as search_services
from search.forms import SearchForm
from tests.factories import PriceTierFactory, ProductFactory, UserFactory
from tests.factories.catalogue import ProductImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(seller, category):
    product = ProductFactory(
        seller=seller, category=category, name="Counterfeit branded handbags", slug="handbags"
    )
    PriceTierFactory(product=product)
    ProductImageFactory(product=product)
    return product


def _found(client, text):
    page = client.get(reverse("catalogue:review_queue"), {"find": text})
    assert page.status_code == 200
    return page.context["found"]


def _searchable(product) -> bool:
    from django.http import QueryDict

    form = SearchForm(QueryDict("q=handbags"))
    assert form.is_valid()
    hits = search_services.search_products(search_services.build_query(form.cleaned_data)).hits
    return product.pk in {hit.product_id for hit in hits}


def test_the_official_finds_a_published_listing_and_takes_it_down(
    client, official, published, seller_user, django_capture_on_commit_callbacks
):
    from search.indexing import reindex_products

    reindex_products([published.pk])
    assert client.get(published.get_absolute_url()).status_code == 200 and _searchable(published)
    client.force_login(official)
    found = _found(client, "counterfeit")
    assert [p.pk for p in found.products] == [published.pk]
    preview = client.get(reverse("catalogue:review_product_preview", args=[published.pk]))
    assert "Take this listing off the site" in preview.content.decode()
    url = reverse("catalogue:review_product", args=[published.pk])
    refused = client.post(url, {"action": "take_down", "reason": "  "}, follow=True)
    assert "Tell the seller why the listing was taken down." in refused.content.decode()
    published.refresh_from_db()
    assert published.status == Product.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):  # the index update on commit
        done = client.post(
            url,
            {"action": "take_down", "reason": "A branded design you may not sell."},
            follow=True,
        )
    assert "is taken off the site" in done.content.decode()
    published.refresh_from_db()
    assert published.status == Product.Status.REJECTED and published.reviewed_by == official
    assert published.rejection_reason == "A branded design you may not sell."
    client.logout()
    assert client.get(published.get_absolute_url()).status_code == 404
    assert not _searchable(published)
    notice = Notification.objects.get(user=seller_user, kind="listing_taken_down")
    assert "A branded design you may not sell." in notice.body


def test_another_districts_official_neither_finds_nor_takes_it_down(
    client, other_official, published
):
    client.force_login(other_official)
    assert _found(client, "counterfeit").products == []
    url = reverse("catalogue:review_product", args=[published.pk])
    assert client.post(url, {"action": "take_down", "reason": "x"}).status_code == 404
    preview = reverse("catalogue:review_product_preview", args=[published.pk])
    assert client.get(preview).status_code == 404
    published.refresh_from_db()
    assert published.status == Product.Status.PUBLISHED


def test_staff_take_down_any_districts_listing(client, published):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert [p.pk for p in _found(client, "handbags").products] == [published.pk]
    client.post(
        reverse("catalogue:review_product", args=[published.pk]),
        {"action": "take_down", "reason": "Reported by a buyer; under review."},
    )
    published.refresh_from_db()
    assert published.status == Product.Status.REJECTED


def test_only_a_published_listing_can_be_taken_down(client, official, seller, category):
    draft = ProductFactory(seller=seller, category=category, status=Product.Status.DRAFT)
    client.force_login(official)
    page = client.post(
        reverse("catalogue:review_product", args=[draft.pk]),
        {"action": "take_down", "reason": "x"},
        follow=True,
    )
    assert "no longer waiting for review" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == Product.Status.DRAFT


def test_a_short_or_empty_find_lists_nothing(client, official, published):
    client.force_login(official)
    assert _found(client, "c").products == []
    page = client.get(reverse("catalogue:review_queue"))
    assert page.context["found"] is None


def test_a_suspended_business_and_its_listings_leave_the_site_until_reinstated(
    client, official, seller, published, seller_user, django_capture_on_commit_callbacks
):
    from search.indexing import reindex_products
    from sellers.models import Seller

    reindex_products([published.pk])
    client.force_login(official)
    assert [s.pk for s in _found(client, "kashi").sellers] == [seller.pk]
    url = reverse("catalogue:review_seller", args=[seller.pk])
    refused = client.post(url, {"action": "suspend", "reason": ""}, follow=True)
    assert "Tell the seller why the business is suspended." in refused.content.decode()
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url, {"action": "suspend", "reason": "Counterfeit goods reported twice."}, follow=True
        )
    assert "is suspended: its page and listings are off the site" in done.content.decode()
    seller.refresh_from_db()
    assert seller.status == Seller.Status.SUSPENDED and seller.trusted_at is None
    notice = Notification.objects.get(user=seller_user, kind="seller_suspended")
    assert "Counterfeit goods reported twice." in notice.body
    client.logout()
    assert client.get(seller.get_absolute_url()).status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 404
    assert not _searchable(published)
    # Saving the profile does not bring it back: only a reviewer reinstates.
    client.force_login(official)
    assert [s.pk for s in _found(client, "kashi").sellers] == [seller.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "reinstate"})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED
    client.logout()
    assert client.get(published.get_absolute_url()).status_code == 200
    assert _searchable(published)


def test_another_districts_official_cannot_suspend(client, other_official, seller):
    from sellers.models import Seller

    client.force_login(other_official)
    url = reverse("catalogue:review_seller", args=[seller.pk])
    assert client.post(url, {"action": "suspend", "reason": "x"}).status_code == 404
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED


def test_each_member_of_the_team_reads_the_notice_in_their_language(
    client, official, seller, published, seller_user
):
    from tests.factories import SellerMembershipFactory

    hindi = SellerMembershipFactory(seller=seller).user
    hindi.preferred_language = "hi"
    hindi.save(update_fields=["preferred_language"])
    client.force_login(official)  # the reviewer works in English
    client.post(
        reverse("catalogue:review_product", args=[published.pk]),
        {"action": "take_down", "reason": "A complaint that holds."},
    )
    english = Notification.objects.get(user=seller_user, kind="listing_taken_down")
    in_hindi = Notification.objects.get(user=hindi, kind="listing_taken_down")
    assert english.subject.startswith("Taken off the site")
    assert in_hindi.subject.startswith("साइट से हटाई गई")
    assert in_hindi.url.startswith("/hi/") and not english.url.startswith("/hi/")
