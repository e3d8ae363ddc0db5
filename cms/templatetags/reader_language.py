"""Links and labels for reading the site in a language its pages may not be translated into
(cms.i18n): page links in the reader's language, and the language a page's words are in."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_info, gettext

from cms import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def localized_pageurl(context, page) -> str:
    """Like Wagtail's `pageurl`, but in the reader's language: an English storefront listed
    on a French page links to /fr/<state>/<district>/ (routed to its French copy when there
    is one, to the original otherwise), never to the English site."""
    return i18n.localized_page_url(page, context.get("request"))


@register.simple_tag
def page_text_language(page) -> str:
    """The language `page`'s own words (title, intro, story) are in."""
    return i18n.content_language(page)


@register.filter
def text_dir(language: str) -> str:
    """ "rtl" or "ltr" for text in `language`: an English storefront shown on an Arabic page
    keeps `lang="en"` and must also run left to right, or its full stops land at the start
    of its lines."""
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "auto"


@register.simple_tag
def page_text_attrs(page) -> str:
    """`lang` and `dir` attributes for a block of the page's own words."""
    language = i18n.content_language(page)
    return format_html(' lang="{}" dir="{}"', language, text_dir(language))


@register.filter
def catalog_text(value) -> str:
    """`value` from the interface catalogs when it is a known text (the demo home page's
    words are), else as it is: the template compares the two to label the original."""
    return gettext(value) if value else value


@register.simple_tag
def translation_review(page):
    """The page's "draft translation awaiting review" state, or None (cms.i18n)."""
    return i18n.translation_review(page)
