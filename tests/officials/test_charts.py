"""The chart suite: each chart kind drawn from known figures, its axis labels and bar values
read back from the SVG; one unit per chart; whole-number ticks for counts; a real funnel; and
tick labels that never overlap at either size (estimated here, measured in Chromium by
tests/browser/test_chart_ticks.py)."""

import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.officials.charts import _LAYOUTS, SIZES, Chart, nice_ticks, text_width
from cms.officials.dashboards import at_a_glance, district_dashboard
from regions.services import export_stats_import

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"
TICK = re.compile(r'<text class="tick-label ([\w-]+)"[^>]*>([^<]*)<')
BAR = re.compile(r'<rect class="bar"[^>]*data-value="([^"]+)"')


def ticks(svg: str, kind: str) -> list[str]:
    return [text for cls, text in TICK.findall(svg) if cls == kind]


def countries(language="en-IN") -> Chart:
    return Chart(
        "top_countries",
        "Top destination countries",
        "hbar",
        ["United States", "United Arab Emirates", "United Kingdom"],
        [("Exports", [Decimal("1100000000"), Decimal("500000000"), Decimal("120000000")])],
        unit="INR",
        label_heading="Country",
        table_only=[("Exports", [Decimal("13200000"), Decimal("6000000"), Decimal("1440000")])],
        table_only_unit="USD",
        language=language,
    )


def test_hbar_axis_is_in_crore_for_officials_and_bars_carry_their_values():
    svg = countries().svg("wide")
    assert ticks(svg, "x-tick") == ["₹0", "₹50 crore", "₹100 crore", "₹150 crore"]
    assert ticks(svg, "name") == ["United States", "United Arab Emirates", "United Kingdom"]
    assert BAR.findall(svg) == ["1100000000", "500000000", "120000000"]
    # USD is in the table and CSV only, never on the INR axis.
    assert "$" not in svg and "USD" not in svg


def test_the_same_chart_reads_in_billions_for_an_english_visitor():
    svg = countries(language="en").svg("wide")
    assert ticks(svg, "x-tick") == ["₹0", "₹200M", "₹400M", "₹600M", "₹800M", "₹1B", "₹1.2B"]


def test_the_narrow_drawing_has_fewer_ticks_and_truncates_long_names():
    chart = countries()
    chart.labels[1] = "The United Arab Emirates and a very long country name indeed"
    wide, narrow = chart.svg("wide"), chart.svg("narrow")
    assert len(ticks(narrow, "x-tick")) < len(ticks(wide, "x-tick"))
    assert any(name.endswith("…") for name in ticks(narrow, "name"))
    assert "The United Arab Emirates and a very long country name indeed" in narrow  # <title>


def test_table_and_csv_keep_every_figure_with_its_currency():
    chart = countries()
    assert chart.headings() == ["Country", "Exports (INR)", "Exports (USD)"]
    assert chart.display_rows()[0] == ["United States", "₹110 crore", "$1.32 crore"]
    assert chart.csv().splitlines()[1] == "United States,1100000000,13200000"


def test_funnel_is_a_funnel_of_whole_counts():
    chart = Chart(
        "funnel",
        "Enquiry to order",
        "funnel",
        ["Enquiries", "Quoted", "Ordered"],
        [("Count", [1, 1, 0])],
    )
    svg = chart.svg("wide")
    assert re.findall(r'class="stage" data-value="(\d+)"', svg) == ["1", "1", "0"]
    assert re.findall(r'class="stage-label"[^>]*>([^<]*)<', svg) == [
        "Enquiries: 1",
        "Quoted: 1 (100%)",
        "Ordered: 0 (0%)",
    ]
    assert "-0" not in svg and "<polygon" in svg and "tick-label" not in svg


def test_counts_get_whole_number_ticks():
    chart = Chart(
        "activity",
        "Activity",
        "line",
        ["2025-01", "2025-02"],
        [("Orders", [1, 0]), ("Enquiries", [0, 1])],
        language="en-IN",
    )
    labels = ticks(chart.svg("wide"), "y-tick")
    assert labels == ["0", "1"]


def test_line_chart_thins_month_labels_to_fit():
    months = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]
    chart = Chart(
        "m",
        "Monthly",
        "line",
        months,
        [("Exports", [Decimal(30_000_000 + i * 1_000_000) for i in range(36)])],
        unit="INR",
        language="hi",
    )
    narrow = chart.svg("narrow")
    shown = ticks(narrow, "x-label")
    assert 2 <= len(shown) < 12 and shown[0] == "2023-01"
    assert ticks(narrow, "y-tick")[-1].endswith("करोड़")


def _boxes(chart: Chart, size: str):
    """Estimated label boxes from the layout (x-centred or right-aligned)."""
    width, height, font = SIZES[size]
    layout = _LAYOUTS[chart.kind](chart, width, height, font)
    boxes = []
    for label in layout.get("x_labels", []):
        w = text_width(label["text"], font)
        boxes.append((label["x"] - w / 2, label["x"] + w / 2, "x"))
    for tick in layout.get("x_ticks", []):
        w = text_width(tick["text"], font)
        boxes.append((tick["x"] - w / 2, tick["x"] + w / 2, "x"))
    ys = sorted(t["y"] for t in layout.get("y_ticks", []))
    return layout, boxes, ys, font


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=40),
    kind=st.sampled_from(["line", "bar", "hbar"]),
    size=st.sampled_from(list(SIZES)),
    language=st.sampled_from(["en-IN", "hi", "en", "fr", "es", "ar"]),
)
def test_tick_labels_never_overlap_and_stay_inside(values, kind, size, language):
    labels = [f"2024-{i % 12 + 1:02d}/{i}" for i in range(len(values))]
    with translation.override("en"):
        chart = Chart("c", "t", kind, labels, [("Exports", values)], unit="INR", language=language)
        layout, boxes, ys, font = _boxes(chart, size)
    spans = sorted((a, b) for a, b, _ in boxes)
    for (a1, b1), (a2, b2) in itertools.pairwise(spans):
        assert b1 <= a2, (a1, b1, a2, b2)
    assert all(a >= 0 and b <= layout["width"] for a, b in spans)
    assert all(y2 - y1 >= font * 1.2 for y1, y2 in itertools.pairwise(ys))


# Figures are money (paise) or counts: hundredths at the finest.
@given(
    low=st.integers(min_value=-(10**11), max_value=0).map(lambda v: v / 100),
    high=st.integers(min_value=0, max_value=10**14).map(lambda v: v / 100),
    most=st.integers(min_value=2, max_value=12),
    whole=st.booleans(),
)
def test_nice_ticks_cover_the_range_in_at_most_most_steps(low, high, most, whole):
    result = nice_ticks(low, high, most, whole=whole)
    assert result[0] <= low and result[-1] >= high and 2 <= len(result) <= max(most, 3)
    if whole:
        assert all(t == int(t) for t in result)


@pytest.mark.django_db
def test_every_dashboard_chart_has_one_unit(varanasi_page):
    export_stats_import(data=SAMPLE.read_bytes(), filename="s.csv")
    with translation.override("en"):
        dashboard = district_dashboard(varanasi_page.district)
    units = {key: chart.unit for key, chart in dashboard.charts.items()}
    assert units["top_countries"] == units["top_chapters"] == units["exports_monthly"] == "INR"
    assert units["activity"] == units["funnel"] == ""
    assert all(
        len(chart.series) == 1
        for key, chart in dashboard.charts.items()
        if key.startswith(("top_", "paid_value"))
    )
    # Officials read crore: the headline and the axis agree.
    assert dashboard.figures["latest_12_months_text"].endswith(" crore")
    monthly = dashboard.charts["exports_monthly"].svg("wide")
    assert all(
        t == "₹0" or t.endswith("crore") or t.endswith("lakh") for t in ticks(monthly, "y-tick")
    )


@pytest.mark.django_db
def test_public_glance_reads_in_the_visitors_number_system(varanasi_page):
    export_stats_import(data=SAMPLE.read_bytes(), filename="s.csv")
    with translation.override("fr"):
        svg = at_a_glance(varanasi_page.district).charts["exports_monthly"].svg("wide")
    assert all("crore" not in t and "₹" in t for t in ticks(svg, "y-tick"))


@pytest.mark.django_db
def test_headline_keeps_the_latest_complete_12_months_after_a_stray_later_month(varanasi_page):
    export_stats_import(data=SAMPLE.read_bytes(), filename="s.csv")
    district = varanasi_page.district
    with translation.override("en"):
        before = district_dashboard(district).figures
    assert before["window_label"].endswith("2025-03")
    stray = (
        "state,district,lgd_code,period_kind,period,hs_code,country,value_inr,value_usd\n"
        "Uttar Pradesh,Varanasi,187,month,2025-09,500720,US,1000.00,12.00\n"
    )
    _batch, report = export_stats_import(data=stray.encode(), filename="stray.csv")
    assert report.ok
    with translation.override("en"):
        after = district_dashboard(district).figures
    # The headline neither jumps to 2024-10 – 2025-09 nor changes its figure.
    assert after["window_label"] == before["window_label"]
    assert after["latest_12_months_inr"] == before["latest_12_months_inr"]
