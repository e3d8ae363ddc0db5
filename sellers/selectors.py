from sellers.models import Seller, SellerMembership


def seller_for_user(user) -> Seller | None:
    """The business a signed-in user works for (their oldest membership), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = (
        SellerMembership.objects.filter(user=user)
        .select_related("seller__district__state")
        .order_by("id")
        .first()
    )
    return membership.seller if membership else None


def user_is_seller_staff(user, seller: Seller) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return SellerMembership.objects.filter(user=user, seller=seller).exists()


def user_is_seller_owner(user, seller: Seller) -> bool:
    """Only owners edit the business profile (staff edit listings)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return SellerMembership.objects.filter(
        user=user, seller=seller, role=SellerMembership.Role.OWNER
    ).exists()
