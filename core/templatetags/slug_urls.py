"""`{% slug_url 'catalogue:product_detail' product.slug %}` and `{% view_url 'name' %}`: what
`{% url %}` gives, for the links repeated on every card of a list (core/slug_urls.py)."""

from django import template

from core import slug_urls

register = template.Library()


@register.simple_tag
def slug_url(viewname: str, slug: str) -> str:
    return slug_urls.slug_url(viewname, slug)


@register.simple_tag
def view_url(viewname: str) -> str:
    return slug_urls.view_url(viewname)
