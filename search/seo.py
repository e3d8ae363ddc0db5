"""Which /search/ URLs search engines may index.

Google asks sites to keep their internal search results out of its index: free text makes
endless thin, near-duplicate pages. A marketplace's listings by place or kind are different:
"products from Uttar Pradesh" or "Banarasi silk sarees" (a GI tag) are real landing pages that
people search for. So a listing is indexable when it has no free text and at most one filter
value of the place/kind facets, is on its first page, in the default order, and has products;
it then carries a canonical URL holding just that one filter. The same goes for the few
search phrases staff made landing pages (search.models.KeywordLanding: "silk saree"), typed
exactly as named and alone. Everything else (any other text, combinations, price/MOQ/seller
filters, other orders, later pages, empty results) answers `noindex, follow`, and robots.txt
keeps crawlers out of free text and combinations but for those phrases (cms/seo_urls.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from search import facets as facet_registry

# Free text: a landing page only for the phrases staff chose (search.models.KeywordLanding).
KEYWORD_PARAM = "q"
# Parameters that never change what a listing is about, so they may be present.
NEUTRAL_PARAMS = {"sort": ("", "relevance"), "page": ("", "1")}


@dataclass(frozen=True)
class Landing:
    facet: str  # "" for the whole catalogue (/search/)
    value: str
    label: str

    @property
    def query_string(self) -> str:
        return "?" + urlencode({self.facet: self.value}) if self.facet else ""


def keyword_landing(phrase: str) -> Landing:
    """The landing page of a staff-chosen phrase; its query string is the canonical spelling
    that robots.txt allows and the sitemap lists ("?q=silk+saree")."""
    return Landing(KEYWORD_PARAM, phrase, phrase[:1].upper() + phrase[1:])


def landing_for(
    params,
    filters: dict,
    labels: dict,
    total: int,
    is_keyword: Callable[[str], bool] = lambda text: False,
) -> Landing | None:
    """The landing page this search is, or None when it must stay out of the index.

    `params` is the request's QueryDict, `filters` the form's cleaned facet values, `labels`
    the result's {(facet, value): label}, `total` the number of products found and
    `is_keyword` tells whether a text is a landing phrase (asked only for a lone `q`).
    """
    if total == 0:
        return None
    texts = params.getlist(KEYWORD_PARAM)
    for key in params:
        values = params.getlist(key)
        if key in NEUTRAL_PARAMS:
            if any(v not in NEUTRAL_PARAMS[key] for v in values):
                return None
        elif key not in (*facet_registry.landing_keys(), KEYWORD_PARAM) or len(values) != 1:
            return None  # other filters, or a repeated facet or text
    if texts:
        # A phrase landing stands alone, spelt exactly as staff named it ("Silk  Saree" and
        # "silk saree&state=…" are ordinary searches).
        if filters or set(params) - set(NEUTRAL_PARAMS) != {KEYWORD_PARAM}:
            return None
        if not is_keyword(texts[0]):
            return None
        return keyword_landing(texts[0])
    if not filters:
        return Landing("", "", "")
    if len(filters) != 1:
        return None
    ((facet, values),) = filters.items()
    raw = params.get(facet, "")
    # One value, exactly as the canonical spells it (so "UP,up" or "Varanasi" stay out).
    if len(values) != 1 or raw != values[0]:
        return None
    return Landing(facet, values[0], labels.get((facet, values[0]), values[0]))
