"""Keep the search index in step with the catalogue (connected in SearchConfig.ready).

Every change queues a reindex of the affected product ids after the surrounding transaction
commits, so a rolled-back edit never reaches the index and the request never waits for it.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def queue_reindex(product_ids) -> None:
    ids = sorted({int(i) for i in product_ids if i is not None})
    if not ids:
        return

    def _enqueue():
        from search.tasks import reindex_products_task

        try:
            reindex_products_task.enqueue(product_ids=ids)
        except Exception:  # a broken queue must not fail the user's save; drift is repaired
            logger.exception("Could not queue search reindex of %s products", len(ids))

    transaction.on_commit(_enqueue, robust=True)


def product_changed(sender, instance, **kwargs):
    queue_reindex([instance.pk])


def product_child_changed(sender, instance, **kwargs):
    queue_reindex([instance.product_id])


def catalogue_products_changed(sender, product_ids=(), **kwargs):
    """catalogue.signals.product_changed: sent after commit, also for bulk imports."""
    queue_reindex(product_ids)


def seller_changed(sender, instance, **kwargs):
    from search.selectors import product_ids_of_seller

    queue_reindex(product_ids_of_seller(instance.pk))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from catalogue.models import (
        Certification,
        GIProduct,
        PriceTier,
        Product,
        ProductImage,
        ProductTranslation,
    )
    from catalogue.signals import product_changed as catalogue_product_changed
    from sellers.models import Seller

    post_save.connect(product_changed, sender=Product, dispatch_uid="search-product-save")
    post_delete.connect(product_changed, sender=Product, dispatch_uid="search-product-delete")
    for model in (ProductImage, PriceTier, Certification, ProductTranslation):
        for signal, kind in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                product_child_changed,
                sender=model,
                dispatch_uid=f"search-{model.__name__}-{kind}",
            )
    catalogue_product_changed.connect(
        catalogue_products_changed, dispatch_uid="search-catalogue-product-changed"
    )
    post_save.connect(seller_changed, sender=Seller, dispatch_uid="search-seller-save")
    # Query analysis keeps tables built from GI names (synonyms, specific words).
    from search.analysis import forget_gi_tables

    post_save.connect(forget_gi_tables, sender=GIProduct, dispatch_uid="search-gi-save")
    post_delete.connect(forget_gi_tables, sender=GIProduct, dispatch_uid="search-gi-delete")
