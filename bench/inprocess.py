"""CPU time per page, in one process: where a page's milliseconds go, without a network.

bench/pages.py measures the server as visitors see it (gunicorn, loopback, many requests at
once), so its figures mix queueing, the other core's work and the load generator. To decide
what to optimise, this calls the WSGI application directly with the same production settings
and database, and reports the CPU time of one request to each page (median of many, after a
warm-up, page cache off: the "uncached" case of the page bench). The static file served by
WhiteNoise through the same stack is the reference, as in bench/pages.py.

    python -m bench.inprocess [--requests 300] [--profile storefront]
    python -m bench.inprocess --cold [--requests 30] [--write]

`--cold` empties every cache before each request (every Django cache alias: the default
cache in Redis, the fragment and page caches with their process-local copies; the content
version this process remembers; the search GI tables), as the first visitor after an edit or
a deploy finds them, and reports each page's wall-clock server time and its number of SQL
queries (goal: at most 15 queries and under 30 ms), beside the same page with its caches warm.
`--write` puts that table in docs/benchmarks.md (COLD markers); `make bench` runs it so.

The pages come from the page bench's database (the demo, about 1,200 products). To see them at
national scale, point it at the search bench's 10^5 database, which holds the demo's pages
too: `BENCH_PAGES_DB=deh_bench python -m bench.inprocess --cold` (docs/benchmarks.md, "The
public pages at national scale").

`--profile NAME` also prints the functions that page spends its time in (cProfile, by own time
and by cumulative time). Needs the bench database (`python -m bench.pages --rebuild` makes it)
and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time

from bench.pages import base_env, pick_urls, prepare_database, sh
from bench.report import replace_block


def _configure() -> None:
    os.environ.update(base_env(PAGE_CACHE_SECONDS="0"))
    import django

    django.setup()


def _request(app, path: str) -> int:
    from urllib.parse import urlsplit

    parts = urlsplit(path)
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "text/html",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    body = app(environ, lambda s, h, *a: status.append(s))
    size = sum(len(chunk) for chunk in body)
    if hasattr(body, "close"):
        body.close()
    if not status[0].startswith("200"):
        raise SystemExit(f"{path} answered {status[0]}")
    return size


def _empty_every_cache() -> None:
    """What bench/search_worker.py forgets (every cache alias, the versions held for a second,
    the analysed queries), and the search GI tables a running process keeps."""
    from bench.search_worker import forget
    from search import analysis

    forget()
    analysis.forget_gi_tables()


def cold(application, urls: dict[str, str], requests: int) -> dict[str, dict]:
    """Every page with every cache empty: wall-clock ms (it includes the database) and
    queries per request; then the same page with its caches warm (page cache off, as a
    second visitor after an edit finds it), in the same run for the ratio."""
    from django.db import connection

    print(f"{'page (cold)':<12} {'median ms':>10} {'max ms':>8} {'queries':>8} {'warm ms':>8}")
    figures = {}
    for name, path in urls.items():
        if name == "static file":
            continue
        _request(application, path)  # code paths imported once, as in a running server
        samples, queries = [], []
        for _ in range(requests):
            _empty_every_cache()
            count = [0]

            def counter(execute, sql, params, many, context, count=count):
                count[0] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(counter):
                start = time.perf_counter()
                _request(application, path)
                samples.append((time.perf_counter() - start) * 1000)
            queries.append(count[0])
        warm = []
        for _ in range(requests):
            start = time.perf_counter()
            _request(application, path)
            warm.append((time.perf_counter() - start) * 1000)
        figures[name] = {
            "median": statistics.median(samples),
            "max": max(samples),
            "queries": statistics.median(queries),
            "warm": statistics.median(warm),
        }
        f = figures[name]
        print(
            f"{name:<12} {f['median']:>10.2f} {f['max']:>8.2f} {f['queries']:>8.0f} "
            f"{f['warm']:>8.2f}",
            flush=True,
        )
    return figures


# The goal of issue 20 for a public page with every cache empty.
COLD_QUERIES, COLD_MS = 15, 30
COLD_BEGIN, COLD_END = "<!-- COLD:BEGIN -->", "<!-- COLD:END -->"


def write_cold_report(figures: dict[str, dict], urls: dict[str, str], requests: int) -> None:
    lines = [
        COLD_BEGIN,
        f"Written by `python -m bench.inprocess --cold --write` (a step of `make bench`) on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: the demo database "
        "(`bench.pages`), production settings, PostgreSQL and Redis, "
        f"{requests} requests per page with every cache emptied before each, then {requests} "
        "with the caches warm (page cache off), wall-clock server time with the database.",
        "",
        "| page | path | cold median ms | cold max ms | queries cold | warm median ms "
        f"| cold / warm | goal: <= {COLD_QUERIES} queries, < {COLD_MS} ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, f in figures.items():
        met = f["queries"] <= COLD_QUERIES and f["median"] < COLD_MS
        lines.append(
            f"| {name} | `{urls[name]}` | {f['median']:.1f} | {f['max']:.1f} | "
            f"{f['queries']:.0f} | {f['warm']:.1f} | {f['median'] / f['warm']:.1f} | "
            f"{'met' if met else 'not met'} |"
        )
    lines.append(COLD_END)
    replace_block(COLD_BEGIN, COLD_END, "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", help="a page name to profile (home, storefront, ...)")
    parser.add_argument("--cold", action="store_true", help="empty every cache before each request")
    parser.add_argument(
        "--write", action="store_true", help="with --cold: write the table to docs/benchmarks.md"
    )
    args = parser.parse_args()
    if args.write and not args.cold:
        parser.error("--write writes the cold table: give --cold too")

    prepare_database(rebuild=False)
    # The production settings serve hashed static names from the manifest (a fresh checkout
    # has none until bench.pages or this has collected them).
    sh(sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", env=base_env())
    urls = pick_urls()
    _configure()
    from django.contrib.staticfiles.storage import staticfiles_storage

    from cms.wagtail_speedups.warmup import warm
    from config.wsgi import application

    warm()
    urls["static file"] = staticfiles_storage.url("css/site.css")
    if args.cold:
        figures = cold(application, urls, args.requests)
        if args.write:
            write_cold_report(figures, urls, args.requests)
        return
    # The median, and the 10th percentile: this is a shared machine, and the fastest tenth is
    # what the code costs when nothing else takes the CPU's caches (compare code by that).
    print(f"{'page':<12} {'median ms':>10} {'p10 ms':>8} {'bytes':>8}")
    for name, path in urls.items():
        for _ in range(20):  # fills the fragment caches and every lazy table
            size = _request(application, path)
        samples = []
        for _ in range(args.requests):
            start = time.process_time()
            _request(application, path)
            samples.append((time.process_time() - start) * 1000)
        p10 = statistics.quantiles(samples, n=10)[0]
        print(f"{name:<12} {statistics.median(samples):>10.2f} {p10:>8.2f} {size:>8}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            _request(application, urls[args.profile])
        profiler.disable()
        for order in ("tottime", "cumulative"):
            stats = pstats.Stats(profiler).sort_stats(order)
            stats.print_stats(35)


if __name__ == "__main__":
    main()
