"""Issue 18: an approved business whose name, district or GSTIN changes goes back to review,
and the reviewer's preview shows each changed fact as approved and as it is now."""

from django.urls import reverse

from sellers import selectors as seller_selectors
from sellers import services as seller_services
from sellers.models import Seller
from tests.factories import DistrictFactory, StateFactory, UserFactory

GOOD_UP_GSTIN = "09AAACH7409R1ZZ"
BIHAR_GSTIN = "10AABCB1234C1ZT"


def preview(client, reviewer, seller) -> str:
    client.force_login(reviewer)
    response = client.get(reverse("catalogue:review_seller_preview", args=[seller.pk]))
    assert response.status_code == 200
    return response.content.decode()


def diff_row(page: str, field: str) -> str:
    start = page.index(f'<tr data-field="{field}">')
    return page[start : page.index("</tr>", start)]


def test_renamed_business_shows_the_approved_name_beside_the_new_one(
    client, seller, seller_user, official
):
    seller_services.seller_update(seller=seller, by=seller_user, fields={"name": "Kashi Silks"})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING
    assert seller.approved_values == {
        "name": "Kashi Weavers",
        "district": seller.district_id,
        "gstin": "",
    }
    page = preview(client, official, seller)
    assert 'data-testid="review-diff"' in page
    assert "Changed since the business was approved" in page
    row = diff_row(page, "name")
    assert "<del>Kashi Weavers</del>" in row and "<ins>Kashi Silks</ins>" in row
    # Only what changed is listed.
    assert 'data-field="district"' not in page and 'data-field="gstin"' not in page
    queue = client.get(reverse("catalogue:review_queue")).content.decode()
    assert "Change of an approved business" in queue


def test_moved_business_shows_both_districts_and_both_gstins(client, seller, seller_user):
    seller_services.seller_update(seller=seller, by=None, fields={"gstin": GOOD_UP_GSTIN})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING  # a new GSTIN is reviewed too
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    client.post(reverse("catalogue:review_seller", args=[seller.pk]), {"action": "approve"})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED and seller.approved_values == {}

    bihar = StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")
    bhagalpur = DistrictFactory(state=bihar, name="Bhagalpur")
    seller_services.seller_update(
        seller=seller, by=seller_user, fields={"district": bhagalpur, "gstin": BIHAR_GSTIN}
    )
    seller.refresh_from_db()
    page = preview(client, staff, seller)
    district = diff_row(page, "district")
    assert "<del>Varanasi, Uttar Pradesh</del>" in district
    assert "<ins>Bhagalpur, Bihar</ins>" in district
    gstin = diff_row(page, "gstin")
    assert f"<del>{GOOD_UP_GSTIN}</del>" in gstin and f"<ins>{BIHAR_GSTIN}</ins>" in gstin
    assert 'data-field="name"' not in page


def test_more_edits_before_approval_keep_the_approved_values(client, seller, seller_user, official):
    seller_services.seller_update(seller=seller, by=seller_user, fields={"name": "Kashi Silks"})
    seller_services.seller_update(seller=seller, by=seller_user, fields={"name": "Kashi Looms"})
    seller.refresh_from_db()
    assert seller.approved_values["name"] == "Kashi Weavers"
    row = diff_row(preview(client, official, seller), "name")
    assert "<del>Kashi Weavers</del>" in row and "<ins>Kashi Looms</ins>" in row
    # Back to the approved name: nothing differs, so nothing is listed.
    seller_services.seller_update(seller=seller, by=seller_user, fields={"name": "Kashi Weavers"})
    seller.refresh_from_db()
    assert seller_selectors.seller_review_changes(seller) == []
    assert 'data-testid="review-diff"' not in preview(client, official, seller)


def test_approving_the_change_clears_the_before_and_after(client, seller, seller_user, official):
    seller_services.seller_update(seller=seller, by=seller_user, fields={"name": "Kashi Silks"})
    client.force_login(official)
    response = client.post(
        reverse("catalogue:review_seller", args=[seller.pk]), {"action": "approve"}
    )
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED and seller.name == "Kashi Silks"
    assert seller.approved_values == {}
    assert 'data-testid="review-diff"' not in preview(client, official, seller)
    # The next change is compared with what was approved last.
    seller_services.seller_update(seller=seller, by=seller_user, fields={"name": "Kashi Looms"})
    seller.refresh_from_db()
    row = diff_row(preview(client, official, seller), "name")
    assert "<del>Kashi Silks</del>" in row and "<ins>Kashi Looms</ins>" in row


def test_trusting_the_business_approves_the_change_and_clears_it(seller, seller_user, official):
    seller_services.seller_update(seller=seller, by=seller_user, fields={"name": "Kashi Silks"})
    seller_services.seller_set_trusted(seller=seller, by=official, trusted=True)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED and seller.approved_values == {}


def test_a_business_never_approved_shows_no_before_and_after(client, seller, seller_user, official):
    seller.status = Seller.Status.PENDING
    seller.save()
    seller_services.seller_update(seller=seller, by=seller_user, fields={"name": "Kashi Silks"})
    seller.refresh_from_db()
    assert seller.approved_values == {}
    assert seller_selectors.seller_review_changes(seller) == []
    page = preview(client, official, seller)
    assert 'data-testid="review-diff"' not in page and "Kashi Silks" in page
    queue = client.get(reverse("catalogue:review_queue")).content.decode()
    assert "Change of an approved business" not in queue


def test_an_edit_of_other_facts_keeps_the_business_approved_with_nothing_kept(seller, seller_user):
    seller_services.seller_update(seller=seller, by=seller_user, fields={"crafts": "Brocade"})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED and seller.approved_values == {}


def test_each_reviewed_fact_has_a_label():
    assert set(seller_selectors.REVIEWED_LABELS) == set(seller_services.REVIEWED_FIELDS)
