"""Dashboard benchmark: 5 years of monthly export figures for 725 districts, then the time
the officials' dashboards take to answer: the full admin page over HTTP (Django's test client
in-process, so server time: middleware, selectors, charts and templates, no network).

Usage: python -m bench.dashboards [--districts 725] [--months 60] [--rebuild]
                                  [--database-url URL]
The database defaults to PostgreSQL (production's database), `deh_bench_dashboards` on
127.0.0.1, created when missing; `--database-url sqlite:////tmp/x.sqlite3` runs on SQLite.
Figures go to docs/benchmarks.md between the DASHBOARDS markers. `make bench` runs it
through bench/run.py.

"Cold" means the chart cache (and the state/India dashboard cache) was cleared just before
the request, as after an import when nothing drew the charts; "first view after an import"
re-imports one month of the district's own figures through `export_stats_import` (the
figures stay the same) with an empty cache, so the post-import task (run at commit: the
immediate task backend) draws the charts before the timed request, as the production
worker does in the seconds after an import; "warm" means the same page was drawn before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from bench.report import replace_block

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- DASHBOARDS:BEGIN -->", "<!-- DASHBOARDS:END -->"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/deh_bench_dashboards"
HS_CODES = ("500720", "570110", "741820")
COUNTRIES = ("US", "GB", "AE", "DE")


def setup_django(database_url: str) -> None:
    if database_url.startswith("postgres"):
        _create_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _create_postgres_database(url: str) -> None:
    """Create the benchmark database when it is missing."""
    from urllib.parse import urlsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = (
        urlsplit(url)._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    )
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def generate(districts: int, months: int, rebuild: bool) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from regions.models import District, ExportStat, ExportStatRollup, ExportStatTotal, State
    from regions.periods import add_months
    from regions.services import export_rollups_rebuild

    call_command("migrate", verbosity=0)
    expected = districts * months * len(HS_CODES) * len(COUNTRIES)
    bench = District.objects.filter(slug__startswith="bench-")
    if (
        not rebuild
        and ExportStat.objects.filter(district__in=bench).count() == expected
        and ExportStatRollup.objects.filter(state__slug="bench-state-0").exists()
    ):
        return {"rows": expected, "generated_s": None}
    started = time.perf_counter()
    ExportStat.objects.filter(district__in=bench).delete()
    ExportStatTotal.objects.filter(district__in=bench).delete()
    rng = random.Random(42)
    states = []
    for n in range(30):
        state, _ = State.objects.get_or_create(
            iso_code=f"BX-{n:02d}",
            defaults={"name": f"Bench state {n}", "slug": f"bench-state-{n}"},
        )
        states.append(state)
    existing = set(bench.values_list("slug", flat=True))
    District.objects.bulk_create(
        District(state=states[n % 30], name=f"Bench district {n}", slug=f"bench-{n}")
        for n in range(districts)
        if f"bench-{n}" not in existing
    )
    ids = list(bench.order_by("id").values_list("id", flat=True))[:districts]
    first = add_months(dt.date.today().replace(day=1), -months)
    periods = [add_months(first, offset) for offset in range(months)]
    batch: list = []
    with transaction.atomic():
        for district_id in ids:
            scale = rng.uniform(1e6, 5e8)
            for index, start in enumerate(periods):
                for hs in HS_CODES:
                    for country in COUNTRIES:
                        inr = Decimal(f"{scale * (1 + index / 100) * rng.uniform(0.5, 1.5):.2f}")
                        batch.append(
                            ExportStat(
                                district_id=district_id,
                                period_kind="month",
                                period_start=start,
                                hs_code=hs,
                                hs_chapter=hs[:2],
                                country=country,
                                value_inr=inr,
                                value_usd=(inr / 83).quantize(Decimal("0.01")),
                            )
                        )
                if len(batch) >= 20000:
                    ExportStat.objects.bulk_create(batch)
                    batch = []
        ExportStat.objects.bulk_create(batch)
        # What an import does: every rollup of these districts, their states and India.
        export_rollups_rebuild(
            slices=[(district_id, "month", start) for district_id in ids for start in periods]
        )
    return {"rows": expected, "generated_s": round(time.perf_counter() - started, 1)}


def _time(fn, repeat: int, warm_up: bool = True, prepare=None) -> dict:
    """Wall time (what a user waits for) and this process's CPU time (Python: Django,
    selectors, charts, templates; not PostgreSQL's own work), which a busy machine
    inflates far less than wall time. `prepare` runs before each sample, untimed."""
    if warm_up:
        if prepare:
            prepare()
        fn()  # imports and connections
    samples, cpu, queries = [], [], []
    for _ in range(repeat):
        if prepare:
            prepare()
        started, cpu_started = time.perf_counter(), time.process_time()
        queries.append(fn())
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 1),
        "max_ms": round(samples[-1], 1),
        "cpu_ms": round(statistics.median(cpu), 1),
        "queries": max(queries) if all(q is not None for q in queries) else None,
    }


def measure(repeat: int) -> dict:
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from cms.officials import charts, dashboards
    from regions.models import District, ExportStat, State
    from regions.services import export_stats_import

    user, _ = User.objects.get_or_create(
        email="bench-staff@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    districts = list(
        District.objects.filter(slug__startswith="bench-")
        .select_related("state")
        .order_by("?")[:repeat]
    )
    states = list(State.objects.filter(slug__startswith="bench-state-").order_by("iso_code"))

    def page(url_of, items):
        cycle = itertools.cycle(items)

        def get():
            url = url_of(next(cycle))
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return len(captured)

        return get

    def cold(fn):
        def run():
            cache.clear()
            return fn()

        return run

    def warmed(fn, items):
        for _ in items:  # draw every page once; the timed passes find their charts cached
            fn()
        return fn

    def reimport(district) -> None:
        """What an official's upload does: one month of the district's figures, re-imported
        (the same values), then the post-import task draws the charts at commit."""
        rows = ExportStat.objects.filter(district=district)
        latest = rows.order_by("-period_start").values_list("period_start", flat=True)[0]
        lines = ["state,district,period_kind,period,hs_code,country,value_inr,value_usd"]
        for stat in rows.filter(period_start=latest):
            lines.append(
                f"{district.state.iso_code},{district.name},month,{latest:%Y-%m},"
                f"{stat.hs_code},{stat.country},{stat.value_inr},{stat.value_usd}"
            )
        cache.clear()
        started, renders = time.perf_counter(), charts.renders
        _batch, report = export_stats_import(data="\n".join(lines).encode(), filename="b.csv")
        assert report.ok and charts.renders > renders, report.as_json()
        task_runs.append(((time.perf_counter() - started) * 1000, charts.renders - renders))

    def after_import(url_of, repeat_: int) -> dict:
        """A page of the district just re-imported (its own, its state's or India's)."""
        imported = itertools.cycle(districts)
        current = []

        def prepare():
            current[:] = [next(imported)]
            reimport(current[0])

        return _time(page(lambda _none: url_of(current[0]), [None]), repeat_, prepare=prepare)

    task_runs: list[tuple[float, int]] = []
    district_url = lambda d: reverse("officials_admin:district_dashboard", args=[d.pk])  # noqa: E731
    state_url = lambda s: reverse("officials_admin:state_dashboard", args=[s.pk])  # noqa: E731
    india_url = lambda _none: reverse("officials_admin:india_dashboard")  # noqa: E731
    few = max(5, repeat // 2)
    per_state = District.objects.filter(state=states[0]).count()
    district_cycle = itertools.cycle(districts)
    results = {
        "district dashboard page, cold (chart cache empty)": _time(
            cold(page(district_url, districts)), repeat
        ),
        "district dashboard page, first view after an import (charts pre-drawn by the "
        "post-import task)": after_import(district_url, repeat),
        "district dashboard page, warm": _time(
            warmed(page(district_url, districts), districts), repeat, warm_up=False
        ),
        f"state dashboard page ({per_state} districts), cold (after an import)": _time(
            cold(page(state_url, states)), few
        ),
        "state dashboard page, first view after an import (pre-drawn)": after_import(
            lambda d: state_url(d.state), few
        ),
        "state dashboard page, warm": _time(
            warmed(page(state_url, states[:few]), states[:few]), few, warm_up=False
        ),
        "India dashboard page (all districts), cold (after an import)": _time(
            cold(page(india_url, [None])), few
        ),
        "India dashboard page, first view after an import (pre-drawn)": after_import(
            india_url, few
        ),
        "India dashboard page, warm": _time(page(india_url, [None]), repeat),
        "district dashboard data only (no charts, no template)": _time(
            lambda: dashboards.district_dashboard(next(district_cycle)) and None, repeat
        ),
        "public at-a-glance block data": _time(
            lambda: dashboards.at_a_glance(next(district_cycle)) and None, repeat
        ),
    }
    durations = sorted(ms for ms, _drawn in task_runs)
    results[
        "the import of one district-month and its post-import task "
        f"(draws {max(drawn for _ms, drawn in task_runs)} SVGs: "
        f"{len(settings.LANGUAGES)} languages; not seen by officials)"
    ] = {
        "median_ms": round(statistics.median(durations), 1),
        "p95_ms": round(durations[min(len(durations) - 1, int(len(durations) * 0.95))], 1),
        "max_ms": round(durations[-1], 1),
        "cpu_ms": "",
        "queries": None,
    }
    return {"vendor": connection.vendor, "results": results}


def _ms(value) -> str:
    return f"{value} ms" if value != "" else ""


def write_report(meta: dict, figures: dict) -> None:
    lines = [
        BEGIN,
        "## Officials' dashboards (`python -m bench.dashboards`)",
        "",
        f"Data: {meta['districts']} districts × {meta['months']} months × "
        f"{len(HS_CODES)} HS codes × {len(COUNTRIES)} countries = {meta['rows']:,} ExportStat "
        f"rows (+ {meta['districts'] * meta['months']:,} district totals and the state and "
        f"India rollups); database: {figures['vendor']}; {meta['when']}; load average "
        f"{meta['load']} when it started. Target: under 200 ms server time for every page.",
        "",
        "| what | median | p95 | max | CPU (median) | queries |",
        "|---|---|---|---|---|---|",
    ]
    for name, result in figures["results"].items():
        lines.append(
            f"| {name} | {result['median_ms']} ms | {result['p95_ms']} ms "
            f"| {result['max_ms']} ms | {_ms(result['cpu_ms'])} | {result['queries'] or ''} |"
        )
    lines += ["", END]
    block = "\n".join(lines)
    replace_block(BEGIN, END, block)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--districts", type=int, default=725)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--database-url", default=DEFAULT_DB)
    args = parser.parse_args(argv)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    setup_django(args.database_url)
    generated = generate(args.districts, args.months, args.rebuild)
    figures = measure(args.repeat)
    meta = {
        "districts": args.districts,
        "months": args.months,
        "rows": generated["rows"],
        "when": dt.date.today().isoformat(),
        "load": load,
    }
    if not args.no_report:
        write_report(meta, figures)
    for name, result in figures["results"].items():
        print(
            f"{name}: median {result['median_ms']} ms, p95 {result['p95_ms']} ms, "
            f"CPU {_ms(result['cpu_ms'])}, {result['queries']} queries"
        )
    return {"meta": meta, "generated": generated, **figures}


if __name__ == "__main__":
    main(sys.argv[1:])
