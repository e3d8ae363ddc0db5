"""The pieces around page serving: the gunicorn warm-up, the Redis cache backend, and the
bench's open-loop load generator (bench/open_loop.py), each against the real thing."""

import asyncio
import gc
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.template import engines

from bench import open_loop
from cms.wagtail_speedups import warmup
from core.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/13"


def test_warm_up_compiles_the_public_templates_without_touching_the_database():
    # No `db` fixture: pytest-django fails any query, so a warm-up that read a row (before
    # gunicorn forks, where a connection would be shared by every worker) fails here.
    names = warmup.template_names()
    assert {"base.html", "includes/header.html", "catalogue/product_detail.html"} <= set(names)
    warmup.warm()
    loader = engines["django"].engine.template_loaders[0]
    cached = getattr(loader, "get_template_cache", None)
    assert cached is not None, "production settings use the cached template loader"
    assert "base.html" in cached


def test_warm_up_loads_the_pdf_engine_and_photo_uploads_stay_strict():
    # WeasyPrint, imported in the arbiter, turns on Pillow's LOAD_TRUNCATED_IMAGES for every
    # worker it forks: the warm-up must leave the photo check refusing a half-uploaded file.
    import sys

    from django.core.exceptions import ValidationError
    from PIL import ImageFile

    from core.uploads import clean_image_upload
    from tests.factories.catalogue import image_bytes, upload

    warmup.warm()
    assert "weasyprint" in sys.modules
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    data = image_bytes("JPEG", size=(200, 200))
    with pytest.raises(ValidationError) as info:
        clean_image_upload(upload("cut.jpg", data[: len(data) // 2]))
    assert info.value.code == "corrupt"


def test_freezing_the_heap_takes_existing_objects_out_of_the_collectors_reach():
    kept = [object() for _ in range(1000)]
    try:
        warmup.freeze_heap()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_the_redis_backend_keeps_one_client_per_pool_and_still_caches():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client  # one server: one pool, one client
    cache.set("answer", {"rows": [1, 2]}, 30)
    assert cache.get("answer") == {"rows": [1, 2]}
    assert cache.get_many(["answer", "missing"]) == {"answer": {"rows": [1, 2]}}
    assert cache.add("n", 1)
    assert cache.incr("n") == 2
    cache.delete_many(["answer", "n"])
    assert cache.get("answer") is None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn

    def do_GET(self):
        body = b"x" * 2000
        self.send_response(500 if self.path == "/broken" else 200)
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/close":
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_open_loop_generator_offers_its_rate_and_reuses_connections(server):
    figures = asyncio.run(open_loop.run(server + "/ok", rate=100, duration=1.5))
    assert figures["bad"] == 0
    assert 80 <= figures["requests"] <= 220  # Poisson arrivals: about 150
    assert 70 <= figures["rps"] <= 130
    assert figures["connections"] < figures["requests"] / 3  # keep-alive
    assert 0 < figures["p50_us"] <= figures["p95_us"] <= figures["p99_us"]


def test_the_open_loop_generator_counts_errors_and_follows_connection_close(server):
    broken = asyncio.run(open_loop.run(server + "/broken", rate=50, duration=0.5))
    assert broken["bad"] == broken["requests"] > 0
    closing = asyncio.run(open_loop.run(server + "/close", rate=50, duration=0.5, connections=2))
    assert closing["bad"] == 0
    # One connection per request, none reused (the two opened beforehand serve the first two).
    assert closing["connections"] == max(closing["requests"], 2)
