"""The public read-only JSON API, version 1 (DESIGN.md §2; described by openapi.py).

Views parse parameters, call one selector or the search service, and shape JSON. Shared
behaviour (errors, rate limit, ETag/Last-Modified, caching headers) is in api_support.
"""

from __future__ import annotations

import re

from django.http import JsonResponse
from django.utils.translation import gettext as _

from core import money
from search import facets as facet_registry
from search import selectors, services
from search.api_support import ApiError, api_endpoint, not_found
from search.facets import SLUG
from search.forms import MAX_PAGE, SearchForm
from search.openapi import openapi_document

PATH_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")


def _invalid(fields: dict) -> ApiError:
    return ApiError(400, "invalid_parameters", _("Some parameters are not valid."), fields)


def _paging(request, *, default_size: int = 20) -> tuple[int, int]:
    fields = {}
    values = {}
    for name, default, high in (("page", 1, MAX_PAGE), ("page_size", default_size, 100)):
        raw = request.GET.get(name)
        try:
            values[name] = default if raw in (None, "") else int(raw)
            if not 1 <= values[name] <= high:
                raise ValueError
        except ValueError:
            fields[name] = [_("A whole number from 1 to %(high)s.") % {"high": high}]
    if fields:
        raise _invalid(fields)
    return values["page"], values["page_size"]


def _currency(request) -> str:
    """The `currency` parameter (validated). Conversion hook: prices are INR until the
    currency helper (core.money) is wired into `_price` below."""
    code = (request.GET.get("currency") or money.BASE_CURRENCY).upper()
    # The same list as the site's currency switcher (INR first, always offered).
    if not money.is_display_currency(code):
        codes = ", ".join(money.display_currencies())
        raise _invalid({"currency": [_("Use one of: %(codes)s.") % {"codes": codes}]})
    return code


def _price(low, high, currency: str, request=None) -> dict:
    # Converted with core.money (Decimal, rounded to the currency's minor unit).
    return money.api_price(low, high, currency, request=request)


def _page_links(request, page: int, size: int, total: int) -> dict:
    def link(n):
        query = request.GET.copy()
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "next": link(page + 1) if page * size < total else None,
        "previous": link(page - 1) if page > 1 else None,
    }


def _slug_filter(request, name: str) -> str | None:
    value = request.GET.get(name) or None
    if value is not None and not SLUG.match(value):
        raise _invalid({name: [_("Use a slug: lower-case letters, digits and hyphens.")]})
    return value


def _abs(request, path: str) -> str:
    return request.build_absolute_uri(path)


def storefront_url(district) -> str:
    # The storefront under the active language's prefix (the page tree answers /fr/... for
    # every storefront, translated or not: cms.i18n).
    from django.urls import reverse

    return reverse("wagtail_serve", args=[f"{district.state.slug}/{district.slug}/"])


@api_endpoint
def products(request):
    currency = _currency(request)
    form = SearchForm(request.GET)
    if not form.is_valid():
        raise _invalid(form.error_fields())
    query = services.build_query(form.cleaned_data)
    result = services.search_products(query)
    payload = {
        "count": result.total,
        "page": query.page,
        "page_size": query.per_page,
        **_page_links(request, query.page, query.per_page, result.total),
        "did_you_mean": result.did_you_mean,
        "results": [_product_hit(request, hit, currency) for hit in result.hits],
        "facets": _facet_counts(result),
    }
    return payload, selectors.last_indexed_at()


def _product_hit(request, hit, currency: str) -> dict:
    return {
        "id": hit.product_id,
        "slug": hit.slug,
        "name": hit.name,
        "translated_name": hit.translated_name or None,
        "url": _abs(request, hit.url),
        "seller": {
            "name": hit.seller_name,
            "url": _abs(request, hit.seller_url),
            "verified": hit.seller_verified,
            **track_record(
                hit.seller_rating,
                hit.seller_rating_count,
                hit.seller_response_rate,
                hit.seller_response_hours,
            ),
        },
        "district": hit.district_name,
        "district_slug": hit.district_slug,
        "state": hit.state_name,
        "state_slug": hit.state_slug,
        "gi": hit.gi_name or None,
        "category": hit.category_name,
        "price": _price(hit.price_min, hit.price_max, currency, request),
        "moq": hit.moq,
        "unit": hit.unit,
        "image": _abs(request, hit.image_url) if hit.image_url else None,
    }


def _facet_counts(result) -> dict:
    return {
        facet: [
            {"value": fv.value, "label": fv.label, "count": fv.count}
            for fv in result.facets.get(facet, [])
        ]
        for facet in facet_registry.facet_keys()
    }


@api_endpoint
def product_detail(request, slug: str):
    if not PATH_SLUG.match(slug):
        raise not_found(_("published product"))
    currency = _currency(request)
    product = selectors.published_product(slug)
    if product is None:
        raise not_found(_("published product"))
    return _product_payload(request, product, currency), product.updated_at


def _product_payload(request, product, currency: str) -> dict:
    seller, district = product.seller, product.district
    images = list(product.images.all())
    return {
        "id": product.pk,
        "slug": product.slug,
        "name": product.name,
        "url": _abs(request, product.get_absolute_url()),
        "description": product.description,
        "materials": product.materials,
        "seller": {
            "name": seller.name,
            "slug": seller.slug,
            "url": _abs(request, seller.get_absolute_url()),
            "verified": seller.is_verified,
            "business_type": seller.business_type,
            **_seller_record(seller),
        },
        "district": {
            "name": district.name,
            "slug": district.slug,
            "url": _abs(request, storefront_url(district)),
        },
        "state": {"name": district.state.name, "slug": district.state.slug},
        "category": {"name": product.category.name, "slug": product.category.slug},
        "gi": (
            {
                "name": product.gi.name,
                "slug": product.gi.slug,
                "url": _abs(request, product.gi.get_absolute_url()),
                # Only a claim an official verified (catalogue.gi); a bare tick is not shown.
                "authorised_user": product.gi_au_verified,
            }
            if product.gi
            else None
        ),
        "hs_code": product.hs_code or (product.hs_chapter_id or ""),
        "price": _price(product.price_min_inr, product.price_max_inr, currency, request),
        "price_tiers": [
            {"min_quantity": t.min_quantity, "unit_price": t.unit_price_inr}
            for t in product.price_tiers.all()
        ],
        "moq": product.moq,
        "unit": product.unit,
        "lead_time_days": product.lead_time_days,
        "monthly_capacity": product.monthly_capacity,
        "sample_available": product.sample_available,
        "certifications": sorted(c.kind for c in product.certifications.all()),
        "images": [{"url": _abs(request, i.image.file.url), "alt": i.alt_text} for i in images],
        "published_at": product.published_at,
    }


def track_record(average, count, rate, hours) -> dict:
    """The seller's `rating` and `response` objects from its denormalised figures (the same
    four values on sellers.Seller and on every search entry): a rate is a share from 0 to 1
    of the enquiries of the last 90 days that were answered."""
    return {
        "rating": {
            "average": float(average) if count and average is not None else None,
            "count": count or 0,
        },
        "response": {
            "rate": rate / 100 if rate is not None else None,
            "median_hours": float(hours) if hours is not None else None,
        },
    }


def _seller_record(seller) -> dict:
    return track_record(
        seller.rating_average,
        seller.rating_count,
        seller.response_rate,
        seller.response_median_hours,
    )


def _seller_summary(request, hit) -> dict:
    return {
        "id": hit.seller_id,
        "slug": hit.slug,
        "name": hit.name,
        "url": _abs(request, hit.url),
        "business_type": hit.business_type,
        "district": hit.district_name,
        "state": hit.state_name,
        "crafts": hit.crafts,
        "verified": hit.verified,
        **track_record(hit.rating_average, hit.rating_count, hit.response_rate, hit.response_hours),
    }


@api_endpoint
def sellers(request):
    page, size = _paging(request)
    text = request.GET.get("q", "")
    if len(text) > 500:
        raise _invalid({"q": [_("At most 500 characters.")]})
    district = _slug_filter(request, "district") or ""
    result = services.search_sellers(text, page=page, per_page=size, district=district)
    return (
        {
            "count": result.total,
            "page": page,
            "page_size": size,
            **_page_links(request, page, size, result.total),
            "results": [_seller_summary(request, hit) for hit in result.hits],
        },
        None,
    )


@api_endpoint
def seller_detail(request, slug: str):
    if not PATH_SLUG.match(slug):
        raise not_found(_("seller"))
    seller = selectors.approved_seller(slug)
    if seller is None:
        raise not_found(_("seller"))
    return _seller_payload(request, seller), seller.updated_at


def _seller_payload(request, seller) -> dict:
    district = seller.district
    return {
        "id": seller.pk,
        "slug": seller.slug,
        "name": seller.name,
        "url": _abs(request, seller.get_absolute_url()),
        "business_type": seller.business_type,
        "story": seller.story,
        "crafts": seller.crafts,
        "languages": [x.strip() for x in seller.languages.split(",") if x.strip()],
        "year_founded": seller.year_founded,
        "team_size": seller.team_size,
        "verified": seller.is_verified,
        "verified_at": seller.gstin_checked_at if seller.is_verified else None,
        **_seller_record(seller),
        "district": {
            "name": district.name,
            "slug": district.slug,
            "url": _abs(request, storefront_url(district)),
        },
        "state": {"name": district.state.name, "slug": district.state.slug},
        "products": [
            {"slug": p.slug, "name": p.name, "url": _abs(request, p.get_absolute_url())}
            for p in seller.published_products
        ],
    }


def _district_summary(request, district) -> dict:
    return {
        "name": district.name,
        "slug": district.slug,
        "state": {"name": district.state.name, "slug": district.state.slug},
        "url": _abs(request, storefront_url(district)),
        "lgd_code": district.lgd_code,
        "product_count": district.product_count,
    }


@api_endpoint
def districts(request):
    page, size = _paging(request, default_size=100)
    qs = selectors.districts_with_counts()
    state = _slug_filter(request, "state")
    if state:
        qs = qs.filter(state__slug=state)
    total = qs.count()
    rows = qs[(page - 1) * size : page * size]
    return (
        {
            "count": total,
            "page": page,
            "page_size": size,
            **_page_links(request, page, size, total),
            "results": [_district_summary(request, d) for d in rows],
        },
        None,
    )


@api_endpoint
def district_detail(request, slug: str):
    if not PATH_SLUG.match(slug):
        raise not_found(_("district"))
    district = selectors.district_detail(slug)
    if district is None:
        raise not_found(_("district"))
    payload = _district_summary(request, district)
    payload["aliases"] = [a.strip() for a in district.aliases.split(";") if a.strip()]
    payload["gi_products"] = [
        {"name": gi.name, "slug": gi.slug, "url": _abs(request, gi.get_absolute_url())}
        for gi in district.gi_products.all()
    ]
    payload["clusters"] = [
        {"name": c.name, "slug": c.slug, "kind": c.kind} for c in district.clusters.all()
    ]
    payload["products_url"] = _abs(request, f"/api/v1/products?district={district.slug}")
    return payload, None


@api_endpoint
def gi_products(request):
    page, size = _paging(request, default_size=100)
    qs = selectors.gi_products_with_counts(_slug_filter(request, "state"))
    total = qs.count()
    rows = qs[(page - 1) * size : page * size]
    return (
        {
            "count": total,
            "page": page,
            "page_size": size,
            **_page_links(request, page, size, total),
            "results": [
                {
                    "gi_id": gi.gi_id,
                    "name": gi.name,
                    "slug": gi.slug,
                    "alt_names": [a.strip() for a in gi.alt_names.split(";") if a.strip()],
                    "category": gi.category,
                    "states": [s.name for s in gi.states.all()],
                    "registration_year": gi.registration_year,
                    "url": _abs(request, gi.get_absolute_url()),
                    "product_count": gi.product_count,
                }
                for gi in rows
            ],
        },
        None,
    )


def not_found_view(request, rest: str = ""):
    """Any other path under /api/v1/: a JSON 404 rather than the HTML page."""
    return JsonResponse(
        {"error": {"code": "not_found", "message": _("No such API resource."), "fields": {}}},
        status=404,
    )


def openapi(request):
    response = JsonResponse(openapi_document(request.build_absolute_uri("/api/v1")))
    response["Cache-Control"] = "public, max-age=3600"
    return response
