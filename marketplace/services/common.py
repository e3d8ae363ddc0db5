"""What every trade-flow service shares: the refusal errors and who is on which side."""

from __future__ import annotations

from marketplace import selectors
from sellers import selectors as seller_selectors


class TradeError(Exception):
    """A refusal with a message a person understands (shown as a form error or message)."""


class QuoteNotAcceptable(TradeError):
    pass


def seller_users(seller_id: int):
    return seller_selectors.team_users(seller_id)


# Which side of a trade a user is on: one definition, in the selectors (re-exported here for
# the services that check it).
party_for = selectors.party_for
