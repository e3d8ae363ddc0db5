"""{% localized_product product as text %} / {% localized_seller seller as text %}."""

from django import template

from catalogue import translations

register = template.Library()


@register.simple_tag
def localized_product(product, language=None):
    return translations.localized_product(product, language)


@register.simple_tag
def localized_seller(seller, language=None):
    return translations.localized_seller(seller, language)
