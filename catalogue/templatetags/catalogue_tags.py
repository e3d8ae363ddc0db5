from django import template
from django.utils.safestring import SafeString

from catalogue.html import render_rich_text
from catalogue.seo import dumps

register = template.Library()


@register.filter
def rich_description(value):
    """Render a seller-written description or story safely (see catalogue/html.py)."""
    return render_rich_text(value)


@register.filter
def jsonld(value):
    """Serialise a dict for a <script type="application/ld+json"> block (catalogue.seo.dumps);
    a block the view serialised already (a SafeString from dumps) is written as it is."""
    return value if isinstance(value, SafeString) else dumps(value)
