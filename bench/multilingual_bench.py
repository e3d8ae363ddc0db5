# ruff: noqa: S603, S607  (a local benchmark script: fixed git command)
"""What multilingual query analysis costs: the previous analysis (git revision BASE) and the
current one side by side in one process, on the same queries and the same index.

Usage: python -m bench.multilingual_bench [--rounds 30] (uses the configured database with the
demo catalogue indexed: `make demo`). Prints p50/p95 of the analysis alone and of the whole
search (analysis + backend + facets) for English queries and queries in the other languages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "66ca083"  # the last revision before multilingual analysis
ENGLISH = [
    "wooden toys",
    "darjeeling tea",
    "silk saree",
    "pashmina shawl",
    "brass",
    "organic spices",
    "basmati rice",
    "carpet",
    "darjeling tea",
    "banarasi sari",
]
OTHERS = [
    ("hi", "रेशमी साड़ी"),
    ("hi", "लकड़ी के खिलौने"),
    ("hi", "दार्जिलिंग चाय"),
    ("ar", "شاي دارجيلنغ"),
    ("ar", "سجاد صوف"),
    ("fr", "jouets en bois"),
    ("fr", "tapis de laine"),
    ("es", "té negro"),
    ("es", "juguetes de madera"),
    ("en", "banarasi sadi"),
]


def _old_analysis():
    source = subprocess.run(
        ["git", "show", f"{BASE}:search/analysis.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("search.analysis_previous")
    module.__file__ = str(ROOT / "search" / "analysis.py")  # its data files are unchanged paths
    exec(compile(source, "search/analysis_previous.py", "exec"), module.__dict__)  # noqa: S102
    return module


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from dataclasses import replace

    from search import analysis, services
    from search.backends.base import SearchQuery

    old = _old_analysis()
    cases = [("en", q) for q in ENGLISH] + OTHERS
    timings: dict[tuple[str, str, str], list[float]] = {}
    for _ in range(args.rounds):
        for language, text in cases:  # old and new interleaved: same cache and load
            group = "English" if language == "en" and text in ENGLISH else "other languages"
            for name, analyse in (
                ("previous", lambda t, _l: old.analyse(t)),
                ("multilingual", analysis.analyse),
            ):
                start = time.perf_counter()
                groups = analyse(text, language)
                prefer = analysis.specific_gis(groups) if name == "multilingual" else ()
                middle = time.perf_counter()
                query = SearchQuery(text=text, groups=groups, language=language, prefer_gi=prefer)
                services.search_products(replace(query))
                end = time.perf_counter()
                timings.setdefault((group, name, "analysis"), []).append((middle - start) * 1000)
                timings.setdefault((group, name, "search"), []).append((end - start) * 1000)
    print("| queries | analysis | part | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for (group, name, part), values in sorted(timings.items()):
        print(
            f"| {group} | {name} | {part} | {statistics.median(values):.2f} | "
            f"{_p(values, 0.95):.2f} |"
        )


if __name__ == "__main__":
    main()
