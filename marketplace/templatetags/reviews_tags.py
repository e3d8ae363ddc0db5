"""`{% order_review_panel order party %}`: the review part of an order page, so the order
view itself needs no change (marketplace/reviews/selectors.py decides what it offers)."""

from django import template

from marketplace.reviews import selectors
from marketplace.reviews.models import MAX_REPLY

register = template.Library()


@register.inclusion_tag("marketplace/reviews/_order_panel.html", takes_context=True)
def order_review_panel(context, order, party):
    request = context["request"]
    return {
        "order": order,
        "party": party,
        "panel": selectors.order_review_panel(order=order, user=request.user, party=party),
        "csrf_token": context.get("csrf_token"),
        "max_reply": MAX_REPLY,
    }
