"""Page serving, this checkout against another one (an older commit), side by side in one run.

    python -m bench.side_by_side --old /path/to/old/checkout [--rounds 3] [--duration 10]

Each checkout serves from its own gunicorn (production settings, its own PostgreSQL demo
database and Redis db, since the schema may differ between them) and its own virtualenv
(`.venv` in the checkout: the old one may pin other versions). With the anonymous page cache
off ("uncached", as in bench/pages.py), every page is loaded by wrk against the old server and
then the new one, order reversed every other round, so both see the same machine at the same
minutes: on a shared 2-core machine only figures taken this way compare. Prints one row per
page and round, then the medians and the new/old ratio.

The old checkout's database is built by its own `bench.pages.prepare_database` the first time
(BENCH_PAGES_DB=deh_bench_pages_old). Needs PostgreSQL and Redis on 127.0.0.1 and Debian's wrk.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess  # nosec B404 - our own servers and wrk, with argument lists
import sys
import time
import urllib.request
from pathlib import Path

import redis

from bench import pages

NEW_ROOT = pages.ROOT


class Server:
    def __init__(self, root: Path, db: str, redis: str, port: int):
        self.root, self.db, self.redis, self.port = root, db, redis, port
        self.python = str(root / ".venv" / "bin" / "python")
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def env(self) -> dict:
        env = pages.base_env(PAGE_CACHE_SECONDS="0")
        env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{self.db}",
            CACHE_URL=self.redis,
            BENCH_PAGES_DB=self.db,
            BENCH_PAGES_REDIS=self.redis,
            # Each checkout collects and serves its own static files.
            STATIC_ROOT=str(self.root / "bench" / "out" / "static"),
        )
        return env

    def run(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603
            [self.python, *args],
            cwd=self.root,
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def prepare(self) -> None:
        code = "from bench.pages import prepare_database; prepare_database(rebuild=False)"
        self.run("-c", f"import sys; sys.path.insert(0, '.'); {code}")
        self.run("manage.py", "collectstatic", "--noinput", "-v0")

    def urls(self) -> dict[str, str]:
        code = (
            "from catalogue.models import Product;from cms.models import DistrictPage;"
            "from sellers.models import Seller;from django.urls import reverse;import json;"
            "p=Product.objects.filter(status='published').order_by('id').first();"
            "d=DistrictPage.objects.live().filter(district__slug='varanasi').first();"
            "s=Seller.objects.filter(status='approved').order_by('id').first();"
            "print(json.dumps({'product': p.get_absolute_url(), 'storefront': d.url,"
            "'seller': reverse('catalogue:seller_detail', kwargs={'slug': s.slug})}))"
        )
        found = json.loads(self.run("manage.py", "shell", "-c", code).strip().splitlines()[-1])
        return {
            "home": "/",
            "storefront": found["storefront"],
            "product": found["product"],
            "search": "/search/?q=silk+saree",
            "seller": found["seller"],
        }

    def start(self) -> None:
        # Each run starts from empty caches (entries of an earlier run, or of the other
        # checkout's code, would be served).
        redis.Redis.from_url(self.redis).flushdb()
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(self.python).with_name("gunicorn")),
                "-c",
                "config/gunicorn.py",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=self.root,
            env={**self.env(), "GUNICORN_ACCESS_LOG": ""},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2)  # noqa: S310
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn in {self.root} did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


def prepared_servers(old_root: Path, old_db: str) -> tuple[dict, dict]:
    """The old and the new checkout's servers (databases built, static files collected), and
    each one's page URLs (the demo data's ids differ between the two databases)."""
    servers = {
        "old": Server(old_root.resolve(), old_db, "redis://127.0.0.1:6379/8", 8421),
        "new": Server(NEW_ROOT, pages.DB_NAME, pages.REDIS_URL, 8422),
    }
    urls = {}
    for name, server in servers.items():
        server.prepare()
        urls[name] = server.urls()
    return servers, urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, type=Path, help="the other checkout")
    parser.add_argument("--old-db", default="deh_bench_pages_old")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--pages", default="home,storefront,product,search,seller")
    args = parser.parse_args()

    servers, urls = prepared_servers(args.old, args.old_db)
    try:
        for server in servers.values():
            server.start()
        figures: dict[tuple[str, str], list[dict]] = {}
        print(f"{'page':<11} {'round':>5} {'server':>6} {'req/s':>8} {'p95 ms':>8}", flush=True)
        for page in args.pages.split(","):
            for round_ in range(args.rounds):
                order = ["old", "new"] if round_ % 2 == 0 else ["new", "old"]
                for name in order:
                    url = servers[name].base + urls[name][page]
                    for _ in range(3):  # warm: pools, templates, fragment caches
                        urllib.request.urlopen(url, timeout=30).read()  # noqa: S310
                    result = pages.wrk(url, args.duration, args.connections)
                    figures.setdefault((page, name), []).append(result)
                    print(
                        f"{page:<11} {round_ + 1:>5} {name:>6} {result['rps']:>8.1f} "
                        f"{result['p95_us'] / 1000:>8.1f}",
                        flush=True,
                    )
    finally:
        for server in servers.values():
            server.stop()
    print("\n| page | old req/s | new req/s | new/old | old p95 ms | new p95 ms |")
    print("|---|---|---|---|---|---|")
    for page in args.pages.split(","):
        old = figures[(page, "old")]
        new = figures[(page, "new")]
        old_rps = statistics.median(r["rps"] for r in old)
        new_rps = statistics.median(r["rps"] for r in new)
        print(
            f"| {page} | {old_rps:.0f} | {new_rps:.0f} | {new_rps / old_rps:.2f} | "
            f"{statistics.median(r['p95_us'] for r in old) / 1000:.1f} | "
            f"{statistics.median(r['p95_us'] for r in new) / 1000:.1f} |"
        )
    if os.environ.get("SIDE_BY_SIDE_JSON"):
        Path(os.environ["SIDE_BY_SIDE_JSON"]).write_text(
            json.dumps({f"{p}:{n}": v for (p, n), v in figures.items()})
        )


if __name__ == "__main__":
    sys.exit(main())
