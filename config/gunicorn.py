"""gunicorn settings for production: `gunicorn -c config/gunicorn.py config.wsgi:application`.

Used by the Dockerfile, docker-compose.yml and bench/pages.py; every value can be overridden
from the environment (WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT) or the command line.

Why these values (measured with bench/pages.py on the 2-core bench machine, docs/benchmarks.md):
* one worker process per core: a page is mostly Python (templates, ORM), so more processes
  than cores only add memory and context switches;
* a few threads per worker (gthread): while one request waits for PostgreSQL or Redis,
  another runs Python in the same process, which keeps both cores busy under load; more
  threads than that only queue behind the GIL;
* `max_requests` with jitter recycles workers now and then, bounding slow memory growth
  without restarting all of them at once;
* `preload_app` imports Django once in the arbiter, so workers start fast and share pages.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
preload_app = True
# An empty GUNICORN_ACCESS_LOG turns the access log off (the benchmark does, as before).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
