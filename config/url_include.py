"""`root_include()`: `path("", include(...))` that a path skips at once when none of the
included URLs can start the way it does.

Django resolves a URL by trying every pattern in order, and the Wagtail pages (home, states,
storefronts) are the catch-all at the very end: a storefront's path was tried against every
app's URLs first, nine includes mounted at "" and some eighty patterns, 0.4 ms of a 4 ms page
(measured with bench/inprocess.py). Every URL of those apps starts with literal text
("products/", "dashboard/", "api/v1/", ...), so an include can refuse a path that starts with
none of its texts without trying its patterns. What matches, and in which order, is unchanged;
reversing is unchanged (the pattern is still the route ""). config/urls.py uses it at both
levels: the group of apps, and each app inside it (a product path then tries the catalogue's
patterns only, not the shortlist's and the districts' on the way).
"""

from __future__ import annotations

import re
from functools import cached_property

from django.urls import URLResolver, include
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.functional import Promise

# Characters after which a regex is no longer literal text.
_REGEX_SPECIAL = re.compile(r"[\\.^$*+?{}\[\]|()]")


def literal_start(pattern) -> str:
    """The text every path this pattern matches starts with ("" when it may start with
    anything, or when that cannot be told safely)."""
    if isinstance(pattern, RoutePattern):
        route = pattern._route
        if isinstance(route, Promise):  # a translated route: its text depends on the language
            return ""
        return route.split("<", 1)[0]
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex
        # Without "^" Django may find the regex anywhere in the path (it searches).
        if isinstance(regex, Promise) or "|" in regex or not regex.startswith("^"):
            return ""
        regex = regex[1:]
        special = _REGEX_SPECIAL.search(regex)
        if special is None:
            return regex
        text = regex[: special.start()]
        # "ab?" or "ab*" or "ab{0,1}": the last letter is optional.
        return text[:-1] if special.group() in "?*{" else text
    return ""


def leading_texts(url_patterns) -> tuple[str, ...] | None:
    """The texts a path must start with to match one of `url_patterns` (an empty tuple when
    none can match), or None when some pattern may match a path starting with anything."""
    texts: list[str] = []
    for entry in url_patterns:
        text = literal_start(entry.pattern)
        if text:
            texts.append(text)
            continue
        if not isinstance(entry, URLResolver):
            return None
        inner = leading_texts(entry.url_patterns)
        if inner is None:
            return None
        texts.extend(inner)
    return tuple(texts)


class _LeadingTextPattern(RoutePattern):
    """The route "" of an include, refusing paths that none of its URLs can match."""

    def __init__(self):
        super().__init__("", is_endpoint=False)
        self.resolver: URLResolver | None = None

    @cached_property
    def _texts(self) -> tuple[str, ...] | None:
        # Read on first use: the included URLconf is complete by then.
        return leading_texts(self.resolver.url_patterns)

    def match(self, path):
        texts = self._texts
        if texts is not None and not path.startswith(texts):
            return None
        return super().match(path)


def root_include(arg, namespace=None) -> URLResolver:
    """`path("", include(arg, namespace))`, skipped by paths none of its URLs can match."""
    urlconf_module, app_name, namespace = include(arg, namespace)
    pattern = _LeadingTextPattern()
    resolver = URLResolver(pattern, urlconf_module, app_name=app_name, namespace=namespace)
    pattern.resolver = resolver
    return resolver
