"""Search backends: one abstract interface (base.SearchBackend), chosen by settings.

`get_backend()` returns the configured backend (settings.SEARCH_BACKEND, a key of
settings.SEARCH_BACKENDS, resolved with import_string). The database backend is also
always available through `get_backend("database")`: it is the fallback when Elasticsearch
cannot be reached, so the indexing task keeps it current whatever the primary is.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from search.backends.base import SearchBackend


@cache
def _load(name: str) -> SearchBackend:
    try:
        path = settings.SEARCH_BACKENDS[name]
    except KeyError as exc:
        raise ValueError(f"Unknown SEARCH_BACKEND {name!r}") from exc
    return import_string(path)()


def get_backend(name: str | None = None) -> SearchBackend:
    return _load(name or settings.SEARCH_BACKEND)


def reset_backends() -> None:
    """Forget constructed backends (tests switch settings)."""
    _load.cache_clear()
