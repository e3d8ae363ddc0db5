"""What a person is on the site, derived from their memberships (no role column to drift)."""

from __future__ import annotations

# The Wagtail group a state's reviewers belong to (one per state, made by cms.services).
# Defined here, the lowest layer that needs it; cms.permissions names groups with it.
STATE_REVIEWERS_GROUP_PREFIX = "State reviewers: "


def is_official(user) -> bool:
    """Holds any regions.OfficialPost, district or whole state: a state official publishes
    across a state, so the MFA requirement applies to them too. The one place that decides
    who counts as an official for it. (The reverse relation is the scope selector's own
    source, regions.selectors.official_scope, which accounts may not import: both sit in the
    bottom layers, independent of each other.)"""
    return user.official_posts.exists()


def user_roles(user) -> set[str]:
    """Roles named by settings.MFA_REQUIRED_ROLES: "official", "seller_payouts",
    "seller_owner", "seller_staff", "staff", "buyer". Reverse relations only (accounts sits
    below the apps that own these rows)."""
    if not user.is_authenticated:
        return set()
    roles: set[str] = set()
    if user.is_staff:
        roles.add("staff")
    if is_official(user):
        roles.add("official")
    for role, payouts in user.seller_memberships.values_list("role", "can_manage_payouts"):
        roles.add("seller_owner" if role == "owner" else "seller_staff")
        if payouts:
            roles.add("seller_payouts")
    if hasattr(user, "buyer_company"):
        roles.add("buyer")
    return roles
