import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from catalogue.html import render_rich_text

register = template.Library()


@register.filter
def rich_description(value):
    """Render a seller-written description or story safely (see catalogue/html.py)."""
    return render_rich_text(value)


@register.filter
def jsonld(value):
    """Serialise a dict for a <script type="application/ld+json"> block.

    Same escaping as Django's json_script (<, > and & become \\u escapes), so no text from a
    seller can close the script element.
    """
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_json_script_escapes))  # noqa: S308  # nosec B308 B703
