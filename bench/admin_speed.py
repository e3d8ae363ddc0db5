"""Admin speed benchmark (issue 21): server time and SQL queries of the Wagtail editor of the
Varanasi storefront (/admin/pages/<id>/edit/) and of the staff "Export dashboards" index
(/admin/officials/), on the demo data (781 districts), through Django's test client in-process
(server time: middleware, forms, templates; no network, no browser).

Usage: python -m bench.admin_speed [--database-url URL] [--repeat 7]
The database defaults to PostgreSQL `deh_bench_admin` on 127.0.0.1; the demo data is loaded
into it when Varanasi's storefront is missing. Figures go to docs/benchmarks.md between the
ADMIN_SPEED markers. "first" is the first request of the process (every per-process cache
cold: block definitions, templates, translations); "median" is over the following requests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from bench.dashboards import setup_django
from bench.report import replace_block

BEGIN, END = "<!-- ADMIN_SPEED:BEGIN -->", "<!-- ADMIN_SPEED:END -->"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/deh_bench_admin"
TARGETS = {  # ms, the budgets; "off" is the editor without the district-select fix
    "storefront editor (off)": 1000,
    "storefront editor (on)": 1000,
    "dashboards index": 500,
}


def _ensure_demo():
    from django.core.management import call_command

    from cms.models import DistrictPage

    call_command("migrate", verbosity=0)
    if not DistrictPage.objects.filter(slug="varanasi").exists():
        call_command("createcachetable", verbosity=0)
        call_command("load_demo_data", verbosity=0)


def _measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for _ in range(repeat + 1):
        connection.queries_log.clear()  # a full log (9000) makes the count wrong
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(ctx))
    return {
        "first_ms": round(times[0]),
        "median_ms": round(statistics.median(times[1:])),
        "queries": queries[-1],
    }


def _plain_district_choices() -> None:
    """Wagtail's plain district queryset: the storefront editor without the fix of
    cms.wagtail_speedups.admin_forms.district_choices_with_states (one query per district for
    its state)."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    from regions.models import District

    register_form_field_override(
        models.ForeignKey, to=District, override={"queryset": District.objects.all()}
    )


def run(repeat: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.admin.panels.model_utils import get_edit_handler

    from cms.models import DistrictPage
    from cms.wagtail_speedups.admin_forms import district_choices_with_states
    from regions.models import District

    _ensure_demo()
    user, _ = get_user_model().objects.get_or_create(
        email="bench-admin@example.com", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    page = DistrictPage.objects.filter(slug="varanasi").order_by("pk").first()  # English one
    editor = f"/admin/pages/{page.pk}/edit/"
    figures = {"districts": District.objects.count(), "blocks": len(page.body)}
    for state in ("off", "on"):
        # Wagtail builds a page model's form class once (get_edit_handler is cached): clear
        # it so the district select is built again with the fix off, then on.
        if state == "on":
            district_choices_with_states()
        else:
            _plain_district_choices()
        get_edit_handler.cache_clear()
        figures[f"storefront editor ({state})"] = _measure(client, editor, repeat)
    figures["dashboards index"] = _measure(client, "/admin/officials/", repeat)
    return figures


def report(figures: dict) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        BEGIN,
        f"Demo data: {figures['districts']} districts; Varanasi's storefront body has "
        f"{figures['blocks']} blocks. Load average during the run: {load} (2 cores, shared).",
        "",
        "| admin page | first request (ms) | median (ms) | budget (ms) | SQL queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, budget in TARGETS.items():
        f = figures[name]
        row = f"| {name} | {f['first_ms']} | {f['median_ms']} | {budget} | {f['queries']} |"
        lines.append(row)
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--repeat", type=int, default=7)
    args, _unknown = parser.parse_known_args()  # bench.run passes its first argument on
    setup_django(args.database_url)
    block = report(run(args.repeat))
    print(block)
    replace_block(
        BEGIN, END, block, heading="## Admin speed (issue 21)\n\n`python -m bench.admin_speed`"
    )


if __name__ == "__main__":
    main()
