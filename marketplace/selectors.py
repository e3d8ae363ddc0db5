"""Reads of the trade flow, with the joins each page needs (constant query counts)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from catalogue.models import Category, Product
from sellers.models import Seller

from .models import BuyingRequest


def user_seller_ids(user: User) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(user.seller_memberships.values_list("seller_id", flat=True))


def rfq_matching_sellers(*, rfq: BuyingRequest, exclude_user: User | None = None) -> QuerySet:
    """Approved sellers with a published product matching every criterion the RFQ sets."""
    products = Product.objects.filter(seller=OuterRef("pk"), status=Product.Status.PUBLISHED)
    if rfq.category_id:
        category_ids = [
            rfq.category_id,
            *Category.objects.filter(parent_id=rfq.category_id).values_list("pk", flat=True),
        ]
        products = products.filter(category_id__in=category_ids)
    if rfq.gi_id:
        products = products.filter(gi_id=rfq.gi_id)
    if rfq.district_id:
        products = products.filter(district_id=rfq.district_id)
    if not (rfq.category_id or rfq.gi_id or rfq.district_id):
        return Seller.objects.none()
    sellers = Seller.objects.filter(Exists(products), status=Seller.Status.APPROVED)
    if exclude_user is not None:
        sellers = sellers.exclude(memberships__user=exclude_user)
    return sellers.order_by("name")
