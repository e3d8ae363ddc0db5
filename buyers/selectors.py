from buyers.models import ShortlistItem


def shortlisted_product_ids(*, user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(ShortlistItem.objects.filter(user=user).values_list("product_id", flat=True))


def shortlist_for(*, user):
    return ShortlistItem.objects.filter(user=user).select_related("product")
