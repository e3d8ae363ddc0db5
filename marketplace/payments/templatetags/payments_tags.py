"""`{% order_payment_panel order party %}`: the payment panel on an order page."""

from django import template

from catalogue.templatetags.money import trade_amount
from marketplace.payments import selectors

register = template.Library()


@register.inclusion_tag("payments/includes/_order_payment_panel.html", takes_context=True)
def order_payment_panel(context, order, party):
    return {
        "summary": selectors.order_payment_summary(order=order, party=party),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def money(amount, currency):
    """'USD 1,234.50': the one format of trade amounts (catalogue's `trade_amount`)."""
    return trade_amount(amount, currency)
