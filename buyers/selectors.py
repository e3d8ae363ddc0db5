"""Reads of buyers' data: the shortlist comparison."""

from django.db.models import Prefetch

from buyers.models import ShortlistItem

# buyers sits below catalogue: related rows are reached through the shortlist's own relations.
_Product = ShortlistItem._meta.get_field("product").related_model
COMPARE_LIMIT = 12  # side by side; more would not be a comparison


def saved_slugs(*, user) -> list[str]:
    """The slugs of the products `user` saved (one query; none for a visitor)."""
    if not user.is_authenticated:
        return []
    return list(ShortlistItem.objects.filter(user=user).values_list("product__slug", flat=True))


def is_saved(*, user, product) -> bool:
    return ShortlistItem.objects.filter(user=user, product=product).exists()


def shortlist_compare(*, user) -> list[ShortlistItem]:
    """The user's saved products with everything the comparison shows: three queries
    whatever the count (items with product, seller, district, state, GI, HS chapter; price
    tiers; certifications)."""
    tiers = _Product._meta.get_field("price_tiers").related_model
    return list(
        ShortlistItem.objects.filter(user=user)
        .select_related(
            "product__seller",
            "product__district__state",
            "product__gi",
            "product__hs_chapter",
        )
        .prefetch_related(
            Prefetch("product__price_tiers", queryset=tiers.objects.order_by("min_quantity")),
            "product__certifications",
        )[:COMPARE_LIMIT]
    )
