"""Wagtail's site lookup and the start of its routing, remembered until the next edit of
public data."""

from __future__ import annotations

from django.http import Http404
from wagtail import views as wagtail_views

from cms.wagtail_speedups import routing


class CachedSiteMiddleware:
    """Give Wagtail's page-serving view the request's Site, root page and route from the
    cache.

    `Site.find_for_request` runs one query with a CASE ranking on every page view (a fifth of
    a warm storefront's time) and keeps its answer in `request._wagtail_site`. Here the site
    is picked the same way from the sites kept under the content version with the rest of
    the routing facts (routing.site_facts); sites and their root pages are Wagtail models,
    so any edit of them bumps the version (core/content_cache.py) and the facts are never
    stale. Only the page-serving view gets it (API, admin and static requests never look a
    site up).

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
        facts = routing.site_facts(request)
        site = facts.site_for(request._get_raw_host(), request.get_port())
        request._wagtail_site = site
        if site is None:
            return None
        request._wagtail_cached_site_root_paths = facts.root_paths
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        root = routing.root_page_for(request, site, serving_it=not components)
        try:
            route = root.route(request, components)
        except Http404:
            route = None
        request._wagtail_route_for_request = route
        return None
