"""Trade-flow pages. Thin: parse, authorise (another party's object is a 404), call one
service or selector, render.

One module per area: `dashboard`, `enquiries`, `inbox`, `quotes`, `rfq` (buying requests),
`orders`. `marketplace.urls` reads the views from this package (the team page is in
`sellers.views`).
"""

from .dashboard import dashboard, safe_next
from .enquiries import (
    DRAFT_FIELDS,
    DRAFT_KEY,
    MESSAGE_SCOPE,
    attachment_download,
    enquiry_close,
    enquiry_detail,
    enquiry_new,
)
from .inbox import inbox
from .orders import order_detail, order_document, order_documents, order_status
from .quotes import quote_accept, quote_decline, quote_edit, sample_order
from .rfq import rfq_detail, rfq_new

__all__ = [
    "DRAFT_FIELDS",
    "DRAFT_KEY",
    "MESSAGE_SCOPE",
    "attachment_download",
    "dashboard",
    "enquiry_close",
    "enquiry_detail",
    "enquiry_new",
    "inbox",
    "order_detail",
    "order_document",
    "order_documents",
    "order_status",
    "quote_accept",
    "quote_decline",
    "quote_edit",
    "rfq_detail",
    "rfq_new",
    "safe_next",
    "sample_order",
]
