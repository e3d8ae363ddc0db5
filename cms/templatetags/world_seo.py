"""SEO for every page: canonical URL, hreflang alternates, OpenGraph/Twitter defaults, and
the CMS pages' JSON-LD. Used by templates/includes/seo.html (included in base.html)."""

import hashlib

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms import i18n, jsonld
from core import content_cache
from core.fragment_cache import versioned_cache

register = template.Library()


def _page(context):
    page = context.get("page")
    return page if page is not None and hasattr(page, "get_translations") else None


@register.filter
def is_cms_page(value) -> bool:
    """Whether a template's `page` is a Wagtail page (Django views use `page` for a paginator
    page too)."""
    return value is not None and hasattr(value, "get_translations")


@register.simple_tag(takes_context=True)
def hreflang_alternates(context) -> list[tuple[str, str]]:
    """[(language, absolute_url), ...] plus ("x-default", english_url).

    Wagtail pages list only their live versions: translations, and the aliases that
    cms.i18n.translation_parents_ensure gives the home and state pages in every locale (listing
    pages whose words are the interface, so /fr/ is a French page like /fr/products/x/). An
    untranslated storefront served under /fr/ by the fallback routing is the original page's
    content, which must not be announced as French. Django views are translated by the
    interface catalogs, so every language applies.
    """
    request = context.get("request")
    if request is None:
        return []
    page = _page(context)
    alternates: list[tuple[str, str]] = []
    if page is not None:
        alternates = _page_alternates(page, request)
        if len(alternates) < 2:
            return []
    else:
        alternates = _view_alternates(request, context.get("canonical_query", ""))
    default = dict(alternates).get(settings.LANGUAGE_CODE)
    if default:
        alternates.append(("x-default", default))
    return alternates


def _view_alternates(request, query: str) -> list[tuple[str, str]]:
    """A Django view's URL in every language (`query`: what a search landing page keeps).

    Translating a URL resolves it and reverses it once per language; the answer depends only
    on the path, the host and the URL patterns, so it is cached per path under the content
    version (a deploy, which may change the patterns, bumps it)."""
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    key = f"hreflang-view:{digest}:{content_cache.vary_key(request)}"
    alternates = versioned_cache().get(key)
    if alternates is None:
        here = request.build_absolute_uri(request.path)
        alternates = [
            (code, translate_url(here, code) + query) for code, _name in settings.LANGUAGES
        ]
        versioned_cache().set(key, alternates, content_cache.FRAGMENT_SECONDS)
    return list(alternates)


def _page_alternates(page, request) -> list[tuple[str, str]]:
    """The page's live translations and their URLs: one query, cached under the content
    version (core/content_cache.py; a publish, unpublish, move or locale change bumps it)
    and the host. A preview's draft gets a key of its own."""
    key = f"hreflang:{page.pk}:{content_cache.vary_key(request)}"
    alternates = versioned_cache().get(key)
    if alternates is None:
        # Routing leaves them on the page it found (cms.i18n._route_in_one_query).
        translations = getattr(page, "_deh_live_translations", None)
        if translations is None:
            translations = page.get_translations(inclusive=True).live()
        alternates = [
            (i18n.page_language(translation), url)
            for translation in translations
            if (url := translation.get_full_url(request))
        ]
        if not getattr(request, "is_preview", False):
            versioned_cache().set(key, alternates, content_cache.FRAGMENT_SECONDS)
    return alternates


@register.simple_tag(takes_context=True)
def canonical_for(context) -> str:
    """The page's canonical URL: the view's `canonical_url`, a Wagtail page's full URL, or
    this path without its query string (plus the view's `canonical_query`, if any)."""
    if context.get("canonical_url"):
        return context["canonical_url"]
    request = context.get("request")
    if request is None:
        return ""
    page = _page(context)
    if page is not None:
        # A translated page is its own canonical (/fr/... for the French copy). An
        # untranslated one served under /fr/ by the fallback routing *is* the original page,
        # content and all, so its canonical stays the original's URL, matching the alternates
        # above, which do not announce French for it (tests/world/test_canonical.py).
        return page.get_full_url(request) or request.build_absolute_uri(request.path)
    return request.build_absolute_uri(request.path) + context.get("canonical_query", "")


@register.simple_tag(takes_context=True)
def page_og_image(context) -> str:
    """An absolute URL of the Wagtail page's hero image (1200 px wide), or ''."""
    page = _page(context)
    request = context.get("request")
    image = getattr(getattr(page, "specific", page), "hero_image", None) if page else None
    if image is None or request is None:
        return ""
    try:
        rendition = image.get_rendition("fill-1200x630|format-jpeg")
    except Exception:  # a missing source file must not break the page's head
        return ""
    return request.build_absolute_uri(rendition.url)


@register.simple_tag(takes_context=True)
def page_jsonld(context) -> list[dict]:
    """JSON-LD blocks for a Wagtail page: its breadcrumbs, plus whatever the page type adds
    through an optional `jsonld(request)` method (an EventPage returns its Event)."""
    page = _page(context)
    request = context.get("request")
    if page is None:
        return []
    specific = page.specific
    blocks = []
    crumbs = jsonld.page_breadcrumbs(specific, request)
    if crumbs:
        blocks.append(crumbs)
    own_blocks = getattr(specific, "jsonld", None)
    if callable(own_blocks):
        produced = own_blocks(request)
        blocks.extend(produced if isinstance(produced, list) else [produced] if produced else [])
    return blocks


@register.simple_tag(takes_context=True)
def jsonld_script(context, data):
    """<script type="application/ld+json"> with the CSP nonce and safely escaped JSON."""
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("csp_nonce", ""),
        # dumps() escapes <, > and & as \u escapes, so nothing in the data can end the
        # script element; HTML-escaping the JSON quotes instead would break the JSON.
        mark_safe(jsonld.dumps(data)),  # noqa: S308  # nosec B308 B703
    )


@register.simple_tag(takes_context=True)
def path_without_language(context) -> str:
    """This page's path (and query) without its language prefix, for the language switcher.

    Django's set_language translates `next` by resolving it in the *current* language; a
    prefixed path like /fr/sellers/x/ would not resolve when switching back to English (the
    Wagtail catch-all would swallow it as a page called "fr"), so we hand it /sellers/x/.
    """
    request = context.get("request")
    if request is None:
        return "/"
    path = request.get_full_path()
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return "/" + path[len(prefix) :]
        if path == f"/{code}" or path.startswith(f"/{code}?"):
            return "/" + path[len(prefix) - 1 :]
    return path
