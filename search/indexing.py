"""Turning catalogue rows into search documents and writing them to the backends.

Called by the reindex task (queued on commit by the signal handlers in search/signals.py)
and by `search_index --rebuild`. The database index is always written, because it is the
fallback when the configured backend (Elasticsearch) is unreachable.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from django.conf import settings

from catalogue.models import Product
from search.backends import get_backend
from search.backends.base import ProductDocument, entry_boost
from search.multilingual import LANGUAGES
from search.selectors import indexable_products

TRANSLATED = frozenset(LANGUAGES) - {"en"}

logger = logging.getLogger(__name__)


RESULT_IMAGE = "fill-480x360|format-webp"


def _image_url(product: Product, *, create: bool = True) -> str:
    """The result-list thumbnail. A rebuild only reuses renditions that already exist (making
    thousands at once would stall `make run`); single-product reindexing creates it."""
    images = list(product.images.all())
    if not images:
        return ""
    image = images[0].image
    try:
        if not create:
            from wagtail.images.models import Filter

            return image.find_existing_rendition(Filter(spec=RESULT_IMAGE)).url
        return image.get_rendition(RESULT_IMAGE).url
    except Exception:  # a missing or broken file must not stop indexing; show the original
        if create:
            logger.warning("No rendition for image %s of product %s", image.pk, product.pk)
        try:
            return image.file.url
        except Exception:
            return ""


def document_for(
    product: Product, *, with_image: bool = True, create_renditions: bool = True
) -> ProductDocument:
    seller, district, category, gi = product.seller, product.district, product.category, product.gi
    state = district.state
    parent = category.parent
    verified = seller.is_verified
    gi_text = ""
    if gi is not None:
        gi_text = " ".join(filter(None, [gi.name, gi.alt_names.replace(";", " ")]))
    return ProductDocument(
        product_id=product.pk,
        name=product.name,
        slug=product.slug,
        gi_text=gi_text,
        category_text=" ".join(filter(None, [category.name, parent.name if parent else ""])),
        materials=product.materials,
        district_text=" ".join(
            filter(None, [district.name, district.aliases.replace(";", " "), state.name])
        ),
        seller_text=" ".join(filter(None, [seller.name, seller.crafts])),
        description=product.description,
        state_slug=state.slug,
        state_name=state.name,
        district_slug=district.slug,
        district_name=district.name,
        category_slug=category.slug,
        category_name=category.name,
        parent_category_slug=parent.slug if parent else "",
        parent_category_name=parent.name if parent else "",
        gi_slug=gi.slug if gi else "",
        gi_name=gi.name if gi else "",
        certifications=tuple(sorted({c.kind for c in product.certifications.all()})),
        seller_slug=seller.slug,
        seller_name=seller.name,
        seller_type=seller.business_type,
        seller_verified=verified,
        price_min=product.price_min_inr,
        price_max=product.price_max_inr,
        moq=product.moq,
        unit=product.unit,
        image_url=_image_url(product, create=create_renditions) if with_image else "",
        published_at=product.published_at,
        boost=entry_boost(has_gi=gi is not None, verified=verified),
        translations=tuple(
            (t.language, t.name, t.description)
            for t in product.translations.all()
            if t.language in TRANSLATED
        ),
        seller_rating=seller.rating_average,
        seller_rating_count=seller.rating_count,
        seller_response_rate=seller.response_rate,
        seller_response_hours=seller.response_median_hours,
    )


def documents(product_ids: Iterable[int]) -> list[ProductDocument]:
    return [document_for(p) for p in indexable_products().filter(pk__in=list(product_ids))]


def iter_batches(batch_size: int = 1000, *, with_image: bool = True) -> Iterator[list]:
    """Every indexable product as documents, in id order, `batch_size` at a time."""
    last_id = 0
    while True:
        batch = list(indexable_products().filter(pk__gt=last_id).order_by("pk")[:batch_size])
        if not batch:
            return
        last_id = batch[-1].pk
        yield [document_for(p, with_image=with_image, create_renditions=False) for p in batch]


def _backends():
    """The database backend, then the configured one if it is another."""
    backends = [get_backend("database")]
    if settings.SEARCH_BACKEND != "database":
        backends.append(get_backend())
    return backends


def reindex_products(product_ids: Iterable[int]) -> tuple[int, int]:
    """Bring these products' index entries in line with the catalogue (idempotent).

    Returns (indexed, removed). A product that is no longer published (or no longer
    exists) is removed. A failing secondary backend is logged, never raised: the database
    index stays correct and `check_search_index` repairs the rest.
    """
    ids = sorted({int(i) for i in product_ids})
    if not ids:
        return (0, 0)
    docs = documents(ids)
    gone = sorted(set(ids) - {d.product_id for d in docs})
    for backend in _backends():
        try:
            backend.index_products(docs)
            backend.delete_products(gone)
        except Exception:
            if backend.name == "database":
                raise
            logger.exception(
                "Search backend %s failed to index %s products", backend.name, len(ids)
            )
    return (len(docs), len(gone))
