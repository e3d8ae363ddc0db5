from django.db.models import Case, Q, When

from sellers.models import Seller, SellerInvitation, SellerMembership


def seller_for_user(user, *, owner: bool = False, payouts: bool = False) -> Seller | None:
    """The one answer to "which seller does this user belong to": the business of their
    oldest membership, or None (anonymous users, people without a business).

    `owner=True`: only a membership as owner counts (the team page). `payouts=True`: one
    whose payouts the user may manage, an owner's membership first, else staff allowed to
    (the payouts page)."""
    if not getattr(user, "is_authenticated", False):
        return None
    memberships = SellerMembership.objects.filter(user=user)
    if owner:
        memberships = memberships.filter(role=SellerMembership.Role.OWNER)
    order = ["id"]
    if payouts:
        is_owner = Q(role=SellerMembership.Role.OWNER)
        memberships = memberships.filter(is_owner | Q(can_manage_payouts=True))
        order = [Case(When(is_owner, then=0), default=1), "id"]
    membership = memberships.select_related("seller__district__state").order_by(*order).first()
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


def team_for(*, seller_id: int) -> dict:
    """The team page's members (oldest first) and open invitations."""
    return {
        "members": list(
            SellerMembership.objects.filter(seller_id=seller_id)
            .select_related("user")
            .order_by("created_at")
        ),
        "invitations": list(
            SellerInvitation.objects.filter(seller_id=seller_id, accepted_at__isnull=True)
        ),
    }
