"""Issue 21's "Done when", walked in Chromium as the Varanasi district official:

1. an export-figures file is imported through the official's import page: the preview shows
   the rows added and replaced per district and month and the public headline before → after,
   and nothing is saved until the official confirms;
2. a chart of the district dashboard is read, and its axis labels, measured as Chromium draws
   them, do not overlap;
3. the storefront is translated into French with wagtail-localize's own admin screens
   ("Translate this page", its segment editor, "Publish in Français"), and an anonymous
   visitor reads the French words at /fr/…;
4. with Hindi chosen as the official's language in their admin account, the storefront edit
   form labels the project's own fields in Hindi.
"""

import base64
import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms.i18n import ensure_locales, translation_parents_ensure
from cms.models import DistrictPage
from core.money import format_figure
from regions.models import ExportStat
from regions.services import export_stats_import
from tests.factories.officials import make_official, make_storefront

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"
PASSWORD = "correct horse battery"
STORY = "Silk has been woven in Varanasi for centuries."
STORY_FR = "On tisse la soie à Varanasi depuis des siècles."
TITLE_FR = "Varanasi (Bénarès)"
DEVANAGARI = re.compile(r"[\u0900-\u097f]")
# The Wagtail page fields every page has (title, slug, SEO, scheduling): their labels are
# Wagtail's; Wagtail ships no Hindi, and locale_admin/ translates only the editor's chrome
# (tabs, buttons, menu), checked separately below.
WAGTAIL_PAGE_FIELDS = {f.name for f in Page._meta.get_fields()} | {"comment_notifications"}

# Each of the project's fields on the edit form: its label (a StreamField has only its panel
# heading) and help text, and the headings of the panels grouping them ("Hero").
OUR_WORDS = """(names) => {
  const text = e => e ? e.textContent.replace(/\\s+/g, ' ').replace(/\\*/g, '').trim() : '';
  const shown = [];
  for (const name of names) {
    shown.push([name, text(document.querySelector(`label[for="id_${name}"]`)
      || document.querySelector(`#panel-child-content-${name}-heading`))]);
    const help = text(document.querySelector(`[id$="-child-${name}-helptext"]`));
    if (help) shown.push([`${name} (help)`, help]);
  }
  for (const heading of document.querySelectorAll(
      '[id^="panel-child-content-"][id$="-heading"]:not(#panel-child-content-title-heading)'))
    shown.push([heading.id, text(heading)]);
  return shown;
}"""
TICK_BOXES = """() => [...document.querySelectorAll('svg text.tick-label')].map(t => {
  const b = t.getBBox();
  return {text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height}; })"""


def sign_in(page, base, email):
    page.goto(f"{base}/admin/login/")
    page.fill('input[name="username"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_url(re.compile(r"/admin/$"))


def sample_rows() -> list[dict]:
    lines = [line for line in SAMPLE.read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def upload_rows(sample: list[dict]) -> list[dict]:
    """March 2025 again with one figure corrected, and two rows of a new month, April 2025."""
    march = [dict(row) for row in sample if row["period"] == "2025-03"]
    march[0]["value_inr"], march[0]["value_usd"] = "99000000.00", "1190000.00"
    april = [{**row, "period": "2025-04"} for row in march[:2]]
    return march + april


def write_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def headline(rows: list[dict], first: str) -> str:
    """The headline computed here from the file's own rows, not by the site: 12 months from
    `first`, and their change against the same months a year earlier."""
    start = dt.date.fromisoformat(f"{first}-01")

    def months(begin: dt.date) -> set[str]:
        return {f"{begin.year + (begin.month - 1 + i) // 12}-{(begin.month - 1 + i) % 12 + 1:02d}"
                for i in range(12)}  # fmt: skip

    def total(period_set: set[str]) -> Decimal:
        return sum((Decimal(r["value_inr"]) for r in rows if r["period"] in period_set), Decimal())

    window = sorted(months(start))
    current = total(set(window))
    previous = total(months(start.replace(year=start.year - 1)))
    percent = ((current - previous) * 100 / previous).quantize(Decimal("0.1"))
    # The officials' pages write English figures in the Indian system (lakh, crore).
    figure = format_figure(current, "INR", language="en-IN")
    return f"{window[0]} – {window[-1]}: {figure} ({percent}%)"


def overlap(a, b) -> bool:
    return (a["x"] < b["x"] + b["w"] - 0.5 and b["x"] < a["x"] + a["w"] - 0.5) and (
        a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_varanasi_official_walks_issue_21s_done_when(live_server, page, browser, tmp_path):
    varanasi_page = make_storefront("Varanasi", 187)
    varanasi_page.story = f"<p>{STORY}</p>"
    varanasi_page.save_revision().publish()
    # What `load_demo_data` sets up: a Wagtail locale per language and the home and state
    # pages aliased into each, so an official can translate a storefront they own.
    ensure_locales()
    translation_parents_ensure()
    official = make_official(
        varanasi_page.district, email="official@example.com", first_name="Asha", last_name="Rai"
    )
    district = varanasi_page.district
    sample = sample_rows()
    export_stats_import(data=SAMPLE.read_bytes(), filename="sample.csv")
    base = live_server.url
    sign_in(page, base, official.email)

    # 1. Import: the preview says what will change, and only "Confirm" saves it.
    uploaded = upload_rows(sample)
    upload = tmp_path / "march-april.csv"
    upload.write_text(write_csv(uploaded))
    stored_before = ExportStat.objects.filter(district=district).count()
    assert stored_before == len(sample)
    page.goto(f"{base}/admin/officials/districts/{district.pk}/import/")
    page.set_input_files('input[type="file"]', str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="What will change")).to_be_visible()
    changes = page.locator("[data-preview-changes] tbody tr")
    # District, period, added, replaced, unchanged, removed.
    expect(changes).to_have_count(2)
    expect(changes.nth(0).locator("td")).to_have_text(["Varanasi", "2025-03", "0", "1", "20", "0"])
    expect(changes.nth(1).locator("td")).to_have_text(["Varanasi", "2025-04", "2", "0", "0", "0"])
    # The public headline moves onto the new complete 12 months; India's with it (Varanasi
    # is the only district with figures).
    after_rows = [r for r in sample if r["period"] != "2025-03"] + uploaded
    before_text, after_text = headline(sample, "2024-04"), headline(after_rows, "2024-05")
    headlines = page.locator("[data-preview-headlines] tbody tr")
    expect(headlines).to_have_count(2)
    for row, scope in zip(headlines.all(), ("Varanasi", "India"), strict=True):
        expect(row.locator("td").first).to_have_text(scope)
        expect(row.locator("[data-before]")).to_have_text(before_text)
        expect(row.locator("[data-after]")).to_have_text(after_text)
    # Seen, not saved: the stored figures are those of before the upload.
    assert ExportStat.objects.filter(district=district).count() == stored_before
    assert not ExportStat.objects.filter(district=district, period_start=dt.date(2025, 4, 1))
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_text("Import saved.")).to_be_visible()
    expect(page.get_by_text("23 rows imported; 21 earlier rows replaced.")).to_be_visible()
    assert ExportStat.objects.filter(district=district).count() == stored_before + 2
    assert ExportStat.objects.filter(
        district=district, period_start=dt.date(2025, 3, 1), value_inr=Decimal("99000000")
    ).exists()

    # 2. The dashboard's monthly chart, through April now; its axis labels, measured in
    # Chromium (getBBox of each SVG text), do not overlap at either drawing size.
    page.get_by_role("link", name="See the dashboard").click()
    chart = page.locator("#chart-exports_monthly img.deh-chart__image")
    expect(chart).to_be_visible()
    drawing = browser.new_page()
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        chart.scroll_into_view_if_needed()
        src = chart.evaluate("img => img.currentSrc")
        assert src.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(src.split(",", 1)[1]).decode()
        drawing.set_content(f"<!doctype html><body style='margin:0'>{svg}</body>")
        boxes = drawing.evaluate(TICK_BOXES)
        assert len(boxes) >= 4, (width, boxes)
        for index, box in enumerate(boxes):
            for other in boxes[index + 1 :]:
                assert not overlap(box, other), (width, box["text"], other["text"])
    drawing.close()
    page.set_viewport_size({"width": 1280, "height": 900})
    # The chart's own table reads April's total, as summed here from the uploaded rows.
    monthly = page.locator("#chart-exports_monthly")
    monthly.get_by_text("Table view").click()
    april = monthly.locator("tbody tr", has=page.locator("th", has_text="2025-04"))
    april_inr = sum(Decimal(r["value_inr"]) for r in uploaded if r["period"] == "2025-04")
    expect(april.locator("td").first).to_have_text(
        format_figure(april_inr, "INR", language="en-IN")
    )

    # 3. French through wagtail-localize's own screens: "Translate this page" in the page's
    # header menu, the segment editor, "Publish in Français".
    page.goto(f"{base}/admin/pages/{varanasi_page.pk}/edit/")
    page.locator("#w-slim-header-buttons").get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Translate this page").click()
    page.get_by_label("Français").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("successfully submitted for translation into Français")).to_be_visible()
    for source, french_text in ((varanasi_page.title, TITLE_FR), (STORY, STORY_FR)):
        segment = page.locator("li.incomplete", has=page.get_by_text(source, exact=True))
        segment.get_by_role("button", name="Translate").click()
        segment.locator("textarea").fill(french_text)
        # The editor shows the words at once and saves them in the background: wait for the
        # server's answer, not for the screen.
        with page.expect_response(lambda r: "/strings/" in r.url) as saved:
            segment.get_by_role("button", name="Save").click()
        assert saved.value.ok, saved.value.status
    page.get_by_role("button", name="Publish in Français").click()
    expect(page.get_by_text(f"Published '{TITLE_FR}' in Français")).to_be_visible()
    french = DistrictPage.objects.get(district=district, locale__language_code="fr")
    assert french.live and french.title == TITLE_FR
    visitor = browser.new_context(locale="fr-FR")
    public = visitor.new_page()
    response = public.goto(f"{base}/fr/{varanasi_page.get_parent().slug}/{varanasi_page.slug}/")
    assert response.status == 200
    expect(public.locator("html")).to_have_attribute("lang", "fr")
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE_FR)
    expect(public.get_by_text(STORY_FR)).to_be_visible()
    expect(public.get_by_text(STORY)).to_have_count(0)
    visitor.close()

    # 4. The official chooses Hindi in their own admin account (Wagtail's UserProfile), then
    # opens the storefront's edit form: the project's own words are all Hindi, and so are the
    # editor's tabs and its save button, Wagtail's words (from locale_admin/: Wagtail ships
    # no Hindi).
    page.goto(f"{base}/admin/account/")
    choice = page.locator("#id_locale-preferred_language")
    expect(choice.locator('option[value="hi"]')).to_have_count(1)  # Hindi is offered
    choice.select_option("hi")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    assert UserProfile.get_for_user(official).preferred_language == "hi"
    page.goto(f"{base}/admin/pages/{varanasi_page.pk}/edit/")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    form = DistrictPage.get_edit_handler().get_form_class()
    ours = [name for name in form.base_fields if name not in WAGTAIL_PAGE_FIELDS]
    assert {"district", "hero_image", "hero_caption", "story", "body"} <= set(ours), ours
    shown = page.evaluate(OUR_WORDS, ours)
    assert [where for where, text in shown if not text] == []  # every field has its label
    # The page-content field's block types, as its "Insert a block" menu lists them.
    page.locator("#body-root .c-sf-add-button").first.click()
    blocks = page.locator(".w-combobox__option-text")
    expect(blocks).to_have_count(len(DistrictPage.body.field.stream_block.child_blocks))
    shown += [("block", text) for text in blocks.all_inner_texts()]
    english = [
        (where, text)
        for where, text in shown
        if not DEVANAGARI.search(text) or re.search(r"[A-Za-z]{3,}", text)
    ]
    assert english == [], english
    expect(page.get_by_role("tab", name="सामग्री")).to_be_visible()
    expect(page.get_by_role("tab", name="प्रचार")).to_be_visible()
    expect(page.get_by_role("button", name="ड्राफ़्ट सहेजें")).to_be_visible()
