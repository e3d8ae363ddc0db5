"""Background work of search (Django's task framework; ImmediateBackend in tests)."""

from django.tasks import task

from search.indexing import reindex_products


@task
def reindex_products_task(product_ids: list[int]) -> list[int]:
    indexed, removed = reindex_products(product_ids)
    return [indexed, removed]
