"""After the deal (issue 22): the paperwork a first-time exporter needs, made by the site.

The buyer downloads the quotation's proforma invoice (PDF) and then accepts the quotation; the
seller records the bank transfer, starts production, ships, enters the packages (a wrong
weight is refused in plain words first) and issues the commercial invoice and packing list;
the buyer downloads both from the order page. Every download's text is read back with pypdf.

Then the "reviews" half of issue 22: the buyer confirms delivery and rates the seller, and the
rating shows on the seller page, a product card, in search and in the API."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from catalogue.models import Product
from tests.documents.conftest import make_doc_trade
from tests.factories import GIProductFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(page, base, user):
    user.set_password(django_settings.DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', user.email)
    page.fill('input[name="password"]', django_settings.DEMO_PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator('input[name="password"]')).to_have_count(0)


def download_text(page, click) -> tuple[str, str]:
    with page.expect_download() as info:
        click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return download.suggested_filename, " ".join(text.split())


EVERY_FIELD = [
    "Kashi Weaves Private Limited",
    "Varanasi 221001",
    "09AAACH7409R1ZZ",
    "AAACH7409R",
    "Stoffhaus Hamburg GmbH",
    "Germany",
    "500720",
    "Banarasi silk stole",
    "FOB",
    "Nhava Sheva",
    "Hamburg",
    "Bank transfer",
    "USD",
    "Amount in words",
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_proforma_then_invoice_and_packing_list(live_server, browser, tmp_path):
    trade = make_doc_trade(lines=3)
    base = live_server.url

    # The buyer downloads the proforma in English, then accepts the quotation.
    buyer_ctx = browser.new_context()
    bpage = buyer_ctx.new_page()
    sign_in(bpage, base, trade.buyer)
    bpage.goto(f"{base}{trade.quote.enquiry.get_absolute_url()}")
    proforma = bpage.get_by_test_id("proforma-form")
    proforma.get_by_label("Document language").select_option("en")
    name, text = download_text(
        bpage, proforma.get_by_role("button", name="Download the proforma invoice (PDF)").click
    )
    year = timezone.localdate().year
    assert name == f"PI-{year}-0001-v1-en.pdf"
    assert "Proforma invoice" in text and f"PI/{year}/0001" in text
    assert f"Q-{trade.quote.pk}" in text
    missing = [field for field in EVERY_FIELD if field not in text]
    assert not missing, (missing, text)
    bpage.get_by_role("button", name="Accept quotation").click()
    expect(bpage.get_by_test_id("order-status")).to_have_text("Awaiting payment")
    number = bpage.locator("h1").inner_text().split()[-1]
    documents = bpage.get_by_test_id("trade-documents")
    expect(documents).to_contain_text(f"PI/{year}/0001")  # the proforma is listed there

    # The seller records the transfer, starts production and ships.
    advice = tmp_path / "bank-advice.pdf"
    advice.write_bytes(PDF)
    seller_ctx = browser.new_context()
    spage = seller_ctx.new_page()
    sign_in(spage, base, trade.seller_user)
    spage.goto(f"{base}/orders/{number}/")
    spage.get_by_role("link", name="Record a payment received").click()
    spage.fill('input[name="reference"]', "UTR2026120600042")
    spage.fill('input[name="amount"]', str(trade.quote.total))
    spage.fill('input[name="received_on"]', timezone.localdate().isoformat())
    spage.set_input_files('input[name="document"]', str(advice))
    spage.get_by_role("button", name="Record receipt").click()
    expect(spage.get_by_test_id("order-status")).to_have_text("Paid")
    spage.get_by_role("button", name="Start production").click()
    ship = spage.get_by_test_id("ship-form")
    ship.get_by_label("Tracking number").fill("MAEU123456789")
    ship.get_by_label("Carrier").fill("Maersk")
    ship.get_by_role("button", name="Mark as shipped").click()
    expect(spage.get_by_test_id("order-status")).to_have_text("Shipped")

    # ...enters the packages: a net weight above the gross weight is refused in plain words.
    spage.get_by_test_id("issue-shipping-documents").click()
    form = spage.get_by_test_id("shipping-documents-form")
    expect(form.get_by_label("Port of loading")).to_have_value("Nhava Sheva")
    expect(form.get_by_label("Port of discharge")).to_have_value("Hamburg")
    rows = form.get_by_test_id("package-row")
    first = rows.nth(0)
    first.get_by_label("Packages").fill("3")
    first.get_by_label("Kind of package").fill("Corrugated cartons")
    first.get_by_label("Net weight each (kg)").fill("15")
    first.get_by_label("Gross weight each (kg)").fill("14.25")
    first.get_by_label("Length (cm)").fill("60")
    first.get_by_label("Width (cm)").fill("40")
    first.get_by_label("Height (cm)").fill("35")
    form.get_by_role("button", name="Issue the invoice and packing list").click()
    expect(spage.locator(".field-error").first).to_contain_text(
        "The net weight cannot be more than the gross weight"
    )
    form = spage.get_by_test_id("shipping-documents-form")
    form.get_by_test_id("package-row").nth(0).get_by_label("Net weight each (kg)").fill("12.5")
    form.get_by_role("button", name="Add a package line").click()
    second = form.get_by_test_id("package-row").nth(1)
    second.get_by_label("Packages").fill("1")
    second.get_by_label("Kind of package").fill("Wooden crate")
    second.get_by_label("Net weight each (kg)").fill("20")
    second.get_by_label("Gross weight each (kg)").fill("26")
    second.get_by_label("Length (cm)").fill("80")
    second.get_by_label("Width (cm)").fill("60")
    second.get_by_label("Height (cm)").fill("50")
    form.get_by_role("button", name="Issue the invoice and packing list").click()
    listed = spage.get_by_test_id("trade-documents")
    expect(listed).to_contain_text(f"CI/{year}/0001")
    expect(listed).to_contain_text(f"PL/{year}/0001")
    expect(listed).to_contain_text(str(trade.seller_user))  # who issued them

    # The buyer downloads both from the order page and reads them.
    bpage.goto(f"{base}/orders/{number}/")
    rows = bpage.get_by_test_id("trade-documents").get_by_test_id("trade-document")
    expect(rows).to_have_count(3)
    texts = {}
    for kind in ("commercial_invoice", "packing_list"):
        row = bpage.locator(f'[data-testid="trade-document"][data-kind="{kind}"]')
        name, text = download_text(bpage, row.get_by_test_id("trade-document-download").click)
        texts[kind] = text
        missing = [field for field in EVERY_FIELD if field not in text]
        assert not missing, (kind, missing, text)
        assert number in text and "Maersk" in text
    assert "Commercial invoice" in texts["commercial_invoice"]
    packing = texts["packing_list"]
    totals = ("Total packages 4", "Total net weight (kg) 57.5", "Total gross weight (kg) 68.75")
    for value in ("Corrugated cartons", "Wooden crate", *totals):
        assert value in packing, (value, packing)

    # The reviews half: the buyer confirms delivery and rates the seller.
    bpage.goto(f"{base}/orders/{number}/")
    bpage.get_by_role("button", name="Confirm delivery").click()
    expect(bpage.get_by_test_id("order-status")).to_have_text("Delivered")
    bpage.get_by_test_id("write-review").click()
    for field, stars in (("overall", 5), ("as_described", 5), ("communication", 4)):
        bpage.locator(f'input[name="{field}"][value="{stars}"]').check()
    bpage.locator('input[name="delivery_time"][value="4"]').check()
    bpage.fill('textarea[name="text"]', "Documents were complete; customs cleared in a day.")
    bpage.get_by_role("button", name="Publish review").click()
    expect(bpage.get_by_test_id("review-text")).to_contain_text("customs cleared in a day")

    # The rating shows on the seller page, a product card, in search and in the API.
    seller = trade.seller
    product = Product.objects.filter(seller=seller).first()
    bpage.goto(f"{base}/sellers/{seller.slug}/")
    expect(bpage.get_by_test_id("track-record").first).to_contain_text("5.0 ★ from 1 order")
    gi = GIProductFactory(name="Banaras Brocades and Sarees", slug="banaras-brocades")
    Product.objects.filter(pk=product.pk).update(gi=gi)
    bpage.goto(f"{base}/gi/{gi.slug}/")
    card = bpage.locator(".product-card", has_text=product.name)
    expect(card.get_by_test_id("track-record")).to_contain_text("5.0 ★ from 1 order")
    bpage.goto(f"{base}/search/?q=silk&rating=4.5&sort=rating")
    hit = bpage.locator(".hit", has_text=product.name).first
    expect(hit.get_by_test_id("track-record")).to_contain_text("5.0 ★ from 1 order")
    api = bpage.request.get(f"{base}/api/v1/sellers/{seller.slug}").json()
    assert api["rating"] == {"average": 5.0, "count": 1}
    buyer_ctx.close()
    seller_ctx.close()
