"""core/fragment_cache.py: versioned entries are read from process memory first, then from
the shared cache, and every write reaches the shared cache (so other processes see it)."""

import time

from django.core.cache import caches

from core.fragment_cache import LOCAL_SECONDS, LocalFirstCache
from tests.factories.officials import make_storefront


def _process(name: str) -> LocalFirstCache:
    """A worker process: its own memory (one per location; the threads of one process share
    it), the same shared (default) cache."""
    return LocalFirstCache(name, {"OPTIONS": {"SHARED": "default"}})


def test_a_write_in_one_process_is_read_by_another_through_the_shared_cache(db):
    first, second = _process("first"), _process("second")
    first.set("fragment:1:v1", "<p>one</p>", 600)
    assert caches["default"].get("fragment:1:v1") == "<p>one</p>"
    assert second.get("fragment:1:v1") == "<p>one</p>"
    # Now in the second process's memory: served without the shared cache.
    caches["default"].delete("fragment:1:v1")
    assert second.get("fragment:1:v1") == "<p>one</p>"
    assert second.get_many(["fragment:1:v1", "absent"]) == {"fragment:1:v1": "<p>one</p>"}
    assert _process("third").get("fragment:1:v1", "missed") == "missed"


def test_an_edit_elsewhere_changes_the_key_so_no_process_serves_the_old_copy(client, db):
    storefront = make_storefront()
    assert "Varanasi" in client.get(storefront.url).content.decode()
    # The edit bumps the version in the shared cache, as one made by another process would.
    page = storefront.specific
    page.title = "Kashi"
    page.save_revision().publish()
    html = client.get(storefront.url).content.decode()
    assert '<h1 class="hero__title">Kashi</h1>' in html


def test_local_copies_expire_within_a_minute_and_clear_keeps_shared_data(db):
    cache = _process("fourth")
    cache.set("fragment:2:v1", "x", 600)
    local = cache._local
    assert local.get("fragment:2:v1") == "x"
    expiry = local._expire_info[local.make_and_validate_key("fragment:2:v1")]
    assert expiry - time.time() <= LOCAL_SECONDS
    cache.clear()
    assert local.get("fragment:2:v1") is None
    assert caches["default"].get("fragment:2:v1") == "x"


def test_the_page_cache_keeps_local_copies_for_seconds_only(db):
    """CACHES["pages"] (the anonymous page cache): entries there are not versioned, so a
    process keeps its copy only LOCAL_SECONDS=5 longer than the shared cache would."""
    pages = caches["pages"]
    assert isinstance(pages, LocalFirstCache)
    pages.set("views.decorators.cache.cache_page.page.GET.x", "response", 60)
    local = pages._local
    key = local.make_and_validate_key("views.decorators.cache.cache_page.page.GET.x")
    assert 0 < local._expire_info[key] - time.time() <= 5
    # A copy read from the shared cache by another process is kept as briefly.
    other = LocalFirstCache("other-pages", {"OPTIONS": {"LOCAL_SECONDS": 5}})
    assert other.get("views.decorators.cache.cache_page.page.GET.x") == "response"
    assert 0 < other._local._expire_info[key] - time.time() <= 5


def test_the_page_cache_and_the_fragment_cache_keep_separate_local_stores(db):
    """LocMemCache shares one store between instances of the same name: were both local-first
    caches one store, the page cache's MAX_ENTRIES=300 cull would drop fragments as well."""
    fragments, pages = caches["template_fragments"], caches["pages"]
    fragments.set("fragment:9:v1", "kept", 600)
    for n in range(400):
        pages.set(f"views.decorators.cache.cache_page.page.GET.{n}", "response", 60)
    assert fragments._local._cache is not pages._local._cache
    assert fragments._local.get("fragment:9:v1") == "kept"


def test_a_fragment_is_kept_as_is_and_anything_else_as_a_copy(db):
    """The local store skips pickling for values nobody can change (an HTML fragment is read
    back as the same string, with no UTF-8 decoding), and still pickles the rest: a reader
    that changes what it got must not change what the next reader gets."""
    from django.utils.safestring import mark_safe

    cache = _process("fifth")
    fragment = mark_safe("<p>Banarasi brocade · ₹16,100</p>")
    cache.set("fragment:5:v1", fragment, 600)
    kept = cache.get("fragment:5:v1")
    assert kept is fragment and type(kept).__name__ == "SafeString"
    facts = {"breadcrumbs": ["Uttar Pradesh", "Varanasi"]}
    cache.set("facts:5:v1", facts, 600)
    first = cache.get("facts:5:v1")
    first["breadcrumbs"].append("changed by a reader")
    assert cache.get("facts:5:v1") == {"breadcrumbs": ["Uttar Pradesh", "Varanasi"]}
    # Bytes stay bytes (not mistaken for a pickle), and add() keeps the first value.
    cache.set("bytes:5:v1", b"\x80\x05raw", 600)
    assert cache.get("bytes:5:v1") == b"\x80\x05raw"
    assert cache.add("bytes:5:v1", b"other", 600) is False
    assert cache.add("count:5:v1", 3, 600) is True and cache.get("count:5:v1") == 3


def test_a_shared_value_is_the_same_object_in_this_process_and_a_copy_in_another(db):
    """versioned_set_shared: Wagtail's site, root page and root paths, read on every page view
    and never modified, are handed out as stored within the process (no unpickling); another
    process reads its own copy through the shared cache."""
    from core.fragment_cache import Shared, versioned_get_shared, versioned_set_shared

    paths = [("/home/", "http://testserver", "en")]
    versioned_set_shared("wagtail-site-root-paths:7", paths, 600)
    assert versioned_get_shared("wagtail-site-root-paths:7") is paths
    stored = caches["default"].get("wagtail-site-root-paths:7")
    assert isinstance(stored, Shared) and stored.value == paths and stored.value is not paths
    assert _process("sixth").get("wagtail-site-root-paths:7").value == paths
    # A plain entry under the key is not taken for a shared one, and a missing key is None.
    caches["template_fragments"].set("plain:7", ["not", "shared"], 600)
    assert versioned_get_shared("plain:7") is None
    assert versioned_get_shared("absent:7") is None
