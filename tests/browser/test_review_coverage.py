"""Journey (issue 18, "done when" 1): a weaver in Bhagalpur (a district with no official of its
own) signs up as a seller (no buyer questions), types the district on the sign-up page (an
unknown name is refused, what was typed kept), registers the business and lists a product
with its facts (price tiers, HS code, a photo, a Handloom Mark certificate, the Bhagalpur
Silk GI claim). The Bihar state official (or, where a state has no official, site staff) is
told by email, follows the link (built from SITE_URL) to the queue, opens the full preview of
the business and of the listing, checks every fact there and approves each from its
preview, then verifies the GI claim and the GSTIN from the previews until nothing waits. The
seller is told by email ("approved", "published"), and each email's link, built from the
configured site address, opens the page it is about."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from sellers.validators import gstin_checksum
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    DistrictOfficialFactory,
    GIProductFactory,
    HSChapterFactory,
    StateFactory,
    StateOfficialFactory,
    UserFactory,
)
from tests.factories.catalogue import image_bytes

PASSWORD = "a-long-Passphrase-42"
REVIEWER_PASSWORD = "correct horse battery"
SELLER_EMAIL = "shabana@weaver.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GSTIN = "10AABCB1234C1Z" + gstin_checksum("10AABCB1234C1Z")  # Bihar's GST code is 10
LISTING = "Tussar silk stole, natural gold"
BUSINESS = "Bhagalpur Silk House"


def sign_in(page, base, email, password):
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', password)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator('input[name="password"]')).to_have_count(0)


def link_in(message, base) -> str:
    found = re.search(re.escape(base) + r"/\S+", message.body)
    assert found, message.body
    return found.group(0)


def seller_signs_up_and_lists(browser, base, tmp_path):
    """Returns the seller's signed-in page."""
    from regions.models import State

    bihar_id = State.objects.get(name="Bihar").pk
    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/signup/")
    expect(page.get_by_label("Company name")).to_be_visible()
    page.get_by_label("Sell my products to buyers abroad").check()
    # Only the seller's questions remain.
    expect(page.get_by_label("Company name")).to_be_hidden()
    expect(page.get_by_label("What kind of buyer are you?")).to_be_hidden()
    page.get_by_label("Your name").fill("Shabana Ansari")
    page.get_by_label("Email").fill(SELLER_EMAIL)
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    # The district is asked on sign-up, typed; an unknown name is refused in words and what
    # was typed stays; the state narrows the suggestions.
    district = page.locator("#id_district")
    expect(district).to_be_visible()
    district.fill("Bhagalpore")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("We know no district called “Bhagalpore”")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Shabana Ansari")
    expect(district).to_have_value("Bhagalpore")
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.get_by_label("State or union territory").select_option(label="Bihar")
    district.click()
    expect(page.locator("datalist option[value='Bhagalpur']")).to_have_count(1)
    district.fill("Bhagalpur")
    page.get_by_role("button", name="Join").click()
    page.wait_for_load_state("networkidle")
    confirmation = next(m for m in mail.outbox if m.to == [SELLER_EMAIL])
    page.goto(link_in(confirmation, base))  # the link uses the configured site address
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/dashboard/profile/$"))

    # The business profile starts from the district given on sign-up.
    expect(page.locator("#id_district")).to_have_value("Bhagalpur")
    expect(page.get_by_label("State or union territory")).to_have_value(str(bihar_id))
    page.get_by_label("Business name").fill(BUSINESS)
    page.get_by_label("Type of business").select_option("artisan")
    page.fill("#id_crafts", "Tussar and mulberry silk stoles")
    page.fill("#id_gstin", GSTIN)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status").first).to_contain_text("Your business is registered")

    photo = tmp_path / "stole.jpg"
    photo.write_bytes(image_bytes("JPEG", size=(640, 480), color=(190, 150, 60)))
    handloom_mark = tmp_path / "handloom-mark.pdf"
    handloom_mark.write_bytes(PDF)
    au_certificate = tmp_path / "au-certificate.pdf"
    au_certificate.write_bytes(PDF)
    page.goto(f"{base}/dashboard/listings/new/")
    page.fill("#id_name", LISTING)
    page.select_option("#id_category", label="Silk")
    page.fill("#id_description", "Hand-reeled tussar from Nathnagar looms.")
    page.fill("#id_hs_code", "6214.10")
    page.fill("#id_moq", "10")
    page.fill("#id_tiers-0-min_quantity", "10")
    page.fill("#id_tiers-0-unit_price_inr", "1800")
    page.fill("#id_tiers-1-min_quantity", "100")
    page.fill("#id_tiers-1-unit_price_inr", "1650")
    page.set_input_files("#id_photos-0-photo", str(photo))
    page.fill("#id_photos-0-alt_text", "The stole folded, natural gold tussar")
    page.select_option("#id_certs-0-kind", label="Handloom Mark")
    page.fill("#id_certs-0-number", "HLM-BR-0042")
    page.set_input_files("#id_certs-0-document", str(handloom_mark))
    page.select_option("#id_gi", label="Bhagalpur Silk")
    page.check("#id_gi_authorised_user")
    page.fill("#id_gi_au_number", "AU/2204/GI/179/2021")
    page.set_input_files("#id_gi_au_certificate_file", str(au_certificate))
    page.get_by_role("button", name="Submit listing").click()
    page.wait_for_url(re.compile(r"/dashboard/listings/$"))
    expect(page.locator("tr.listing", has_text="Tussar silk stole")).to_contain_text(
        "Pending review"
    )
    return page


def _opens_pdf(page, base, link) -> None:
    document = page.request.get(base + link.get_attribute("href"))
    assert document.status == 200
    assert document.body().startswith(b"%PDF-")


def reviewer_approves_the_business_from_its_preview(page):
    page.get_by_role("link", name=BUSINESS, exact=True).click()
    page.wait_for_url(re.compile(r"/dashboard/review/sellers/\d+/preview/$"))
    preview = page.get_by_test_id("review-seller")
    expect(preview.get_by_role("heading", level=1)).to_have_text(BUSINESS)
    expect(preview).to_contain_text("Artisan · Bhagalpur, Bihar")
    expect(preview).to_contain_text("Status: Awaiting approval")
    expect(preview).to_contain_text(f"GSTIN{GSTIN}")
    expect(preview).to_contain_text("Tussar and mulberry silk stoles")
    preview.get_by_label("Action").select_option("approve")
    preview.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/dashboard/review/$"))
    expect(page.get_by_role("status").first).to_contain_text(f"Saved for {BUSINESS}")


def reviewer_publishes_the_listing_from_its_preview(page, base):
    item = page.locator(".review-item", has_text=LISTING)
    item.get_by_role("link", name="Open the full preview").click()
    page.wait_for_url(re.compile(r"/dashboard/review/listings/\d+/preview/$"))
    preview = page.get_by_test_id("review-preview")
    expect(preview.get_by_role("heading", level=1)).to_have_text(LISTING)
    expect(preview).to_contain_text("Made in Bhagalpur, Bihar")
    # The business, approved a moment ago, is named and linked.
    expect(preview.get_by_role("link", name=BUSINESS)).to_be_visible()
    expect(preview).to_contain_text(f"{BUSINESS} (Approved)")
    # Price tiers, minimum order, HS code (with its chapter), category.
    tiers = preview.locator("table.tiers tbody tr")
    expect(tiers).to_have_count(2)
    expect(tiers.nth(0).locator("td")).to_have_text(["10 piece", "₹1,800"])
    expect(tiers.nth(1).locator("td")).to_have_text(["100 piece", "₹1,650"])
    expect(preview.get_by_test_id("hs-code")).to_have_text("621410 · Apparel, not knitted")
    # The photo the seller uploaded.
    photos = preview.locator("section[aria-labelledby='photos-h'] img")
    expect(photos).to_have_count(1)
    expect(photos).to_have_attribute("alt", "The stole folded, natural gold tussar")
    # The certificate, with its document (served to the reviewer only).
    certificate = preview.locator("ul.certifications li")
    expect(certificate).to_have_count(1)
    expect(certificate).to_contain_text("Handloom Mark · No. HLM-BR-0042")
    _opens_pdf(page, base, certificate.get_by_role("link", name="certificate"))
    # The GI claim: the GI with its application number, the registration number (fits
    # application 179, so no warning) and the certificate.
    claim = preview.get_by_test_id("gi-claim")
    expect(claim).to_contain_text("Geographical Indication: Bhagalpur Silk (GI application 179)")
    expect(claim).to_contain_text("AU/2204/GI/179/2021")
    expect(claim.get_by_role("alert")).to_have_count(0)
    _opens_pdf(page, base, claim.get_by_role("link", name="Open the certificate"))
    expect(preview).to_contain_text("Hand-reeled tussar from Nathnagar looms.")
    # Decided from the preview.
    preview.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(re.compile(r"/dashboard/review/$"))
    expect(page.get_by_role("status").first).to_contain_text("is published")


def reviewer_follows_the_digest_and_publishes(browser, base, email):
    call_command("send_review_digests")
    digest = next(m for m in reversed(mail.outbox) if m.to == [email])
    assert "2 new items to review" in digest.subject  # the business and its listing
    link = link_in(digest, base)
    assert link.startswith(base + reverse("catalogue:review_queue"))
    page = browser.new_context().new_page()
    sign_in(page, base, email, REVIEWER_PASSWORD)
    page.goto(link)
    expect(page.locator(".review-summary")).to_contain_text("2 items wait for you")
    reviewer_approves_the_business_from_its_preview(page)
    reviewer_publishes_the_listing_from_its_preview(page, base)
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{base}/products/tussar-silk-stole-natural-gold/")
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(LISTING)
    expect(anonymous.get_by_test_id("gi-au-badge")).to_have_count(0)

    # Two checks are left, each made from its preview: the GI claim and the GSTIN.
    expect(page.locator(".review-summary")).to_contain_text("2 items wait for you")
    item = page.locator(".review-item", has_text=LISTING)
    expect(item).to_contain_text("GI claim to check")
    item.get_by_role("link", name="Open the full preview").click()
    page.get_by_role("button", name="GI claim checked: valid").click()
    expect(page.get_by_role("status").first).to_contain_text("GI authorised user verified")
    page.get_by_role("link", name=BUSINESS, exact=True).click()
    preview = page.get_by_test_id("review-seller")
    expect(preview).to_contain_text("Status: Approved")
    preview.get_by_label("Action").select_option("verify_gstin")
    preview.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Saved for {BUSINESS}")
    expect(page.locator(".review-summary")).to_contain_text("0 items wait for you")
    anonymous.reload()
    expect(anonymous.get_by_test_id("gi-au-badge")).to_contain_text("GI authorised user")


def seller_is_told_and_each_link_opens_its_page(page, base):
    """One email per decision, each linking (from SITE_URL, the live server here, not a
    development address) to the page it is about, which the seller's browser opens."""
    to_seller = [m for m in mail.outbox if m.to == [SELLER_EMAIL]]
    approved = [m for m in to_seller if m.subject.startswith("Your business is approved")]
    published = [m for m in to_seller if m.subject.startswith("Published")]
    assert [m.subject for m in approved] == [f"Your business is approved: {BUSINESS} is now public"]
    assert [m.subject for m in published] == [f"Published: “{LISTING}”"]
    for message in (*approved, *published):
        links = re.findall(r"https?://\S+", message.body)
        assert links and all(link.startswith(base + "/") for link in links), message.body
        assert "127.0.0.1:8000" not in message.body and "testserver" not in message.body

    page.goto(link_in(approved[0], base))
    page.wait_for_url(base + reverse("marketplace:dashboard_profile"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Business profile")
    expect(page.get_by_test_id("seller-status")).to_have_text("Approved")
    expect(page.get_by_label("Business name")).to_have_value(BUSINESS)

    page.goto(link_in(published[0], base))
    page.wait_for_url(re.compile(r"/dashboard/listings/\d+/edit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {LISTING}")
    expect(page.locator(".status")).to_have_text("Published")


def reviewer(email, **fields):
    user = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("who", ["state official", "staff"])
def test_a_district_without_an_official_is_reviewed_by_its_state_or_staff(
    live_server, browser, settings, tmp_path, who
):
    settings.SITE_URL = live_server.url
    bihar = StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")
    DistrictFactory(state=bihar, name="Bhagalpur", slug="bhagalpur")
    # Patna has its own official: Bhagalpur's items are not theirs.
    patna_official = reviewer("dic-patna@example.org")
    DistrictOfficialFactory(
        user=patna_official, district=DistrictFactory(state=bihar, name="Patna")
    )
    CategoryFactory(name="Silk", slug="silk")
    HSChapterFactory(
        code="62", short_title="Apparel, not knitted", title="Articles of apparel, not knitted"
    )
    GIProductFactory(name="Bhagalpur Silk", registry_serial=179)
    if who == "state official":
        email = "industries-bihar@example.org"
        StateOfficialFactory(user=reviewer(email), state=bihar)
    else:
        email = "staff-reviewer@example.org"
        reviewer(email, is_staff=True)
    seller_page = seller_signs_up_and_lists(browser, live_server.url, tmp_path)
    reviewer_follows_the_digest_and_publishes(browser, live_server.url, email)
    seller_is_told_and_each_link_opens_its_page(seller_page, live_server.url)
    assert not [m for m in mail.outbox if m.to == ["dic-patna@example.org"]]
