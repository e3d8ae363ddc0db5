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
    html = format_html(
        _("≈ {amount}, rate of {date}"),
        amount=text,
        date=format_html(
            '<time datetime="{}">{}</time>',
            shown.rate.rate_date.isoformat(),
            shown.rate_date_text,
        ),
    )
    # A demo rate says so; an old rate says it may be out of date (issue 17.10).
    if money.rate_is_demo(shown.rate):
        html += format_html(' <span class="price__demo">({})</span>', _("demo rate"))
    if money.rate_is_stale(shown.rate):
        html += format_html(' <span class="price__stale">— {}</span>', _("may be out of date"))
    return format_html(' <span class="price__converted">{}</span>', html)


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
        '<span class="price" data-currency="{}"><span class="price__base">{}</span>',
        lo.currency,
        _range_html(lo.base_text, hi.base_text),
    )
    if lo.converted is not None:
        high_text = money.format_amount(hi.converted, lo.currency)
        html += _converted_html(lo, _range_html(lo.converted_text, high_text))
    return html + mark_safe("</span>")  # nosec B308: a constant


def _range_html(low_text: str, high_text: str):
    """'₹1,000–₹5,000' isolated left to right. Amounts are numbers and the dash a neutral, so
    in an Arabic (RTL) line the bidi algorithm would lay them out as '₹5,000–₹1,000';
    <bdi dir="ltr"> keeps min before max without disturbing the sentence around it, and each
    amount is its own isolate because Arabic formats it with a right-to-left mark ('\u200f2,500 ₹')
    that would otherwise turn the whole range right to left again."""
    return format_html(
        '<bdi dir="ltr" class="price__range"><bdi class="price__low">{}</bdi>–'
        '<bdi class="price__high">{}</bdi></bdi>',
        low_text,
        high_text,
    )


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
def trade_amount(amount, currency_code):
    """'USD 1,234.50' / 'EUR 15 500,00': an amount of a quotation, order or payment, with the
    currency's code and minor digits, grouped for the reader's language. The one format of
    trade amounts (order pages used to show 'EUR 15500.00' beside 'EUR 15,500.00')."""
    amount = _as_decimal(amount)
    if amount is None or not currency_code:
        return ""
    return f"{currency_code} {money.format_amount(amount, currency_code)}"


@register.simple_tag
def display_currency_choices():
    """The currencies a visitor may pick (settings.DISPLAY_CURRENCIES, INR first)."""
    return money.display_currencies()


@register.filter
def figure(amount, currency_code="INR"):
    """`{{ plan.baseline_exports_inr|figure }}`: a large amount abbreviated in the reader's
    number system ('₹374.31 crore' in en-IN/hi, '₹3.74B' in en), always with its currency."""
    return money.format_figure(_as_decimal(amount), currency_code or None)


@register.simple_tag(takes_context=True)
def figure_price(context, amount_inr):
    """A large INR figure (a district's exports) for the public: abbreviated in the visitor's
    language, and '≈ $45.1M' in the visitor's currency when it is not INR and a rate is known."""
    amount = _as_decimal(amount_inr)
    if amount is None:
        return "–"
    request = context.get("request")
    code = money.display_currency_for(request)
    html = format_html(
        '<span class="price" data-currency="INR"><span class="price__base">{}</span>',
        money.format_figure(amount, "INR"),
    )
    shown = money.display_price(amount, code, request=request)
    if shown.converted is not None:
        html += _converted_html(shown, money.format_figure(shown.converted, shown.currency))
    return html + mark_safe("</span>")  # nosec B308: a constant
