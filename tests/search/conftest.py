import os

import pytest
from django.core.cache import cache
from django.http import QueryDict

from search import analysis, services
from search.backends import get_backend, reset_backends
from search.forms import SearchForm
from search.indexing import reindex_products
from tests.search.catalogue_fixture import build_catalogue

BACKENDS = ["database"] + (["elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else [])


@pytest.fixture(autouse=True)
def _fresh_backends():
    reset_backends()
    cache.clear()
    analysis.forget_gi_tables()
    yield
    reset_backends()


@pytest.fixture(params=BACKENDS)
def backend_name(request, settings):
    settings.SEARCH_BACKEND = request.param
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.ELASTICSEARCH_INDEX_PREFIX = "deh-test"
    reset_backends()
    yield request.param
    if request.param == "elasticsearch":
        get_backend("elasticsearch").drop_all()


@pytest.fixture
def catalogue(db, backend_name):
    products = build_catalogue()
    reindex_products([p.pk for p in products.values()])
    backend = get_backend()
    if hasattr(backend, "refresh"):
        backend.refresh()
    return products


def run(params: str = "", **kwargs):
    """Search as the page and the API do: parse a query string, then call the service."""
    form = SearchForm(QueryDict(params))
    assert form.is_valid(), form.errors
    query = services.build_query(form.cleaned_data, **kwargs)
    return services.search_products(query)


def slugs(result):
    return [hit.slug for hit in result.hits]


def forget_kept_searches() -> None:
    """Every cache alias and the index version this process holds: the next search is one the
    site has never seen (the database backend keeps pages and counts per index version)."""
    from django.core.cache import caches

    from search.backends.database import forget_local_index_version

    for alias in caches:
        caches[alias].clear()
    forget_local_index_version()


@pytest.fixture
def catalogue_db(db, settings):
    """The same catalogue, indexed in the database backend only."""
    products = build_catalogue()
    previous = settings.SEARCH_BACKEND
    settings.SEARCH_BACKEND = "database"
    reset_backends()
    reindex_products([p.pk for p in products.values()])
    settings.SEARCH_BACKEND = previous
    reset_backends()
    return products
