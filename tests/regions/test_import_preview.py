"""Imports with a preview: nothing saved before confirmation, all or nothing on confirm,
refused stale/foreign/double confirmations, undo restores exactly, idempotent re-import."""

import datetime as dt
from decimal import Decimal

import pytest

from regions import imports, selectors
from regions.models import District, ExportStat, ExportStatImport, ExportStatTotal
from regions.services import export_stats_import
from tests.factories import StateFactory, UserFactory

HEADER = "state,district,lgd_code,period_kind,period,hs_code,country,value_inr,value_usd\n"


@pytest.fixture
def varanasi(db):
    return District.objects.create(
        state=StateFactory(), name="Varanasi", slug="varanasi", lgd_code=187
    )


@pytest.fixture
def official(db):
    return UserFactory()


def row(period="2024-04", hs="500720", country="US", inr="1000", usd="12", district="Varanasi"):
    return f"Uttar Pradesh,{district},,month,{period},{hs},{country},{inr},{usd}\n"


def year(start=dt.date(2023, 4, 1), months=24, inr="1000"):
    """`months` monthly rows from `start`."""
    text = ""
    for offset in range(months):
        month = dt.date(
            start.year + (start.month - 1 + offset) // 12, (start.month - 1 + offset) % 12 + 1, 1
        )
        text += row(period=month.strftime("%Y-%m"), inr=inr)
    return text


def preview(text, user, district):
    return imports.export_stats_preview(
        data=text.encode(),
        filename="f.csv",
        uploaded_by=user,
        district=district,
        allowed_district_ids={district.pk},
    )


def snapshot():
    return (
        sorted(
            ExportStat.objects.values_list(
                "district_id",
                "period_start",
                "hs_code",
                "country",
                "value_inr",
                "value_usd",
                "batch_id",
            )
        ),
        sorted(ExportStatTotal.objects.values_list("district_id", "period_start", "value_inr")),
    )


def test_preview_changes_nothing_and_shows_headline_before_and_after(varanasi, official):
    export_stats_import(data=(HEADER + year()).encode(), filename="base.csv")
    before = snapshot()
    batch, report = preview(
        HEADER + row(period="2025-04", inr="9000") + row(period="2024-06", inr="5000"),
        official,
        varanasi,
    )
    assert report.ok and batch.status == ExportStatImport.Status.PENDING
    assert snapshot() == before
    changes = {c["period"]: c for c in batch.report["preview"]["changes"]}
    assert changes["2025-04"]["added"] == 1 and changes["2024-06"]["replaced"] == 1
    district_line = batch.report["preview"]["headlines"][0]
    assert district_line["before"]["window"] == "2024-04 – 2025-03"
    assert Decimal(district_line["before"]["inr"]) == Decimal("12000")
    # 2025-04 extends the complete run, so the headline moves one month, with June replaced.
    assert district_line["after"]["window"] == "2024-05 – 2025-04"
    assert Decimal(district_line["after"]["inr"]) == Decimal("24000")
    assert batch.report["preview"]["incomplete"] == []


def test_preview_flags_periods_that_become_incomplete(varanasi, official):
    export_stats_import(data=(HEADER + year()).encode(), filename="base.csv")
    batch, _ = preview(HEADER + row(period="2025-09"), official, varanasi)
    incomplete = batch.report["preview"]["incomplete"]
    assert incomplete[0]["months"] == ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08"]


def test_public_headline_keeps_latest_complete_period_after_partial_import(varanasi, official):
    export_stats_import(data=(HEADER + year()).encode(), filename="base.csv")
    batch, _ = preview(HEADER + row(period="2025-09", inr="1"), official, varanasi)
    imports.export_stats_confirm(batch_id=batch.pk, user=official)
    window = selectors.latest_complete_window(varanasi)
    assert (window.start, window.end) == (dt.date(2024, 4, 1), dt.date(2025, 4, 1))
    assert selectors.latest_window(varanasi).start == dt.date(2024, 10, 1)


def test_confirm_saves_and_refuses_double_and_foreign(varanasi, official):
    batch, _ = preview(HEADER + row() + row(country="GB"), official, varanasi)
    with pytest.raises(imports.ImportRefused, match="uploaded"):
        imports.export_stats_confirm(batch_id=batch.pk, user=UserFactory())
    assert ExportStat.objects.count() == 0
    imports.export_stats_confirm(batch_id=batch.pk, user=official)
    assert ExportStat.objects.count() == 2
    assert ExportStatTotal.objects.get().value_inr == Decimal("2000")
    with pytest.raises(imports.ImportRefused, match="already"):
        imports.export_stats_confirm(batch_id=batch.pk, user=official)
    assert ExportStat.objects.count() == 2


def test_stale_preview_is_refused_and_nothing_is_saved(varanasi, official):
    batch, _ = preview(HEADER + row(inr="7"), official, varanasi)
    export_stats_import(data=(HEADER + row(period="2024-05")).encode(), filename="other.csv")
    before = snapshot()
    with pytest.raises(imports.ImportRefused, match="changed"):
        imports.export_stats_confirm(batch_id=batch.pk, user=official)
    assert snapshot() == before


def test_bad_file_gives_row_errors_and_no_pending_batch(varanasi, official):
    batch, report = preview(
        HEADER + row() + row(country="XX") + row(district="Agra"), official, varanasi
    )
    assert batch.status == ExportStatImport.Status.REJECTED
    assert {(e.line, e.column) for e in report.row_errors} >= {(3, "country"), (4, "district")}
    assert ExportStat.objects.count() == 0 and batch.payload == {}


def test_undo_restores_exactly_what_the_import_replaced(varanasi, official):
    export_stats_import(data=(HEADER + row() + row(country="GB", inr="50")).encode(), filename="a")
    before = snapshot()
    batch, _ = preview(HEADER + row(inr="999") + row(period="2024-05"), official, varanasi)
    imports.export_stats_confirm(batch_id=batch.pk, user=official)
    assert snapshot() != before
    imports.export_stats_undo(batch_id=batch.pk)
    assert snapshot() == before
    batch.refresh_from_db()
    assert batch.status == ExportStatImport.Status.UNDONE
    with pytest.raises(imports.ImportRefused):
        imports.export_stats_undo(batch_id=batch.pk)


def test_only_the_latest_import_of_a_district_can_be_undone(varanasi, official):
    first, _ = preview(HEADER + row(), official, varanasi)
    imports.export_stats_confirm(batch_id=first.pk, user=official)
    second, _ = preview(HEADER + row(period="2024-05"), official, varanasi)
    imports.export_stats_confirm(batch_id=second.pk, user=official)
    with pytest.raises(imports.ImportRefused, match="later"):
        imports.export_stats_undo(batch_id=first.pk)
    imports.export_stats_undo(batch_id=second.pk)
    imports.export_stats_undo(batch_id=first.pk)
    assert ExportStat.objects.count() == 0 and ExportStatTotal.objects.count() == 0


def test_reimporting_the_same_file_is_idempotent(varanasi, official):
    text = HEADER + row() + row(country="GB", inr="50")
    first, _ = preview(text, official, varanasi)
    imports.export_stats_confirm(batch_id=first.pk, user=official)
    values = snapshot()[1]
    again, _ = preview(text, official, varanasi)
    assert again.report["preview"]["changes"][0]["unchanged"] == 2
    assert again.report["preview"]["changes"][0]["added"] == 0
    imports.export_stats_confirm(batch_id=again.pk, user=official)
    assert snapshot()[1] == values and ExportStat.objects.count() == 2


def test_sample_file_is_valid_and_template_has_exact_headers(varanasi, official):
    assert imports.template_csv(sample=False) == HEADER.replace("lgd_code,", "").replace(
        "\n", "\r\n"
    )
    batch, report = preview(imports.template_csv(sample=True), official, varanasi)
    assert report.ok, report.row_errors
    assert len(batch.payload["cells"]) == 3
