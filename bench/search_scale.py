# ruff: noqa: S603, S607, S608  (a local benchmark script: fixed commands and constants)
"""Search at national scale: 1,000,000 products on PostgreSQL, built in SQL in minutes.

Usage: python -m bench.search_scale [--factor 10] [--rounds 2]   (make bench-scale)
       python -m bench.search_scale --old DIR [--old-db deh_bench_old] [--skip-build]

Seeding a million listings through the ORM and indexing them through Python takes hours on
this machine (about 1,000 products/s to seed, 190/s to index at 10^5), so this copies the
10^5-product search index of `python -m bench.search_bench` (`BENCH_SEARCH_DB`, default
deh_bench) `--factor` times in SQL (INSERT ... SELECT, new product ids, same text and facet
distribution) into its own database, then rebuilds the full-text GIN index (timed), measures
sizes and runs the search bench's queries through the old and new database backends side by
side. The index table alone is searched, so catalogue rows are not copied (the copy drops the
foreign key). The whole-index Python rebuild time at 10^6 is estimated from the 10^5 one.

With `--old DIR` (an older checkout with its own .venv), the older checkout's 10^5 database
(`bench.search_bench --old DIR` builds it, by its own code) is scaled the same way into
`<TARGET>_old`, and both checkouts search their own 10^6 copy in their own process,
alternating sample by sample (search_bench.compare_checkouts); without it, the old database
backend of git `--compare REF` is loaded into this process, which only works while the index
table keeps its shape.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from pathlib import Path

from bench import search_bench

SOURCE = os.environ.get("BENCH_SEARCH_DB", "deh_bench")
TARGET = os.environ.get("BENCH_SCALE_DB", "deh_bench_scale")


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def build(factor: int, source: str = SOURCE, target: str = TARGET) -> dict:
    figures = {}
    psql(f"DROP DATABASE IF EXISTS {target}")
    start = time.perf_counter()
    psql(f"CREATE DATABASE {target} TEMPLATE {source}")
    figures["copy_db_s"] = time.perf_counter() - start
    table = "search_productsearchentry"
    fk = psql(
        f"SELECT conname FROM pg_constraint WHERE conrelid = '{table}'::regclass AND contype = 'f'",
        target,
    )
    for name in fk.split():
        psql(f"ALTER TABLE {table} DROP CONSTRAINT {name}", target)
    # Every secondary index is dropped for the copy and built again after it (filling a
    # trigram GIN row by row took longer than building it once).
    indexes = psql(
        f"SELECT indexname || '|' || indexdef FROM pg_indexes WHERE tablename = '{table}' "
        f"AND indexname <> '{table}_pkey'",
        target,
    ).splitlines()
    for line in indexes:
        psql(f"DROP INDEX {line.split('|', 1)[0]}", target)
    columns = psql(
        "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM "
        f"information_schema.columns WHERE table_name = '{table}' AND column_name <> 'product_id'",
        target,
    )
    start = time.perf_counter()
    psql(
        f"INSERT INTO {table} (product_id, {columns}) SELECT product_id + k * 100000000, "
        f"{columns} FROM {table}, generate_series(1, {factor - 1}) k",
        target,
    )
    figures["insert_s"] = time.perf_counter() - start
    for line in indexes:
        name, definition = line.split("|", 1)
        start = time.perf_counter()
        psql(definition, target)
        figures[f"{name}_s"] = round(time.perf_counter() - start, 1)
    psql(f"VACUUM ANALYZE {table}", target)
    figures["rows"] = int(psql(f"SELECT count(*) FROM {table}", target))
    figures["table_size"] = psql(
        f"SELECT pg_size_pretty(pg_total_relation_size('{table}'))", target
    )
    figures["gin_size"] = psql(
        "SELECT pg_size_pretty(pg_relation_size('search_entry_vector_gin'))", target
    )
    return figures


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--compare", default="HEAD", metavar="REF")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--old", metavar="DIR", type=Path, help="an older checkout to compare")
    parser.add_argument("--old-db", default="deh_bench_old", help="its 10^5 search database")
    args = parser.parse_args(argv)
    if not args.skip_build:
        print("new:", build(args.factor), flush=True)
        if args.old:
            print("old:", build(args.factor, args.old_db, f"{TARGET}_old"), flush=True)
    search_bench.DB_NAME = TARGET
    search_bench.DB_URL = f"postgres://postgres@127.0.0.1:5432/{TARGET}"
    if args.old:
        stats = search_bench.compare_checkouts(args.old.resolve(), f"{TARGET}_old", args.rounds)
        print(f"samples whose totals differ between old and new: {stats.pop('totals differ')}")
    else:
        search_bench.setup_django()
        stats = search_bench.compare(args.compare, args.rounds)
    for name, s in stats.items():
        print(
            f"{name:10} n={s['n']} p50={s['p50']:.1f} p95={s['p95']:.1f} "
            f"max={s['max']:.1f} buffers/sample={s.get('buffers', 0):.0f}"
        )


if __name__ == "__main__":
    main()
