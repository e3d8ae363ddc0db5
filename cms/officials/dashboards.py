"""Dashboards: the charts of a district, a state or India, built from aggregate selectors.

`district_dashboard` is what the admin page renders and what `bench/dashboards.py` times.
Each chart is a `charts.Chart`, shown as an SVG image, a table and a CSV download.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pycountry
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogue.models import HSChapter
from cms.officials import selectors as officials_selectors
from cms.officials.charts import Chart
from core.money import format_figure
from regions import selectors
from regions.models import District, ExportStatImport, State
from regions.periods import add_months, fy_label, period_label

REGION_CACHE_SECONDS = 600


def officials_language() -> str:
    """The number system of the officials' pages: Indian English ("₹374.31 crore") for
    English, else the interface language (Hindi also counts in lakh and crore)."""
    language = get_language() or "en"
    return "en-IN" if language.split("-")[0] == "en" else language


@dataclass
class Dashboard:
    title: str
    charts: dict[str, Chart] = field(default_factory=dict)
    figures: dict[str, object] = field(default_factory=dict)
    # The language numbers are written for ("" = the visitor's active language).
    language: str = ""

    def add(self, chart: Chart) -> None:
        chart.language = self.language
        self.charts[chart.key] = chart


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or (country.name if country else code)


def _chapter_titles(codes) -> dict[str, str]:
    return dict(HSChapter.objects.filter(code__in=list(codes)).values_list("code", "short_title"))


def _exports_by_year(scope, targets: dict[int, Decimal] | None = None) -> Chart:
    actual = {year: inr for year, (inr, _usd) in selectors.exports_by_financial_year(scope).items()}
    targets = targets or {}
    years = sorted(set(actual) | set(targets))
    series = [(_("Exports (INR)"), [actual.get(year) for year in years])]
    if targets:
        series.append((_("Plan target (INR)"), [targets.get(year) for year in years]))
    return Chart(
        "exports_by_year",
        _("Exports by financial year against the plan's target"),
        "line",
        [fy_label(year) for year in years],
        series,
        unit="INR",
        label_heading=_("Financial year"),
    )


def _exports_monthly(scope, window, months: int = 36, periods=None) -> Chart:
    since = add_months(window.end, -months) if window else None
    if window is None:
        rows = []
    elif periods is not None:
        rows = periods.series(since=since)
    else:
        rows = selectors.export_series(scope, since=since)
    return Chart(
        "exports_monthly",
        _("Exports over time"),
        "line",
        [start.strftime("%Y-%m") for start, _inr, _usd in rows],
        [
            (_("Exports"), [inr for _start, inr, _usd in rows]),
        ],
        unit="INR",
        label_heading=_("Period"),
    )


def _growth(scope, window) -> Chart:
    if window is None:
        return Chart("growth", _("Growth on the same months a year earlier"), "bar", [], [])
    rows = {
        start: inr
        for start, inr, _usd in selectors.export_series(scope, since=window.previous.start)
    }
    labels, current, previous = [], [], []
    month = window.start
    while month < window.end:
        if month in rows or add_months(month, -12) in rows:
            labels.append(month.strftime("%b %Y"))
            current.append(rows.get(month))
            previous.append(rows.get(add_months(month, -12)))
        month = add_months(month, 1)
    return Chart(
        "growth",
        _("Growth on the same months a year earlier"),
        "bar",
        labels,
        [(_("Latest 12 months"), current), (_("A year earlier"), previous)],
        unit="INR",
        label_heading=_("Month"),
    )


def _top_chapters(scope, window) -> Chart:
    rows = selectors.top_hs_chapters(scope, window)
    titles = _chapter_titles(code for code, _inr, _usd in rows)
    return Chart(
        "top_chapters",
        _("Top HS chapters (latest 12 months)"),
        "hbar",
        [f"{code} {titles.get(code, '')}".strip() for code, _inr, _usd in rows],
        [(_("Exports"), [inr for _code, inr, _usd in rows])],
        unit="INR",
        label_heading=_("HS chapter"),
        table_only=[(_("Exports"), [usd for *_, usd in rows])],
        table_only_unit="USD",
    )


def _top_countries(scope, window, limit: int = 10) -> Chart:
    rows = selectors.top_countries(scope, window, limit=limit)
    return Chart(
        "top_countries",
        _("Top destination countries (latest 12 months)"),
        "hbar",
        [country_name(code) for code, _inr, _usd in rows],
        [(_("Exports"), [inr for _code, inr, _usd in rows])],
        unit="INR",
        label_heading=_("Country"),
        table_only=[(_("Exports"), [usd for *_, usd in rows])],
        table_only_unit="USD",
    )


def _ranking_chart(key: str, title: str, rows, highlight_id=None) -> Chart:
    return Chart(
        key,
        title,
        "hbar",
        [
            f"{row.rank}. {row.name}" + (" ◀" if row.district_id == highlight_id else "")
            for row in rows
        ],
        [(_("Exports"), [row.value_inr for row in rows])],
        unit="INR",
        label_heading=_("District"),
    )


def _export_figures(dashboard: Dashboard, scope, window, periods=None) -> None:
    # The headline is the latest COMPLETE 12 months (and says which): one stray later month
    # must not turn it into a mostly empty period. Without 12 complete months, the latest.
    if periods is not None:
        window = periods.latest_complete_window() or window
        growth = periods.growth(window)
    else:
        window = selectors.latest_complete_window(scope) or window
        growth = selectors.growth(scope, window)
    latest = growth.current_inr if growth else None
    language = dashboard.language or None
    dashboard.figures["latest_12_months_text"] = format_figure(latest, "INR", language=language)
    dashboard.figures["latest_12_months_full"] = format_figure(
        latest, "INR", language=language, compact=False
    )
    dashboard.figures["window"] = window
    dashboard.figures["window_label"] = (
        f"{period_label(window.start, 'month')} – {period_label(window.last_month, 'month')}"
        if window
        else ""
    )
    dashboard.figures["latest_12_months_inr"] = growth.current_inr if growth else None
    dashboard.figures["growth_percent"] = growth.percent if growth else None


def district_dashboard(district: District, *, with_activity: bool = True) -> Dashboard:
    """Charts and headline figures of one district (about 15 queries)."""
    dashboard = Dashboard(str(district), language=officials_language())
    window = selectors.latest_window(district)
    plan = officials_selectors.action_plan(district_id=district.pk)
    targets = {target.year: target.target_inr for target in plan.targets.all()} if plan else {}
    dashboard.figures["plan"] = plan
    dashboard.add(_exports_by_year(district, targets))
    dashboard.add(_exports_monthly(district, window))
    dashboard.add(_growth(district, window))
    dashboard.add(_top_chapters(district, window))
    dashboard.add(_top_countries(district, window))
    _export_figures(dashboard, district, window)
    if window:
        ranking = selectors.state_ranking(district.state_id, window)
        mine = next((row for row in ranking if row.district_id == district.pk), None)
        dashboard.figures["rank"] = mine.rank if mine else None
        dashboard.figures["rank_of"] = len(ranking)
        shown = ranking[:10] + ([mine] if mine and mine.rank > 10 else [])
        dashboard.add(
            _ranking_chart(
                "state_rank",
                _("Rank in %(state)s (latest 12 months)") % {"state": district.state.name},
                shown,
                district.pk,
            )
        )
    if with_activity:
        _activity(dashboard, [district.pk])
    return dashboard


def region_dashboard(state: State | None) -> Dashboard:
    """A state's (or, with None, India's) dashboard, cached until the next import or for
    REGION_CACHE_SECONDS: it sums every district, and staff can wait for trade figures
    (not for export figures, hence the import id in the key). Titles are translated, so
    the language is in the key too."""
    last_import = ExportStatImport.objects.order_by("-pk").values_list("pk", flat=True).first()
    key = f"officials:region:v2:{get_language()}:{state.pk if state else 'IN'}:{last_import}"
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = _region_dashboard(state)
        cache.set(key, dashboard, REGION_CACHE_SECONDS)
    return dashboard


def _region_dashboard(state: State | None) -> Dashboard:
    dashboard = Dashboard(state.name if state else _("India"), language=officials_language())
    window = selectors.latest_window(state)
    dashboard.add(_exports_by_year(state))
    dashboard.add(_exports_monthly(state, window))
    dashboard.add(_growth(state, window))
    dashboard.add(_top_chapters(state, window))
    dashboard.add(_top_countries(state, window))
    _export_figures(dashboard, state, window)
    if window:
        ranking = (
            selectors.state_ranking(state.pk, window)[:20]
            if state
            else selectors.district_ranking(window, limit=20)
        )
        dashboard.add(
            _ranking_chart("district_rank", _("Districts by exports (latest 12 months)"), ranking)
        )
    district_ids = (
        District.objects.filter(state=state).values("id")
        if state
        else District.objects.values("id")
    )
    _activity(dashboard, district_ids)
    return dashboard


def _activity(dashboard: Dashboard, district_ids) -> None:
    activity = officials_selectors.platform_activity(district_ids=district_ids)
    labels = [month.strftime("%Y-%m") for month in activity.months]

    def values(by_month):
        return [by_month.get(month, 0) for month in activity.months]

    dashboard.add(
        Chart(
            "activity",
            _("Platform activity per month"),
            "line",
            labels,
            [
                (_("Listings published"), values(activity.listings)),
                (_("Sellers verified"), values(activity.sellers_verified)),
                (_("Enquiries"), values(activity.enquiries)),
                (_("Quotes"), values(activity.quotes)),
                (_("Orders"), values(activity.orders)),
            ],
            label_heading=_("Month"),
        )
    )
    # One chart per currency: INR and USD on one scale would make the USD bars slivers.
    for currency, by_month in sorted(activity.paid_by_currency.items()) or [("INR", {})]:
        dashboard.add(
            Chart(
                f"paid_value_{currency.lower()}",
                _("Value of paid orders per month (%(currency)s)") % {"currency": currency},
                "bar",
                labels,
                [(_("Paid orders"), [by_month.get(month) for month in activity.months])],
                unit=currency,
                label_heading=_("Month"),
            )
        )
    enquiries, quoted, ordered = activity.funnel
    dashboard.add(
        Chart(
            "funnel",
            _("Enquiry → quote → order (latest 12 months)"),
            "funnel",
            [_("Enquiries"), _("Quoted"), _("Ordered")],
            [(_("Count"), [int(enquiries or 0), int(quoted or 0), int(ordered or 0)])],
            label_heading=_("Stage"),
        )
    )
    dashboard.figures["median_response_hours"] = activity.median_response_hours
    dashboard.figures["published_listings"] = activity.published_listings
    dashboard.figures["verified_sellers"] = activity.verified_sellers


def at_a_glance(district: District, *, months: int = 24, destinations: int = 5) -> Dashboard:
    """Public aggregates only (the storefront block): the exports trend and top destinations.

    Two queries: the district's total per period, read once for the trend, the window and
    the headline (selectors.PeriodTotals; a storefront's first render after an edit asked
    five), and its top destinations."""
    dashboard = Dashboard(str(district))
    periods = selectors.PeriodTotals.of(district)
    window = periods.latest_window()
    dashboard.add(_exports_monthly(district, window, months=months, periods=periods))
    dashboard.add(_top_countries(district, window, limit=destinations))
    _export_figures(dashboard, district, window, periods=periods)
    return dashboard
