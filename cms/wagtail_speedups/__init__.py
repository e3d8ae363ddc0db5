"""The project's Wagtail-specific speed-ups, listed in one place (README.md beside this file).

Each relies on something Wagtail does not promise (a private request attribute it caches on,
a method it calls on every page view). `SPEEDUPS` names each one, where it lives and what in
Wagtail it relies on; tests/cms/test_wagtail_speedups.py checks the installed Wagtail is the
version they were written for and that every reliance still holds, so an upgrade fails loudly
and someone rechecks them rather than losing the speed (or correctness) silently.
"""

from __future__ import annotations

from dataclasses import dataclass

# The Wagtail release every entry below was written and measured against.
WRITTEN_FOR = "8.0.1"


@dataclass(frozen=True)
class Speedup:
    name: str
    where: str  # dotted path of our code
    relies_on: str  # dotted path of the Wagtail code it depends on
    marker: str  # text that must still appear in that Wagtail code


SPEEDUPS = [
    Speedup(
        "cached site lookup",
        "cms.wagtail_speedups.site.CachedSiteMiddleware",
        "wagtail.models.sites.Site.find_for_request",
        "request._wagtail_site",
    ),
    Speedup(
        "cached route for the request",
        "cms.wagtail_speedups.site.CachedSiteMiddleware",
        "wagtail.models.pages.Page.route_for_request",
        "_wagtail_route_for_request",
    ),
    Speedup(
        "site root paths from process memory",
        "cms.wagtail_speedups.routing.site_root_paths",
        "wagtail.models.pages.Page._get_site_root_paths",
        "_wagtail_cached_site_root_paths",
    ),
    Speedup(
        "view restrictions without a query",
        "cms.wagtail_speedups.routing.ViewRestrictionsMixin.get_view_restrictions",
        "wagtail.models.pages.Page.get_view_restrictions",
        "PageViewRestriction",
    ),
    Speedup(
        "routes cached under the content version",
        "cms.wagtail_speedups.routes.CachedRouteMixin.route",
        "wagtail.models.pages.Page.route",
        "get_children",
    ),
    Speedup(
        "permission-scoped image and document choosers (admin API)",
        "cms.wagtail_speedups.admin_api.scope_admin_api",
        "wagtail.images.wagtail_hooks",
        'register_endpoint("images"',
    ),
]
