"""Journey: the Varanasi official uploads a small file, reads the preview (rows per period,
the public headline before → after), confirms, sees the storefront figure change, then
undoes the import and sees the figure restored."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from regions.models import ExportStat
from regions.services import export_stats_import
from tests.factories.officials import make_official, make_storefront

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"
PASSWORD = "correct horse battery"


def sign_in(page, base, email):
    page.goto(f"{base}/admin/login/")
    page.fill('input[name="username"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_url(re.compile(r"/admin/$"))


def public_headline(browser, url) -> str:
    public = browser.new_page()
    public.goto(url)
    text = public.locator(".deh-glance__figures").inner_text()
    public.close()
    return " ".join(text.split())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_official_previews_confirms_and_undoes_an_import(live_server, page, browser, tmp_path):
    varanasi_page = make_storefront("Varanasi", 187)
    official = make_official(varanasi_page.district, email="official@example.com")
    varanasi_page.body = json.dumps([{"type": "district_at_a_glance", "value": {}}])
    varanasi_page.save_revision().publish()
    district = varanasi_page.district
    export_stats_import(data=SAMPLE.read_bytes(), filename="sample.csv")
    base = live_server.url
    storefront = f"{base}{varanasi_page.url}"
    before = public_headline(browser, storefront)
    assert "2024-04 – 2025-03" in before

    # A file replacing March 2025 with one large row.
    upload = tmp_path / "march.csv"
    upload.write_text(
        "state,district,period_kind,period,hs_code,country,value_inr,value_usd\n"
        "Uttar Pradesh,Varanasi,month,2025-03,500720,US,9000000000,108000000\n"
    )
    sign_in(page, base, official.email)
    page.goto(f"{base}/admin/officials/districts/{district.pk}/import/")
    expect(page.get_by_role("link", name="Download a sample file")).to_be_visible()
    page.set_input_files('input[type="file"]', str(upload))
    page.get_by_role("button", name="Upload and preview").click()

    # The preview: nothing saved yet, the period's rows and the headline before → after.
    expect(page.get_by_role("heading", name="What will change")).to_be_visible()
    changes = page.locator("[data-preview-changes] tbody tr").first
    expect(changes).to_contain_text("Varanasi")
    expect(changes).to_contain_text("2025-03")
    headline = page.locator("[data-preview-headlines] tbody tr").first
    expect(headline.locator("[data-before]")).to_contain_text("2024-04 – 2025-03")
    expect(headline.locator("[data-after]")).to_contain_text("2024-04 – 2025-03")
    assert (
        headline.locator("[data-before]").inner_text()
        != headline.locator("[data-after]").inner_text()
    )
    assert not ExportStat.objects.filter(value_inr=9000000000).exists()
    assert public_headline(browser, storefront) == before

    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_text("Import saved.")).to_be_visible()
    expect(page.get_by_text("1 rows imported")).to_be_visible()
    changed = public_headline(browser, storefront)
    assert changed != before and "2024-04 – 2025-03" in changed

    # Undo the last import: the storefront shows exactly the earlier figure again.
    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_text("Import undone.")).to_be_visible()
    expect(page.get_by_text("the figures it replaced were restored")).to_be_visible()
    assert public_headline(browser, storefront) == before
