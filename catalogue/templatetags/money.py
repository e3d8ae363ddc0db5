"""`{% price amount_inr %}` and `{% price_range low high %}`: INR plus the visitor's currency.

    {% load money %}
    {% price product.price_min_inr %}
    {% price_range product.price_min_inr product.price_max_inr unit=product.get_unit_display %}

renders "₹2,500 ≈ USD 30.12, rate of 24 Nov" (locale-formatted; no conversion when the
visitor's currency is INR or no rate is known). Rates are read once per request.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import money

register = template.Library()


def _as_decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        # Templates sometimes hand over floats from JSON; go through str so 0.1 stays 0.1.
        value = str(value)
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return result if result.is_finite() else None


def _converted_html(shown: money.DisplayPrice, text: str):
    return format_html(
        ' <span class="price__converted">{}</span>',
        format_html(
            _("≈ {amount}, rate of {date}"),
            amount=text,
            date=format_html(
                '<time datetime="{}">{}</time>',
                shown.rate.rate_date.isoformat(),
                shown.rate_date_text,
            ),
        ),
    )


@register.simple_tag(takes_context=True)
def price(context, amount_inr, currency=None):
    """One INR amount, with its conversion into `currency` (default: the visitor's)."""
    amount = _as_decimal(amount_inr)
    if amount is None:
        return format_html('<span class="price price--on-request">{}</span>', _("Price on request"))
    request = context.get("request")
    code = currency if money.is_display_currency(currency) else money.display_currency_for(request)
    shown = money.display_price(amount, code, request=request)
    html = format_html(
        '<span class="price" data-currency="{}"><span class="price__base">{}</span>',
        shown.currency,
        shown.base_text,
    )
    if shown.converted is not None:
        html += _converted_html(shown, shown.converted_text)
    return html + mark_safe("</span>")  # nosec B308: a constant


@register.simple_tag(takes_context=True)
def price_range(context, low_inr, high_inr, currency=None):
    """'₹2,500–₹3,000 ≈ USD 30.12–36.14, rate of 24 Nov'; one amount when both are equal."""
    low, high = _as_decimal(low_inr), _as_decimal(high_inr)
    if low is None or high is None or low == high:
        return price(context, low if low is not None else high, currency)
    request = context.get("request")
    code = currency if money.is_display_currency(currency) else money.display_currency_for(request)
    lo = money.display_price(low, code, request=request)
    hi = money.display_price(high, code, request=request)
    html = format_html(
        '<span class="price" data-currency="{}"><span class="price__base">{}–{}</span>',
        lo.currency,
        lo.base_text,
        hi.base_text,
    )
    if lo.converted is not None:
        text = f"{lo.converted_text}–{money.format_amount(hi.converted, lo.currency)}"
        html += _converted_html(lo, text)
    return html + mark_safe("</span>")  # nosec B308: a constant


@register.simple_tag(takes_context=True)
def display_currency(context):
    """The visitor's display currency code, for switchers and the API links."""
    return money.display_currency_for(context.get("request"))


@register.simple_tag
def money_format(amount, currency_code="INR"):
    """A plain locale-formatted amount in a given currency (for order totals and quotes)."""
    amount = _as_decimal(amount)
    if amount is None:
        return ""
    return money.format_money(amount, currency_code)


@register.simple_tag
def display_currency_choices():
    """The currencies a visitor may pick (settings.DISPLAY_CURRENCIES, INR first)."""
    return money.display_currencies()
