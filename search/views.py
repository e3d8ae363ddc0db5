"""Search pages: /search/ (full page, or its results partial for search.js) and suggest."""

from __future__ import annotations

import hashlib

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import content_cache, money
from search import facets as facet_registry
from search import selectors, seo, services
from search.forms import SearchForm, SuggestForm

# Long facets show their top values (selected values are always shown).
FACET_LIMIT = 12
POPULAR_LIMIT = 12


def _facet_groups(result, filters: dict) -> list[dict]:
    groups = []
    for declared in facet_registry.facets():
        facet = declared.key
        selected = set(filters.get(facet, ()))
        values = list(result.facets.get(facet, []))
        shown = values[:FACET_LIMIT] + [fv for fv in values[FACET_LIMIT:] if fv.value in selected]
        present = {fv.value for fv in shown}
        items = [
            {
                "value": fv.value,
                "label": fv.label,
                "count": fv.count,
                "checked": fv.value in selected,
            }
            for fv in shown
        ] + [
            {
                "value": value,
                "label": declared.label(value),
                "count": 0,
                "checked": True,
            }
            for value in sorted(selected - present)
        ]
        if items:
            groups.append({"name": facet, "title": declared.title, "items": items})
    return groups


def _removal_links(params, removals) -> list[dict]:
    """Each filter of an empty result with the query string that drops it."""
    links = []
    for removal in removals:
        kept = params.copy()
        kept.pop("page", None)
        if removal.value:
            values = [
                v
                for raw in params.getlist(removal.param)
                for v in raw.split(",")
                if v.strip().lower() != removal.value
            ]
            kept.setlist(removal.param, values)
        else:
            kept.pop(removal.param, None)
        # The label is isolated (FSI ... PDI): a Latin name inside Arabic quotation marks
        # otherwise pulls the marks and the count out of order.
        label = f"\u2068{removal.label}\u2069"
        links.append({"removal": removal, "label": label, "query": kept.urlencode()})
    return links


def _page_numbers(page: int, pages: int) -> list[int]:
    window = range(max(1, page - 2), min(pages, page + 2) + 1)
    return sorted({1, pages, *window}) if pages else []


def _landing(request, query, result, partial: bool):
    """The SEO landing this search is (if any) and, on the bare listing, the popular phrases."""
    labels = {(f, fv.value): fv.label for f, values in result.facets.items() for fv in values}
    landing = seo.landing_for(
        request.GET, query.filters, labels, result.total, selectors.is_keyword_landing
    )
    # The bare listing links the landing phrases: buyers get ideas, crawlers find the pages.
    popular = []
    if landing and not landing.facet and not partial:
        popular = [
            seo.keyword_landing(phrase)
            for phrase in selectors.keyword_landing_phrases(limit=POPULAR_LIMIT)
        ]
    return landing, popular


def _query(request, form) -> services.SearchQuery:
    # The page's language is the query's first reading ("/fr/": "tapis" is French); price
    # buckets are counted in the buyer's currency.
    return services.build_query(
        form.cleaned_data,
        language=request.LANGUAGE_CODE,
        currency=money.display_currency_for(request),
    )


def _results_key(request, query, partial: bool) -> str:
    """What the rendered results of this URL depend on besides the content version: the
    index version (results change when the index does, which may be after the edit that
    bumped the content version) and the query string."""
    facts = (request.get_full_path(), partial)
    return f"{query.index_version}:{hashlib.sha256(repr(facts).encode()).hexdigest()[:32]}"


def _sellers(query, partial: bool):
    """The sellers matching a text search, above its first page of results; lazy, so read
    only when the kept page body misses."""
    if not query.text or query.page != 1 or partial:
        return None
    return SimpleLazyObject(
        lambda: services.search_sellers(query.text, per_page=4, groups=query.groups)
    )


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    partial = request.headers.get("HX-Request") == "true"
    template = "search/_results.html" if partial else "search/search.html"
    if not form.is_valid():
        context = {"form": form, "errors": form.error_fields(), "result": None, "page_seconds": 0}
        return render(request, template, context, status=400)
    query = _query(request, form)
    result = services.search_products(query)
    pages = (result.total + query.per_page - 1) // query.per_page
    landing, popular = _landing(request, query, result, partial)
    context = {
        "landing": landing,
        # Read by the SEO head (cms world_seo): a landing page's canonical keeps its filter.
        "canonical_query": landing.query_string if landing else "",
        "form": form,
        "query": query,
        "result": result,
        "sellers": _sellers(query, partial),
        "popular_searches": popular,
        # Lazy: worked out only when the kept results fragment misses.
        "facet_groups": SimpleLazyObject(lambda: _facet_groups(result, query.filters)),
        "removals": SimpleLazyObject(lambda: _removal_links(request.GET, result.filter_removals)),
        "pages": pages,
        "page_numbers": _page_numbers(query.page, pages),
        "sort_choices": form.fields["sort"].choices,
        "results_key": _results_key(request, query, partial),
        "page_seconds": content_cache.FRAGMENT_SECONDS,
    }
    return render(request, template, context)


@require_GET
def suggest(request):
    form = SuggestForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {
                "error": {
                    "code": "invalid_parameters",
                    "message": _("The search text is too long for suggestions."),
                    "fields": {k: [str(e) for e in v] for k, v in form.errors.items()},
                }
            },
            status=400,
        )
    text = form.cleaned_data["q"]
    response = JsonResponse({"query": text, "suggestions": services.suggest(text)})
    response["Cache-Control"] = "public, max-age=60"
    return response
