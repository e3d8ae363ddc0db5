"""State and India rollups (ExportStatRollup) always agree with the raw ExportStat rows:
after an import, after a re-import that changes figures, and after a rejected file."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from regions import selectors
from regions.models import District, ExportStat, ExportStatRollup, State
from regions.services import export_stats_import
from tests.factories import StateFactory

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"
HEADER = "state,district,lgd_code,period_kind,period,hs_code,country,value_inr,value_usd\n"


@pytest.fixture
def districts(db):
    up = StateFactory()
    bihar = State.objects.create(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")
    return {
        "varanasi": District.objects.create(
            state=up, name="Varanasi", slug="varanasi", lgd_code=187
        ),
        "agra": District.objects.create(state=up, name="Agra", slug="agra", lgd_code=118),
        "gaya": District.objects.create(state=bihar, name="Gaya", slug="gaya", lgd_code=215),
    }


def run(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    _batch, report = export_stats_import(data=data, filename="test.csv")
    return report


def line(state, district, period, hs, country, inr, usd, kind="month"):
    return f"{state},{district},,{kind},{period},{hs},{country},{inr},{usd}\n"


def expected_rollups() -> dict:
    """Every rollup row, recomputed in Python from the raw rows."""
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in ExportStat.objects.select_related("district"):
        for state_id in (row.district.state_id, None):
            for dimension, code in (
                ("total", ""),
                ("chapter", row.hs_chapter),
                ("country", row.country),
            ):
                key = (state_id, dimension, code, row.period_kind, row.period_start)
                sums[key][0] += row.value_inr
                sums[key][1] += row.value_usd
    return {key: tuple(values) for key, values in sums.items()}


def stored_rollups() -> dict:
    rows = ExportStatRollup.objects.values_list(
        "state_id", "dimension", "code", "period_kind", "period_start", "value_inr", "value_usd"
    )
    stored = {row[:5]: row[5:] for row in rows}
    assert len(stored) == len(rows), "a rollup cell is stored twice"
    return stored


def test_rollups_agree_with_raw_rows_after_import_and_reimport(districts):
    assert run(SAMPLE.read_bytes()).ok
    text = (
        HEADER
        + line("Uttar Pradesh", "Agra", "2024-04", "570110", "DE", "1000.50", "12.05")
        + line("Uttar Pradesh", "Agra", "2024-04", "500720", "US", "300", "3.6")
        + line("Bihar", "Gaya", "2024-04", "090210", "US", "700", "8.4")
        + line("Bihar", "Gaya", "2024-Q3", "090210", "GB", "900", "10.8", kind="quarter")
    )
    assert run(text).ok
    first = stored_rollups()
    assert first == expected_rollups()
    assert {key[0] for key in first} == {
        districts["agra"].state_id,
        districts["gaya"].state_id,
        None,
    }

    # Re-import: Agra's April changes, Gaya's April loses a country, nothing else moves.
    text = (
        HEADER
        + line("Uttar Pradesh", "Agra", "2024-04", "570110", "DE", "5000", "60")
        + line("Bihar", "Gaya", "2024-04", "090210", "AE", "10", "0.12")
    )
    assert run(text).ok
    again = stored_rollups()
    assert again == expected_rollups()
    assert again != first
    india_april = ExportStatRollup.objects.get(
        state=None, dimension="total", period_start=dt.date(2024, 4, 1)
    )
    raw_april = sum(
        ExportStat.objects.filter(period_start=dt.date(2024, 4, 1)).values_list(
            "value_inr", flat=True
        )
    )
    assert india_april.value_inr == raw_april
    assert not ExportStatRollup.objects.filter(
        state=districts["gaya"].state, dimension="country", code="US", period_start="2024-04-01"
    ).exists()

    # The same file twice leaves the same rollups (replaced, never doubled).
    assert run(text).ok
    assert stored_rollups() == again


def test_rejected_file_leaves_rollups_untouched(districts):
    assert run(SAMPLE.read_bytes()).ok
    before = stored_rollups()
    bad = (
        HEADER
        + line("Uttar Pradesh", "Varanasi", "2023-04", "500720", "US", "1", "1")
        + line("Uttar Pradesh", "Atlantis", "2023-04", "500720", "US", "1", "1")
    )
    assert not run(bad).ok
    assert stored_rollups() == before == expected_rollups()


def test_state_and_india_selectors_read_the_rollups(districts, django_assert_num_queries):
    assert run(SAMPLE.read_bytes()).ok
    up = districts["varanasi"].state
    window = selectors.latest_window(up)
    district_rows = selectors.top_hs_chapters(districts["varanasi"], window)
    with django_assert_num_queries(2):
        state_rows = selectors.top_hs_chapters(up, window)
        india_rows = selectors.top_countries(None, window)
    # Only Varanasi has figures, so its state and India show its breakdown.
    assert state_rows == district_rows
    assert india_rows == selectors.top_countries(districts["varanasi"], window)
    assert selectors.export_series(None) == selectors.export_series(districts["varanasi"])
    growth = selectors.growth(up, window)
    assert growth.current_inr == selectors.growth(districts["varanasi"], window).current_inr
