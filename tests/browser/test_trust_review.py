"""Journeys of issue 18: (a) an edit of a published listing waits for the official, who sees
the before/after, while buyers keep seeing the approved version; (b) a GI authorised-user
claim with its certificate is verified and the dated badge appears (none before)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_listing_review import sign_in, verified_user
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    DistrictOfficialFactory,
    GIProductFactory,
    PriceTierFactory,
    ProductFactory,
    SellerFactory,
    SellerMembershipFactory,
    StateFactory,
)
from tests.factories.catalogue import ProductImageFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _world():
    varanasi = DistrictFactory(state=StateFactory(), name="Varanasi", slug="varanasi")
    seller = SellerFactory(district=varanasi, name="Kashi Handloom House", slug="kashi-handloom")
    SellerMembershipFactory(seller=seller, user=verified_user("weaver@example.org"))
    DistrictOfficialFactory(user=verified_user("dic@example.org"), district=varanasi)
    product = ProductFactory(
        seller=seller,
        category=CategoryFactory(name="Silk sarees", slug="silk-sarees"),
        name="Katan silk saree",
        slug="katan-silk-saree",
        description="<p>Woven in Sarai Mohana.</p>",
    )
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr="3000.00")
    ProductImageFactory(product=product, alt_text="Red saree")
    return product


def _open_edit(page, base, product):
    sign_in(page, base, "weaver@example.org")
    page.goto(f"{base}/dashboard/listings/{product.pk}/edit/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_edit_of_a_published_listing_waits_for_the_official(live_server, browser):
    product = _world()
    base = live_server.url
    seller = browser.new_context().new_page()
    _open_edit(seller, base, product)
    seller.fill("#id_name", "Counterfeit branded handbags, wholesale")
    seller.fill("#id_description", "Replica bags of famous brands.")
    seller.get_by_role("button", name="Save", exact=True).click()
    seller.wait_for_url(re.compile(r"/dashboard/listings/$"))
    expect(seller.get_by_role("status").first).to_contain_text("buyers see the published version")

    # Buyers still see the approved version.
    buyer = browser.new_context().new_page()
    buyer.goto(f"{base}/products/katan-silk-saree/")
    expect(buyer.get_by_role("heading", level=1)).to_have_text("Katan silk saree")
    expect(buyer.locator("body")).not_to_contain_text("Counterfeit")

    # The official opens the listing from the queue and sees the before and after.
    official = browser.new_context().new_page()
    sign_in(official, base, "dic@example.org")
    official.goto(f"{base}/dashboard/review/")
    item = official.locator(".review-item", has_text="Katan silk saree")
    expect(item).to_contain_text("Edit of a published listing")
    item.get_by_role("link", name="Katan silk saree").click()
    diff = official.get_by_test_id("review-diff")
    name_row = diff.locator('tr[data-field="name"]')
    expect(name_row.locator("del")).to_have_text("Katan silk saree")
    expect(name_row.locator("ins")).to_have_text("Counterfeit branded handbags, wholesale")
    expect(diff.locator('tr[data-field="description"] ins')).to_contain_text("Replica bags")
    official.get_by_role("button", name="Publish the edit").click()
    expect(official.get_by_role("status").first).to_contain_text("is published")

    # Only now do buyers see the new version.
    buyer.goto(f"{base}/products/katan-silk-saree/")
    expect(buyer.get_by_role("heading", level=1)).to_have_text(
        "Counterfeit branded handbags, wholesale"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gi_claim_is_verified_and_the_dated_badge_appears(live_server, browser, tmp_path):
    product = _world()
    GIProductFactory(name="Banaras Brocades and Sarees", registry_serial=110)
    certificate = tmp_path / "au-certificate.pdf"
    certificate.write_bytes(PDF)
    base = live_server.url
    seller = browser.new_context().new_page()
    _open_edit(seller, base, product)
    seller.select_option("#id_gi", label="Banaras Brocades and Sarees")
    seller.check("#id_gi_authorised_user")
    seller.fill("#id_gi_au_number", "AU/1579/GI/110/2019")
    seller.set_input_files("#id_gi_au_certificate_file", str(certificate))
    seller.get_by_role("button", name="Save", exact=True).click()
    seller.wait_for_url(re.compile(r"/dashboard/listings/$"))

    # The official publishes the edit: the GI is named, but the claim is not yet checked.
    official = browser.new_context().new_page()
    sign_in(official, base, "dic@example.org")
    official.goto(f"{base}/dashboard/review/listings/{product.pk}/preview/")
    expect(official.get_by_test_id("review-diff")).to_contain_text("AU/1579/GI/110/2019")
    official.get_by_role("button", name="Publish the edit").click()
    buyer = browser.new_context().new_page()
    buyer.goto(f"{base}/products/katan-silk-saree/")
    expect(buyer.locator("body")).to_contain_text("Banaras Brocades and Sarees")
    expect(buyer.get_by_test_id("gi-au-badge")).to_have_count(0)

    # It checks the number and the certificate, then verifies the claim.
    official.goto(f"{base}/dashboard/review/listings/{product.pk}/preview/")
    claim = official.get_by_test_id("gi-claim")
    expect(claim).to_contain_text("GI application 110")
    href = claim.get_by_role("link", name="Open the certificate").get_attribute("href")
    document = official.request.get(base + href)
    assert document.status == 200 and document.body().startswith(b"%PDF-")
    claim.get_by_role("button", name="GI claim checked: valid").click()
    expect(official.get_by_role("status").first).to_contain_text("GI authorised user verified")

    buyer.reload()
    today = timezone.localdate().strftime("%-d %b %Y")
    expect(buyer.get_by_test_id("gi-au-badge")).to_have_text(
        f"GI authorised user · verified {today}"
    )
