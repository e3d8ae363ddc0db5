import pytest
from django.utils import timezone

from sellers.models import Seller, SellerMembership, SellerPhoto
from sellers.validators import gstin_checksum
from tests.factories import DistrictFactory, SellerMembershipFactory, StateFactory, UserFactory
from tests.factories.catalogue import upload

GOOD_UP_GSTIN = "09AAACH7409R1ZZ"


def profile_data(seller, **overrides):
    data = {
        "name": seller.name if seller else "New Looms",
        "business_type": "artisan",
        "district": seller.district_id if seller else DistrictFactory().pk,
        "story": "We weave.<script>alert(1)</script>",
        "crafts": "Brocade",
        "languages": "Hindi, English",
        "year_founded": 1990,
        "team_size": 12,
        "website": "",
        "gstin": GOOD_UP_GSTIN,
        "iec": "AAACH7409R",
    }
    data.update(overrides)
    return data


@pytest.fixture
def membership(db):
    return SellerMembershipFactory(seller__district__state=StateFactory())


def test_profile_edit_saves_and_sanitises(client, membership):
    seller = membership.seller
    client.force_login(membership.user)
    assert client.get("/dashboard/profile/").status_code == 200
    response = client.post("/dashboard/profile/", profile_data(seller))
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.gstin == GOOD_UP_GSTIN and seller.team_size == 12
    assert "<script" not in seller.story and "We weave." in seller.story


@pytest.mark.parametrize(
    ("gstin", "message"),
    [
        ("09AAACH7409R1ZA", "check character) should be Z"),
        ("27AAPFU0939F1ZV", "registered in another state"),
        ("09AAACH7409R", "A GSTIN has 15 characters"),
        ("0XAAACH7409R1ZZ", "not in GSTIN format"),
    ],
)
def test_bad_gstin_is_refused_with_the_reason(client, membership, gstin, message):
    client.force_login(membership.user)
    response = client.post("/dashboard/profile/", profile_data(membership.seller, gstin=gstin))
    assert response.status_code == 200
    assert message in response.content.decode()
    membership.seller.refresh_from_db()
    assert membership.seller.gstin == ""


def test_bad_iec_and_year_are_refused(client, membership):
    client.force_login(membership.user)
    response = client.post(
        "/dashboard/profile/", profile_data(membership.seller, iec="12AB", year_founded=3000)
    )
    html = response.content.decode()
    assert "Importer-Exporter Code has 10 characters" in html
    assert "between 1800 and this year" in html


def test_changing_gstin_resets_its_verification(client, membership):
    seller = membership.seller
    Seller.objects.filter(pk=seller.pk).update(
        gstin=GOOD_UP_GSTIN, gstin_status="verified", gstin_checked_at=timezone.now()
    )
    client.force_login(membership.user)
    client.post("/dashboard/profile/", profile_data(seller))  # same GSTIN: stays verified
    seller.refresh_from_db()
    assert seller.gstin_status == "verified"
    other = "09AAACH7409R2Z" + gstin_checksum("09AAACH7409R2Z")
    client.post("/dashboard/profile/", profile_data(seller, gstin=other))
    seller.refresh_from_db()
    assert seller.gstin == other
    assert seller.gstin_status == "unverified" and seller.gstin_checked_at is None


def test_user_without_business_registers_one(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/dashboard/profile/")
    assert b"Register your business" in response.content
    response = client.post("/dashboard/profile/", profile_data(None, gstin="", iec=""))
    assert response.status_code == 302
    membership = SellerMembership.objects.get(user=user)
    assert membership.role == "owner"
    assert membership.seller.status == Seller.Status.PENDING


def test_seller_photo_upload_and_attack(client, membership):
    client.force_login(membership.user)
    response = client.post(
        "/dashboard/profile/photos/", {"photo": upload("shop.png"), "alt_text": "Our shop"}
    )
    assert response.status_code == 302
    assert SellerPhoto.objects.filter(seller=membership.seller).count() == 1
    response = client.post(
        "/dashboard/profile/photos/",
        {"photo": upload("evil.png", b"<svg onload=alert(1)>"), "alt_text": "x"},
    )
    assert response.status_code == 400
    assert SellerPhoto.objects.count() == 1


def test_cannot_remove_another_sellers_photo(client, membership):
    from tests.factories.catalogue import SellerPhotoFactory

    foreign = SellerPhotoFactory()
    client.force_login(membership.user)
    response = client.post(f"/dashboard/profile/photos/{foreign.pk}/remove/")
    assert response.status_code == 404
    assert SellerPhoto.objects.filter(pk=foreign.pk).exists()
