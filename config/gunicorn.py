"""gunicorn settings for production: `gunicorn -c config/gunicorn.py config.wsgi:application`.

Used by the Dockerfile, docker-compose.yml and bench/pages.py; every value can be overridden
from the environment (WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT,
GUNICORN_MAX_REQUESTS) or the command line.

Why these values (measured with bench/pages.py on the 2-core bench machine, docs/benchmarks.md):
* two worker processes per core, two threads each (gthread). A page is mostly Python, and
  the threads of one process take turns on one core (the GIL): with one process per core, a
  request queued behind another's Python in its process while the other core sat idle. Two
  processes per core let the kernel spread the work: side by side at 200 uncached requests/s
  (docs/benchmarks.md, fourth round), the storefront's p95 fell from 32-49 ms (2 x 4) to
  20-26 ms (4 x 2), the product page's from 16-30 to 13-14 ms, for ~75 MB more memory (the
  server's proportional set size after 800 page views: 239 -> 312 MB; the warmed heap is
  shared). The second thread serves while the first waits for PostgreSQL, Redis or Stripe;
* `max_requests` with jitter recycles workers now and then, bounding slow memory growth
  without restarting all of them at once. Rarely: a recycle leaves one worker serving alone
  for a second or more (the old one drains, the arbiter forks the next), which the bench saw
  as p95s of over a second when it happened every 5,000 requests (every ~15 s at the bench's
  rates); the soak test (`make soak`) shows no memory growth to bound;
* `preload_app` imports Django once in the arbiter, so workers start fast and share pages;
  `when_ready` then does there what each worker would otherwise do on its first requests
  (cms/wagtail_speedups/warmup.py), so a recycled worker serves at full speed at once (a cold
  one stalled the requests behind it for about 1.5 s: the p95 and p99 of the cached pages in
  the bench), and freezes the heap it built, so the garbage collector no longer walks it (a
  ~300 ms pause every thousand or so requests).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# The warm-up and heap freeze below need it, and tests/cms/test_wagtail_speedups.py fails
# without this exact line (cms/wagtail_speedups lists what its speed-ups rely on).
preload_app = True
# An empty GUNICORN_ACCESS_LOG turns the access log off (the benchmark does, as before).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None


def when_ready(server):
    """Runs in the arbiter after the app is loaded and before any worker is forked."""
    if preload_app:
        from cms.wagtail_speedups.warmup import freeze_heap, warm

        warm()
        freeze_heap()
