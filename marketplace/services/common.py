"""What every trade-flow service shares: the refusal errors and who is on which side."""

from __future__ import annotations

from accounts.models import User
from marketplace import selectors


class TradeError(Exception):
    """A refusal with a message a person understands (shown as a form error or message)."""


class QuoteNotAcceptable(TradeError):
    pass


def seller_users(seller_id: int):
    return User.objects.filter(seller_memberships__seller_id=seller_id, is_active=True)


# Which side of a trade a user is on: one definition, in the selectors (re-exported here for
# the services that check it).
party_for = selectors.party_for
