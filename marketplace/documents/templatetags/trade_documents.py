"""The trade-documents panels of the order page and the quotation (one query each)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language

from .. import selectors

register = template.Library()


@register.inclusion_tag("documents/includes/order_documents.html")
def order_trade_documents(order, party):
    from marketplace.states import OrderStatus

    return {
        "order": order,
        "party": party,
        "documents": selectors.order_documents(order),
        "can_issue": party == "seller" and order.status != OrderStatus.CANCELLED,
        "languages": settings.LANGUAGES,
        "current_language": get_language(),
    }


@register.inclusion_tag("documents/includes/proforma_form.html")
def quotation_proforma(quote, party):
    from marketplace.states import QuoteStatus

    return {
        "quote": quote,
        "party": party,
        "can_issue": party in ("buyer", "seller")
        and quote.status in (QuoteStatus.SENT, QuoteStatus.ACCEPTED),
        "languages": settings.LANGUAGES,
        "current_language": get_language(),
    }
