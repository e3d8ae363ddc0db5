"""schema.org JSON-LD for CMS pages: BreadcrumbList from the page tree, and Event.

Product/Offer/AggregateOffer/Organization come from `catalogue.seo` (product and seller
pages); this module covers what the Wagtail tree knows. Builders return plain dicts; the
`{% jsonld_script %}` tag in `cms/templatetags/world_seo.py` serialises them safely.

Rules followed (Google Search structured-data documentation):
* BreadcrumbList: `itemListElement` of `ListItem` with `position` (from 1), `name`, and
  `item` (absolute URL; optional only on the last crumb — we always give it).
* Event: required `name`, `startDate` (ISO 8601 with offset), `location` (a `Place` with an
  `address`, or a `VirtualLocation` with `url` for online events); recommended
  `description`, `endDate`, `eventStatus`, `eventAttendanceMode`, `image`, `organizer`.
"""

from __future__ import annotations

import datetime
import json

from django.utils.html import strip_tags

from cms.selectors import page_ancestors
from core import content_cache
from core.fragment_cache import versioned_cache

SCHEMA = "https://schema.org"


def breadcrumb_list(items: list[tuple[str, str]]) -> dict:
    """[(name, absolute_url), ...] → BreadcrumbList (positions start at 1)."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def page_breadcrumbs(page, request=None) -> dict | None:
    """Home → State → District → … for a Wagtail page (None for the home page itself).

    Cached until the next edit of public data (core/content_cache.py: titles and slugs of
    ancestors are page edits, which bump the version); on a miss, the ancestors in one query,
    shared with the visible breadcrumbs (cms.selectors.page_ancestors); urls come from the
    site root paths Wagtail caches on the request.
    """
    key = f"jsonld:breadcrumbs:{page.pk}:{content_cache.vary_key(request)}"
    cached = versioned_cache().get(key)
    if cached is None:
        cached = {"data": _page_breadcrumbs(page, request)}
        versioned_cache().set(key, cached, content_cache.FRAGMENT_SECONDS)
    return cached["data"]


def _page_breadcrumbs(page, request) -> dict | None:
    ancestors = page_ancestors(page)
    if not ancestors:
        return None
    items = []
    for ancestor in [*ancestors, page]:
        url = ancestor.get_full_url(request)
        if url:
            items.append((ancestor.title, url))
    return breadcrumb_list(items) if len(items) >= 2 else None


def _iso(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def event(
    *,
    name: str,
    start: datetime.datetime | datetime.date,
    url: str,
    end: datetime.datetime | datetime.date | None = None,
    description: str = "",
    place_name: str = "",
    locality: str = "",
    region: str = "",
    country: str = "IN",
    online_url: str = "",
    image_urls: list[str] | None = None,
    organizer_name: str = "",
    organizer_url: str = "",
    cancelled: bool = False,
) -> dict:
    """An Event with a physical `Place`, a `VirtualLocation`, or both (mixed attendance)."""
    locations = []
    if place_name or locality:
        locations.append(
            {
                "@type": "Place",
                "name": place_name or locality,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": locality or place_name,
                    "addressRegion": region,
                    "addressCountry": country,
                },
            }
        )
    if online_url:
        locations.append({"@type": "VirtualLocation", "url": online_url})
    if not locations:
        raise ValueError("An event needs a place or an online link.")
    if len(locations) == 2:
        mode = "MixedEventAttendanceMode"
    elif online_url:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": name,
        "url": url,
        "startDate": _iso(start),
        "location": locations[0] if len(locations) == 1 else locations,
        "eventAttendanceMode": f"{SCHEMA}/{mode}",
        "eventStatus": f"{SCHEMA}/{'EventCancelled' if cancelled else 'EventScheduled'}",
    }
    if end:
        data["endDate"] = _iso(end)
    if description:
        data["description"] = strip_tags(description)[:5000]
    if image_urls:
        data["image"] = image_urls
    if organizer_name:
        data["organizer"] = {"@type": "Organization", "name": organizer_name}
        if organizer_url:
            data["organizer"]["url"] = organizer_url
    return data


def dumps(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> block: '<', '>' and '&' escaped so
    no string in the data can close the script element."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
