from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _

from regions.models import District
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


def user_is_seller_staff(user, seller: Seller | int) -> bool:
    """Whether `user` works for the business (a Seller or its id), as owner or staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    seller_id = seller if isinstance(seller, int) else seller.pk
    return SellerMembership.objects.filter(user=user, seller_id=seller_id).exists()


def member_seller_ids(user):
    """The ids of every business the user works for, as a subquery (for `seller_id__in=`);
    none for anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return SellerMembership.objects.none().values("seller_id")
    return SellerMembership.objects.filter(user=user).values("seller_id")


def sellers_of(user):
    """Every business the user works for, by name."""
    return Seller.objects.filter(pk__in=member_seller_ids(user)).order_by("name")


def team_users(seller_id: int):
    """The active people of a business: who is told about its enquiries, orders, reviews."""
    return get_user_model().objects.filter(seller_memberships__seller_id=seller_id, is_active=True)


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


# The reviewed facts (sellers.services.REVIEWED_FIELDS) as the reviewer reads them.
REVIEWED_LABELS = {"name": _("Business name"), "district": _("District"), "gstin": "GSTIN"}


@dataclass(frozen=True)
class FactChange:
    field: str
    label: str
    before: object
    after: object


def seller_review_changes(seller: Seller) -> list[FactChange]:
    """What changed in a business sent back to review since it was last approved, each fact
    as approved (before) and as it is now (after): the facts `approved_values` kept
    (sellers.services.seller_update). [] for a business never approved, or approved again
    since. One query when the district changed (both districts with their states), else
    none."""
    approved = seller.approved_values or {}
    order = list(REVIEWED_LABELS)  # jsonb keeps no key order
    keys = sorted(approved, key=lambda k: (order.index(k) if k in order else len(order), k))
    now = {key: getattr(seller, Seller._meta.get_field(key).attname) for key in keys}
    changed = [key for key in keys if approved[key] != now[key]]
    districts = {}
    if "district" in changed:
        ids = [approved["district"], now["district"]]
        districts = District.objects.select_related("state").in_bulk(ids)

    def shown(key, value):
        return districts.get(value) if key == "district" else value

    return [
        FactChange(
            field=key,
            label=REVIEWED_LABELS.get(key, key),
            before=shown(key, approved[key]),
            after=shown(key, now[key]),
        )
        for key in changed
    ]
