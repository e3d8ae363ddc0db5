"""Writes of the trade flow. Every function is atomic; notifications go out after commit.

One module per area: `enquiries` (enquiries, buying requests, messages), `quotes` (send,
decline, accept into an order, sample orders), `orders` (status moves, shipping, payment
terms), `documents` (shipping documents), `submissions` (a
buyer's budgeted form post, done once); `common` holds the refusal errors and who is on
which side of a trade. Import from this package (`marketplace.services.X`): the modules are
its inside.

Callers outside this app (payments) use `order_transition`, `order_payment_terms_set` and
`TradeError` only.
"""

from .common import QuoteNotAcceptable, TradeError, party_for, seller_users
from .documents import order_documents_add
from .enquiries import (
    conversation_mark_read,
    enquiry_close,
    enquiry_create,
    message_post,
    rfq_create,
)
from .orders import (
    order_payment_terms_set,
    order_ship,
    order_status_change,
    order_transition,
)
from .quotes import (
    quote_accept,
    quote_decline,
    quote_send,
    quote_send_from_forms,
    quote_snapshot,
    sample_order_create,
)
from .submissions import Submission, submit_within_budget

__all__ = [
    "QuoteNotAcceptable",
    "Submission",
    "TradeError",
    "conversation_mark_read",
    "enquiry_close",
    "enquiry_create",
    "message_post",
    "order_documents_add",
    "order_payment_terms_set",
    "order_ship",
    "order_status_change",
    "order_transition",
    "party_for",
    "quote_accept",
    "quote_decline",
    "quote_send",
    "quote_send_from_forms",
    "quote_snapshot",
    "rfq_create",
    "sample_order_create",
    "seller_users",
    "submit_within_budget",
]
