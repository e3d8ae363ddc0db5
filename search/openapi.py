"""The OpenAPI 3 description of the public API (served at /api/v1/openapi.json).

Kept by hand next to api.py; tests/search/test_api_schema.py runs schemathesis against it,
so a response that drifts from this document fails the suite.
"""

from __future__ import annotations

from django.conf import settings

from core import money
from search import facets as facet_registry
from search.backends.base import SORTS
from search.forms import MAX_MOQ, MAX_PAGE, MAX_PRICE, MAX_QUERY_LENGTH
from search.multilingual import LANGUAGES


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "string", "description": 'Decimal amount as a string, e.g. "2500.00"'}
BOOL = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
SLUG_PARAM = {"type": "string", "pattern": "^[-a-z0-9_]{1,120}$"}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": STR,
                "message": STR,
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": STR},
                },
            },
        }
    },
}
PRICE = {
    "type": "object",
    "required": ["min", "max", "currency"],
    "properties": {"min": _nullable(NUM), "max": _nullable(NUM), "currency": STR},
}
NAMED = {
    "type": "object",
    "required": ["name", "slug"],
    "properties": {"name": STR, "slug": STR},
}
LINKED = {
    "type": "object",
    "required": ["name", "slug", "url"],
    "properties": {"name": STR, "slug": STR, "url": URL},
}
FACET_VALUE = {
    "type": "object",
    "required": ["value", "label", "count"],
    "properties": {"value": STR, "label": STR, "count": INT},
}
# A seller's track record (marketplace/reviews/track_record.py), on every seller object.
RATING = {
    "type": "object",
    "required": ["average", "count"],
    "description": "Ratings from buyers of delivered orders (hidden reviews left out).",
    "properties": {
        "average": _nullable(
            {"type": "number", "minimum": 1, "maximum": 5, "description": "null without reviews"}
        ),
        "count": {"type": "integer", "minimum": 0},
    },
}
RESPONSE = {
    "type": "object",
    "required": ["rate", "median_hours"],
    "description": "How the seller answered the enquiries of the last 90 days.",
    "properties": {
        "rate": _nullable(
            {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "Share of the enquiries answered; null without enquiries",
            }
        ),
        "median_hours": _nullable(
            {
                "type": "number",
                "minimum": 0,
                "description": "Median hours to the first answer; null without answers",
            }
        ),
    },
}
TRACK_RECORD = {"rating": RATING, "response": RESPONSE}
PAGE_FIELDS = {
    "count": INT,
    "page": INT,
    "page_size": INT,
    "next": _nullable(URL),
    "previous": _nullable(URL),
}


def _list_of(item: dict, extra: dict | None = None) -> dict:
    props = {**PAGE_FIELDS, **(extra or {}), "results": {"type": "array", "items": item}}
    return {"type": "object", "required": list(props), "properties": props}


PRODUCT_SUMMARY = {
    "type": "object",
    "required": [
        "id",
        "slug",
        "name",
        "url",
        "seller",
        "district",
        "state",
        "gi",
        "category",
        "price",
        "moq",
        "image",
    ],
    "properties": {
        "id": INT,
        "slug": STR,
        "name": STR,
        # The seller's translation into the `lang` language, when there is one.
        "translated_name": _nullable(STR),
        "url": URL,
        "seller": {
            "type": "object",
            "required": ["name", "url", "rating", "response"],
            "properties": {"name": STR, "url": URL, "verified": BOOL, **TRACK_RECORD},
        },
        "district": STR,
        "district_slug": STR,
        "state": STR,
        "state_slug": STR,
        "gi": _nullable(STR),
        "category": STR,
        "price": PRICE,
        "moq": INT,
        "unit": STR,
        "image": _nullable(URL),
    },
}
PRODUCT = {
    "type": "object",
    "required": ["id", "slug", "name", "url", "seller", "district", "state", "price"],
    "properties": {
        "id": INT,
        "slug": STR,
        "name": STR,
        "url": URL,
        "description": STR,
        "materials": STR,
        "seller": {
            "type": "object",
            "required": ["name", "slug", "url", "verified", "rating", "response"],
            "properties": {
                "name": STR,
                "slug": STR,
                "url": URL,
                "verified": BOOL,
                "business_type": STR,
                **TRACK_RECORD,
            },
        },
        "district": LINKED,
        "state": NAMED,
        "category": NAMED,
        "gi": _nullable(
            {
                "type": "object",
                "properties": {
                    "name": STR,
                    "slug": STR,
                    "url": URL,
                    "authorised_user": BOOL,
                },
            }
        ),
        "hs_code": STR,
        "price": PRICE,
        "price_tiers": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["min_quantity", "unit_price"],
                "properties": {"min_quantity": INT, "unit_price": NUM},
            },
        },
        "moq": INT,
        "unit": STR,
        "lead_time_days": INT,
        "monthly_capacity": _nullable(INT),
        "sample_available": BOOL,
        "certifications": {"type": "array", "items": STR},
        "images": {
            "type": "array",
            "items": {"type": "object", "properties": {"url": URL, "alt": STR}},
        },
        "published_at": _nullable({"type": "string", "format": "date-time"}),
    },
}
SELLER_SUMMARY = {
    "type": "object",
    "required": [
        "id",
        "slug",
        "name",
        "url",
        "business_type",
        "district",
        "state",
        "verified",
        "rating",
        "response",
    ],
    "properties": {
        "id": INT,
        "slug": STR,
        "name": STR,
        "url": URL,
        "business_type": {"type": "string", "enum": facet_registry.get("seller_type").allowed()},
        "district": STR,
        "state": STR,
        "crafts": STR,
        "verified": BOOL,
        **TRACK_RECORD,
    },
}
SELLER = {
    "type": "object",
    "required": [
        "id",
        "slug",
        "name",
        "url",
        "district",
        "state",
        "products",
        "rating",
        "response",
    ],
    "properties": {
        "id": INT,
        "slug": STR,
        "name": STR,
        "url": URL,
        "business_type": STR,
        "story": STR,
        "crafts": STR,
        "languages": {"type": "array", "items": STR},
        "year_founded": _nullable(INT),
        "team_size": _nullable(INT),
        "verified": BOOL,
        "verified_at": _nullable({"type": "string", "format": "date-time"}),
        "district": LINKED,
        "state": NAMED,
        "products": {"type": "array", "items": LINKED},
        **TRACK_RECORD,
    },
}
DISTRICT = {
    "type": "object",
    "required": ["name", "slug", "state", "url", "product_count"],
    "properties": {
        "name": STR,
        "slug": STR,
        "state": NAMED,
        "url": {"type": "string", "format": "uri", "description": "The district storefront"},
        "lgd_code": _nullable(INT),
        "product_count": INT,
    },
}
DISTRICT_DETAIL = {
    "type": "object",
    "required": [*DISTRICT["required"], "gi_products", "clusters", "products_url"],
    "properties": {
        **DISTRICT["properties"],
        "aliases": {"type": "array", "items": STR},
        "gi_products": {"type": "array", "items": LINKED},
        "clusters": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": STR, "slug": STR, "kind": STR}},
        },
        "products_url": URL,
    },
}
GI = {
    "type": "object",
    "required": ["gi_id", "name", "slug", "category", "states", "url", "product_count"],
    "properties": {
        "gi_id": STR,
        "name": STR,
        "slug": STR,
        "alt_names": {"type": "array", "items": STR},
        "category": STR,
        "states": {"type": "array", "items": STR},
        "registration_year": _nullable(INT),
        "url": URL,
        "product_count": INT,
    },
}


def _param(name, schema, description="", *, where="query", required=False, explode=None):
    param = {"name": name, "in": where, "required": required, "schema": schema}
    if description:
        param["description"] = description
    if explode is not None:
        param["explode"] = explode
        param["style"] = "form"
    return param


def _responses(ok_schema: dict, *, not_found: bool = False) -> dict:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": ok_schema}},
            "headers": {
                "ETag": {"schema": STR},
                "Cache-Control": {"schema": STR},
            },
        },
        "304": {"description": "Not modified (If-None-Match matched the ETag)"},
        "400": {"description": "Invalid parameters", "content": error},
        "429": {
            "description": "Rate limit reached",
            "headers": {"Retry-After": {"schema": INT}},
            "content": error,
        },
    }
    if not_found:
        responses["404"] = {"description": "Not found", "content": error}
    return responses


def _common_params() -> list[dict]:
    return [
        _param(
            "lang",
            {"type": "string", "enum": [code for code, _n in settings.LANGUAGES]},
            "Language of labels",
        )
    ]


def _paging_params(default: int) -> list[dict]:
    return [
        _param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
        _param("page_size", {"type": "integer", "minimum": 1, "maximum": 100, "default": default}),
    ]


def _facet_params() -> list[dict]:
    """One parameter per registered facet, as the registry declares it (search.facets)."""
    return [facet.openapi_parameter() for facet in facet_registry.facets()]


def openapi_document(server_url: str) -> dict:
    slug = _param("slug", STR, where="path", required=True)
    product_params = [
        _param("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH}, "Free text"),
        *_facet_params(),
        _param(
            "price_min",
            {"type": "number", "minimum": 0, "maximum": int(MAX_PRICE)},
            "Lowest unit price in INR",
        ),
        _param(
            "price_max",
            {"type": "number", "minimum": 0, "maximum": int(MAX_PRICE)},
            "Highest unit price in INR",
        ),
        _param("moq_max", {"type": "integer", "minimum": 1, "maximum": MAX_MOQ}, "Largest MOQ"),
        _param("sort", {"type": "string", "enum": list(SORTS)}),
        _param(
            "lang",
            {"type": "string", "enum": list(LANGUAGES)},
            "Language of the query, read first (default en); also the language of translated_name",
        ),
        _param(
            "currency",
            {"type": "string", "enum": money.display_currencies()},
            "Display currency for prices",
        ),
        *_paging_params(20),
        *_common_params(),
    ]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "DEH Marketplace API",
            "version": "1.0.0",
            "description": "Read-only access to products, sellers, districts and GI products "
            "of the Districts as Export Hubs marketplace. Errors are "
            '{"error": {"code", "message", "fields"}}.',
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/products": {
                "get": {
                    "operationId": "listProducts",
                    "summary": "Search products, with facets",
                    "parameters": product_params,
                    "responses": _responses(
                        _list_of(
                            {"$ref": "#/components/schemas/ProductSummary"},
                            {
                                "did_you_mean": _nullable(STR),
                                "facets": {
                                    "type": "object",
                                    "additionalProperties": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/FacetValue"},
                                    },
                                },
                            },
                        )
                    ),
                }
            },
            "/products/{slug}": {
                "get": {
                    "operationId": "getProduct",
                    "parameters": [
                        slug,
                        _param(
                            "currency",
                            {"type": "string", "enum": money.display_currencies()},
                        ),
                        *_common_params(),
                    ],
                    "responses": _responses(
                        {"$ref": "#/components/schemas/Product"}, not_found=True
                    ),
                }
            },
            "/sellers": {
                "get": {
                    "operationId": "listSellers",
                    "summary": "Search sellers by name, district or craft",
                    "parameters": [
                        _param("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH}),
                        _param("district", SLUG_PARAM, "Only sellers of this district (slug)"),
                        *_paging_params(20),
                        *_common_params(),
                    ],
                    "responses": _responses(
                        _list_of({"$ref": "#/components/schemas/SellerSummary"})
                    ),
                }
            },
            "/sellers/{slug}": {
                "get": {
                    "operationId": "getSeller",
                    "parameters": [slug, *_common_params()],
                    "responses": _responses(
                        {"$ref": "#/components/schemas/Seller"}, not_found=True
                    ),
                }
            },
            "/districts": {
                "get": {
                    "operationId": "listDistricts",
                    "parameters": [
                        _param("state", SLUG_PARAM, "State slug"),
                        *_paging_params(100),
                        *_common_params(),
                    ],
                    "responses": _responses(_list_of({"$ref": "#/components/schemas/District"})),
                }
            },
            "/districts/{slug}": {
                "get": {
                    "operationId": "getDistrict",
                    "parameters": [slug, *_common_params()],
                    "responses": _responses(
                        {"$ref": "#/components/schemas/DistrictDetail"}, not_found=True
                    ),
                }
            },
            "/gi": {
                "get": {
                    "operationId": "listGIProducts",
                    "parameters": [
                        _param("state", SLUG_PARAM, "State slug"),
                        *_paging_params(100),
                        *_common_params(),
                    ],
                    "responses": _responses(_list_of({"$ref": "#/components/schemas/GIProduct"})),
                }
            },
        },
        "components": {
            "schemas": {
                "Error": ERROR,
                "FacetValue": FACET_VALUE,
                "ProductSummary": PRODUCT_SUMMARY,
                "Product": PRODUCT,
                "SellerSummary": SELLER_SUMMARY,
                "Seller": SELLER,
                "District": DISTRICT,
                "DistrictDetail": DISTRICT_DETAIL,
                "GIProduct": GI,
            }
        },
    }
