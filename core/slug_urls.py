"""The URL of a page named by a slug (a product, a seller, a GI, a shortlist action) without a
`reverse()` per link.

`reverse()` matches its arguments against the view's patterns on every call (30-40 µs on the
bench machine). A product card links its product, its seller and two shortlist actions, so
the 24 cards of a home page spent about 4 ms of a cold render reversing. The URL of a view
for slug S is its URL for a placeholder slug with S in the placeholder's place: that URL is
remembered for each view name, language, script prefix and URL conf (all that `reverse()`
reads), and each link is then a concatenation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What Django's `slug` path converter accepts, and `reverse()` leaves as it is. Anything else
# goes through `reverse()`, which decides (or raises NoReverseMatch) as it always has.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "deh-slug-placeholder"


def slug_url(viewname: str, slug: str, kwarg: str = "slug") -> str:
    """`reverse(viewname, kwargs={kwarg: slug})`, in the active language."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={kwarg: slug})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around_slug(viewname, kwarg, get_language(), get_script_prefix(), urlconf)
    return f"{head}{slug}{tail}"


@lru_cache(maxsize=512)
def _around_slug(viewname: str, kwarg: str, language, prefix: str, urlconf) -> tuple[str, str]:
    # `language` and `prefix` are part of the key, not arguments reverse() takes: it reads
    # them itself (an i18n_patterns prefix, translated patterns, SCRIPT_NAME).
    url = reverse(viewname, kwargs={kwarg: _PLACEHOLDER}, urlconf=urlconf)
    head, _, tail = url.partition(_PLACEHOLDER)
    return head, tail


def view_url(viewname: str) -> str:
    """`reverse(viewname)` of a view that takes no argument (a card's "Enquire" link), in the
    active language, remembered as `slug_url`'s patterns are."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _view_url(viewname, get_language(), get_script_prefix(), urlconf)


@lru_cache(maxsize=256)
def _view_url(viewname: str, language, prefix: str, urlconf) -> str:
    return reverse(viewname, urlconf=urlconf)
