"""Lighthouse (npm registry, run on Debian's Chromium) on the home, storefront, product and
search pages, mobile profile; records category scores and first-load JavaScript size.

Usage: python -m bench.lighthouse [--runs 3]   (after bench.pages has prepared its database)

Each page is audited `--runs` times and the run with the median performance score is kept
(Lighthouse's own advice for its run-to-run variance); the table shows the range too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess  # nosec B404 - runs our own server, npm and lighthouse with argument lists
import tempfile
import time
from pathlib import Path

from bench.pages import ROOT, pick_urls, prepare_database, start_server
from bench.report import replace_block

LIGHTHOUSE_DIR = ROOT / "bench" / "lighthouse"
BEGIN, END = "<!-- LIGHTHOUSE:BEGIN -->", "<!-- LIGHTHOUSE:END -->"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def ensure_lighthouse() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        npm = shutil.which("npm") or "npm"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE_DIR, check=True)  # noqa: S603
    return binary


def run_lighthouse(binary: Path, url: str, attempts: int = 3) -> dict:
    # On a busy machine Chromium occasionally fails to start or times out; a failed run is
    # retried (it says nothing about the page), and the last error is shown if all fail.
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "report.json"
            done = subprocess.run(  # noqa: S603
                [
                    str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--chrome-flags={CHROME_FLAGS} --user-data-dir={tmp}/profile",
                    "--only-categories=" + ",".join(CATEGORIES),
                ],
                env={"CHROME_PATH": chromium, "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": tmp},
                capture_output=True,
                text=True,
            )  # fmt: skip
            if done.returncode == 0:
                return json.loads(out.read_text())
        print(f"  lighthouse failed on {url} (attempt {attempt}): {done.stderr[-300:]}", flush=True)
    raise SystemExit(f"lighthouse failed {attempts} times on {url}")


def audit(binary: Path, url: str) -> dict:
    report = run_lighthouse(binary, url)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    scripts = [
        item
        for item in report["audits"]["network-requests"]["details"]["items"]
        if item.get("resourceType") == "Script"
    ]
    scores["js_kb"] = round(sum(i.get("transferSize", 0) for i in scripts) / 1024, 1)
    failing = [
        audit["title"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in {"binary", "numeric"}
    ]  # fmt: skip
    scores["weak_audits"] = failing[:6]
    scores["indexable"] = report["audits"]["is-crawlable"]["score"] == 1
    return scores


def write_report(results: dict, runs: int) -> None:
    package = json.loads((LIGHTHOUSE_DIR / "package.json").read_text())
    version = package["dependencies"]["lighthouse"]
    lines = [
        BEGIN,
        f"Lighthouse {version} on Debian Chromium, mobile profile, "
        f"{time.strftime('%Y-%m-%d')} (bench/lighthouse.py), median of {runs} runs per page "
        "(performance range in brackets); load average "
        f"{os.getloadavg()[0]:.1f} on this shared 2-core machine (performance drops a few points "
        "when it is busy: the simulated throttling scales the observed main-thread time).",
        "",
        "| page (URL) | performance | accessibility | best practices | SEO "
        "| first-load JS (KB, compressed) |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in results.items():
        lines.append(
            f"| {name} (`{s['path']}`) | {s['performance']} ({s['perf_range']}) | "
            f"{s['accessibility']} | "
            f"{s['best-practices']} | {s['seo']} | {s['js_kb']} |"
        )
    if any(not s["indexable"] for s in results.values()):
        lines += [
            "",
            "SEO below 100 where the page says `noindex` on purpose: results for text that is "
            "not a landing phrase stay out of search engines (Google's guidance on internal "
            "search results); the phrases staff name (the demo's include `silk saree`) and "
            "one-filter listings such as a state are indexable landing pages with a canonical "
            "URL (search/seo.py).",
        ]
    weak = {n: s["weak_audits"] for n, s in results.items() if s["weak_audits"]}
    if weak:
        lines += ["", "Audits below 90 (what to fix next):", ""]
        lines += [f"- {name}: {'; '.join(items)}" for name, items in weak.items()]
    lines.append(END)
    block = "\n".join(lines)
    replace_block(BEGIN, END, block, heading="## Front end (Lighthouse)")


def audit_median(binary: Path, url: str, runs: int) -> dict:
    reports = sorted((audit(binary, url) for _ in range(runs)), key=lambda s: s["performance"])
    median = reports[len(reports) // 2]
    low, high = reports[0]["performance"], reports[-1]["performance"]
    return median | {"perf_range": f"{low}–{high}" if low != high else str(low)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = ensure_lighthouse()
    prepare_database(rebuild=False)
    urls = pick_urls()
    # `search` is a landing phrase of the demo (search/demo.py); a one-filter listing is the
    # other kind of landing page, and other free text is deliberately `noindex` (its SEO
    # score shows that). All three are measured (search/seo.py).
    urls["search (state listing)"] = "/search/?state=uttar-pradesh"
    urls["search (other text, noindex)"] = "/search/?q=silk"
    server, base = start_server(page_cache_seconds=0)
    try:
        results = {}
        for name, path in urls.items():
            results[name] = audit_median(binary, base + path, args.runs) | {"path": path}
            print(name, results[name], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    write_report(results, args.runs)


if __name__ == "__main__":
    main()
