"""Issue 18 (informed, unbypassable review; verified GI claims; pending sellers not public)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalogue import services
from catalogue.models import Certification, Product, ProductRevision
from cms.sitemaps import StateSitemap
from core.notifications.models import Notification
from search.selectors import indexable_products
from sellers import services as seller_services
from sellers.models import Seller
from tests.catalogue.test_dashboard import listing_data
from tests.factories import (
    DistrictFactory,
    GIProductFactory,
    PriceTierFactory,
    ProductFactory,
    SellerMembershipFactory,
)
from tests.factories.catalogue import ProductImageFactory, upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
GOOD_UP_GSTIN = "09AAACH7409R1ZZ"


@pytest.fixture
def gi(db):
    return GIProductFactory(name="Banaras Brocades and Sarees", registry_serial=110)


@pytest.fixture
def published(seller, category):
    product = ProductFactory(
        seller=seller, category=category, name="Katan silk saree", slug="katan-silk-saree"
    )
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr="3000.00")
    ProductImageFactory(product=product, alt_text="Red saree")
    return product


def edit_data(product, category, **overrides):
    photo = product.images.first()
    data = listing_data(
        product.seller,
        category,
        name=product.name,
        description=product.description,
        **{
            "photos-TOTAL_FORMS": 0,
            "existing-TOTAL_FORMS": 1,
            "existing-INITIAL_FORMS": 1,
            "existing-0-photo_id": photo.pk,
            "existing-0-alt_text": photo.alt_text,
            "existing-0-sort_order": photo.sort_order,
            "certs-TOTAL_FORMS": 0,
        },
    )
    data.update(overrides)
    return data


# --- Material edits of a published listing wait for the official -----------------------


def test_renamed_listing_stays_public_in_its_approved_version_until_published(
    client, seller_user, official, published, category
):
    client.force_login(seller_user)
    url = reverse("catalogue:dashboard_listing_edit", args=[published.pk])
    response = client.post(
        url,
        edit_data(
            published,
            category,
            name="Counterfeit branded handbags, wholesale",
            description="Replica bags",
            **{"tiers-0-unit_price_inr": "950"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    published.refresh_from_db()
    assert published.status == Product.Status.PUBLISHED
    assert published.name == "Katan silk saree"  # the approved version stays on the row
    assert published.price_min_inr is not None and str(published.price_min_inr) == "750.50"
    revision = ProductRevision.objects.get(product=published)
    assert revision.fields["name"] == "Counterfeit branded handbags, wholesale"
    # The edit form shows what waits, so saving again keeps it.
    assert "Counterfeit branded handbags" in client.get(url).content.decode()
    client.logout()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Katan silk saree" in page and "Counterfeit" not in page
    api = client.get(reverse("search_api:product_detail", args=[published.slug])).json()
    assert api["name"] == "Katan silk saree"
    # The official sees the diff, then publishes it.
    client.force_login(official)
    preview = client.get(reverse("catalogue:review_product_preview", args=[published.pk]))
    diff = preview.content.decode()
    assert 'data-field="name"' in diff and "Counterfeit branded handbags" in diff
    assert "<del>Katan silk saree</del>" in diff
    client.post(reverse("catalogue:review_product", args=[published.pk]), {"action": "publish"})
    published.refresh_from_db()
    assert published.name == "Counterfeit branded handbags, wholesale"
    assert not ProductRevision.objects.filter(product=published).exists()


def test_photos_and_certificates_of_an_edit_wait_too(
    client, seller_user, official, published, category
):
    old_photo = published.images.get()
    client.force_login(seller_user)
    data = edit_data(
        published,
        category,
        **{
            "existing-0-remove": "on",
            "photos-TOTAL_FORMS": 1,
            "photos-0-photo": upload("new.png"),
            "photos-0-alt_text": "Close-up of the border",
            "certs-TOTAL_FORMS": 1,
            "certs-0-kind": "craftmark",
            "certs-0-number": "CM-9",
            "certs-0-document": upload("cert.pdf", PDF, "application/pdf"),
        },
    )
    response = client.post(reverse("catalogue:dashboard_listing_edit", args=[published.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(published.images.values_list("pk", flat=True)) == [old_photo.pk]
    assert not Certification.objects.filter(product=published).exists()
    revision = ProductRevision.objects.get(product=published)
    assert revision.removed_photo_ids == [old_photo.pk] and len(revision.new_photos) == 1
    document_id = revision.certifications[0]["document_id"]
    client.force_login(official)
    preview = client.get(reverse("catalogue:review_product_preview", args=[published.pk]))
    html = preview.content.decode()
    assert "Photos to add" in html and "Photos to remove" in html
    assert reverse("catalogue:review_document", args=[document_id]) in html
    document = client.get(reverse("catalogue:review_document", args=[document_id]))
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    services.product_publish(product=published, by=official)
    assert [p.alt_text for p in published.images.all()] == ["Close-up of the border"]
    assert Certification.objects.get(product=published).number == "CM-9"


def test_sent_back_edit_keeps_the_listing_public_and_tells_the_seller(
    client, seller_user, official, published, category, django_capture_on_commit_callbacks
):
    services.product_update(product=published, by=seller_user, fields={"name": "New name"})
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("catalogue:review_product", args=[published.pk]),
            {"action": "reject", "reason": "Name does not match the photos."},
        )
    published.refresh_from_db()
    assert published.status == Product.Status.PUBLISHED and published.name == "Katan silk saree"
    assert ProductRevision.objects.get(product=published).status == "sent_back"
    note = Notification.objects.get(user=seller_user, kind="listing_sent_back")
    assert note.body == "Sent back for changes: Name does not match the photos."
    assert any("Sent back for changes" in m.subject for m in mail.outbox)
    client.force_login(seller_user)
    page = client.get(reverse("catalogue:dashboard_listings")).content.decode()
    assert "Sent back for changes: Name does not match the photos." in page
    assert "Rejected" not in page


def test_a_trusted_sellers_edit_of_a_published_listing_still_waits(
    seller, seller_user, official, published
):
    # Trust publishes new listings directly; what buyers already see never changes unreviewed.
    seller_services.seller_set_trusted(seller=seller, by=official, trusted=True)
    old_name = published.name
    services.product_update(
        product=published,
        by=seller_user,
        fields={"name": "Counterfeit branded handbags, wholesale"},
    )
    published.refresh_from_db()
    assert published.name == old_name and published.status == Product.Status.PUBLISHED
    revision = ProductRevision.objects.get(product=published)
    assert revision.fields["name"] == "Counterfeit branded handbags, wholesale"


def test_listing_district_is_always_the_sellers(seller, seller_user, category):
    elsewhere = DistrictFactory()
    product = services.product_create(
        seller=seller,
        by=seller_user,
        fields={"name": "Stole", "category": category, "description": "x", "district": elsewhere},
    )
    assert product.district_id == seller.district_id


# --- A changed business goes back to review -----------------------------------------------


def test_renamed_or_moved_seller_returns_to_review_and_loses_its_checks(
    seller, seller_user, official, published
):
    seller.gstin = GOOD_UP_GSTIN
    seller.save()
    seller_services.seller_verify_gstin(seller=seller, by=official)
    seller_services.seller_set_trusted(seller=seller, by=official, trusted=True)
    new_district = DistrictFactory()
    seller_services.seller_update(
        seller=seller, by=seller_user, fields={"name": "Other name", "district": new_district}
    )
    seller.refresh_from_db()
    published.refresh_from_db()
    assert seller.status == Seller.Status.PENDING and seller.trusted_at is None
    assert seller.gstin_status == Seller.Verification.UNVERIFIED and seller.gstin_checked_at is None
    assert published.district_id == new_district.pk  # the listings follow the seller


def test_gstin_of_another_state_is_refused_and_nothing_saved(seller, seller_user):
    with pytest.raises(Exception, match="another state"):
        seller_services.seller_update(
            seller=seller, by=seller_user, fields={"name": "X", "gstin": "27AAACH7409R1Z3"}
        )
    seller.refresh_from_db()
    assert seller.name == "Kashi Weavers"


def test_only_owners_edit_the_business_profile(client, seller):
    staff = SellerMembershipFactory(seller=seller, role="staff").user
    client.force_login(staff)
    response = client.post(reverse("marketplace:dashboard_profile"), {"name": "Hijacked"})
    assert response.status_code == 403
    assert "Only the business owner can do this" in response.content.decode()
    seller.refresh_from_db()
    assert seller.name == "Kashi Weavers"


# --- Pending sellers are not public ------------------------------------------------------


def test_pending_seller_and_its_listings_are_not_public(client, seller, seller_user, published):
    seller.status = Seller.Status.PENDING
    seller.save()
    assert client.get(reverse("catalogue:seller_detail", args=[seller.slug])).status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("search_api:product_detail", args=[published.slug])).status_code == 404
    )
    assert client.get(reverse("search_api:seller_detail", args=[seller.slug])).status_code == 404
    assert not indexable_products().filter(pk=published.pk).exists()  # search drops it
    state_sitemap = StateSitemap(seller.district.state)
    assert not state_sitemap._products().exists() and not state_sitemap._sellers().exists()
    # Its own team sees a noindex preview without the enquiry button.
    client.force_login(seller_user)
    page = client.get(reverse("catalogue:seller_detail", args=[seller.slug])).content.decode()
    assert '<meta name="robots" content="noindex">' in page and "Send enquiry" not in page


def test_approval_and_send_back_of_a_business_notify_its_team(
    client, seller, seller_user, official
):
    seller.status = Seller.Status.PENDING
    seller.save()
    client.force_login(official)
    url = reverse("catalogue:review_seller", args=[seller.pk])
    client.post(url, {"action": "send_back", "reason": ""})
    assert not Notification.objects.filter(user=seller_user).exists()  # refused: no reason
    client.post(url, {"action": "send_back", "reason": "Add photos of the workshop."})
    seller.refresh_from_db()
    assert seller.review_note == "Add photos of the workshop."
    assert Notification.objects.get(user=seller_user, kind="seller_sent_back")
    client.post(url, {"action": "approve"})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED and seller.review_note == ""
    assert Notification.objects.filter(user=seller_user, kind="seller_approved").exists()


# --- GI authorised user, verified ----------------------------------------------------------


def gi_claim_data(product, category, gi, number, certificate):
    return edit_data(
        product,
        category,
        gi=gi.pk,
        gi_authorised_user="on",
        gi_au_number=number,
        gi_au_certificate_file=certificate,
    )


def test_gi_number_of_another_gi_is_refused(client, seller_user, published, category, gi):
    GIProductFactory(name="Darjeeling Tea", registry_serial=1)
    client.force_login(seller_user)
    response = client.post(
        reverse("catalogue:dashboard_listing_edit", args=[published.pk]),
        gi_claim_data(
            published, category, gi, "AU/15/GI/1/2010", upload("c.pdf", PDF, "application/pdf")
        ),
    )
    assert response.status_code == 400
    assert "GI application 1 (Darjeeling Tea)" in response.content.decode()
    assert not ProductRevision.objects.exists()
    published.refresh_from_db()
    assert published.gi_id is None and published.gi_au_number == ""


def test_gi_certificate_that_is_not_a_pdf_or_image_is_refused(
    client, seller_user, published, category, gi
):
    client.force_login(seller_user)
    fake = upload("certificate.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = client.post(
        reverse("catalogue:dashboard_listing_edit", args=[published.pk]),
        gi_claim_data(published, category, gi, "AU/15/GI/110/2010", fake),
    )
    assert response.status_code == 400
    assert not ProductRevision.objects.exists()


def test_gi_claim_is_verified_then_shown_with_its_date(
    client, seller, seller_user, official, category, gi
):
    product = ProductFactory(
        seller=seller, category=category, status=Product.Status.PENDING, published_at=None
    )
    PriceTierFactory(product=product)
    ProductImageFactory(product=product)
    client.force_login(seller_user)
    response = client.post(
        reverse("catalogue:dashboard_listing_edit", args=[product.pk]),
        gi_claim_data(
            product, category, gi, "au/1579/gi/110/2019", upload("c.pdf", PDF, "application/pdf")
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    product.refresh_from_db()
    assert product.gi_au_number == "AU/1579/GI/110/2019" and product.gi_au_certificate_id
    services.product_publish(product=product, by=official)
    client.logout()
    page = client.get(product.get_absolute_url()).content.decode()
    assert "GI authorised user · verified" not in page  # claimed, not checked: no badge
    client.force_login(official)
    queue = client.get(reverse("catalogue:review_queue")).content.decode()
    assert "GI claim to check" in queue and "AU/1579/GI/110/2019" in queue
    client.post(reverse("catalogue:review_product", args=[product.pk]), {"action": "verify_gi"})
    product.refresh_from_db()
    assert product.gi_au_status == "verified" and product.gi_au_checked_by == official
    client.logout()
    page = client.get(product.get_absolute_url()).content.decode()
    today = timezone.localtime(product.gi_au_checked_at).strftime("%-d %b %Y")
    assert f"GI authorised user · verified {today}" in page
    assert Notification.objects.filter(user=seller_user, kind="listing_gi_verified").exists()


def test_gi_claim_without_certificate_cannot_be_verified(official, published, gi):
    Product.objects.filter(pk=published.pk).update(
        gi=gi, gi_authorised_user=True, gi_au_number="AU/1/GI/110/2019"
    )
    with pytest.raises(services.ReviewRefused, match="certificate"):
        services.product_verify_gi_claim(product=published, by=official, verified=True)
    published.refresh_from_db()
    assert published.gi_au_status == "unverified"


def test_unverified_gi_claim_is_not_done_in_readiness(published, gi):
    from catalogue import readiness

    published.gi, published.gi_authorised_user = gi, True

    def gi_item():
        checklist = readiness.product_checklist(
            product=published,
            seller=published.seller,
            certifications=[],
            registrations={},
            today=timezone.localdate(),
        )
        return next(i for i in checklist.items if i.key == "gi_authorised_user")

    assert not gi_item().ok  # a bare claim is not done
    published.gi_au_status = "verified"
    assert gi_item().ok


# --- Informed review -----------------------------------------------------------------------


def test_official_previews_a_pending_listing_with_every_fact(client, official, seller, category):
    product = ProductFactory(
        seller=seller, category=category, status=Product.Status.PENDING, hs_code="500720"
    )
    PriceTierFactory(product=product, min_quantity=25, unit_price_inr="1234.00")
    cert = Certification.objects.create(product=product, kind="handloom_mark", number="HLM-7")
    client.force_login(official)
    queue = client.get(reverse("catalogue:review_queue")).content.decode()
    assert reverse("catalogue:review_product_preview", args=[product.pk]) in queue
    assert "500720" in queue and "₹1,234" in queue and "Handloom Mark" in queue
    html = client.get(reverse("catalogue:review_product_preview", args=[product.pk])).content
    html = html.decode()
    for text in ("500720", "₹1,234", "HLM-7", product.name, "Publish", "Send back for changes"):
        assert text in html, text
    assert cert.document is None and "no document" in html


def test_other_districts_official_cannot_preview_or_download(client, other_official, published):
    client.force_login(other_official)
    for url in (
        reverse("catalogue:review_product_preview", args=[published.pk]),
        reverse("catalogue:review_seller_preview", args=[published.seller.pk]),
    ):
        assert client.get(url).status_code == 404


def test_forged_publish_for_another_district_changes_nothing(client, other_official, published):
    services.product_update(product=published, by=None, fields={"name": "New name"})
    client.force_login(other_official)
    response = client.post(
        reverse("catalogue:review_product", args=[published.pk]), {"action": "publish"}
    )
    assert response.status_code == 404
    published.refresh_from_db()
    assert published.name == "Katan silk saree"
    assert ProductRevision.objects.get(product=published).status == "pending"


def test_official_cannot_review_their_own_business(client, official, seller, published):
    SellerMembershipFactory(seller=seller, user=official)
    services.product_update(product=published, by=official, fields={"name": "Own name"})
    client.force_login(official)
    client.post(reverse("catalogue:review_product", args=[published.pk]), {"action": "publish"})
    published.refresh_from_db()
    assert published.name == "Katan silk saree"


def test_saving_a_listing_with_its_prices_untouched_keeps_them(
    client, seller_user, published, category
):
    """The edit form shows the saved tiers as initial rows; an edit that leaves them as they
    are must not be refused with "Give at least one price"."""
    client.force_login(seller_user)
    data = edit_data(
        published,
        category,
        materials="silk and zari",
        **{
            "tiers-TOTAL_FORMS": 3,
            "tiers-INITIAL_FORMS": 1,
            "tiers-0-min_quantity": 10,
            "tiers-0-unit_price_inr": "3000.00",
            "tiers-1-min_quantity": "",
            "tiers-1-unit_price_inr": "",
        },
    )
    response = client.post(reverse("catalogue:dashboard_listing_edit", args=[published.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    published.refresh_from_db()
    assert published.materials == "silk and zari"  # not material: applied at once
    assert list(published.price_tiers.values_list("min_quantity", flat=True)) == [10]
    assert not ProductRevision.objects.filter(product=published).exists()  # nothing to review


# --- Query counts: the queue and the preview do not grow with their items -------------------


def _pending_listing(seller, category):
    product = ProductFactory(
        seller=seller, category=category, status=Product.Status.PENDING, published_at=None
    )
    PriceTierFactory(product=product)
    ProductImageFactory(product=product)
    Certification.objects.create(product=product, kind="craftmark", number="CM-1")
    return product


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200  # the first render creates the renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_review_queue_query_count_is_flat(client, official, seller, category, published):
    services.product_update(product=published, by=None, fields={"name": "Edited"})
    _pending_listing(seller, category)
    client.force_login(official)
    url = reverse("catalogue:review_queue")
    one = _queries(client, url)
    for _ in range(49):
        _pending_listing(seller, category)
    assert _queries(client, url) == one


def test_review_preview_query_count_is_flat(client, official, seller, category, published):
    services.product_update(product=published, by=None, fields={"name": "Edited"})
    client.force_login(official)
    url = reverse("catalogue:review_product_preview", args=[published.pk])
    one = _queries(client, url)
    for n in range(49):
        ProductImageFactory(product=published)
        PriceTierFactory(product=published, min_quantity=100 + n)
    assert _queries(client, url) == one
