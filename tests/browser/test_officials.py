"""Journey: the Varanasi official imports the sample figures, sees the charts, moves a
bottleneck on, and the public storefront shows the "at a glance" block; Agra's official
cannot open Varanasi's upload page."""

import base64
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cms.officials.models import Bottleneck
from tests.factories.officials import make_action_plan, make_official, make_storefront

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"
PASSWORD = "correct horse battery"


def label_boxes(browser, svg: str) -> list[dict]:
    """The boxes Chromium draws for a chart's tick labels (getBBox, in the SVG's units)."""
    page = browser.new_page()
    page.set_content(f"<!doctype html><body>{svg}</body>")
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('svg text.tick-label')].map(t => {"
        " const b = t.getBBox(); return {text: t.textContent, x: b.x, y: b.y, w: b.width,"
        " h: b.height}; })"
    )
    page.close()
    return boxes


def overlap(a, b) -> bool:
    return (a["x"] < b["x"] + b["w"] - 0.5 and b["x"] < a["x"] + a["w"] - 0.5) and (
        a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5
    )


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
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Confirm and import").click()
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
    # The official reads crore, in the headline and on the chart's axis, and the axis
    # labels of every chart, measured as Chromium draws them, do not overlap.
    expect(page.locator('[data-figure="latest"]')).to_contain_text(" crore")
    for size, width in (("wide", 1280), ("narrow", 360)):
        page.set_viewport_size({"width": width, "height": 900})
        for chart_id in ("exports_monthly", "top_countries", "growth"):
            image = page.locator(f"#chart-{chart_id} img.deh-chart__image")
            image.scroll_into_view_if_needed()
            src = image.evaluate("img => img.currentSrc")
            assert src.startswith("data:image/svg+xml;base64,")
            boxes = label_boxes(browser, base64.b64decode(src.split(",", 1)[1]).decode())
            assert len(boxes) >= 3, (chart_id, size)
            assert any(unit in box["text"] for box in boxes for unit in ("crore", "lakh")), chart_id
            for index, box in enumerate(boxes):
                assert not any(overlap(box, other) for other in boxes[index + 1 :]), box
    page.set_viewport_size({"width": 1280, "height": 900})

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
