"""Which /search/ URLs search engines may index.

Google asks sites to keep their internal search results out of its index: free text makes
endless thin, near-duplicate pages. A marketplace's listings by place or kind are different:
"products from Uttar Pradesh" or "Banarasi silk sarees" (a GI tag) are real landing pages that
people search for. So a listing is indexable when it has no free text and at most one filter
value of the place/kind facets, is on its first page, in the default order, and has products;
it then carries a canonical URL holding just that one filter. Everything else (any text,
combinations, price/MOQ/seller filters, other orders, later pages, empty results) answers
`noindex, follow`, and robots.txt keeps crawlers out of free text and combinations
(cms/seo_urls.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

# Facets whose single value names a place or a kind of product people look for.
LANDING_FACETS = ("state", "district", "category", "gi")
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


def landing_for(params, filters: dict, labels: dict, total: int) -> Landing | None:
    """The landing page this search is, or None when it must stay out of the index.

    `params` is the request's QueryDict, `filters` the form's cleaned facet values, `labels`
    the result's {(facet, value): label} and `total` the number of products found.
    """
    if total == 0:
        return None
    for key in params:
        values = params.getlist(key)
        if key in NEUTRAL_PARAMS:
            if any(v not in NEUTRAL_PARAMS[key] for v in values):
                return None
        elif key not in LANDING_FACETS or len(values) != 1:
            return None  # free text (q), other filters, or a repeated facet
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
