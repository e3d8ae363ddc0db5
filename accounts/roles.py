"""What a person is on the site, derived from their memberships (no role column to drift)."""

from __future__ import annotations


def user_roles(user) -> set[str]:
    """Roles named by settings.MFA_REQUIRED_ROLES: "official", "seller_payouts",
    "seller_owner", "seller_staff", "staff", "buyer". Reverse relations only (accounts sits
    below the apps that own these rows)."""
    if not user.is_authenticated:
        return set()
    roles: set[str] = set()
    if user.is_staff:
        roles.add("staff")
    # Any regions.OfficialPost, district or whole state: a state official publishes across
    # a state, so the production MFA requirement applies to them too. (The reverse relation
    # is the scope selector's own source, regions.selectors.official_scope, which accounts
    # may not import: both sit in the bottom layer, independent of each other.)
    if user.official_posts.exists():
        roles.add("official")
    for role, payouts in user.seller_memberships.values_list("role", "can_manage_payouts"):
        roles.add("seller_owner" if role == "owner" else "seller_staff")
        if payouts:
            roles.add("seller_payouts")
    if hasattr(user, "buyer_company"):
        roles.add("buyer")
    return roles
