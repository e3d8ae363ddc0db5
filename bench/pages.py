"""Page-serving benchmark: gunicorn with production settings on 127.0.0.1, loaded by wrk.

Measures, side by side in one run, the home page, a district storefront, a product page, a
search and a seller profile, uncached and with the anonymous page cache warm, and the same
server serving a static file as the reference. Figures go to docs/benchmarks.md between the
PAGES markers.

Two kinds of load, because they answer two questions:
* saturation (wrk, a fixed number of connections each sending its next request as soon as the
  last one is answered): how many requests per second the server can serve. Latency there is
  mostly queueing, by construction: wrk keeps every worker busy.
* a fixed offered rate (bench/open_loop.py: `--rate` requests per second arriving as
  independent visitors would, whatever the server does): how long a request takes when the
  site is as busy as the target says (200 requests/s for the uncached product and storefront
  pages). Latency counts from when each request was due, so a server that falls behind shows
  it in the percentiles, and the rate achieved is reported beside them.

Usage: python -m bench.pages [--duration 10] [--connections 8] [--rate 200]
Needs: PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379, Debian's `wrk`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess  # nosec B404 - starts our own server and wrk with argument lists
import sys
import time
import urllib.request
from pathlib import Path

from bench import open_loop
from bench.report import REPORT, replace_block
from config import gunicorn as gunicorn_config

ROOT = Path(__file__).resolve().parent.parent
# Overridable so engineers sharing one machine each bench on their own database and Redis db.
DB_NAME = os.environ.get("BENCH_PAGES_DB", "deh_bench_pages")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = os.environ.get("BENCH_PAGES_REDIS", "redis://127.0.0.1:6379/9")
SERVER_LOG = ROOT / "bench" / "out" / "gunicorn.log"
BEGIN, END = "<!-- PAGES:BEGIN -->", "<!-- PAGES:END -->"


def sh(*cmd: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, check=check, capture_output=True, text=True)  # noqa: S603


def base_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-only-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=DB_URL,
        CACHE_URL=REDIS_URL,
        MEDIA_ROOT=str(ROOT / "bench" / "out" / "media"),
        STATIC_ROOT=str(ROOT / "bench" / "out" / "static"),
        CONN_MAX_AGE="60",
    )
    env.update(extra)
    return env


def prepare_database(rebuild: bool) -> None:
    exists = sh(
        "psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'",  # noqa: S608 - the bench's own setting
    ).stdout.strip()  # fmt: skip
    if exists and not rebuild:
        # A database an earlier checkout built lacks this checkout's later migrations (new
        # indexes above all, which the pages' query plans rely on): bring it up to date. Its
        # demo data stay as they were; `--rebuild` loads them afresh.
        sh(sys.executable, "manage.py", "migrate", "--noinput", env=base_env())
        return
    sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}")
    sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB_NAME}")
    env = base_env()
    manage = [sys.executable, "manage.py"]
    print("migrating and loading the demo data into", DB_NAME, flush=True)
    sh(*manage, "migrate", "--noinput", env=env)
    sh(*manage, "createcachetable", env=env)
    sh(*manage, "load_demo_data", env=env)
    sh(*manage, "search_index", "--rebuild", env=env, check=False)
    # Planner statistics, as a production server's autovacuum gathers them once tables fill
    # (it is off on the bench machines' server: without them the planner expects one row per
    # table and the home page's storefront ranking took the slow plan).
    sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB_NAME, "-qc", "VACUUM ANALYZE")


def pick_urls() -> dict[str, str]:
    code = (
        "from catalogue.models import Product;"
        "from cms.models import DistrictPage;"
        "from sellers.models import Seller;from django.urls import reverse;"
        "p=Product.objects.filter(status='published').order_by('id').first();"
        "d=DistrictPage.objects.live().filter(district__slug='varanasi').first();"
        "s=Seller.objects.filter(status='approved').order_by('id').first();"
        "import json;print(json.dumps({'product': p.get_absolute_url(), 'storefront': d.url,"
        "'seller': reverse('catalogue:seller_detail', kwargs={'slug': s.slug})}))"
    )
    out = sh(sys.executable, "manage.py", "shell", "-c", code, env=base_env()).stdout
    urls = json.loads(out.strip().splitlines()[-1])
    return {
        "home": "/",
        "storefront": urls["storefront"],
        "product": urls["product"],
        "search": "/search/?q=silk+saree",
        "seller": urls["seller"],
    }


def free_port() -> int:
    if os.environ.get("BENCH_PAGES_PORT"):
        return int(os.environ["BENCH_PAGES_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(page_cache_seconds: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = base_env(PAGE_CACHE_SECONDS=str(page_cache_seconds))
    sh(sys.executable, "manage.py", "collectstatic", "--noinput", env=env)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    # The production run config (config/gunicorn.py: gthread workers, two per core, unless
    # WEB_CONCURRENCY says otherwise); no access log, as in the figures measured before it
    # existed.
    server = subprocess.Popen(  # noqa: S603
        [
            gunicorn,
            "-c",
            "config/gunicorn.py",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env={**env, "GUNICORN_ACCESS_LOG": ""},
        stdout=subprocess.DEVNULL,
        # Kept (appended per server start) so a 5xx or a worker crash during a run can be read.
        stderr=SERVER_LOG.open("a"),
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 - loopback
            return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def wrk(url: str, duration: int, connections: int) -> dict:
    result = sh(
        shutil.which("wrk") or "wrk", "-t2", f"-c{connections}", f"-d{duration}s",
        "-s", str(ROOT / "bench" / "wrk_report.lua"), url,
    )  # fmt: skip
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    return json.loads(line)


def fixed_rate(url: str, duration: int, rate: int) -> dict:
    """p50/p95/p99 at an offered `rate` requests/s, open loop (bench/open_loop.py)."""
    return asyncio.run(open_loop.run(url, rate, duration))


def measure(base: str, urls: dict[str, str], duration: int, connections: int) -> dict:
    figures = {}
    for name, path in urls.items():
        for _ in range(3):  # warm: connection pools, templates, renditions, page cache
            urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310 - loopback
        figures[name] = wrk(base + path, duration, connections)
        print(
            f"  {name:11} {figures[name]['rps']:8.1f} req/s"
            f"  p95 {figures[name]['p95_us'] / 1000:.1f} ms",
            flush=True,
        )
    return figures


# The pages measured at the fixed rate (the issues' latency target: p95 under 50 ms at 200
# requests/s, uncached), every public page type.
FIXED_RATE_PAGES = ("home", "storefront", "product", "search", "seller")


def write_report(uncached: dict, cached: dict, static: dict, steady: dict, args) -> None:
    ms = lambda us: f"{us / 1000:.1f}"  # noqa: E731
    lines = [
        BEGIN,
        f"Measured by `make bench` (bench/pages.py) on {time.strftime('%Y-%m-%d')}: gunicorn "
        f"(config/gunicorn.py: {gunicorn_config.workers} workers x {gunicorn_config.threads} "
        "threads, "
        f"production settings, PostgreSQL, Redis cache) and wrk "
        f"({args.connections} connections, {args.duration} s per row) on the same 2-core machine.",
        "",
        "| page | mode | req/s | p50 ms | p95 ms | p99 ms | errors | req/s vs static file |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for mode, figures in (("uncached", uncached), ("page cache warm", cached)):
        for name, f in figures.items():
            errors = f["errors"] + f["non2xx"]
            lines.append(
                f"| {name} | {mode} | {f['rps']:.0f} | {ms(f['p50_us'])} | {ms(f['p95_us'])} | "
                f"{ms(f['p99_us'])} | {errors} | {f['rps'] / static['rps']:.2f} |"
            )
    lines.append(
        f"| static file (reference) | whitenoise | {static['rps']:.0f} | {ms(static['p50_us'])} | "
        f"{ms(static['p95_us'])} | {ms(static['p99_us'])} | "
        f"{static['errors'] + static['non2xx']} | 1.00 |"
    )
    lines += [
        "",
        f"Uncached, at a fixed offered rate of {args.rate} requests/s (bench/open_loop.py: "
        f"Poisson arrivals, latency counted from when each request was due; {args.duration} s "
        "per row), in the same run, same server:",
        "",
        "| page | offered req/s | achieved req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, f in steady.items():
        lines.append(
            f"| {name} | {f['offered']} | {f['rps']:.0f} | {ms(f['p50_us'])} | "
            f"{ms(f['p95_us'])} | {ms(f['p99_us'])} | {f['bad']} |"
        )
    lines.append(END)
    block = "\n".join(lines)
    replace_block(BEGIN, END, block, heading="## Page serving")
    print(f"wrote {REPORT.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rate", type=int, default=200, help="the fixed offered rate, req/s")
    parser.add_argument("--rebuild", action="store_true", help="reload the bench database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    prepare_database(args.rebuild)
    # Start from an empty cache: entries left by an earlier run (of older code) would make
    # the figures depend on what ran before.
    sh(
        sys.executable, "manage.py", "shell", "-c",
        "from django.core.cache import caches; [c.clear() for c in caches.all()]",
        env=base_env(),
    )  # fmt: skip
    urls = pick_urls()
    results = {}
    for label, seconds in (("uncached", 0), ("cached", 60)):
        print(f"{label}:", flush=True)
        server, base = start_server(seconds)
        try:
            results[label] = measure(base, urls, args.duration, args.connections)
            if label == "uncached":
                results["steady"] = {}
                for name in FIXED_RATE_PAGES:
                    figures = fixed_rate(base + urls[name], args.duration, args.rate)
                    results["steady"][name] = figures
                    print(
                        f"  {name:11} at {args.rate}/s: achieved {figures['rps']:.1f}"
                        f"  p95 {figures['p95_us'] / 1000:.1f} ms",
                        flush=True,
                    )
                results["static"] = wrk(
                    base + "/static/css/site.css", args.duration, args.connections
                )
                print(f"  static      {results['static']['rps']:8.1f} req/s", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    write_report(results["uncached"], results["cached"], results["static"], results["steady"], args)


if __name__ == "__main__":
    main()
