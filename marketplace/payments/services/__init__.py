"""Writes for payments: start a card payment, apply what Stripe says, refunds, offline receipts,
changes of payment terms, Connect onboarding. Views, the webhook and the admin call these;
nothing else writes a Payment.

One module per area: `checkout`, `webhook`, `refunds`, `offline`, `terms`, `connect`;
`common` holds `PaymentError`. Import from this package (`marketplace.payments.services.X`).

Locking order everywhere: the Order row first, then the Payment row (STYLE.md 9). Stripe
calls are made outside database transactions; what they return is applied inside one.
"""

from .checkout import SESSION_LIFETIME, SESSION_REUSE, payment_start
from .common import PaymentError
from .connect import payout_account_set, seller_payouts_onboarding_link, seller_payouts_sync
from .offline import offline_receipt_record
from .refunds import refund_request
from .terms import PARTIES, terms_change_decide, terms_change_propose
from .webhook import HANDLED_EVENTS, STATUS_RANK, payment_apply, stripe_event_process

__all__ = [
    "HANDLED_EVENTS",
    "PARTIES",
    "SESSION_LIFETIME",
    "SESSION_REUSE",
    "STATUS_RANK",
    "PaymentError",
    "offline_receipt_record",
    "payment_apply",
    "payment_start",
    "payout_account_set",
    "refund_request",
    "seller_payouts_onboarding_link",
    "seller_payouts_sync",
    "stripe_event_process",
    "terms_change_decide",
    "terms_change_propose",
]
