"""The trade-flow state machines, in one place: the statuses (the models' choices are these
classes: `Order.Status is OrderStatus`) and the transitions between them.

Every status change of an enquiry, a quotation or an order goes through the services in
`marketplace/services/`, which consult these tables and raise `IllegalTransition` for
anything not listed. The UI only offers the actions `order_actions_for()` returns, so an
illegal transition is never reachable from a button.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IllegalTransition(Exception):
    """Raised when a status change is not allowed from the current status."""

    def __init__(self, kind: str, current: str, to: str):
        self.kind, self.current, self.to = kind, current, to
        super().__init__(f"{kind}: cannot go from {current!r} to {to!r}")


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    IN_PRODUCTION = "in_production", _("In production")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    DISPUTED = "disputed", _("Disputed")


S = OrderStatus

# from-status -> {to-status: parties allowed to ask for it from the UI}.
# "system" is the payments code (webhooks, offline receipts) and staff actions from the admin;
# `order_transition(by=None)` acts as the system. A dispute can arrive after completion
# (card chargebacks come weeks later), so completed -> disputed is allowed.
ORDER_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    S.AWAITING_PAYMENT: {
        S.PAID: frozenset({"system", "staff"}),
        S.CANCELLED: frozenset({"buyer", "seller", "system", "staff"}),
    },
    S.PAID: {
        S.IN_PRODUCTION: frozenset({"seller", "staff"}),
        S.DISPUTED: frozenset({"system", "staff"}),
        S.CANCELLED: frozenset({"system", "staff"}),
    },
    S.IN_PRODUCTION: {
        S.SHIPPED: frozenset({"seller", "staff"}),
        S.DISPUTED: frozenset({"system", "staff"}),
        S.CANCELLED: frozenset({"system", "staff"}),
    },
    S.SHIPPED: {
        S.DELIVERED: frozenset({"buyer", "seller", "staff"}),
        S.DISPUTED: frozenset({"system", "staff"}),
    },
    S.DELIVERED: {
        S.COMPLETED: frozenset({"buyer", "system", "staff"}),
        S.DISPUTED: frozenset({"system", "staff"}),
    },
    S.COMPLETED: {
        S.DISPUTED: frozenset({"system", "staff"}),
    },
    S.DISPUTED: {
        S.COMPLETED: frozenset({"system", "staff"}),
        S.CANCELLED: frozenset({"system", "staff"}),
    },
    S.CANCELLED: {},
}


# Shipping documents belong to a shipment: the seller adds them when marking the order
# shipped and at any later point (a certificate of origin often arrives after departure).
ORDER_DOCUMENT_STATUSES = frozenset({S.SHIPPED, S.DELIVERED, S.COMPLETED, S.DISPUTED})


def order_can_transition(current: str, to: str) -> bool:
    return to in ORDER_TRANSITIONS.get(current, {})


def order_parties_allowed(current: str, to: str) -> frozenset[str]:
    return ORDER_TRANSITIONS.get(current, {}).get(to, frozenset())


class EnquiryStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the seller")
    QUOTED = "quoted", _("Quoted")  # the seller sent a quotation
    ORDERED = "ordered", _("Ordered")  # the buyer accepted a quotation
    CLOSED = "closed", _("Closed")  # closed by either side without an order


ENQUIRY_TRANSITIONS: dict[str, frozenset[str]] = {
    EnquiryStatus.OPEN: frozenset({EnquiryStatus.QUOTED, EnquiryStatus.CLOSED}),
    EnquiryStatus.QUOTED: frozenset({EnquiryStatus.ORDERED, EnquiryStatus.CLOSED}),
    EnquiryStatus.ORDERED: frozenset(),
    EnquiryStatus.CLOSED: frozenset(),
}


class QuoteStatus(models.TextChoices):
    SENT = "sent", _("Open")  # open for acceptance until valid_until
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


QUOTE_TRANSITIONS: dict[str, frozenset[str]] = {
    # sent -> sent is a revision (history kept in QuoteRevision).
    QuoteStatus.SENT: frozenset(
        {QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED, QuoteStatus.WITHDRAWN}
    ),
    QuoteStatus.ACCEPTED: frozenset(),
    QuoteStatus.DECLINED: frozenset(),
    QuoteStatus.WITHDRAWN: frozenset(),
}


def check_transition(kind: str, table: dict, current: str, to: str) -> None:
    if to not in table.get(current, ()):
        raise IllegalTransition(kind, current, to)
