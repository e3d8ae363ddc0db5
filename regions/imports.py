"""Imports with a preview: validate and show what WOULD change, save only on confirmation,
and undo the last import by restoring exactly the rows it replaced.

The parsed upload is kept server-side on a PENDING ExportStatImport (`payload`) between the
preview and the confirmation, so the confirmation saves the very rows that were previewed.
"""

import datetime as dt
import hashlib
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions import selectors
from regions.models import District, ExportStat, ExportStatImport, ExportStatTotal
from regions.periods import add_months, months_in, period_label
from regions.services import (
    REQUIRED_COLUMNS,
    ImportReport,
    _write,
    export_rollups_rebuild,
    lock_export_figures,
    validate_upload,
)
from regions.signals import export_figures_imported

# A preview older than this is refused on confirmation: upload the file again.
PREVIEW_LIFETIME = dt.timedelta(hours=12)

SAMPLE_ROWS = (
    ("Uttar Pradesh", "Varanasi", "month", "2025-04", "500790", "US", "1250000.00", "15000.00"),
    ("Uttar Pradesh", "Varanasi", "month", "2025-04", "570242", "GB", "830000.50", "9960.00"),
    ("Uttar Pradesh", "Varanasi", "quarter", "2025-Q3", "500790", "AE", "2100000", "25200"),
)


class ImportRefused(Exception):
    """A confirmation or undo that must not happen; the message is for the official."""


class _Rollback(Exception):
    pass


def template_csv(*, sample: bool) -> str:
    """The exact header row (and, for the sample, a few valid rows)."""
    lines = [",".join(REQUIRED_COLUMNS)]
    if sample:
        lines += [",".join(row) for row in SAMPLE_ROWS]
    return "\r\n".join(lines) + "\r\n"


def _covered(district_id: int) -> set[dt.date]:
    covered = set()
    rows = ExportStatTotal.objects.filter(district_id=district_id)
    for start, kind in rows.values_list("period_start", "period_kind"):
        covered.update(months_in(start, kind))
    return covered


def _headline(scope) -> dict:
    """What the public storefront (a district) or the national page (None) shows."""
    window = selectors.latest_complete_window(scope) or selectors.latest_window(scope)
    growth = selectors.growth(scope, window)
    if growth is None:
        return {"window": "", "inr": None, "percent": None}
    return {
        "window": f"{period_label(window.start, 'month')} – "
        f"{period_label(window.last_month, 'month')}",
        "inr": str(growth.current_inr),
        "percent": None if growth.percent is None else str(growth.percent),
    }


def _gaps(district_id: int) -> list[str]:
    """Months without figures inside the district's latest 12 months."""
    district = District.objects.get(pk=district_id)
    window = selectors.latest_window(district)
    if window is None:
        return []
    covered = _covered(district_id)
    months, month = [], window.start
    while month < window.end:
        if month not in covered:
            months.append(period_label(month, "month"))
        month = add_months(month, 1)
    return months


def _state(district_ids) -> dict:
    names = dict(District.objects.filter(pk__in=district_ids).values_list("pk", "name"))
    return {
        "districts": {
            str(pk): {"name": names[pk], "headline": _headline(District(pk=pk)), "gaps": _gaps(pk)}
            for pk in district_ids
        },
        "india": _headline(None),
    }


def _fingerprint(district_ids) -> str:
    """Changes whenever the stored figures of these districts change."""
    rows = ExportStatTotal.objects.filter(district_id__in=district_ids).order_by(
        "district_id", "period_kind", "period_start"
    )
    text = repr(list(rows.values_list("district_id", "period_kind", "period_start", "value_inr")))
    return hashlib.sha256(text.encode()).hexdigest()


def _slice_changes(cells: dict) -> list[dict]:
    """Per district and period: rows added, replaced (value changed), unchanged, removed."""
    slices = sorted({key[:3] for key in cells})
    names = {cell["district"].id: cell["district"].name for cell in cells.values()}
    changes = []
    for district_id, kind, start in slices:
        stored = {
            (hs, country): (inr, usd)
            for hs, country, inr, usd in ExportStat.objects.filter(
                district_id=district_id, period_kind=kind, period_start=start
            ).values_list("hs_code", "country", "value_inr", "value_usd")
        }
        added = replaced = unchanged = 0
        in_file = set()
        for key, cell in cells.items():
            if key[:3] != (district_id, kind, start):
                continue
            in_file.add((key[3], key[4]))
            old = stored.get((key[3], key[4]))
            if old is None:
                added += 1
            elif old == (cell["value_inr"], cell["value_usd"]):
                unchanged += 1
            else:
                replaced += 1
        changes.append(
            {
                "district": names[district_id],
                "period": period_label(start, kind),
                "added": added,
                "replaced": replaced,
                "unchanged": unchanged,
                "removed": len(set(stored) - in_file),
            }
        )
    return changes


def export_stats_preview(
    *,
    data: bytes,
    filename: str,
    uploaded_by,
    district: District | None,
    allowed_district_ids: set[int] | None,
    size: int | None = None,
) -> tuple[ExportStatImport, ImportReport]:
    """Validate the file and record what importing it WOULD change; no figure is saved.

    A valid file gives a PENDING batch holding the parsed rows; a bad one a REJECTED batch
    with the report by line, as before.
    """
    cells, report = validate_upload(data=data, size=size, allowed_district_ids=allowed_district_ids)
    batch = ExportStatImport(
        uploaded_by=uploaded_by, district=district, filename=filename[:255], row_count=len(cells)
    )
    if not report.ok:
        batch.status = ExportStatImport.Status.REJECTED
        batch.row_count = report.row_count
        batch.report = report.as_json()
        batch.save()
        return batch, report
    district_ids = sorted({key[0] for key in cells})
    before = _state(district_ids)
    changes = _slice_changes(cells)
    # Apply the import in a transaction that is always rolled back, so "after" is computed
    # by the very code the confirmation runs, and nothing is left behind.
    try:
        with transaction.atomic():
            _write(cells, None, ImportReport(), None)
            after = _state(district_ids)
            raise _Rollback
    except _Rollback:
        pass
    batch.status = ExportStatImport.Status.PENDING
    batch.report = {
        **report.as_json(),
        "preview": _preview_rows(before, after, changes),
    }
    batch.payload = {
        "district_ids": district_ids,
        "fingerprint": _fingerprint(district_ids),
        "cells": [
            [*key[:2], key[2].isoformat(), *key[3:], str(c["value_inr"]), str(c["value_usd"])]
            for key, c in cells.items()
        ],
    }
    batch.save()
    return batch, report


def _preview_rows(before: dict, after: dict, changes: list[dict]) -> dict:
    headlines = [
        {"scope": d["name"], "before": d["headline"], "after": after["districts"][pk]["headline"]}
        for pk, d in before["districts"].items()
    ]
    headlines.append({"scope": "", "before": before["india"], "after": after["india"]})
    incomplete = [
        {"district": d["name"], "months": after["districts"][pk]["gaps"]}
        for pk, d in before["districts"].items()
        if after["districts"][pk]["gaps"] and after["districts"][pk]["gaps"] != d["gaps"]
    ]
    return {"changes": changes, "headlines": headlines, "incomplete": incomplete}


def _locked(batch_id: int) -> ExportStatImport:
    lock_export_figures()
    return ExportStatImport.objects.select_for_update().get(pk=batch_id)


def export_stats_confirm(*, batch_id: int, user) -> ExportStatImport:
    """Save the previewed rows, all or nothing. Refuses a confirmation by anyone but the
    uploader, a second confirmation, and a preview the stored figures have moved past."""
    with transaction.atomic():
        batch = _locked(batch_id)
        if batch.uploaded_by_id != user.pk:
            raise ImportRefused(_("Only the official who uploaded this file can confirm it."))
        if batch.status != ExportStatImport.Status.PENDING:
            raise ImportRefused(
                _("This file was already confirmed or is not awaiting confirmation.")
            )
        district_ids = batch.payload["district_ids"]
        stale = timezone.now() - batch.created_at > PREVIEW_LIFETIME
        if stale or _fingerprint(district_ids) != batch.payload["fingerprint"]:
            raise ImportRefused(
                _(
                    "The figures changed since this preview (or it is too old); "
                    "upload the file again."
                )
            )
        districts = District.objects.in_bulk(district_ids)
        cells = {}
        for d, kind, start, hs, country, inr, usd in batch.payload["cells"]:
            key = (d, kind, dt.date.fromisoformat(start), hs, country)
            cells[key] = {
                "district": districts[d],
                "value_inr": Decimal(inr),
                "value_usd": Decimal(usd),
            }
        report = ImportReport()
        _write(cells, batch, report, None)
        batch.status = ExportStatImport.Status.IMPORTED
        batch.row_count, batch.replaced_count = report.imported, report.replaced
        batch.report = {**batch.report, **report.as_json()}
        batch.payload = {**batch.payload, "replaced": report.replaced_rows}
        batch.save()
        _announce(district_ids)
    return batch


def _announce(district_ids) -> None:
    transaction.on_commit(
        partial(export_figures_imported.send, sender=ExportStatImport, district_ids=district_ids),
        robust=True,
    )


def export_stats_undo(*, batch_id: int) -> ExportStatImport:
    """Undo an import: remove the rows it added and restore exactly the rows it replaced.
    Only the latest import of its districts can be undone (a later one built on it)."""
    with transaction.atomic():
        batch = _locked(batch_id)
        if batch.status != ExportStatImport.Status.IMPORTED or "replaced" not in batch.payload:
            raise ImportRefused(_("Only a confirmed import can be undone."))
        district_ids = set(batch.payload["district_ids"])
        later = ExportStatImport.objects.filter(
            status=ExportStatImport.Status.IMPORTED, pk__gt=batch.pk
        ).values_list("payload", flat=True)
        if any(district_ids & set(p.get("district_ids", [])) for p in later):
            raise ImportRefused(_("A later import changed these districts; undo that one first."))
        ours = ExportStat.objects.filter(batch=batch)
        slices = set(ours.values_list("district_id", "period_kind", "period_start"))
        ours.delete()
        restored = [
            ExportStat(
                district_id=d,
                period_kind=kind,
                period_start=dt.date.fromisoformat(start),
                hs_code=hs,
                hs_chapter=hs[:2],
                country=country,
                value_inr=Decimal(inr),
                value_usd=Decimal(usd),
                batch_id=old_batch,
            )
            for d, kind, start, hs, country, inr, usd, old_batch in batch.payload["replaced"]
        ]
        ExportStat.objects.bulk_create(restored)
        slices |= {(row.district_id, row.period_kind, row.period_start) for row in restored}
        export_rollups_rebuild(slices=sorted(slices))
        batch.status = ExportStatImport.Status.UNDONE
        batch.save(update_fields=["status"])
        _announce(sorted(district_ids))
    return batch
