"""Two imports at the same instant into the same state and month, on PostgreSQL: both
succeed and the state and India rollups still equal the sums of the raw rows. Without the
export-figures lock the second import would rebuild the state's month from a snapshot
missing the first one's rows (or fail on the rollup's unique index).
It runs on SQLite too (IMMEDIATE transactions on a file test database, issue 19)."""

import threading

import pytest
from django.db import connection

from regions.models import District, State
from regions.services import export_stats_import
from tests.regions.test_export_rollups import HEADER, expected_rollups, line, stored_rollups

# Runs on both databases: PostgreSQL's row locks, and SQLite's IMMEDIATE transactions on
# the file test database (the embedded default must take concurrent writes too).
pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_concurrent_imports_into_one_state_keep_rollups_true():
    state = State.objects.create(iso_code="IN-UP", name="Uttar Pradesh", slug="up")
    names = [f"District {n}" for n in range(4)]
    for n, name in enumerate(names):
        District.objects.create(state=state, name=name, slug=f"d-{n}")

    def importer(name):
        rows = "".join(
            line("Uttar Pradesh", name, f"2024-{month:02d}", hs, country, "1000.25", "12.01")
            for month in range(1, 13)
            for hs in ("500720", "570110", "691390")
            for country in ("US", "GB", "DE", "AE")
        )

        def job():
            _batch, report = export_stats_import(data=(HEADER + rows).encode(), filename="f.csv")
            return report.ok

        return job

    results = run_together([importer(name) for name in names])
    assert results == [True] * len(names), results
    stored = stored_rollups()
    assert stored == expected_rollups()
    total_key = (None, "total", "", "month")
    assert {key for key in stored if key[:4] == total_key} and all(
        values[0] == 1000.25 * 12 * len(names)
        for key, values in stored.items()
        if key[:4] == total_key
    )
