"""Wagtail's site lookup and the start of its routing, remembered until the next edit of
public data."""

from __future__ import annotations

from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Site

from cms.wagtail_speedups import routing
from core import content_cache
from core.fragment_cache import versioned_get_shared, versioned_set_shared


class CachedSiteMiddleware:
    """Give Wagtail's page-serving view the request's Site, root page and route from the
    cache.

    `Site.find_for_request` runs one query with a CASE ranking on every page view (a fifth of
    a warm storefront's time) and keeps its answer in `request._wagtail_site`. Sites and their
    root pages are Wagtail models, so any edit of them bumps the content version
    (core/content_cache.py): an answer cached under the version is never stale. Only the
    page-serving view gets it (API, admin and static requests never look a site up), and a
    host that matches no site is not cached.

    The route is then found as `Page.route_for_request` finds it (from the site's root page in
    the visitor's language) but starting from the cached root page (routing.py beside this), and is
    left where Wagtail's view reads it, `request._wagtail_route_for_request`. The site root
    paths every page URL is built from are left in `request._wagtail_cached_site_root_paths`,
    where Wagtail looks before reading its own cache entry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_site"):
            return None
        host = request._get_raw_host()
        key = (
            f"wagtail-site:{host}:{request.get_port()}:"
            f"{content_cache.request_content_version(request)}"
        )
        site = versioned_get_shared(key)
        if site is None:
            site = Site.find_for_request(request)
            if site is not None:
                versioned_set_shared(key, site, content_cache.FRAGMENT_SECONDS)
        request._wagtail_site = site
        if site is None:
            return None
        request._wagtail_cached_site_root_paths = routing.site_root_paths(request)
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        try:
            route = routing.root_page_for(request, site).route(request, components)
        except Http404:
            route = None
        request._wagtail_route_for_request = route
        return None
