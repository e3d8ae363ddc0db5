"""The project's page-serving speed-ups that reach into Wagtail (and Django and gunicorn)
internals, gathered in one package (README.md beside this file is their table).

Each relies on something its library does not promise (a private request attribute Wagtail
caches on, a method it calls on every page view, the internals of Django's `{% cache %}` tag,
when gunicorn calls its `when_ready` hook). `SPEEDUPS` names each reliance: our code, the code
it relies on and a piece of text that must still be in that code. tests/cms/test_wagtail_speedups.py
checks that the installed Wagtail is the version they were written for, that every marker is
still there, and that every module of this package is listed, so an upgrade fails loudly and
someone rechecks them rather than losing the speed (or correctness) silently.

Nothing is imported here: the modules are imported where they are used (settings, models,
cms/apps.py, cms/wagtail_hooks.py, config/gunicorn.py), so listing them costs no start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

# The Wagtail release every entry below was written and measured against.
WRITTEN_FOR = "8.0.1"


@dataclass(frozen=True)
class Speedup:
    name: str
    where: str  # dotted path of our code, in this package
    relies_on: str  # dotted path of the code it depends on (Wagtail's, Django's, gunicorn's...)
    marker: str  # text that must still appear in that code


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
        # SiteFacts.site_for repeats Wagtail's ranking of the sites for a host and port.
        "site lookup from the routing facts",
        "cms.wagtail_speedups.routing.SiteFacts.site_for",
        "wagtail.models.sites.get_site_for_hostname",
        "return sites[len(sites) == 2]",
    ),
    Speedup(
        # _read_site_facts builds Wagtail's list, in Wagtail's order, from the facts' rows.
        "site root paths built from the routing facts",
        "cms.wagtail_speedups.routing._read_site_facts",
        "wagtail.models.sites.Site.get_site_root_paths",
        'order_by("-root_page__url_path", "-is_default_site", "hostname")',
    ),
    Speedup(
        # The router root carries only ROOT_FIELDS: Page.route reads the tree fields alone.
        "router root without its specific row",
        "cms.wagtail_speedups.routing._routing_specific",
        "wagtail.models.pages.Page.route",
        "subpage = self.get_children().get(slug=child_slug)",
    ),
    Speedup(
        "site root paths from process memory",
        "cms.wagtail_speedups.site.CachedSiteMiddleware",
        "wagtail.models.pages.Page._get_site_root_paths",
        "_wagtail_cached_site_root_paths",
    ),
    Speedup(
        # `_localized` repeats `page.localized`: the active Locale as Locale.get_active finds
        # it (get_supported_content_language_variant), then the live translation or the page.
        "root page in the visitor's language without a locale query",
        "cms.wagtail_speedups.routing._localized",
        # (`localized_draft` is a property, whose source cannot be read alone: its module.)
        "wagtail.models.i18n",
        "locale = Locale.get_active()",
    ),
    Speedup(
        # Wagtail's privacy check on serving asks the page, so the page can answer from the
        # mark the cached route left on it.
        "view restrictions without a query",
        "cms.wagtail_speedups.routing.ViewRestrictionsMixin.get_view_restrictions",
        "wagtail.wagtail_hooks.check_view_restrictions",
        "restrictions = page.get_view_restrictions()",
    ),
    Speedup(
        # The mixin unpacks Wagtail's RouteResult (page, args, kwargs) to keep only plain pages.
        "routes cached under the content version",
        "cms.wagtail_speedups.routes.CachedRouteMixin.route",
        "wagtail.models.pages.Page.route",
        "return RouteResult(self)",
    ),
    Speedup(
        # Registered after Wagtail's own endpoints under the same names, which replaces them.
        "permission-scoped image chooser (admin API)",
        "cms.wagtail_speedups.admin_api.scope_admin_api",
        "wagtail.images.wagtail_hooks.construct_admin_api",
        'register_endpoint("images"',
    ),
    Speedup(
        "permission-scoped document chooser (admin API)",
        "cms.wagtail_speedups.admin_api.scope_admin_api",
        "wagtail.documents.wagtail_hooks.construct_admin_api",
        'register_endpoint("documents"',
    ),
    Speedup(
        # An override for ForeignKeys to one model (`to=`) supplies the select's queryset.
        "district select with its states",
        "cms.wagtail_speedups.admin_forms.district_choices_with_states",
        "wagtail.admin.forms.models.register_form_field_override",
        "registry.register(db_field_class, to=to",
    ),
    Speedup(
        # warm() imports every app's wagtail_hooks through the first get_hooks() call.
        "warm-up before the fork: Wagtail's hooks",
        "cms.wagtail_speedups.warmup.warm",
        "wagtail.hooks.get_hooks",
        "search_for_hooks()",
    ),
    Speedup(
        # config/gunicorn.py warms and freezes in `when_ready`, which the arbiter calls while
        # starting, before run() forks the first workers.
        "warm-up and heap freeze before the fork: gunicorn's when_ready",
        "cms.wagtail_speedups.warmup.freeze_heap",
        "gunicorn.arbiter.Arbiter.start",
        "self.cfg.when_ready(self)",
    ),
    Speedup(
        # Without preload_app the arbiter holds no app: when_ready skips the warm-up and the
        # freeze, and every worker builds (and the collector walks) its own heap.
        "heap freeze (gc.freeze) shared by the workers: the app is loaded in the arbiter",
        "cms.wagtail_speedups.warmup.freeze_heap",
        "config.gunicorn",
        "preload_app = True",
    ),
    Speedup(
        # The nodes build their Filters from the specs parsed with the template...
        "image filters parsed once per template node: {% image %}",
        "cms.wagtail_speedups.image_filters.keep_parsed_filters",
        "wagtail.images.templatetags.wagtailimages_tags.ImageNode.get_filter",
        'return Filter(spec="|".join(self.filter_specs))',
    ),
    Speedup(
        "image filters parsed once per template node: {% srcset_image %} and {% picture %}",
        "cms.wagtail_speedups.image_filters.keep_parsed_filters",
        "wagtail.images.templatetags.wagtailimages_tags.SrcsetImageNode.get_filters",
        "return [Filter(spec=f) for f in filter_specs]",
    ),
    Speedup(
        # ...and a Filter's operations keep only what they parsed from the spec (no image).
        "image filters parsed once per template node: a Filter is the same for every image",
        "cms.wagtail_speedups.image_filters.keep_parsed_filters",
        "wagtail.images.models.Filter",
        "operations.append(op_class(*op_spec_parts))",
    ),
    Speedup(
        # NonceCacheNode is built with CacheNode's constructor arguments...
        "CSP-nonce swap in cached fragments: {% cache %}'s node",
        "cms.wagtail_speedups.public_cache.NonceCacheNode",
        "django.templatetags.cache.CacheNode.__init__",
        "def __init__(self, nodelist, expire_time_var, fragment_name, vary_on, cache_name)",
    ),
    Speedup(
        # ...and relies on render() storing what the nodelist renders in the context it is
        # given, so the placeholder pushed into it is what the cache keeps.
        "CSP-nonce swap in cached fragments: what {% cache %} stores",
        "cms.wagtail_speedups.public_cache.NonceCacheNode",
        "django.templatetags.cache.CacheNode.render",
        "value = self.nodelist.render(context)\n            fragment_cache.set(cache_key, value",
    ),
]
