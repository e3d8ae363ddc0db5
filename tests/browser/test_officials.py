"""Journey: the Varanasi official imports the sample figures, sees the charts, moves a
bottleneck on, and the public storefront shows the "at a glance" block; Agra's official
cannot open Varanasi's upload page."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cms.officials.models import Bottleneck
from tests.factories.officials import make_action_plan, make_official, make_storefront

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"
PASSWORD = "correct horse battery"


def sign_in(page, base, email):
    page.goto(f"{base}/admin/login/")
    page.fill('input[name="username"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_url(re.compile(r"/admin/$"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_official_imports_figures_and_the_storefront_shows_them(live_server, page, browser):
    varanasi_page = make_storefront("Varanasi", 187)
    agra_page = make_storefront("Agra", 118, state_page=varanasi_page.get_parent().specific)
    official = make_official(varanasi_page.district, email="official@varanasi.example")
    agra_official = make_official(agra_page.district, email="official@agra.example")
    plan = make_action_plan(varanasi_page)
    varanasi_page.body = json.dumps([{"type": "district_at_a_glance", "value": {}}])
    varanasi_page.save_revision().publish()
    district = varanasi_page.district
    base = live_server.url

    sign_in(page, base, official.email)
    dashboard_url = f"{base}/admin/officials/districts/{district.pk}/"
    page.goto(dashboard_url)
    monthly = page.locator("#chart-exports_monthly")
    expect(monthly.get_by_text("No figures for this chart yet.")).to_be_visible()

    # Upload the sample file (with the progress bar script) and read the report.
    page.goto(f"{base}/admin/officials/districts/{district.pk}/import/")
    page.set_input_files('input[type="file"]', str(SAMPLE))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_text("504 rows imported")).to_be_visible()
    page.get_by_role("link", name="See the dashboard").click()

    # The charts now have figures, with a table view.
    expect(monthly.locator("img.deh-chart__image")).to_be_visible()
    # Five export charts and the state rank; trade-activity charts stay empty (no trades yet).
    expect(page.locator("img.deh-chart__image")).to_have_count(6)
    countries = page.locator("#chart-top_countries")
    countries.get_by_text("Table view").click()
    expect(countries.locator("tbody tr").first).to_contain_text("United States")
    expect(page.locator('[data-figure="rank"]')).to_have_text("1 of 1")

    # Move the bottleneck on through the tracker.
    page.get_by_role("link", name="Bottleneck tracker").click()
    page.get_by_label("Status").select_option("resolved")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Status saved.")).to_be_visible()
    assert Bottleneck.objects.get(page=plan).status == "resolved"

    # The public storefront: the plan's tracker and the "at a glance" block.
    public = browser.new_page()
    public.goto(f"{base}{varanasi_page.url}")
    expect(public.locator('[data-bottleneck-status="resolved"]')).to_have_text("Resolved")
    glance = public.locator('[data-block="district-at-a-glance"]')
    expect(glance.locator("img.deh-chart__image")).to_have_count(2)
    expect(glance).to_contain_text("Exports in")
    # The charts load (lazily) from their own URL, past the page's CSP, and draw.
    images = glance.locator("img.deh-chart__image")
    for index in range(2):
        image = images.nth(index)
        assert ".svg?" in image.get_attribute("src")
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
    public.close()

    # Agra's official cannot see Varanasi's upload page.
    other = browser.new_context()
    other_page = other.new_page()
    sign_in(other_page, base, agra_official.email)
    response = other_page.goto(f"{base}/admin/officials/districts/{district.pk}/import/")
    assert response.status == 404
    response = other_page.goto(f"{base}/admin/officials/districts/{agra_page.district.pk}/import/")
    assert response.status == 200
    other.close()
