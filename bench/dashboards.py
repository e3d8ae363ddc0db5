"""Dashboard benchmark: 5 years of monthly export figures for 725 districts, then the time
the officials' dashboards take to answer (server side: selectors, charts and templates).

Usage: python -m bench.dashboards [--districts 725] [--months 60] [--rebuild]
The database comes from DATABASE_URL (default: a SQLite file under /tmp; CI and `make bench`
may pass PostgreSQL). Figures go to docs/benchmarks.md between the DASHBOARDS markers.
bench/run.py calls `main([])`.
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

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- DASHBOARDS:BEGIN -->", "<!-- DASHBOARDS:END -->"
DEFAULT_DB = "sqlite:////tmp/deh-bench-dashboards.sqlite3"
HS_CODES = ("500720", "570110", "741820")
COUNTRIES = ("US", "GB", "AE", "DE")


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate(districts: int, months: int, rebuild: bool) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from regions.models import District, ExportStat, ExportStatTotal, State
    from regions.periods import add_months
    from regions.services import export_totals_rebuild

    call_command("migrate", verbosity=0)
    expected = districts * months * len(HS_CODES) * len(COUNTRIES)
    bench = District.objects.filter(slug__startswith="bench-")
    if not rebuild and ExportStat.objects.filter(district__in=bench).count() == expected:
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
        export_totals_rebuild(
            slices=((district_id, "month", start) for district_id in ids for start in periods)
        )
    return {"rows": expected, "generated_s": round(time.perf_counter() - started, 1)}


def _time(fn, repeat: int) -> dict:
    fn()  # warm caches and imports
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 1),
        "max_ms": round(samples[-1], 1),
    }


def measure(repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from cms.officials import dashboards
    from regions.models import District, State

    user, _ = User.objects.get_or_create(
        email="bench-staff@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    districts = list(District.objects.filter(slug__startswith="bench-").order_by("?")[:repeat])
    state = State.objects.get(iso_code="BX-00")
    cycle = itertools.cycle(districts)

    def district_page():
        district = next(cycle)
        url = reverse("officials_admin:district_dashboard", args=[district.pk])
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    from django.core.cache import cache

    def cold(fn):
        def run():
            cache.clear()
            fn()

        return run

    results = {
        "district dashboard page (HTTP, 9 charts), cold chart cache": _time(
            cold(district_page), repeat
        ),
        "district dashboard page (HTTP, 9 charts), warm chart cache": _time(district_page, repeat),
        "district dashboard data only": _time(
            lambda: dashboards.district_dashboard(next(cycle)), repeat
        ),
        "state dashboard data (25 districts), uncached": _time(
            lambda: dashboards._region_dashboard(state), max(3, repeat // 4)
        ),
        "India dashboard data (all districts), uncached": _time(
            lambda: dashboards._region_dashboard(None), max(3, repeat // 4)
        ),
        "India dashboard data, cached until the next import": _time(
            lambda: dashboards.region_dashboard(None), repeat
        ),
        "public at-a-glance block data": _time(lambda: dashboards.at_a_glance(next(cycle)), repeat),
    }
    return {"vendor": connection.vendor, "results": results}


def write_report(meta: dict, figures: dict) -> None:
    lines = [
        BEGIN,
        "## Officials' dashboards (`python -m bench.dashboards`)",
        "",
        f"Data: {meta['districts']} districts × {meta['months']} months × "
        f"{len(HS_CODES)} HS codes × {len(COUNTRIES)} countries = {meta['rows']:,} ExportStat "
        f"rows (+ {meta['districts'] * meta['months']:,} rollup rows); database: "
        f"{figures['vendor']}; {meta['when']}. Target: under 200 ms server time.",
        "",
        "| what | median | p95 | max |",
        "|---|---|---|---|",
    ]
    for name, result in figures["results"].items():
        lines.append(
            f"| {name} | {result['median_ms']} ms | {result['p95_ms']} ms | {result['max_ms']} ms |"
        )
    lines += ["", END]
    block = "\n".join(lines)
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--districts", type=int, default=725)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    generated = generate(args.districts, args.months, args.rebuild)
    figures = measure(args.repeat)
    meta = {
        "districts": args.districts,
        "months": args.months,
        "rows": generated["rows"],
        "when": dt.date.today().isoformat(),
    }
    if not args.no_report:
        write_report(meta, figures)
    for name, result in figures["results"].items():
        print(f"{name}: median {result['median_ms']} ms, p95 {result['p95_ms']} ms")
    return {"meta": meta, "generated": generated, **figures}


if __name__ == "__main__":
    main(sys.argv[1:])
