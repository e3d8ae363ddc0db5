"""Journey: a seller lists a product with two photos and sees it pending; the district official
approves it; buyers then find it on the product page and on the seller's page."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    DistrictOfficialFactory,
    SellerFactory,
    SellerMembershipFactory,
    StateFactory,
    UserFactory,
)
from tests.factories.catalogue import image_bytes

PASSWORD = "correct horse battery"


def verified_user(email):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator('input[name="password"]')).to_have_count(0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seller_lists_official_approves_buyer_sees(live_server, browser, tmp_path):
    state = StateFactory()
    varanasi = DistrictFactory(state=state, name="Varanasi", slug="varanasi")
    seller = SellerFactory(district=varanasi, name="Kashi Handloom House", slug="kashi-handloom")
    seller_user = verified_user("weaver@example.org")
    SellerMembershipFactory(seller=seller, user=seller_user)
    official = verified_user("dic-varanasi@example.org")
    DistrictOfficialFactory(user=official, district=varanasi)
    CategoryFactory(name="Silk sarees", slug="silk-sarees")
    front, back = tmp_path / "front.jpg", tmp_path / "back.png"
    front.write_bytes(image_bytes("JPEG", size=(640, 480), color=(150, 20, 40)))
    back.write_bytes(image_bytes("PNG", size=(480, 640), color=(200, 160, 40)))
    base = live_server.url

    # The seller lists a product with two photos.
    seller_context = browser.new_context()
    page = seller_context.new_page()
    sign_in(page, base, "weaver@example.org")
    page.goto(f"{base}/dashboard/listings/new/")
    page.fill("#id_name", "Katan silk saree with kadhua buti")
    page.select_option("#id_category", label="Silk sarees")
    page.fill("#id_description", "Handwoven on a pit loom in Sarai Mohana.")
    page.fill("#id_moq", "5")
    page.fill("#id_tiers-0-min_quantity", "5")
    page.fill("#id_tiers-0-unit_price_inr", "14500")
    page.set_input_files("#id_photos-0-photo", str(front))
    page.fill("#id_photos-0-alt_text", "The saree spread out, red with gold buti")
    page.set_input_files("#id_photos-1-photo", str(back))
    page.fill("#id_photos-1-alt_text", "Close-up of the kadhua weave")
    page.get_by_role("button", name="Submit listing").click()
    page.wait_for_url(re.compile(r"/dashboard/listings/$"))
    row = page.locator("tr.listing", has_text="Katan silk saree with kadhua buti")
    expect(row).to_contain_text("Pending review")

    # Not public yet.
    anonymous = browser.new_context().new_page()
    response = anonymous.goto(f"{base}/products/katan-silk-saree-with-kadhua-buti/")
    assert response.status == 404

    # The official of Varanasi approves it.
    official_context = browser.new_context()
    review = official_context.new_page()
    sign_in(review, base, "dic-varanasi@example.org")
    review.goto(f"{base}/dashboard/review/")
    item = review.locator(".review-item", has_text="Katan silk saree with kadhua buti")
    expect(item.locator("img")).to_have_count(2)
    item.get_by_role("button", name=re.compile("^Publish")).click()
    expect(review.get_by_role("status").first).to_contain_text("is published")

    # Buyers now see it, with both photos, on the product page and the seller page.
    anonymous.goto(f"{base}/products/katan-silk-saree-with-kadhua-buti/")
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(
        "Katan silk saree with kadhua buti"
    )
    expect(anonymous.locator(".product__gallery img")).to_have_count(2)
    expect(anonymous.locator('img[alt="Close-up of the kadhua weave"]')).to_have_attribute(
        "srcset", re.compile(r"\.webp \d+w")
    )
    anonymous.get_by_role("link", name="Kashi Handloom House").first.click()
    expect(anonymous.locator(".product-card")).to_contain_text("Katan silk saree with kadhua buti")

    # And the seller's dashboard says so.
    page.reload()
    expect(row).to_contain_text("Published")
