"""The export-figures import: validation per row and per file, atomicity, replacement."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from regions import selectors
from regions.models import District, ExportStat, ExportStatImport, ExportStatTotal
from regions.services import export_stats_import
from tests.factories import DistrictFactory, StateFactory

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"
HEADER = "state,district,lgd_code,period_kind,period,hs_code,country,value_inr,value_usd\n"


@pytest.fixture
def varanasi(db):
    state = StateFactory()
    return District.objects.create(
        state=state, name="Varanasi", slug="varanasi", lgd_code=187, aliases="Banaras; Kashi"
    )


@pytest.fixture
def agra(varanasi):
    return District.objects.create(state=varanasi.state, name="Agra", slug="agra", lgd_code=118)


def run(text: str | bytes, **kwargs):
    data = text.encode() if isinstance(text, str) else text
    return export_stats_import(data=data, filename="test.csv", **kwargs)


def row(district="Varanasi", period="2024-04", hs="500720", country="US", inr="1000", usd="12"):
    return f"Uttar Pradesh,{district},,month,{period},{hs},{country},{inr},{usd}\n"


def test_sample_file_imports_and_reimport_replaces_never_doubles(varanasi):
    batch, report = run(SAMPLE.read_bytes())
    assert report.ok, report.row_errors[:3]
    assert batch.status == ExportStatImport.Status.IMPORTED
    count = ExportStat.objects.count()
    total = ExportStatTotal.objects.get(period_start=dt.date(2024, 4, 1)).value_inr
    assert count == report.imported == 504
    assert ExportStatTotal.objects.filter(district=varanasi).count() == 24

    _batch, again = run(SAMPLE.read_bytes())
    assert again.ok and again.replaced == 504
    assert ExportStat.objects.count() == count
    assert ExportStatTotal.objects.get(period_start=dt.date(2024, 4, 1)).value_inr == total


def test_reimporting_one_period_replaces_only_that_period(varanasi):
    run(HEADER + row(period="2024-04") + row(period="2024-05"))
    run(HEADER + row(period="2024-04", inr="5000", country="GB"))
    assert ExportStat.objects.filter(period_start=dt.date(2024, 4, 1)).get().country == "GB"
    assert ExportStat.objects.filter(period_start=dt.date(2024, 5, 1)).count() == 1
    totals = dict(ExportStatTotal.objects.values_list("period_start", "value_inr"))
    assert totals == {dt.date(2024, 4, 1): Decimal("5000"), dt.date(2024, 5, 1): Decimal("1000")}


def test_every_bad_row_is_reported_and_nothing_is_written(varanasi):
    text = (
        HEADER
        + row()  # line 2: fine
        + row(district="Atlantis")  # 3
        + row(hs="770100")  # 4 chapter 77 is reserved
        + row(country="XX")  # 5
        + row(country="USA")  # 6
        + row(inr="-5")  # 7
        + row()  # 8 duplicate of 2
        + row(period="2024-13")  # 9
        + "Nowhere,Varanasi,,month,2024-04,500720,US,1,1\n"  # 10
        + "Uttar Pradesh,Varanasi,,week,2024-04,500720,FR,1,1\n"  # 11
        + "Uttar Pradesh,Varanasi,,month,2024-04,500720\n"  # 12 short
    )
    batch, report = run(text)
    assert not report.ok
    assert batch.status == ExportStatImport.Status.REJECTED
    assert ExportStat.objects.count() == 0 and ExportStatTotal.objects.count() == 0
    by_line = {error.line: error for error in report.row_errors}
    assert set(by_line) == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
    assert "Unknown district" in by_line[3].message
    assert by_line[4].column == "hs_code"
    assert by_line[5].column == "country"
    assert "“US”" in by_line[6].message
    assert "negative" in by_line[7].message
    assert "Duplicate of line 2" in by_line[8].message
    assert by_line[10].column == "state"
    assert by_line[11].column == "period_kind"
    assert "Expected 9 values" in by_line[12].message
    assert batch.report["error_count"] == 10


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (HEADER.replace(",", ";") + row().replace(",", ";"), "separated by semicolons"),
        (HEADER.replace(",", "\t") + row().replace(",", "\t"), "separated by tabs"),
        ("state,district,period\nUttar Pradesh,Varanasi,2024-04\n", "Missing columns"),
        (HEADER, "no data rows"),
        ("", "no header row"),
        ((HEADER + row(district="Bénarès")).encode("latin-1"), "not UTF-8"),
    ],
)
def test_malformed_files_get_a_clear_message(varanasi, data, expected):
    _batch, report = run(data)
    assert not report.ok
    assert any(expected in message for message in report.file_errors), report.file_errors
    assert ExportStat.objects.count() == 0


def test_too_large_file_is_refused_before_reading(varanasi):
    _batch, report = run(HEADER + row(), size=50 * 1024 * 1024)
    assert "50.0 MB" in report.file_errors[0]
    assert ExportStat.objects.count() == 0


def test_bom_comments_aliases_lgd_codes_and_quarters_are_understood(varanasi, agra):
    text = (
        "\ufeff# illustrative\n"
        + HEADER
        + 'uttar pradesh,banaras,,month,2024-04-01,5007,us,"1,00,000.50",1200\n'
        + "IN-UP,whatever,118,quarter,2024-Q2,64,DE,2000,24\n"
    )
    _batch, report = run(text.encode())
    assert report.ok, report.row_errors
    assert ExportStat.objects.get(district=varanasi).value_inr == Decimal("100000.50")
    agra_row = ExportStat.objects.get(district=agra)
    assert (agra_row.period_kind, agra_row.period_start) == ("quarter", dt.date(2024, 4, 1))


def test_months_and_quarters_of_one_district_may_not_overlap(varanasi):
    run(HEADER + "Uttar Pradesh,Varanasi,,quarter,2024-Q2,50,US,10,1\n")
    _batch, report = run(HEADER + row(period="2024-05"))
    assert not report.ok
    assert "overlap" in report.row_errors[0].message
    assert ExportStat.objects.filter(period_kind="month").count() == 0


def test_allowed_districts_limit_what_a_file_may_touch(varanasi, agra):
    _batch, report = run(HEADER + row(district="Agra"), allowed_district_ids={varanasi.pk})
    assert not report.ok and "may not import" in report.row_errors[0].message
    assert ExportStat.objects.count() == 0


def test_selectors_growth_rank_and_breakdowns(varanasi, agra):
    text = HEADER
    for year, inr in ((2023, 100), (2024, 150)):
        for month in range(1, 13):
            text += row(period=f"{year}-{month:02d}", inr=str(inr))
            text += row(period=f"{year}-{month:02d}", inr="10", hs="640399", country="DE")
            text += row(district="Agra", period=f"{year}-{month:02d}", inr="500", hs="640399")
    assert run(text)[1].ok
    window = selectors.latest_window(varanasi)
    assert (window.start, window.end) == (dt.date(2024, 1, 1), dt.date(2025, 1, 1))
    growth = selectors.growth(varanasi, window)
    assert growth.current_inr == Decimal("1920") and growth.previous_inr == Decimal("1320")
    assert growth.percent == Decimal("45.5")
    ranking = selectors.state_ranking(varanasi.state_id, window)
    assert [(r.rank, r.name) for r in ranking] == [(1, "Agra"), (2, "Varanasi")]
    assert selectors.top_countries(varanasi, window)[0][0] == "US"
    assert [code for code, *_ in selectors.top_hs_chapters(varanasi, window)] == ["50", "64"]
    # FY 2024-25 holds April to December 2024 here: nine months of 150 + 10.
    assert selectors.exports_by_financial_year(varanasi)[2024][0] == Decimal("1440")


def test_command_imports_and_fails_loudly_on_bad_rows(varanasi, tmp_path, capsys):
    call_command("import_export_stats", str(SAMPLE), "--no-progress")
    assert ExportStat.objects.count() == 504
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + row(country="ZZ"))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_export_stats", str(bad), "--no-progress")
    assert "line 2 [country]" in capsys.readouterr().err


def test_a_same_named_district_of_another_state_is_not_matched(varanasi):
    other_state = StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar")
    DistrictFactory(state=other_state, name="Varanasi", slug="varanasi-br")
    _batch, report = run(HEADER + row())
    assert report.ok
    assert ExportStat.objects.get().district == varanasi


@pytest.mark.parametrize("language", ["hi", "ar"])
def test_an_official_reads_every_import_problem_in_their_language(varanasi, language):
    import re

    from django.utils import translation

    script = re.compile(r"[\u0900-\u097f]" if language == "hi" else r"[\u0600-\u06ff]")
    text = (
        HEADER
        + row(district="Atlantis")
        + row(hs="770100")
        + row(country="XX")
        + row(country="USA")
        + row(inr="-5")
        + row(inr="abc")
        + row(period="2024-13")
        + row(period="2024-04-15")
        + "Nowhere,Varanasi,,month,2024-04,500720,US,1,1\n"
        + "Uttar Pradesh,Varanasi,,week,2024-04,500720,FR,1,1\n"
        + "Uttar Pradesh,Varanasi,,month,2024-04,500720\n"
    )
    with translation.override(language):
        _batch, report = run(text)
        _batch, empty = run(HEADER)
        _batch, semicolons = run(HEADER.replace(",", ";") + row().replace(",", ";"))
    messages = [e.message for e in report.row_errors] + empty.file_errors + semicolons.file_errors
    assert len(messages) >= 12
    assert [m for m in messages if not script.search(m)] == []
