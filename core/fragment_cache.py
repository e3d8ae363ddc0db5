"""A cache for entries whose key holds the content version: process memory first, then the
shared cache (Redis in production).

An entry keyed by the content version (core/content_cache.py) never changes: an edit
bumps the version, so the next request asks for another key. Such an entry can therefore be
kept in each process as well, and a warm page then reads one shared key per request (the
version) instead of one per fragment: a storefront made 8 Redis round trips. Entries a
process learns from the shared cache are kept locally for at most LOCAL_SECONDS, so the
10-minute expiry of fragments that depend on the clock stretches by at most that much.

Only versioned keys belong here: settings name it the "template_fragments" cache, which
Django's `{% cache %}` tag uses when it exists, and `versioned_cache()` hands it to Python
code that caches under `content_cache.vary_key()`. Anything else (the version itself, rate
limits, sessions) stays in the default cache.
"""

from __future__ import annotations

import pickle  # nosec B403 - values this process stored itself, never read from outside

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.safestring import SafeString

ALIAS = "template_fragments"
LOCAL_SECONDS = 60
_MISSING = object()


def versioned_cache() -> BaseCache:
    """The cache for entries keyed by the content version (the default one if no
    "template_fragments" cache is configured)."""
    return caches[ALIAS] if ALIAS in settings.CACHES else caches["default"]


def versioned_get_shared(key: str):
    """What `versioned_set_shared` stored under `key`, or None: in this process, the very
    object stored (no copy), so only for objects every reader leaves as they are."""
    value = versioned_cache().get(key)
    return value.value if isinstance(value, Shared) else None


def versioned_set_shared(key: str, value, timeout) -> None:
    versioned_cache().set(key, Shared(value), timeout)


class Shared:
    """A value its readers never modify (Wagtail's site, root page and site root paths; a
    product or seller page's facts and access record), read on every page view: the local
    store keeps it as is, like a string, instead of handing each reader an unpickled copy
    (3-6% of a warm page's instructions). The shared cache still pickles it. A view that
    builds its context from such a dict copies it (`{**facts, ...}`), never updates it."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __getstate__(self):
        # A tuple: pickle skips __setstate__ for a state of None, which would lose the value.
        return (self.value,)

    def __setstate__(self, state):
        (self.value,) = state


# Values a reader cannot change, so the local store hands out the stored object itself.
_KEPT_AS_IS = frozenset({str, SafeString, bytes, int, float, bool, type(None), Shared})


class _Pickled(bytes):
    """A value the local store keeps pickled (so each reader gets its own copy)."""


class _LocalStore(LocMemCache):
    """LocMemCache that keeps immutable values (cached HTML fragments above all) as they are.

    LocMemCache pickles every value, so each read of a fragment unpickled it: decoding its
    text from UTF-8 and copying it cost an eighth of a warm page's instructions (home page,
    counted with callgrind; docs/benchmarks.md). A string cannot be changed by the code that
    reads it, so it is stored as is; anything else (a model instance a view might modify)
    is still pickled. Only get, set and add are used on it (LocalFirstCache below)."""

    def _store(self, value):
        if type(value) in _KEPT_AS_IS:
            return value
        return _Pickled(pickle.dumps(value, self.pickle_protocol))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        stored = self._store(value)
        with self._lock:
            if self._has_expired(key):
                self._set(key, stored, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            stored = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return pickle.loads(stored) if type(stored) is _Pickled else stored  # noqa: S301  # nosec B301

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        stored = self._store(value)
        with self._lock:
            self._set(key, stored, timeout)

    def incr(self, key, delta=1, version=None):
        raise NotImplementedError("the local store of a LocalFirstCache is never incremented")


class LocalFirstCache(BaseCache):
    """OPTIONS: SHARED (the alias of the shared cache, "default" if omitted), MAX_ENTRIES
    (local entries per process) and LOCAL_SECONDS (how long a process keeps its copy;
    LOCAL_SECONDS above if omitted)."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        max_entries = options.get("MAX_ENTRIES", 2000)
        self._local_seconds = options.get("LOCAL_SECONDS", LOCAL_SECONDS)
        self._local = _LocalStore(
            f"local-first-{location}",
            {"TIMEOUT": self._local_seconds, "OPTIONS": {"MAX_ENTRIES": max_entries}},
        )

    @property
    def _shared(self) -> BaseCache:
        return caches[self._shared_alias]

    def _local_timeout(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self._local_seconds
        return min(timeout, self._local_seconds)

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version=version)
        if value is _MISSING:
            value = self._shared.get(key, _MISSING, version=version)
            if value is _MISSING:
                return default
            self._local.set(key, value, self._local_seconds, version=version)
        return value

    def get_many(self, keys, version=None):
        found = self._local.get_many(keys, version=version)
        missing = [key for key in keys if key not in found]
        if missing:
            shared = self._shared.get_many(missing, version=version)
            self._local.set_many(shared, self._local_seconds, version=version)
            found.update(shared)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version=version)
        self._local.set(key, value, self._local_timeout(timeout), version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version=version)
        if added:
            self._local.set(key, value, self._local_timeout(timeout), version=version)
        return added

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = self._shared.set_many(data, timeout, version=version)
        self._local.set_many(data, self._local_timeout(timeout), version=version)
        return failed

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version=version)

    def delete(self, key, version=None):
        self._local.delete(key, version=version)
        return self._shared.delete(key, version=version)

    def delete_many(self, keys, version=None):
        self._local.delete_many(keys, version=version)
        self._shared.delete_many(keys, version=version)

    def has_key(self, key, version=None):
        return self._local.has_key(key, version=version) or self._shared.has_key(
            key, version=version
        )

    def clear(self):
        """Empties this process's copies only: the shared cache holds other data too."""
        self._local.clear()
