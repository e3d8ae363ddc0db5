"""Soak: gunicorn with production settings on 127.0.0.1 under bounded mixed traffic.

For --minutes (default 3) Python threads browse (home, storefronts, product and GI pages),
search (varied queries), send enquiries as the demo buyer (signed in through allauth's login
form; the real enquiry form with its CSRF token, honeypot and fill-time token) and deliver
signed Stripe webhook events. Requests and errors are counted by kind; the RSS of every
gunicorn process is sampled every 10 s. Pass: zero errors (5xx or connection errors) and
worker memory growth after warm-up below --max-growth-mb. Figures go to docs/benchmarks.md
between the SOAK markers.

Usage: python -m bench.soak [--minutes 3] [--browse-threads 3] [--max-growth-mb 40]
Needs: the bench database of bench.pages (prepared here if missing), PostgreSQL and Redis
on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import hmac
import itertools
import json
import random
import re
import subprocess  # nosec B404 - starts our own gunicorn with an argument list
import sys
import threading
import time
from pathlib import Path

import requests

from bench.pages import ROOT, base_env, free_port, prepare_database, sh
from bench.report import replace_block

BEGIN, END = "<!-- SOAK:BEGIN -->", "<!-- SOAK:END -->"
WEBHOOK_SECRET = "whsec_soak_only"  # noqa: S105 - a throwaway secret for the local server
DEMO_BUYER = "buyer@example.com"
SAMPLE_EVERY = 10.0
QUERIES = [
    "silk saree",
    "banarasi",
    "darjeeling tea",
    "brass",
    "pashmina shawl",
    "carpet",
    "alphonso mango",
    "handloom",
    "terracotta",
    "spices",
    "ikat",
    "zari",
    "wooden toys",
    "blue pottery",
    "coir",
    "cashew",
]


class _PlainHTTPSession(requests.Session):
    """Production cookies are Secure; the soak talks plain HTTP to 127.0.0.1, so the flag is
    dropped from stored cookies (requests copies jars per request, so a jar policy won't do)."""

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def session() -> requests.Session:
    return _PlainHTTPSession()


def pick_paths() -> dict[str, list[str]]:
    code = (
        "import json;"
        "from catalogue.models import Product, GIProduct;"
        "from cms.models import DistrictPage;"
        "p=list(Product.objects.filter(status='published').order_by('?')[:40]);"
        "d=[x.url for x in DistrictPage.objects.live().order_by('?')[:20]];"
        "g=[x.get_absolute_url() for x in GIProduct.objects.order_by('?')[:15]];"
        "s=sorted({x.seller.get_absolute_url() for x in p})[:15];"
        "print(json.dumps({'products':[x.get_absolute_url() for x in p],"
        "'slugs':[x.slug for x in p],'storefronts':d,'gi':g,'sellers':s}))"
    )
    out = sh(sys.executable, "manage.py", "shell", "-c", code, env=base_env()).stdout
    return json.loads(out.strip().splitlines()[-1])


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = base_env(
        PAGE_CACHE_SECONDS="60",
        ENQUIRY_RATE_LIMIT_PER_HOUR="1000000",
        STRIPE_SECRET_KEY="sk_test_soak_only",  # noqa: S106 - local, fake
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        # Nothing listens there: no soak request may reach the real Stripe.
        STRIPE_API_BASE=f"http://127.0.0.1:{free_port()}",
        EMAIL_URL="consolemail://",
        TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
    )
    sh(sys.executable, "manage.py", "collectstatic", "--noinput", env=env)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(  # noqa: S603
        [
            gunicorn,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "bench" / "out" / "soak-gunicorn.log", "w"),  # noqa: SIM115
    )
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: collections.Counter = collections.Counter()
        self.errors: collections.Counter = collections.Counter()
        self.other: collections.Counter = collections.Counter()  # 4xx that should not happen
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.samples: list[tuple[float, dict[int, int]]] = []
        self.error_examples: list[str] = []

    def record(self, kind: str, response=None, error: Exception | None = None, *, ok=(200,)):
        with self.lock:
            self.requests[kind] += 1
            if error is not None:
                self.errors[kind] += 1
                if len(self.error_examples) < 10:
                    self.error_examples.append(f"{kind}: {type(error).__name__}: {error}")
                return
            self.latency[kind].append(response.elapsed.total_seconds())
            if response.status_code >= 500:
                self.errors[kind] += 1
                if len(self.error_examples) < 10:
                    self.error_examples.append(f"{kind}: {response.status_code} {response.url}")
            elif response.status_code not in ok:
                self.other[f"{kind} {response.status_code}"] += 1


def _get(s, stats, kind, url, **kwargs):
    try:
        response = s.get(url, timeout=30, **kwargs)
    except requests.RequestException as exc:
        stats.record(kind, error=exc)
        return None
    stats.record(kind, response)
    return response


def browse_loop(base, paths, stats, stop, rng):
    s = session()
    pages = (
        ["/"] * 3
        + paths["storefronts"]
        + paths["products"]
        + paths["gi"]
        + paths["sellers"]
        + ["/gi/"]
    )
    while not stop.is_set():
        _get(s, stats, "browse", base + rng.choice(pages))


def search_loop(base, paths, stats, stop, rng):
    s = session()
    while not stop.is_set():
        query = rng.choice(QUERIES)
        if rng.random() < 0.25:
            _get(s, stats, "search", f"{base}/search/suggest", params={"q": query[:4]})
        elif rng.random() < 0.3:
            _get(s, stats, "search", f"{base}/api/v1/products", params={"q": query})
        else:
            params = {"q": query, "page": rng.choice(["1", "1", "2"])}
            _get(s, stats, "search", f"{base}/search/", params=params)


_INPUT = r'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"'


def _field(html: str, name: str) -> str:
    match = re.search(_INPUT.format(name=re.escape(name)), html)
    if not match:
        raise ValueError(f"no {name} field in the page")
    return match.group(1) or match.group(2) or ""


def login(base: str, password: str) -> requests.Session:
    s = session()
    page = s.get(f"{base}/accounts/login/", timeout=30)
    page.raise_for_status()
    response = s.post(
        f"{base}/accounts/login/",
        data={
            "login": DEMO_BUYER,
            "password": password,
            "csrfmiddlewaretoken": _field(page.text, "csrfmiddlewaretoken"),
        },
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302 or "sessionid" not in s.cookies:
        raise SystemExit(f"the demo buyer could not sign in ({response.status_code})")
    return s


def enquiry_loop(base, paths, stats, stop, rng, password, fill_seconds):
    try:
        s = login(base, password)
    except (requests.RequestException, ValueError, SystemExit) as exc:
        stats.record("enquiry", error=Exception(f"sign-in failed: {exc}"))
        return
    count = itertools.count(1)
    while not stop.is_set():
        slug = rng.choice(paths["slugs"])
        url = f"{base}/enquiries/new/?product={slug}"
        form = _get(s, stats, "enquiry", url)
        if form is None or form.status_code != 200:
            continue
        if stop.wait(fill_seconds):  # people take time to write; the form refuses bots' speed
            break
        n = next(count)
        data = {
            "csrfmiddlewaretoken": _field(form.text, "csrfmiddlewaretoken"),
            "started": _field(form.text, "started"),
            "once": _field(form.text, "once"),  # the one-time form token (marketplace.once)
            "company_website": "",  # the honeypot stays empty
            "quantity": str(rng.randint(50, 2000)),
            "unit": "piece",
            "target_currency": "USD",
            "destination_country": rng.choice(["DE", "FR", "US", "AE", "JP"]),
            "destination_port": "Hamburg",
            "incoterm": "FOB",
            "message": f"Soak enquiry {n}: samples and your best price for this quantity.",
        }
        try:
            response = s.post(url, data=data, timeout=30, allow_redirects=False)
        except requests.RequestException as exc:
            stats.record("enquiry", error=exc)
            continue
        stats.record("enquiry", response, ok=(302,))
        if response.status_code == 302:
            with stats.lock:
                stats.other["enquiries saved"] += 1


def webhook_loop(base, stats, stop, rng):
    s = requests.Session()
    ids = itertools.count(1)
    while not stop.is_set():
        n = next(ids)
        # Unknown sessions: verified, recorded and ignored without calling Stripe.
        kind = rng.choice(["checkout.session.expired", "checkout.session.async_payment_failed"])
        obj = {"id": f"cs_soak_{n}", "object": "checkout.session", "metadata": {}}
        event = {
            "id": f"evt_soak_{int(time.time())}_{n}",
            "object": "event",
            "api_version": "2025-01-27.acacia",
            "created": int(time.time()),
            "livemode": False,
            "type": kind,
            "data": {"object": obj},
        }
        payload = json.dumps(event).encode()
        stamp = int(time.time())
        mac = hmac.new(WEBHOOK_SECRET.encode(), f"{stamp}.".encode() + payload, hashlib.sha256)
        headers = {
            "Content-Type": "application/json",
            "Stripe-Signature": f"t={stamp},v1={mac.hexdigest()}",
        }
        try:
            response = s.post(f"{base}/webhooks/stripe/", data=payload, headers=headers, timeout=30)
        except requests.RequestException as exc:
            stats.record("webhook", error=exc)
        else:
            stats.record("webhook", response, ok=(200,))
        stop.wait(0.2)


def sampler(master, stats, stop):
    while not stop.is_set():
        pids = worker_pids(master)
        stats.samples.append((time.monotonic(), {pid: rss_kb(pid) for pid in pids}))
        stop.wait(SAMPLE_EVERY)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def analyse(stats: Stats, warmup_s: float, started: float) -> dict:
    warm = [s for s in stats.samples if s[0] - started >= warmup_s] or stats.samples
    first, last = warm[0][1], warm[-1][1]
    common = sorted(set(first) & set(last))
    growth = {pid: (last[pid] - first[pid]) / 1024 for pid in common}
    totals = [sum(sample.values()) / 1024 for _t, sample in stats.samples]
    return {
        "growth_mb": growth,
        "max_growth_mb": max(growth.values(), default=0.0),
        "respawned": set(first) != set(last),
        "rss_first_mb": sum(first.values()) / 1024,
        "rss_last_mb": sum(last.values()) / 1024,
        "rss_peak_mb": max(totals, default=0.0),
    }


def write_report(stats: Stats, memory: dict, args, elapsed: float, passed: bool) -> None:
    lines = [
        "## Soak (`make soak`)",
        "",
        f"Run {dt.date.today().isoformat()}: gunicorn ({args.workers} workers, production "
        f"settings, Redis cache, PostgreSQL) on 127.0.0.1 for {elapsed / 60:.1f} min, "
        f"{args.browse_threads} browse + {args.search_threads} search + 1 enquiry + 1 webhook "
        "threads on the same 2-core machine (shared with other work, so rates are modest). "
        "Anonymous pages use the page cache (60 s) as in production.",
        "",
        "| Traffic | Requests | Errors (5xx / connection) | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in ("browse", "search", "enquiry", "webhook"):
        lat = [v * 1000 for v in stats.latency.get(kind, [])]
        lines.append(
            f"| {kind} | {stats.requests[kind]} | {stats.errors[kind]} | "
            f"{percentile(lat, 50):.0f} | {percentile(lat, 95):.0f} | {percentile(lat, 99):.0f} |"
        )
    total = sum(stats.requests[k] for k in ("browse", "search", "enquiry", "webhook"))
    lines += [
        "",
        f"Total {total} requests ({total / elapsed:.1f}/s); enquiries saved: "
        f"{stats.other['enquiries saved']}. Unexpected non-5xx answers: "
        + (
            ", ".join(f"{k}: {v}" for k, v in sorted(stats.other.items()) if k != "enquiries saved")
            or "none"
        )
        + ".",
        "",
        f"Memory (RSS of all gunicorn processes, sampled every {SAMPLE_EVERY:.0f} s): "
        f"{memory['rss_first_mb']:.0f} MB after the {args.warmup:.0f} s warm-up, "
        f"{memory['rss_last_mb']:.0f} MB at the end, peak {memory['rss_peak_mb']:.0f} MB; "
        f"largest growth of one process after warm-up {memory['max_growth_mb']:.1f} MB "
        f"(bound {args.max_growth_mb:.0f} MB)"
        + ("; a worker was respawned." if memory["respawned"] else "."),
        "",
        f"**Result: {'PASS' if passed else 'FAIL'}** (zero errors and growth below the bound).",
    ]
    replace_block(BEGIN, END, BEGIN + "\n" + "\n".join(lines) + "\n" + END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--browse-threads", type=int, default=3)
    parser.add_argument("--search-threads", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=40.0, help="seconds before the baseline")
    parser.add_argument("--max-growth-mb", type=float, default=40.0)
    parser.add_argument("--fill-seconds", type=float, default=3.2)
    parser.add_argument("--password", default="deh-demo-2026")
    parser.add_argument("--rebuild", action="store_true", help="reload the bench database")
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()

    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    prepare_database(args.rebuild)
    paths = pick_paths()
    port = free_port()
    server = start_server(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    stats, stop = Stats(), threading.Event()
    rng = random.Random(2026)  # nosec B311 - traffic mix, not security
    try:
        started = time.monotonic()
        threads = [threading.Thread(target=sampler, args=(server.pid, stats, stop))]
        threads += [
            threading.Thread(target=browse_loop, args=(base, paths, stats, stop, random.Random(i)))
            for i in range(args.browse_threads)
        ]
        threads += [
            threading.Thread(
                target=search_loop, args=(base, paths, stats, stop, random.Random(100 + i))
            )
            for i in range(args.search_threads)
        ]
        threads.append(
            threading.Thread(
                target=enquiry_loop,
                args=(base, paths, stats, stop, rng, args.password, args.fill_seconds),
            )
        )
        threads.append(threading.Thread(target=webhook_loop, args=(base, stats, stop, rng)))
        for thread in threads:
            thread.daemon = True
            thread.start()
        deadline = started + args.minutes * 60
        while time.monotonic() < deadline:
            time.sleep(min(15.0, max(0.0, deadline - time.monotonic())))
            done = sum(stats.requests.values())
            errors = sum(stats.errors.values())
            print(
                f"  {time.monotonic() - started:5.0f} s  {done} requests  {errors} errors",
                flush=True,
            )
        stop.set()
        for thread in threads:
            thread.join(timeout=40)
        stats.samples.append((time.monotonic(), {p: rss_kb(p) for p in worker_pids(server.pid)}))
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    memory = analyse(stats, args.warmup, started)
    errors = sum(stats.errors.values())
    passed = errors == 0 and memory["max_growth_mb"] < args.max_growth_mb
    for kind in ("browse", "search", "enquiry", "webhook"):
        print(f"{kind:8} {stats.requests[kind]:7} requests {stats.errors[kind]:4} errors")
    for example in stats.error_examples:
        print("  error:", example)
    print("other answers:", dict(stats.other))
    print(f"memory growth per process after warm-up (MB): {memory['growth_mb']}")
    if not args.no_report:
        write_report(stats, memory, args, elapsed, passed)
    print("PASS" if passed else "FAIL")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
