# ruff: noqa: S603, S607, S608  (a local benchmark script: fixed commands and constants)
"""Search at national scale: 1,000,000 products on PostgreSQL, built in SQL in minutes.

Usage: python -m bench.search_scale [--factor 10] [--rounds 2]   (make bench-scale)

Seeding a million listings through the ORM and indexing them through Python takes hours on
this machine (about 1,000 products/s to seed, 190/s to index at 10^5), so this copies the
10^5-product search index of `python -m bench.search_bench` (`BENCH_SEARCH_DB`, default
deh_bench) `--factor` times in SQL (INSERT ... SELECT, new product ids, same text and facet
distribution) into its own database, then rebuilds the full-text GIN index (timed), measures
sizes and runs the search bench's queries through the old and new database backends side by
side. The index table alone is searched, so catalogue rows are not copied (the copy drops the
foreign key). The whole-index Python rebuild time at 10^6 is estimated from the 10^5 one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time

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


def build(factor: int) -> dict:
    figures = {}
    psql(f"DROP DATABASE IF EXISTS {TARGET}")
    start = time.perf_counter()
    psql(f"CREATE DATABASE {TARGET} TEMPLATE {SOURCE}")
    figures["copy_db_s"] = time.perf_counter() - start
    table = "search_productsearchentry"
    fk = psql(
        f"SELECT conname FROM pg_constraint WHERE conrelid = '{table}'::regclass AND contype = 'f'",
        TARGET,
    )
    for name in fk.split():
        psql(f"ALTER TABLE {table} DROP CONSTRAINT {name}", TARGET)
    psql("DROP INDEX IF EXISTS search_entry_vector_gin", TARGET)
    columns = psql(
        "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM "
        f"information_schema.columns WHERE table_name = '{table}' AND column_name <> 'product_id'",
        TARGET,
    )
    start = time.perf_counter()
    psql(
        f"INSERT INTO {table} (product_id, {columns}) SELECT product_id + k * 100000000, "
        f"{columns} FROM {table}, generate_series(1, {factor - 1}) k",
        TARGET,
    )
    figures["insert_s"] = time.perf_counter() - start
    start = time.perf_counter()
    psql(f"CREATE INDEX search_entry_vector_gin ON {table} USING gin (search_vector)", TARGET)
    figures["gin_build_s"] = time.perf_counter() - start
    psql(f"VACUUM ANALYZE {table}", TARGET)
    figures["rows"] = int(psql(f"SELECT count(*) FROM {table}", TARGET))
    figures["table_size"] = psql(
        f"SELECT pg_size_pretty(pg_total_relation_size('{table}'))", TARGET
    )
    figures["gin_size"] = psql(
        "SELECT pg_size_pretty(pg_relation_size('search_entry_vector_gin'))", TARGET
    )
    return figures


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--compare", default="HEAD", metavar="REF")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args(argv)
    figures = {} if args.skip_build else build(args.factor)
    print(figures, flush=True)
    search_bench.DB_NAME = TARGET
    search_bench.DB_URL = f"postgres://postgres@127.0.0.1:5432/{TARGET}"
    search_bench.setup_django()
    stats = search_bench.compare(args.compare, args.rounds)
    for name, s in stats.items():
        print(
            f"{name:10} n={s['n']} p50={s['p50']:.1f} p95={s['p95']:.1f} "
            f"max={s['max']:.1f} buffers/sample={s.get('buffers', 0):.0f}"
        )


if __name__ == "__main__":
    main()
