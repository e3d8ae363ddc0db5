"""One side of `bench.search_bench --old DIR`: runs searches in the checkout it is started in.

Started by the bench as `<checkout>/.venv/bin/python bench/search_worker.py <checkout>` with
that checkout's own database in DATABASE_URL, so an older commit searches with its own code,
schema and index (loading an old backend module into today's process, as `--compare` does,
only works while the index table keeps its shape). Deliberately stand-alone: it imports
nothing from this repository's bench package, because the checkout it runs in may have none.

Protocol, one JSON object per line: the bench writes {"q": ..., "state": slug or null,
"price": [low, high] or null, "forget": bool}; the worker answers {"ms": ..., "total": ...},
timing only the search call itself (the pipe is not measured). {"blocks": true} answers the
database's shared-buffer reads so far, for the buffers-per-search figure. {"freeze": true}
does what a gunicorn worker of this project has done before its first request (`freeze_heap`
in config/gunicorn.py's warm-up): collect, then freeze the heap, so that the collector no
longer walks the long-lived objects on every full collection (without it, one search in
ten or so paid a pause of 80-90 ms that no served request pays).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from decimal import Decimal


def forget() -> None:
    """Everything a search leaves behind, as if the site had never seen the query: every
    cache alias, the versions this process holds for a second, the analysed queries. What
    stays warm is what a running server keeps whatever it is asked (GI tables, query plans).
    Each forget function is looked up by name, since an older checkout may lack some."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    for module, name in (
        ("core.content_cache", "forget_local_version"),
        ("config.content_cache", "forget_local_version"),  # before issue #16
        ("search.backends.database", "forget_local_index_version"),
        ("search.analysis", "forget_analyses"),
    ):
        try:
            forget = getattr(__import__(module, fromlist=[name]), name)
        except (ImportError, AttributeError):
            continue
        forget()


def _search(request: dict) -> int:
    from search import services

    cleaned = {"q": request["q"], "filters": {}}
    if request.get("state"):
        cleaned["filters"]["state"] = (request["state"],)
    if request.get("price"):
        cleaned["price_min"], cleaned["price_max"] = (Decimal(v) for v in request["price"])
    return services.search_products(services.build_query(cleaned)).total


def shared_buffer_reads() -> int:
    """Shared buffers this database has read so far (hits and reads), once the statistics
    of this backend are published."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    time.sleep(1.2)  # the statistics collector publishes once a second
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT blks_hit + blks_read FROM pg_stat_database WHERE datname = current_database()"
        )
        return int(cursor.fetchone()[0])


def main() -> None:
    checkout = sys.argv[1]
    sys.path.insert(0, checkout)
    os.chdir(checkout)
    import django
    from django.db import reset_queries

    django.setup()
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("blocks"):
            answer = {"blocks": shared_buffer_reads()}
        elif request.get("freeze"):
            gc.collect()
            gc.freeze()
            answer = {"frozen": gc.get_freeze_count()}
        else:
            if request.get("forget"):
                forget()
            start = time.perf_counter()
            total = _search(request)
            answer = {"ms": (time.perf_counter() - start) * 1000, "total": total}
            reset_queries()
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
