"""`{% fragment_vary as vary %}`: what a `{% cache %}` fragment of a public page varies on.

    {% load cache public_cache %}{% fragment_vary as vary %}
    {% cache 600 product_body product.pk vary %}…{% endcache %}

`vary` holds the content version (bumped by every edit of public data, see
config/content_cache.py), the language, the display currency and the host, so a fragment is
never served stale, in another language or with another visitor's prices.
"""

from django import template

from config import content_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def fragment_vary(context) -> str:
    return content_cache.vary_key(context.get("request"))
