# ruff: noqa: S603, S607, S608  (a local benchmark script: fixed commands and constants)
"""Search benchmark: our search service vs Wagtail's database search backend vs naive
`icontains`, side by side on the same 100,000 published products in PostgreSQL.

Usage: python -m bench.search_bench [--products 100000] [--rebuild] [--rounds 3]
Builds database `deh_bench` (load_demo_data, then seed_catalogue up to --products), builds
both search indexes (timed, sizes measured), runs faceted text queries through each system
and writes p50/p95, ratios, build times and sizes to docs/benchmarks.md (SEARCH markers).

    python -m bench.search_bench --old DIR [--old-db deh_bench_old] [--rounds 3]

prints an older checkout (DIR, e.g. a `git worktree` with its own `make sync`) against this
one, each searching in its own process and its own database built by its own code, samples
alternating; both databases are built first if they lack the products (this takes minutes).

    python -m bench.search_bench --split [--rounds 5]

prints, in one process, ticked facets counted in passes of their own (the backend's
SPLIT_UP_TO) against one flagged pass for every facet, samples alternating.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.report import replace_block
from bench.search_worker import forget, shared_buffer_reads

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- SEARCH:BEGIN -->", "<!-- SEARCH:END -->"
DB_NAME = os.environ.get("BENCH_SEARCH_DB", "deh_bench")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
# The test settings plus the bench app (WagtailIndexedProduct, seed_catalogue).
SETTINGS = "bench.settings"
QUERIES = [
    "wooden toys",
    "darjeeling tea",
    "silk saree",
    "hand block printed cotton",
    "pashmina shawl",
    "brass",
    "organic spices",
    "leather footwear",
    "handloom",
    "terracotta",
    "basmati rice",
    "carpet",
    "mango",
    "embroidery",
    "bamboo craft",
    "pottery",
    "jute bags",
    "coffee",
    "darjeling tea",
    "banarasi sari",
]


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def manage(*args: str) -> None:
    env = {**os.environ, "DATABASE_URL": DB_URL, "DJANGO_SETTINGS_MODULE": SETTINGS}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(products: int, rebuild: bool) -> None:
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'") == "1"
    if rebuild or not exists:
        psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
        psql(f"CREATE DATABASE {DB_NAME}")
        manage("migrate", "--noinput", "-v0")
        try:
            manage("load_demo_data")
        except subprocess.CalledProcessError:
            print("load_demo_data failed on PostgreSQL; seeding from the data files alone")
    have = int(psql_db("SELECT count(*) FROM catalogue_product WHERE status = 'published'"))
    if have < products:
        manage("seed_catalogue", "--bootstrap", "--products", str(products - have))


def psql_db(sql: str) -> str:
    return psql(sql, DB_NAME)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DB_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def build_indexes() -> dict:
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    from bench.models import WagtailIndexedProduct

    figures = {}
    start = time.perf_counter()
    call_command("search_index", "--rebuild", "--backend", "database", "--no-images", verbosity=0)
    figures["ours_build_s"] = time.perf_counter() - start
    psql_db("VACUUM ANALYZE search_productsearchentry")
    backend = get_search_backend()
    start = time.perf_counter()
    backend.reset_indexes()
    index = backend.get_index_for_model(WagtailIndexedProduct)
    qs = WagtailIndexedProduct.objects.filter(status="published").order_by("pk")
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:2000])
        if not chunk:
            break
        index.add_items(WagtailIndexedProduct, chunk)
        last = chunk[-1].pk
    figures["wagtail_build_s"] = time.perf_counter() - start
    psql_db("VACUUM ANALYZE wagtailsearch_indexentry")
    figures["ours_size"] = psql_db(
        "SELECT pg_size_pretty(pg_total_relation_size('search_productsearchentry') "
        "+ pg_total_relation_size('search_searchterm'))"
    )
    figures["wagtail_size"] = psql_db(
        "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c "
        "WHERE c.relkind = 'r' AND c.relname LIKE '%indexentry%'"
    )
    return figures


def combos():
    from regions.models import State

    state = (
        State.objects.filter(districts__products__status="published")
        .values("slug", "pk")
        .order_by("slug")
        .first()
    )
    return [
        ("no filter", {}),
        ("state", {"state": state}),
        ("price 500-2000", {"price": (500, 2000)}),
        ("state + price", {"state": state, "price": (500, 2000)}),
    ]


def ours(text: str, filters: dict):
    from decimal import Decimal

    from search import services

    cleaned = {"q": text, "filters": {}}
    if "state" in filters:
        cleaned["filters"]["state"] = (filters["state"]["slug"],)
    if "price" in filters:
        cleaned["price_min"], cleaned["price_max"] = (Decimal(v) for v in filters["price"])
    result = services.search_products(services.build_query(cleaned))
    return result.total


def _state_districts(filters):
    from regions.models import District

    return list(
        District.objects.filter(state_id=filters["state"]["pk"]).values_list("pk", flat=True)
    )


def wagtail(text: str, filters: dict):
    from wagtail.search.backends import get_search_backend

    from bench.models import WagtailIndexedProduct

    qs = WagtailIndexedProduct.objects.filter(status="published")
    if "state" in filters:
        qs = qs.filter(district_id__in=_state_districts(filters))
    if "price" in filters:
        low, high = filters["price"]
        qs = qs.filter(price_min_inr__gte=low, price_min_inr__lte=high)
    results = get_search_backend().search(text, qs)
    list(results[:20])
    total = results.count()
    for field in ("district_id", "category_id", "gi_id"):
        results.facet(field)
    return total


def naive(text: str, filters: dict):
    from django.db.models import Count, Q

    from catalogue.models import Product

    qs = Product.objects.filter(status="published")
    for word in text.split():
        qs = qs.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(materials__icontains=word)
        )
    if "state" in filters:
        qs = qs.filter(district__state_id=filters["state"]["pk"])
    if "price" in filters:
        low, high = filters["price"]
        qs = qs.filter(price_min_inr__gte=low, price_min_inr__lte=high)
    list(qs.select_related("seller", "district")[:20])
    total = qs.count()
    for field in ("district_id", "category_id", "gi_id"):
        list(qs.order_by().values(field).annotate(n=Count("pk")))
    return total


def forget_kept() -> None:
    """Everything kept about earlier searches (every cache alias, the versions held for a
    second, the analysed queries): see bench.search_worker.forget."""
    forget()


def measure(rounds: int) -> dict:
    """p50/p95 per system. Our search keeps pages and facet counts under the index version
    (search.backends.database), so a repeated query is answered from the cache: "ours"
    empties the cache before each sample (untimed), every sample a search the site has not
    seen; "ours, repeated" keeps it, as a buyer paging back or a popular query finds it."""
    from django.db import reset_queries

    def new_search(text, filters):
        forget_kept()
        return timed(lambda: ours(text, filters))

    def kept(fn):
        return lambda text, filters: timed(lambda: fn(text, filters))

    systems = {
        "ours": (ours, new_search, rounds),
        "ours, repeated": (ours, kept(ours), rounds),
        "wagtail": (wagtail, kept(wagtail), rounds),
        "naive": (naive, kept(naive), 1),
    }
    samples = {name: [] for name in systems}
    sets = combos()
    for name, (fn, sample, repeat) in systems.items():
        # Warm caches and plans once. A repeated search is one the site has answered before,
        # so that row is warmed with every query and filter set it is then timed on (warmed
        # with the bare queries only, its first round timed 60 first-time searches).
        warm_sets = sets if name == "ours, repeated" else [("no filter", {})]
        for text in QUERIES:
            for _label, filters in warm_sets:
                fn(text, filters)
        gc.collect()  # then freeze the heap, as a served process does (bench/search_worker.py)
        gc.freeze()
        for _ in range(repeat):
            for text in QUERIES:
                for _label, filters in sets:
                    samples[name].append(sample(text, filters))
                    reset_queries()
    return {name: _stats(values) for name, values in samples.items()}


def old_backend(ref: str):
    """The database backend as it was at git `ref`, loaded beside today's (same process,
    same database, same analysed queries), for side-by-side figures."""
    import importlib.util
    import tempfile

    source = subprocess.run(
        ["git", "show", f"{ref}:search/backends/database.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "old_database.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("bench_old_database", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DatabaseBackend()


def compare(ref: str, rounds: int) -> dict:
    """Old (`ref`) vs new database backend, alternating sample by sample in one process.

    "old" and "new, cold" empty the cache before each sample (every query is new to them);
    "new, warm" keeps it (a buyer paging or re-sorting the same search, or a popular query).
    """
    from django.db import reset_queries

    from search import services
    from search.backends import get_backend

    systems = {"old": old_backend(ref), "new, cold": get_backend("database")}
    systems["new, warm"] = systems["new, cold"]
    samples = {name: [] for name in systems}
    sets = combos()
    real = services.get_backend
    try:
        for text in QUERIES:  # plans and buffers warm for both
            for backend in dict.fromkeys(systems.values()):
                services.get_backend = lambda name=None, b=backend: b
                ours(text, {})
        for round_ in range(rounds):
            for text in QUERIES:
                for _label, filters in sets:
                    names = list(systems)
                    if round_ % 2:
                        names.reverse()
                    for name in names:
                        services.get_backend = lambda name=None, b=systems[name]: b
                        # Both "old" and "new, cold" search as if for the first time: since
                        # both backends keep results under the same keys, an old sample taken
                        # after the new one would be a cache hit.
                        if name != "new, warm":
                            forget_kept()
                        samples[name].append(timed(lambda t=text, f=filters: ours(t, f)))
                        reset_queries()
        # Shared buffers touched per sample: what the database reads, whatever the load
        # of this shared machine (the statistics are flushed before each reading).
        buffers = {}
        for name in systems:
            services.get_backend = lambda name=None, b=systems[name]: b
            before = shared_buffer_reads()
            for _round in range(rounds if name == "new, warm" else 1):
                for text in QUERIES:
                    for _label, filters in sets:
                        if name != "new, warm":
                            forget_kept()
                        ours(text, filters)
            runs = rounds if name == "new, warm" else 1
            buffers[name] = (shared_buffer_reads() - before) / (len(QUERIES) * len(sets) * runs)
    finally:
        services.get_backend = real
    stats = {name: _stats(values) for name, values in samples.items()}
    for name, per_sample in buffers.items():
        stats[name]["buffers"] = per_sample
    return stats


def compare_split(rounds: int) -> dict:
    """The database backend with ticked facets counted in passes of their own (SPLIT_UP_TO as
    it is) against the single flagged pass (SPLIT_UP_TO = 0), alternating sample by sample in
    one process, every sample a first-time search; "ticked" are the samples with a state."""
    from django.db import reset_queries

    from search.backends import database

    kept = database.SPLIT_UP_TO
    ways = {"single pass": 0, "split": kept}
    samples = {f"{name}{part}": [] for name in ways for part in ("", ", ticked")}
    sets = combos()
    try:
        for text in QUERIES:
            ours(text, {})
        for round_ in range(rounds):
            for text in QUERIES:
                for label, filters in sets:
                    names = list(ways) if round_ % 2 == 0 else list(reversed(ways))
                    for name in names:
                        database.SPLIT_UP_TO = ways[name]
                        forget_kept()
                        took = timed(lambda t=text, f=filters: ours(t, f))
                        samples[name].append(took)
                        if "state" in label:
                            samples[f"{name}, ticked"].append(took)
                        reset_queries()
    finally:
        database.SPLIT_UP_TO = kept
    return {name: _stats(values) for name, values in samples.items()}


def _settings_of(checkout: Path) -> str:
    # seed_catalogue moved from catalogue to the bench app (bench.settings) on 2026-12-05.
    return SETTINGS if (checkout / "bench" / "settings.py").exists() else "config.settings.test"


def _published(database: str) -> int:
    return int(psql("SELECT count(*) FROM catalogue_product WHERE status = 'published'", database))


def prepare_checkout(checkout: Path, database: str, products: int) -> None:
    """`database` filled by `checkout`'s own code: migrations, demo data, seeded products up
    to `products`, then its search index rebuilt. Left as it is once it has the products
    (drop the database to rebuild)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_SETTINGS_MODULE": _settings_of(checkout),
    }
    python = str(checkout / ".venv" / "bin" / "python")

    def manage_there(*args: str) -> None:
        subprocess.run([python, "manage.py", *args], cwd=checkout, env=env, check=True)

    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") != "1":
        psql(f"CREATE DATABASE {database}")
    manage_there("migrate", "--noinput", "-v0")
    if _published(database) >= products:
        return
    if _published(database) == 0:
        manage_there("load_demo_data")
    manage_there(
        "seed_catalogue", "--bootstrap", "--products", str(products - _published(database))
    )
    manage_there("search_index", "--rebuild", "--backend", "database", "--no-images")
    psql("VACUUM ANALYZE", database)


class _Worker:
    """A bench.search_worker process searching in one checkout against its own database."""

    def __init__(self, checkout: Path, python: Path, database: str, settings: str):
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": str(checkout),
        }
        self.process = subprocess.Popen(
            [str(python), str(ROOT / "bench" / "search_worker.py"), str(checkout)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )

    def ask(self, **request) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("a search worker stopped; its error is above")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def _requests() -> list[dict]:
    state = psql_db(
        "SELECT s.slug FROM regions_state s JOIN regions_district d ON d.state_id = s.id "
        "JOIN catalogue_product p ON p.district_id = d.id WHERE p.status = 'published' "
        "ORDER BY s.slug LIMIT 1"
    )
    sets = [{}, {"state": state}, {"price": ["500", "2000"]}]
    sets.append({"state": state, "price": ["500", "2000"]})
    return [{"q": text, **filters} for text in QUERIES for filters in sets]


def compare_checkouts(old: Path, old_db: str, rounds: int, blocks: bool = False) -> dict:
    """Old checkout vs this one, each in its own process with its own database (built by its
    own code, `prepare_checkout` makes it), alternating sample by sample, old first one
    round and new first the next. "old" and "new, cold" forget everything kept before each
    sample; "new, warm" keeps it (a buyer paging, or a popular query: it follows the same
    search's cold sample).

    Sample by sample, the two databases share the server's buffers (the default 128 MB holds
    neither search table whole), so each side also pays for reading back what the other
    evicted, which no server with one database pays. `blocks` alternates whole rounds
    instead: each side runs every search once untimed, then every search timed, old first
    one round and new first the next; slow drift of the machine still falls on both."""
    workers = {
        "old": _Worker(old, old / ".venv" / "bin" / "python", old_db, _settings_of(old)),
        "new": _Worker(ROOT, Path(sys.executable), DB_NAME, SETTINGS),
    }
    systems = {"old": ("old", True), "new, cold": ("new", True), "new, warm": ("new", False)}
    samples = {name: [] for name in systems}
    totals_differ = 0
    requests = _requests()
    try:
        for request in requests:  # plans, buffers and imports warm for both
            for worker in workers.values():
                worker.ask(**request, forget=True)
        for worker in workers.values():  # as a served process is, after its warm-up
            worker.ask(freeze=True)
        for round_ in range(rounds):
            # Old first, then new first; "new, warm" always right after "new, cold" of the
            # same search (reversed, it came first and found the cache the previous search's
            # cold sample had just emptied: a cold search counted as warm).
            names = list(systems) if round_ % 2 == 0 else ["new, cold", "new, warm", "old"]
            if blocks:
                totals = {}
                for side in dict.fromkeys(systems[name][0] for name in names):
                    for request in requests:  # this side's buffers warm, as when alone
                        workers[side].ask(**request, forget=True)
                    for n, request in enumerate(requests):
                        for name in (name for name in names if systems[name][0] == side):
                            answer = workers[side].ask(**request, forget=systems[name][1])
                            samples[name].append(answer["ms"])
                            totals.setdefault(n, set()).add(answer["total"])
                totals_differ += sum(len(found) > 1 for found in totals.values())
                continue
            for request in requests:
                totals = set()
                for name in names:
                    side, forget = systems[name]
                    answer = workers[side].ask(**request, forget=forget)
                    samples[name].append(answer["ms"])
                    totals.add(answer["total"])
                totals_differ += len(totals) > 1
        stats = {name: _stats(values) for name, values in samples.items()}
        for name, (side, forget) in systems.items():
            if not forget:  # what a warm search reads: each page kept once already
                for request in requests:
                    workers[side].ask(**request, forget=False)
            before = workers[side].ask(blocks=True)["blocks"]
            for request in requests:
                workers[side].ask(**request, forget=forget)
            after = workers[side].ask(blocks=True)["blocks"]
            stats[name]["buffers"] = (after - before) / len(requests)
    finally:
        for worker in workers.values():
            worker.close()
    stats["totals differ"] = totals_differ
    return stats


def _stats(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        "max": ordered[-1],
    }


def write_report(products: int, build: dict, stats: dict) -> None:
    ours_, wag, nai = stats["ours"], stats["wagtail"], stats["naive"]
    met = ours_["p50"] < 15 and ours_["p95"] < 40 and wag["p95"] / ours_["p95"] >= 3
    lines = [
        BEGIN,
        "## Search (`python -m bench.search_bench`, run by `make bench`)",
        "",
        f"PostgreSQL 15 on 127.0.0.1, {products:,} published products (`seed_catalogue`: "
        "synthetic listings composed from the GI registry and district product facts), this "
        f"2-core machine (load average {os.getloadavg()[0]:.1f} during the run: other work "
        "shared the cores). Each sample is one faceted text query as the "
        "search page runs it: first 20 hits, total count, and facet counts "
        f"({len(QUERIES)} queries x 4 filter sets: none, a state, a price range, both).",
        "",
        "| system | samples | p50 ms | p95 ms | max ms | p95 vs ours |",
        "|---|---|---|---|---|---|",
    ]
    for label, s in (
        ("our search service (database backend), every search new", ours_),
        ("the same, a repeated search (kept under the index version)", stats["ours, repeated"]),
        ("Wagtail database search backend", wag),
        ("naive `icontains` ORM", nai),
    ):
        lines.append(
            f"| {label} | {s['n']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['max']:.1f} | "
            f"{s['p95'] / ours_['p95']:.1f}x |"
        )
    lines += [
        "",
        "| index | build time | size on disk |",
        "|---|---|---|",
        f"| ours (`search_index --rebuild`) | {build['ours_build_s']:.0f} s | "
        f"{build['ours_size']} |",
        f"| Wagtail (`add_items` in chunks) | {build['wagtail_build_s']:.0f} s | "
        f"{build['wagtail_size']} |",
        "",
        "Targets: p50 < 15 ms, p95 < 40 ms, at least 3x faster than Wagtail at p95, judged on "
        "the every-search-new row: " + ("**met**." if met else "**not all met** (see above)."),
        "Ours answers facets for nine fields in one pass over the matched rows (a materialised "
        "CTE with UNION ALL group-bys); Wagtail computes three facets with one query each.",
        "",
        "Where our time goes: narrow queries (a few hundred matches) take 2-10 ms; the slowest "
        "samples count facets over tens of thousands of matches. A selected facet is counted "
        "without its own filter (so a buyer sees what a second state would add): `hand block "
        "printed cotton` in one state finds no product with all four words, the search relaxes "
        "to any word, and the state counts then cover 50,000 of the 100,000 products. Since "
        "2026-12-06 one read of the matched rows gives the hits, the total and every facet, "
        "and pages and facet counts are kept under the index version (see the side-by-side "
        "section below: 38% fewer buffers per new search, none for a repeated one). "
        "Rows hold no text since 2026-12-05 (the vector is computed in the "
        "INSERT): side by side on the same 100,000 products, p95 95.0 -> 77.6 ms, max 209 -> "
        "147 ms, table 239 -> 165 MB (no TOAST; compacted), identical vectors.",
        END,
    ]
    replace_block(BEGIN, END, "\n".join(lines))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--compare",
        metavar="REF",
        help="only print old (git REF) vs new database backend, alternating in one process",
    )
    parser.add_argument(
        "--old",
        metavar="DIR",
        type=Path,
        help="only print an older checkout (its own .venv and database) vs this one",
    )
    parser.add_argument("--old-db", default="deh_bench_old", help="the older checkout's database")
    parser.add_argument(
        "--blocks",
        action="store_true",
        help="with --old: alternate whole rounds, not samples (each side's buffers its own)",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="only print ticked facets counted in passes of their own vs one flagged pass",
    )
    args = parser.parse_args(argv)
    if args.split:
        prepare(args.products, args.rebuild)
        setup_django()
        stats = compare_split(args.rounds)
        for name, s in stats.items():
            print(f"{name:20} n={s['n']} p50={s['p50']:.1f} p95={s['p95']:.1f} max={s['max']:.1f}")
        return stats
    if args.old:
        prepare_checkout(ROOT, DB_NAME, args.products)
        prepare_checkout(args.old.resolve(), args.old_db, args.products)
        stats = compare_checkouts(args.old.resolve(), args.old_db, args.rounds, args.blocks)
        print(
            f"load average {os.getloadavg()[0]:.1f}; samples whose totals differ between "
            f"old and new: {stats.pop('totals differ')}"
        )
        for name, s in stats.items():
            print(
                f"{name:10} n={s['n']} p50={s['p50']:.1f} p95={s['p95']:.1f} "
                f"max={s['max']:.1f} buffers/sample={s['buffers']:.0f}"
            )
        return stats
    if args.compare:
        setup_django()
        stats = compare(args.compare, args.rounds)
        for name, s in stats.items():
            print(
                f"{name:10} n={s['n']} p50={s['p50']:.1f} p95={s['p95']:.1f} "
                f"max={s['max']:.1f} buffers/sample={s.get('buffers', 0):.0f}"
            )
        return stats
    prepare(args.products, args.rebuild)
    setup_django()
    build = build_indexes()
    stats = measure(args.rounds)
    write_report(args.products, build, stats)
    print(stats, build)
    return stats


if __name__ == "__main__":
    main()
