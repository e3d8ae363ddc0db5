"""What every trade-flow service shares: the refusal errors and who is on which side."""

from __future__ import annotations

from accounts.models import User


class TradeError(Exception):
    """A refusal with a message a person understands (shown as a form error or message)."""


class QuoteNotAcceptable(TradeError):
    pass


def seller_users(seller_id: int):
    return User.objects.filter(seller_memberships__seller_id=seller_id, is_active=True)


def party_for(*, user: User | None, buyer_id: int, seller_id: int) -> str | None:
    """Which side of a trade `user` is on: "buyer", "seller", "staff" or None."""
    if user is None or not user.is_authenticated:
        return None
    if user.pk == buyer_id:
        return "buyer"
    if user.seller_memberships.filter(seller_id=seller_id).exists():
        return "seller"
    if user.is_staff:
        return "staff"
    return None
