"""Writes of the regions app: the district export-statistics import.

`export_stats_import` validates a whole CSV file first and writes nothing unless every row is
valid; then, in one transaction, it replaces each (district, period kind, period) slice the
file covers, so importing the same file twice leaves the same figures (never doubled), and
rebuilds the rollups of the periods it touched (per district, per state, for India) in that
same transaction, so a dashboard never sees rows and rollups that disagree.
"""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial

import pycountry
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from regions.hs import clean_hs_code
from regions.models import (
    District,
    ExportStat,
    ExportStatImport,
    ExportStatRollup,
    ExportStatTotal,
    State,
)
from regions.periods import months_in, parse_period, period_label, quarter_of
from regions.signals import export_figures_imported

REQUIRED_COLUMNS = (
    "state",
    "district",
    "period_kind",
    "period",
    "hs_code",
    "country",
    "value_inr",
    "value_usd",
)
OPTIONAL_COLUMNS = ("lgd_code",)
# Keep at most this many row errors in the stored report; the count is always exact.
MAX_REPORTED_ERRORS = 500
BATCH_SIZE = 5000
_CENT = Decimal("0.01")
_MAX_INR = Decimal("1e16")
_KINDS = {
    "month": ExportStat.PeriodKind.MONTH,
    "monthly": ExportStat.PeriodKind.MONTH,
    "m": ExportStat.PeriodKind.MONTH,
    "quarter": ExportStat.PeriodKind.QUARTER,
    "quarterly": ExportStat.PeriodKind.QUARTER,
    "q": ExportStat.PeriodKind.QUARTER,
}

Progress = Callable[[str, int, int], None]


def max_upload_bytes() -> int:
    return getattr(settings, "EXPORT_STATS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    row_count: int = 0
    imported: int = 0
    replaced: int = 0
    periods: list[dict] = field(default_factory=list)
    replaced_rows: list[list] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.error_count

    def add_error(self, line: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.row_errors) < MAX_REPORTED_ERRORS:
            self.row_errors.append(RowError(line, column, message))

    def as_json(self) -> dict:
        return {
            "file_errors": self.file_errors,
            "row_errors": [vars(error) for error in self.row_errors],
            "error_count": self.error_count,
            "periods": self.periods,
            "imported": self.imported,
        }


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").casefold()).strip()


class _DistrictIndex:
    """Finds districts by state (name or ISO code) and district name, LGD code or alias."""

    def __init__(self):
        self.states = {}
        for state in State.objects.only("id", "name", "iso_code", "iso_name"):
            for key in (state.name, state.iso_code, state.iso_name):
                if key:
                    self.states[_norm(key)] = state
        self._by_state: dict[int, dict[str, District]] = {}
        self._by_lgd: dict[int, District] = {}

    def _load(self, state_id: int) -> dict[str, District]:
        if state_id not in self._by_state:
            names: dict[str, District] = {}
            districts = District.objects.filter(state_id=state_id).only(
                "id", "state_id", "name", "lgd_code", "previous_names", "aliases"
            )
            for district in districts:
                others = re.split(r"\s*[;,]\s*", f"{district.previous_names};{district.aliases}")
                for alias in others:
                    if alias.strip():
                        names.setdefault(_norm(alias), district)
                if district.lgd_code:
                    self._by_lgd[district.lgd_code] = district
            for district in districts:  # official names win over aliases
                names[_norm(district.name)] = district
            self._by_state[state_id] = names
        return self._by_state[state_id]

    def find(self, state_text: str, district_text: str, lgd_text: str):
        """(district, None) or (None, (column, message))."""
        state = self.states.get(_norm(state_text))
        if state is None:
            return None, (
                "state",
                _("Unknown state or union territory “%(state)s”.") % {"state": state_text},
            )
        names = self._load(state.id)
        if lgd_text:
            try:
                district = self._by_lgd.get(int(lgd_text))
            except ValueError:
                return None, (
                    "lgd_code",
                    _("“%(code)s” is not an LGD code (a number).") % {"code": lgd_text},
                )
            if district is None or district.state_id != state.id:
                return None, (
                    "lgd_code",
                    _("No district of %(state)s has LGD code %(code)s.")
                    % {"state": state.name, "code": lgd_text},
                )
            return district, None
        district = names.get(_norm(district_text))
        if district is None:
            return None, (
                "district",
                _("Unknown district “%(district)s” in %(state)s.")
                % {"district": district_text, "state": state.name},
            )
        return district, None


def _decimal(text: str, column: str) -> Decimal:
    cleaned = re.sub(r"[\s,_]", "", text or "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text}) from None
    if not value.is_finite():
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text})
    if value < 0:
        raise ValueError(
            _("%(column)s cannot be negative (%(text)s).") % {"column": column, "text": text}
        )
    if value >= _MAX_INR:
        raise ValueError(_("%(column)s %(text)s is too large.") % {"column": column, "text": text})
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _country(text: str) -> str:
    code = (text or "").strip().upper()
    if len(code) == 2 and pycountry.countries.get(alpha_2=code):
        return code
    if len(code) == 3:
        match = pycountry.countries.get(alpha_3=code)
        if match:
            raise ValueError(
                _("Use the two-letter ISO code “%(alpha2)s” instead of “%(code)s”.")
                % {"alpha2": match.alpha_2, "code": code}
            )
    raise ValueError(_("“%(text)s” is not an ISO 3166-1 two-letter country code.") % {"text": text})


def _decode(data: bytes, report: ImportReport) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        report.file_errors.append(
            _(
                "The file is not UTF-8 text (unreadable byte on line %(line)s). "
                "Save it as “CSV UTF-8 (comma delimited)” and upload it again."
            )
            % {"line": line}
        )
        return None


def _header(lines: list[str], report: ImportReport) -> tuple[int, list[str]] | None:
    """Skips leading '#' comment lines; returns (index of the header line, column names)."""
    index = 0
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith("#")):
        index += 1
    if index == len(lines):
        report.file_errors.append(_("The file has no header row and no data."))
        return None
    header = [name.strip().casefold() for name in next(csv.reader([lines[index]]))]
    if len(header) == 1:
        separators = ((";", _("semicolons")), ("\t", _("tabs")), ("|", _("vertical bars")))
        for delimiter, name in separators:
            if delimiter in header[0]:
                report.file_errors.append(
                    _(
                        "The columns are separated by %(name)s; this import needs commas. "
                        "Save the file as CSV (comma delimited)."
                    )
                    % {"name": name}
                )
                return None
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        report.file_errors.append(
            _(
                "Missing columns: %(missing)s. The header row must name: %(required)s "
                "(and optionally lgd_code)."
            )
            % {"missing": ", ".join(missing), "required": ", ".join(REQUIRED_COLUMNS)}
        )
        return None
    return index, header


def _parse_rows(text, report, index, allowed_district_ids, progress):
    """Validated rows as dicts keyed by the unique cell; errors go to the report."""
    lines = text.splitlines()
    found = _header(lines, report)
    if found is None:
        return {}
    start, header = found
    total = len(lines) - start - 1
    cells: dict[tuple, dict] = {}
    first_seen: dict[tuple, int] = {}
    for offset, values in enumerate(csv.reader(lines[start + 1 :])):
        line = start + offset + 2
        if progress and offset % 1000 == 0:
            progress("check", offset, total)
        if not values or not any(value.strip() for value in values):
            continue
        report.row_count += 1
        if len(values) != len(header):
            report.add_error(
                line,
                "",
                _("Expected %(expected)s values, found %(found)s (stray comma?).")
                % {"expected": len(header), "found": len(values)},
            )
            continue
        row = {name: value.strip() for name, value in zip(header, values, strict=True)}
        errors_before = report.error_count
        district, problem = index.find(row["state"], row["district"], row.get("lgd_code", ""))
        if problem:
            report.add_error(line, *problem)
        elif allowed_district_ids is not None and district.id not in allowed_district_ids:
            report.add_error(
                line,
                "district",
                _("You may not import figures for %(district)s.") % {"district": district.name},
            )
        kind = _KINDS.get(row["period_kind"].casefold())
        if kind is None:
            report.add_error(line, "period_kind", _("period_kind must be “month” or “quarter”."))
        parsed = {}
        for column, parse in (
            ("period", partial(parse_period, kind=kind or "month")),
            ("hs_code", clean_hs_code),
            ("country", _country),
            ("value_inr", lambda text: _decimal(text, "value_inr")),
            ("value_usd", lambda text: _decimal(text, "value_usd")),
        ):
            try:
                parsed[column] = parse(row[column])
            except ValueError as error:
                report.add_error(line, column, str(error))
        if report.error_count != errors_before:
            continue
        key = (district.id, kind, parsed["period"], parsed["hs_code"], parsed["country"])
        if key in first_seen:
            report.add_error(
                line,
                "",
                _("Duplicate of line %(line)s (same district, period, HS code and country).")
                % {"line": first_seen[key]},
            )
            continue
        first_seen[key] = line
        cells[key] = {"line": line, "district": district, **parsed}
    if progress:
        progress("check", total, total)
    return cells


def _check_period_kinds(cells: dict, report: ImportReport) -> None:
    """A district's month must not overlap a quarter of its own (in the file or stored):
    mixing them would count the same exports twice."""
    file_slices = {(key[0], key[1], key[2]) for key in cells}
    district_ids = {key[0] for key in file_slices}
    stored = set(
        ExportStatTotal.objects.filter(district_id__in=district_ids).values_list(
            "district_id", "period_kind", "period_start"
        )
    )
    # A stored slice of the same kind and period is replaced, so only the other kind clashes.
    slices = file_slices | stored
    reported = set()
    for key, cell in cells.items():
        district_id, kind, start = key[0], key[1], key[2]
        if kind == ExportStat.PeriodKind.MONTH:
            clash = (district_id, ExportStat.PeriodKind.QUARTER, quarter_of(start))
            clashing = [clash] if clash in slices else []
        else:
            clashing = [
                (district_id, ExportStat.PeriodKind.MONTH, month)
                for month in months_in(start, kind)
                if (district_id, ExportStat.PeriodKind.MONTH, month) in slices
            ]
        if clashing and (district_id, kind, start) not in reported:
            reported.add((district_id, kind, start))
            other = clashing[0]
            report.add_error(
                cell["line"],
                "period",
                (
                    _(
                        "%(district)s has monthly figures for %(other)s, which overlap "
                        "%(period)s; use one period kind per district and period."
                    )
                    if other[1] == ExportStat.PeriodKind.MONTH
                    else _(
                        "%(district)s has quarterly figures for %(other)s, which overlap "
                        "%(period)s; use one period kind per district and period."
                    )
                )
                % {
                    "district": cell["district"].name,
                    "other": period_label(other[2], other[1]),
                    "period": period_label(start, kind),
                },
            )


def export_totals_rebuild(*, slices: Iterable[tuple[int, str, object]]) -> None:
    """Recompute ExportStatTotal for the given (district id, period kind, period start)."""
    slices = list(slices)
    by_district: dict[int, set] = {}
    for district_id, kind, start in slices:
        by_district.setdefault(district_id, set()).add((kind, start))
    for district_id, keys in by_district.items():
        starts = {start for _, start in keys}
        ExportStatTotal.objects.filter(district_id=district_id, period_start__in=starts).delete()
        sums = (
            ExportStat.objects.filter(district_id=district_id, period_start__in=starts)
            .values("period_kind", "period_start")
            .annotate(inr=Sum("value_inr"), usd=Sum("value_usd"))
        )
        ExportStatTotal.objects.bulk_create(
            ExportStatTotal(
                district_id=district_id,
                period_kind=row["period_kind"],
                period_start=row["period_start"],
                value_inr=row["inr"],
                value_usd=row["usd"],
            )
            for row in sums
        )


def export_rollups_rebuild(*, slices: Iterable[tuple[int, str, object]]) -> None:
    """Recompute every rollup the (district id, period kind, period start) slices feed:
    ExportStatTotal of those districts and periods, then ExportStatRollup of their states
    and of India for those periods (total, per HS chapter, per country).

    Call it inside the transaction that changed ExportStat. It holds the export-figures
    lock (see `lock_export_figures`) so two imports cannot rebuild the same state or month
    from different snapshots. A few queries per state touched, whatever the row count.
    """
    slices = list(slices)
    if not slices:
        return
    lock_export_figures()
    export_totals_rebuild(slices=slices)
    state_of = dict(
        District.objects.filter(id__in={district_id for district_id, _k, _s in slices}).values_list(
            "id", "state_id"
        )
    )
    starts_by_state: dict[int, set] = {}
    for district_id, _kind, start in slices:
        starts_by_state.setdefault(state_of[district_id], set()).add(start)
    every_start = set().union(*starts_by_state.values())
    for state_id, starts in sorted(starts_by_state.items()):
        ExportStatRollup.objects.filter(state_id=state_id, period_start__in=starts).delete()
        rows = ExportStat.objects.filter(district__state_id=state_id, period_start__in=starts)
        ExportStatRollup.objects.bulk_create(
            _rollup_rows(rows, state_id=state_id), batch_size=BATCH_SIZE
        )
    ExportStatRollup.objects.filter(state__isnull=True, period_start__in=every_start).delete()
    states = ExportStatRollup.objects.filter(state__isnull=False, period_start__in=every_start)
    ExportStatRollup.objects.bulk_create(
        (
            ExportStatRollup(
                state_id=None,
                dimension=row["dimension"],
                code=row["code"],
                period_kind=row["period_kind"],
                period_start=row["period_start"],
                value_inr=row["inr"],
                value_usd=row["usd"],
            )
            for row in states.values("dimension", "code", "period_kind", "period_start").annotate(
                inr=Sum("value_inr"), usd=Sum("value_usd")
            )
        ),
        batch_size=BATCH_SIZE,
    )


def _rollup_rows(rows, *, state_id: int):
    """ExportStatRollup objects of one state from its ExportStat rows (three GROUP BYs)."""
    for dimension, column in (
        (ExportStatRollup.Dimension.TOTAL, None),
        (ExportStatRollup.Dimension.CHAPTER, "hs_chapter"),
        (ExportStatRollup.Dimension.COUNTRY, "country"),
    ):
        keys = ["period_kind", "period_start", *([column] if column else [])]
        for row in rows.values(*keys).annotate(inr=Sum("value_inr"), usd=Sum("value_usd")):
            yield ExportStatRollup(
                state_id=state_id,
                dimension=dimension,
                code=row[column] if column else "",
                period_kind=row["period_kind"],
                period_start=row["period_start"],
                value_inr=row["inr"],
                value_usd=row["usd"],
            )


# Any constant: the key of the transaction-level advisory lock that serialises writers of
# export figures and their rollups.
_EXPORT_FIGURES_LOCK = 7_2026_11


def lock_export_figures() -> None:
    """Serialise writers of export figures until the transaction ends. Imports are rare and
    short, and rollups of a state or of India sum rows that other imports may be changing:
    without the lock, two concurrent imports could each rebuild a state's month from a
    snapshot missing the other's rows. SQLite already allows one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_EXPORT_FIGURES_LOCK])


def validate_upload(
    *, data: bytes, size=None, max_bytes=None, allowed_district_ids=None, progress=None
) -> tuple[dict, ImportReport]:
    """The file's valid cells keyed by (district id, kind, start, hs code, country), and the
    report of every problem found; nothing is written."""
    report = ImportReport()
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    size = len(data) if size is None else size
    if limit and size > limit:
        report.file_errors.append(
            _(
                "The file is %(size)s MB; the limit is %(limit)s MB. "
                "Split it into smaller files (for example one per year)."
            )
            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
        )
    text = None if report.file_errors else _decode(data, report)
    cells = {}
    if text is not None:
        cells = _parse_rows(text, report, _DistrictIndex(), allowed_district_ids, progress)
        if not report.file_errors and report.row_count == 0:
            report.file_errors.append(_("The file has a header row but no data rows."))
        if cells and report.ok:
            _check_period_kinds(cells, report)
    return cells, report


def export_stats_import(
    *,
    data: bytes,
    filename: str,
    uploaded_by=None,
    district: District | None = None,
    allowed_district_ids: set[int] | None = None,
    size: int | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> tuple[ExportStatImport, ImportReport]:
    """Validate every row of a CSV file and, only if all are valid, import it atomically.

    `allowed_district_ids` (None = any district) limits which districts the rows may name;
    the upload page of one district passes just that district. Always records an
    ExportStatImport with the report, whether the file was imported or rejected.
    """
    cells, report = validate_upload(
        data=data,
        size=size,
        max_bytes=max_bytes,
        allowed_district_ids=allowed_district_ids,
        progress=progress,
    )
    if report.ok:
        with transaction.atomic():
            batch = ExportStatImport.objects.create(
                uploaded_by=uploaded_by,
                district=district,
                filename=filename[:255],
                status=ExportStatImport.Status.IMPORTED,
            )
            _write(cells, batch, report, progress)
            batch.row_count, batch.replaced_count = report.imported, report.replaced
            batch.report = report.as_json()
            district_ids = sorted({key[0] for key in cells})
            batch.payload = {"district_ids": district_ids, "replaced": report.replaced_rows}
            batch.save(update_fields=["row_count", "replaced_count", "report", "payload"])
            transaction.on_commit(
                partial(
                    export_figures_imported.send, sender=ExportStatImport, district_ids=district_ids
                ),
                robust=True,
            )
        return batch, report
    batch = ExportStatImport.objects.create(
        uploaded_by=uploaded_by,
        district=district,
        filename=filename[:255],
        status=ExportStatImport.Status.REJECTED,
        row_count=report.row_count,
        report=report.as_json(),
    )
    return batch, report


def _write(cells: dict, batch: ExportStatImport, report: ImportReport, progress) -> None:
    slices = sorted({(key[0], key[1], key[2]) for key in cells})
    lock_export_figures()
    for district_id, kind, start in slices:
        old = ExportStat.objects.filter(
            district_id=district_id, period_kind=kind, period_start=start
        )
        # Kept on the batch so "undo the last import" restores exactly these rows.
        report.replaced_rows.extend(
            [d, k, s.isoformat(), hs, c, str(inr), str(usd), b]
            for d, k, s, hs, c, inr, usd, b in old.values_list(
                "district_id",
                "period_kind",
                "period_start",
                "hs_code",
                "country",
                "value_inr",
                "value_usd",
                "batch_id",
            )
        )
        deleted, _ = old.delete()
        report.replaced += deleted
    rows = [
        ExportStat(
            district_id=key[0],
            period_kind=key[1],
            period_start=key[2],
            hs_code=key[3],
            hs_chapter=key[3][:2],
            country=key[4],
            value_inr=cell["value_inr"],
            value_usd=cell["value_usd"],
            batch=batch,
        )
        for key, cell in cells.items()
    ]
    for offset in range(0, len(rows), BATCH_SIZE):
        ExportStat.objects.bulk_create(rows[offset : offset + BATCH_SIZE])
        if progress:
            progress("write", min(offset + BATCH_SIZE, len(rows)), len(rows))
    report.imported = len(rows)
    export_rollups_rebuild(slices=slices)
    names = {cell["district"].id: cell["district"].name for cell in cells.values()}
    report.periods = [
        {"district": names[district_id], "kind": kind, "period": period_label(start, kind)}
        for district_id, kind, start in slices
    ]


def read_upload(upload) -> tuple[bytes, int]:
    """The bytes of an uploaded file and its size; an oversized file is not read at all."""
    if upload.size > max_upload_bytes():
        return b"", upload.size
    return upload.read(), upload.size
