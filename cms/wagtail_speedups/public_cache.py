"""Caching the fragments of public pages.

`{% fragment_vary as vary %}`: what a `{% cache %}` fragment of a public page varies on.

    {% load cache public_cache %}{% fragment_vary as vary %}
    {% cache 600 product_body product.pk vary %}…{% endcache %}

`vary` holds the content version (bumped by every edit of public data, see
core/content_cache.py), the language, the display currency and the host, so a fragment is
never served stale, in another language or with another visitor's prices.

`{% nonce_cache %}…{% endnonce_cache %}` takes the same arguments as `{% cache %}`, for a
fragment that prints the request's CSP nonce (`csp_nonce`, as in JSON-LD scripts): the nonce
changes on every response, so the fragment is rendered and kept with a placeholder in its
place, and the placeholder is swapped for this response's nonce on the way out.

The library is registered as `public_cache` in the TEMPLATES setting (config/settings/base.py),
so any app's templates load it; no Python outside this package imports it.
"""

from functools import cache

from django import template
from django.template import TemplateSyntaxError
from django.templatetags.cache import CacheNode
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from core import content_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def fragment_vary(context) -> str:
    return content_cache.vary_key(context.get("request"))


@cache
def nonce_placeholder() -> str:
    # Derived from SECRET_KEY, so the same in every process sharing the cache, and not a
    # string anyone can guess: text that contained it would be handed the real nonce.
    digest = salted_hmac("public_cache.nonce_placeholder", "", algorithm="sha256").hexdigest()
    return "nonce-" + digest[:32]


class NonceCacheNode(CacheNode):
    # Relies on Django's CacheNode (not a public API): its constructor's arguments, and that
    # render() renders the nodelist in the context it is given and stores that output, so the
    # placeholder pushed below is what the cache keeps.
    def render(self, context):
        placeholder = nonce_placeholder()
        with context.push(csp_nonce=placeholder):
            html = super().render(context)
        if placeholder not in html:
            return html  # the nonce was not used: leave it ungenerated, out of the header
        nonce = context.get("csp_nonce")  # a LazyNonce is falsy until str() generates it
        nonce = "" if nonce is None else str(nonce)
        # The fragment is template output (escaped when it was rendered); only the
        # placeholder changes, into a token of letters, digits, - and _.
        return mark_safe(html.replace(placeholder, nonce))  # noqa: S308  # nosec B308 B703


@register.tag("nonce_cache")
def do_nonce_cache(parser, token):
    """`{% nonce_cache <seconds> <name> [vary_on ...] %}` (as `{% cache %}`, without using=)."""
    nodelist = parser.parse(("endnonce_cache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 3:
        raise TemplateSyntaxError(f"'{tokens[0]}' tag requires at least 2 arguments.")
    return NonceCacheNode(
        nodelist,
        parser.compile_filter(tokens[1]),
        tokens[2],  # the fragment's name, as {% cache %} takes it
        [parser.compile_filter(t) for t in tokens[3:]],
        None,
    )
