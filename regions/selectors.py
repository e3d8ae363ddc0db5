"""Reads of export statistics for dashboards: every function is one or two GROUP BY queries.

A district's totals come from the ExportStatTotal rollup (one row per district and period)
and its breakdowns by HS chapter or country read its ExportStat rows through the
(district, period_start, hs_chapter) index. A state's or India's totals and breakdowns read
ExportStatRollup (one row per state or India, period and chapter or country), so their cost
does not grow with the number of districts. `scope` is a district, a state or None (India).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Max, Q, Sum

from regions.models import District, ExportStat, ExportStatRollup, ExportStatTotal, State
from regions.periods import add_months, financial_year, months_in, period_end

ZERO = Decimal("0")
Scope = District | State | None


def _totals(scope: Scope):
    """Rows with period_kind, period_start, value_inr and value_usd: one per period."""
    if isinstance(scope, District):
        return ExportStatTotal.objects.filter(district_id=scope.pk)
    return _rollups(scope, ExportStatRollup.Dimension.TOTAL)


def _rollups(scope: State | None, dimension: str):
    return ExportStatRollup.objects.filter(
        Q(state_id=scope.pk) if scope else Q(state__isnull=True), dimension=dimension
    )


@dataclass(frozen=True)
class Window:
    """[start, end) and the same months a year earlier."""

    start: dt.date
    end: dt.date

    @property
    def previous(self) -> "Window":
        return Window(add_months(self.start, -12), add_months(self.end, -12))

    @property
    def last_month(self) -> dt.date:
        return add_months(self.end, -1)


def latest_window(scope: Scope, months: int = 12) -> Window | None:
    """The `months` months ending with the latest period that has figures in the scope."""
    latest = (
        _totals(scope)
        .values("period_kind")
        .annotate(last=Max("period_start"))
        .order_by("-last")
        .first()
    )
    if not latest:
        return None
    end = period_end(latest["last"], latest["period_kind"])
    return Window(add_months(end, -months), end)


def latest_complete_window(scope: Scope, months: int = 12) -> Window | None:
    """The latest `months` consecutive months that all have figures in the scope, so that a
    small import of one later month or quarter does not move a public headline onto a
    period that is mostly empty. None when no such run exists."""
    covered = set()
    for start, kind in _totals(scope).values_list("period_start", "period_kind").distinct():
        covered.update(months_in(start, kind))
    run, run_start, run_end = 0, None, None
    for month in sorted(covered, reverse=True):
        if run and month == add_months(run_start, -1):
            run, run_start = run + 1, month
        else:
            run, run_start, run_end = 1, month, add_months(month, 1)
        if run >= months:
            return Window(add_months(run_end, -months), run_end)
    return None


def export_series(
    scope: Scope, *, since: dt.date | None = None
) -> list[tuple[dt.date, Decimal, Decimal]]:
    """(period start, INR, USD) per period, oldest first (a state or India: its rollup)."""
    rows = _totals(scope)
    if since:
        rows = rows.filter(period_start__gte=since)
    rows = (
        rows.values("period_start")
        .annotate(inr=Sum("value_inr"), usd=Sum("value_usd"))
        .order_by("period_start")
    )
    return [(row["period_start"], row["inr"], row["usd"]) for row in rows]


def exports_by_financial_year(scope: Scope) -> dict[int, tuple[Decimal, Decimal]]:
    """{FY start year: (INR, USD)} from the period series (at most a few hundred rows)."""
    years: dict[int, list[Decimal]] = {}
    for start, inr, usd in export_series(scope):
        totals = years.setdefault(financial_year(start), [ZERO, ZERO])
        totals[0] += inr
        totals[1] += usd
    return {year: (inr, usd) for year, (inr, usd) in sorted(years.items())}


def _breakdown(scope: Scope, window: Window | None, field: str, limit: int):
    if isinstance(scope, District):
        rows = ExportStat.objects.filter(district_id=scope.pk)
    else:
        dimension = "chapter" if field == "hs_chapter" else "country"
        rows = _rollups(scope, dimension).annotate(**{field: F("code")})
    if window:
        rows = rows.filter(period_start__gte=window.start, period_start__lt=window.end)
    rows = (
        rows.values(field)
        .annotate(inr=Sum("value_inr"), usd=Sum("value_usd"))
        .order_by("-inr", field)[:limit]
    )
    return [(row[field], row["inr"], row["usd"]) for row in rows]


def top_hs_chapters(scope: Scope, window: Window | None, limit: int = 10):
    """[(chapter "50", INR, USD)] largest first."""
    return _breakdown(scope, window, "hs_chapter", limit)


def top_countries(scope: Scope, window: Window | None, limit: int = 10):
    """[(ISO alpha-2, INR, USD)] largest first."""
    return _breakdown(scope, window, "country", limit)


@dataclass(frozen=True)
class Growth:
    window: Window
    current_inr: Decimal
    previous_inr: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.previous_inr:
            return None
        change = (self.current_inr - self.previous_inr) * 100 / self.previous_inr
        return change.quantize(Decimal("0.1"))


def growth(scope: Scope, window: Window | None) -> Growth | None:
    """The window's exports against the same months a year earlier (one query)."""
    if window is None:
        return None
    previous = window.previous
    sums = _totals(scope).aggregate(
        current=Sum(
            "value_inr", filter=Q(period_start__gte=window.start, period_start__lt=window.end)
        ),
        previous=Sum(
            "value_inr", filter=Q(period_start__gte=previous.start, period_start__lt=previous.end)
        ),
    )
    return Growth(window, sums["current"] or ZERO, sums["previous"] or ZERO)


@dataclass(frozen=True)
class RankRow:
    rank: int
    district_id: int
    name: str
    value_inr: Decimal


def state_ranking(state_id: int, window: Window) -> list[RankRow]:
    """Districts of a state by exports in the window, largest first (one GROUP BY)."""
    rows = (
        ExportStatTotal.objects.filter(
            district__state_id=state_id,
            period_start__gte=window.start,
            period_start__lt=window.end,
        )
        .values("district_id", "district__name")
        .annotate(inr=Sum("value_inr"))
        .order_by("-inr", "district__name")
    )
    return [
        RankRow(position, row["district_id"], row["district__name"], row["inr"])
        for position, row in enumerate(rows, start=1)
    ]


def district_ranking(window: Window, limit: int = 20) -> list[RankRow]:
    """Districts of India by exports in the window (for staff), largest first."""
    rows = (
        ExportStatTotal.objects.filter(period_start__gte=window.start, period_start__lt=window.end)
        .values("district_id", "district__name")
        .annotate(inr=Sum("value_inr"))
        .order_by("-inr", "district__name")[:limit]
    )
    return [
        RankRow(position, row["district_id"], row["district__name"], row["inr"])
        for position, row in enumerate(rows, start=1)
    ]
