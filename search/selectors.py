"""Reads of the catalogue that search needs (constant query counts)."""

from django.db.models import Prefetch, QuerySet

from catalogue.models import Certification, Product, ProductImage
from sellers.models import Seller


def indexable_products() -> QuerySet[Product]:
    """Published products of sellers that are not suspended, with everything a document needs."""
    return (
        Product.objects.filter(status=Product.Status.PUBLISHED)
        .exclude(seller__status=Seller.Status.SUSPENDED)
        .select_related("seller", "district__state", "category__parent", "gi")
        .prefetch_related(
            Prefetch("certifications", queryset=Certification.objects.only("product_id", "kind")),
            Prefetch(
                "images",
                queryset=ProductImage.objects.select_related("image").order_by("sort_order", "id"),
            ),
        )
    )


def product_ids_of_seller(seller_id: int) -> list[int]:
    return list(Product.objects.filter(seller_id=seller_id).values_list("id", flat=True))
