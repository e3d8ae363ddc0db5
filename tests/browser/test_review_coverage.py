"""Journey: a weaver in Bhagalpur (a district with no official of its own) signs up as a
seller (no buyer questions), types the district on the sign-up page (an unknown name is
refused, what was typed kept), lists a product; the Bihar state official (or, where a state
has no official, site staff) is told by email, follows the link (built from SITE_URL) to the
queue and publishes it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    DistrictOfficialFactory,
    StateFactory,
    StateOfficialFactory,
    UserFactory,
)

PASSWORD = "a-long-Passphrase-42"
REVIEWER_PASSWORD = "correct horse battery"


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
    page.get_by_label("Email").fill("shabana@weaver.example")
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
    confirmation = next(m for m in mail.outbox if m.to == ["shabana@weaver.example"])
    page.goto(link_in(confirmation, base))  # the link uses the configured site address
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/dashboard/profile/$"))

    # The business profile starts from the district given on sign-up.
    expect(page.locator("#id_district")).to_have_value("Bhagalpur")
    expect(page.get_by_label("State or union territory")).to_have_value(str(bihar_id))
    page.get_by_label("Business name").fill("Bhagalpur Silk House")
    page.get_by_label("Type of business").select_option("artisan")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status").first).to_contain_text("Your business is registered")

    page.goto(f"{base}/dashboard/listings/new/")
    page.fill("#id_name", "Tussar silk stole, natural gold")
    page.select_option("#id_category", label="Silk")
    page.fill("#id_description", "Hand-reeled tussar from Nathnagar looms.")
    page.fill("#id_moq", "10")
    page.fill("#id_tiers-0-min_quantity", "10")
    page.fill("#id_tiers-0-unit_price_inr", "1800")
    page.get_by_role("button", name="Submit listing").click()
    page.wait_for_url(re.compile(r"/dashboard/listings/$"))
    expect(page.locator("tr.listing", has_text="Tussar silk stole")).to_contain_text(
        "Pending review"
    )


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
    business = page.locator(".review-item", has_text="Bhagalpur Silk House").filter(
        has=page.get_by_role("button", name="Apply")
    )
    business.get_by_label("Action").select_option("approve")
    business.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved for Bhagalpur Silk House")
    item = page.locator(".review-item", has_text="Tussar silk stole")
    item.get_by_role("button", name=re.compile("^Publish")).click()
    expect(page.get_by_role("status").first).to_contain_text("is published")
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{base}/products/tussar-silk-stole-natural-gold/")
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(
        "Tussar silk stole, natural gold"
    )


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
    if who == "state official":
        email = "industries-bihar@example.org"
        StateOfficialFactory(user=reviewer(email), state=bihar)
    else:
        email = "staff-reviewer@example.org"
        reviewer(email, is_staff=True)
    seller_signs_up_and_lists(browser, live_server.url, tmp_path)
    reviewer_follows_the_digest_and_publishes(browser, live_server.url, email)
    assert not [m for m in mail.outbox if m.to == ["dic-patna@example.org"]]
