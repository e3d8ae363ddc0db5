"""Lighthouse (npm registry, run on Debian's Chromium) on the home, storefront, product and
search pages, mobile profile; records category scores and first-load JavaScript size.

Usage: python -m bench.lighthouse   (after bench.pages has prepared its database)
"""

from __future__ import annotations

import json
import shutil
import subprocess  # nosec B404 - runs our own server, npm and lighthouse with argument lists
import tempfile
import time
from pathlib import Path

from bench.pages import REPORT, ROOT, pick_urls, prepare_database, start_server

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


def audit(binary: Path, url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        subprocess.run(  # noqa: S603
            [
                str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                f"--chrome-flags={CHROME_FLAGS} --user-data-dir={tmp}/profile",
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            check=True,
            env={"CHROME_PATH": chromium, "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": tmp},
            capture_output=True,
        )  # fmt: skip
        report = json.loads(out.read_text())
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
    return scores


def write_report(results: dict) -> None:
    package = json.loads((LIGHTHOUSE_DIR / "package.json").read_text())
    version = package["dependencies"]["lighthouse"]
    lines = [
        BEGIN,
        f"Lighthouse {version} on Debian Chromium, mobile profile, "
        f"{time.strftime('%Y-%m-%d')} (bench/lighthouse.py).",
        "",
        "| page | performance | accessibility | best practices | SEO "
        "| first-load JS (KB, compressed) |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in results.items():
        lines.append(
            f"| {name} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | "
            f"{s['seo']} | {s['js_kb']} |"
        )
    weak = {n: s["weak_audits"] for n, s in results.items() if s["weak_audits"]}
    if weak:
        lines += ["", "Audits below 90 (what to fix next):", ""]
        lines += [f"- {name}: {'; '.join(items)}" for name, items in weak.items()]
    lines.append(END)
    block = "\n".join(lines)
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text += "\n## Front end (Lighthouse)\n\n" + block + "\n"
    REPORT.write_text(text)


def main() -> None:
    binary = ensure_lighthouse()
    prepare_database(rebuild=False)
    urls = pick_urls()
    # Free-text search is deliberately `noindex` (its SEO score shows that); a one-filter
    # listing is the indexable landing-page variant (search/seo.py). Both are measured.
    urls["search (state listing)"] = "/search/?state=uttar-pradesh"
    server, base = start_server(page_cache_seconds=0)
    try:
        results = {}
        for name, path in urls.items():
            results[name] = audit(binary, base + path)
            print(name, results[name], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    write_report(results)


if __name__ == "__main__":
    main()
