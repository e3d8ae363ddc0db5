"""Instructions per request, this checkout against another one: the CPU a warm page costs,
counted rather than timed.

    python -m bench.instructions --old /path/to/old/checkout [--requests 100]
        [--pages home,storefront,product,search,seller] [--cold]

On a shared 2-core machine, timed figures of the same code move by a fifth from one minute to
the next (docs/benchmarks.md), so a difference of a few per cent between two commits cannot be
seen with wrk or a timer. Valgrind's callgrind counts the machine instructions the Python
process executes instead: the same code gives the same count to within 0.2% in runs back to
back and about 1% across a day (Redis and database state), whatever else the machine is
doing, so compare within one run. Each checkout serves each page in its own process
(production settings, page cache off, its own virtualenv and demo database as in
bench/side_by_side.py): the
warm-up of gunicorn's `when_ready` and 20 requests fill every cache, then `--requests`
requests are counted. Instructions are not time (a cache miss or a system call costs more
than an addition), so this complements the wrk figures; it does not replace them.

`--cold` counts pages with every cache empty instead (as `bench.inprocess --cold`, the first
visitor after an edit or a deploy): before each counted request, with counting paused, the
caches are emptied. The count is the Python process's; PostgreSQL's own work on the
queries happens in its server process and is not in it.

Needs Debian's valgrind, and the databases bench/side_by_side.py prepares.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess  # nosec B404 - valgrind and our own Python, with argument lists
import sys
from pathlib import Path

# Only the standard library at the top: this file also runs, as a script, inside valgrind in
# the checkout being measured (--child), where `bench` is that checkout's package.


def _child(path: str, requests: int, cold: bool = False) -> None:
    """Runs inside valgrind, in the checkout being measured (cwd), with its virtualenv."""
    import io

    sys.path.insert(0, os.getcwd())
    from bench.pages import base_env

    os.environ.update(base_env(PAGE_CACHE_SECONDS="0"))
    import django

    django.setup()
    try:
        from cms.wagtail_speedups.warmup import freeze_heap, warm
    except ImportError:  # checkouts before issue #16 kept it in config/
        from config.warmup import freeze_heap, warm
    from config.wsgi import application

    warm()
    freeze_heap()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_X_FORWARDED_PROTO": "https",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    if "?" in path:
        environ["PATH_INFO"], environ["QUERY_STRING"] = path.split("?", 1)

    def request() -> None:
        status = []
        body = application(
            {**environ, "wsgi.input": io.BytesIO()}, lambda s, h, e=None: status.append(s)
        )
        b"".join(body)
        if status[0][:3] != "200":
            raise SystemExit(f"{path}: {status[0]}")

    def counting(on: bool) -> None:
        control = ["callgrind_control", f"--instr={'on' if on else 'off'}", str(os.getpid())]
        subprocess.run(control, check=True, capture_output=True)  # noqa: S603

    for _ in range(20):
        request()
    if cold:
        from bench.inprocess import _empty_every_cache

        for _ in range(requests):
            _empty_every_cache()
            counting(True)
            request()
            counting(False)
        return
    counting(True)
    for _ in range(requests):
        request()
    counting(False)


def count(server, path: str, requests: int, cold: bool = False) -> float:
    """Instructions per request (millions) of `path` served by `server`'s checkout (a
    bench.side_by_side.Server), starting from an empty Redis database."""
    import redis

    redis.Redis.from_url(server.redis).flushdb()
    result = subprocess.run(  # noqa: S603
        [  # noqa: S607 - Debian's valgrind, from PATH
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--callgrind-out-file=/dev/null",
            server.python,
            str(Path(__file__).resolve()),
            "--child",
            path,
            "--requests",
            str(requests),
            *(["--cold"] if cold else []),
        ],
        cwd=server.root,
        # The system allocator, so valgrind sees every allocation (both checkouts alike).
        env={**server.env(), "PYTHONMALLOC": "malloc"},
        capture_output=True,
        text=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"{server.root} {path}:\n{result.stderr[-2000:]}")
    return int(found.group(1)) / requests / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, help="the other checkout")
    parser.add_argument("--old-db", default="deh_bench_pages_old")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--pages", default="home,storefront,product,search,seller")
    parser.add_argument("--cold", action="store_true", help="every cache empty before each request")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.requests, args.cold)
        return
    if args.old is None:
        parser.error("--old is required")

    from bench.side_by_side import prepared_servers

    servers, urls = prepared_servers(args.old, args.old_db)
    print("| page | old M instructions | new M instructions | new/old |")
    print("|---|---|---|---|")
    for page in args.pages.split(","):
        old = count(servers["old"], urls["old"][page], args.requests, args.cold)
        new = count(servers["new"], urls["new"][page], args.requests, args.cold)
        print(f"| {page} | {old:.2f} | {new:.2f} | {new / old:.3f} |", flush=True)


if __name__ == "__main__":
    main()
