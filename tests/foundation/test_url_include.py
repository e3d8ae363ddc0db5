"""`root_include` (config/url_include.py): a path skips a group of URLs at once when none of
them can start as it does, and resolves exactly as before otherwise."""

import pytest
from django.urls import URLResolver, get_resolver, include, path, re_path, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy

from config.url_include import _LeadingTextPattern, leading_texts, literal_start, root_include


def _view(request):
    raise AssertionError("never called")


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        (path("products/<slug:slug>/", _view), "products/"),
        (path("robots.txt", _view), "robots.txt"),
        (path("<slug:slug>/", _view), ""),
        (re_path(r"^media/(?P<path>.+)$", _view), "media/"),
        (re_path(r"^gi/(?P<slug>[-\w]+)/$", _view), "gi/"),
        (re_path(r"^colou?r/$", _view), "colo"),  # the u is optional
        (re_path(r"^ab*c/$", _view), "a"),
        (re_path(r"^(?:en|fr)/$", _view), ""),
        (re_path(r"^a/|^b/", _view), ""),  # alternation: either may start the path
        (re_path(r"media/", _view), ""),  # unanchored: Django searches the whole path
        (path(gettext_lazy("about/"), _view), ""),  # translated: the text depends on language
    ],
)
def test_literal_start(entry, text):
    assert literal_start(entry.pattern) == text


def test_leading_texts_follow_nested_includes():
    inner = [path("orders/<str:number>/", _view), path("rfq/new/", _view)]
    assert leading_texts([path("search/", _view), path("", include(inner))]) == (
        "search/",
        "orders/",
        "rfq/new/",
    )
    assert leading_texts([]) == ()  # an empty include matches nothing
    assert leading_texts([path("", _view)]) is None  # the root itself: anything may follow
    assert leading_texts([path("", include([path("<slug:s>/", _view)]))]) is None


def test_a_root_include_refuses_only_paths_none_of_its_urls_can_match():
    group = root_include([path("products/<slug:slug>/", _view, name="product")])
    assert group.resolve("products/tea/").url_name == "product"
    assert group.pattern.match("uttar-pradesh/varanasi/") is None
    assert group.pattern.match("products/") == ("products/", (), {})  # then tried, as before


def _root_includes(resolver):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if isinstance(entry.pattern, _LeadingTextPattern):
                yield entry
            yield from _root_includes(entry)


def test_the_project_urls_resolve_past_the_groups_to_their_views():
    groups = list(_root_includes(get_resolver()))
    # The machine endpoints and the apps' pages, and each app's include inside them.
    assert len(groups) > 2
    for group in groups:
        assert group.pattern._texts, "a group that can never be skipped is no help"
    # A product's path enters one app's include only (the catalogue's), not every app's.
    entered = [g for g in groups if g.pattern.match("products/darjeeling-tea/") is not None]
    assert [g.app_name for g in entered] == [None, "catalogue"]

    # A storefront's path is refused by both groups, so Wagtail's catch-all serves it.
    for group in groups:
        assert group.pattern.match("uttar-pradesh/varanasi/") is None
    assert resolve("/uttar-pradesh/varanasi/").url_name == "wagtail_serve"
    # URLs inside the groups still resolve to their own views, in every language.
    assert resolve("/healthz").url_name == "healthz"
    assert resolve("/api/v1/products").url_name is not None
    assert resolve("/products/darjeeling-tea/").view_name == "catalogue:product_detail"
    with translation.override("fr"):  # as LocaleMiddleware activates it from the path
        assert resolve("/fr/products/darjeeling-tea/").view_name == "catalogue:product_detail"
        assert resolve("/fr/uttar-pradesh/varanasi/").url_name == "wagtail_serve"
    assert resolve("/dashboard/inbox/").view_name.endswith("inbox")
    assert resolve("/robots.txt").url_name is not None
