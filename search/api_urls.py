"""Language-neutral URLs of the public JSON API (no i18n prefix)."""

from django.urls import path

from search import api

app_name = "search_api"
urlpatterns = [
    path("api/v1/openapi.json", api.openapi, name="openapi"),
    path("api/v1/products", api.products, name="products"),
    path("api/v1/products/<str:slug>", api.product_detail, name="product_detail"),
    path("api/v1/sellers", api.sellers, name="sellers"),
    path("api/v1/sellers/<str:slug>", api.seller_detail, name="seller_detail"),
    path("api/v1/districts", api.districts, name="districts"),
    path("api/v1/districts/<str:slug>", api.district_detail, name="district_detail"),
    path("api/v1/gi", api.gi_products, name="gi"),
    path("api/v1/<path:rest>", api.not_found_view, name="not_found"),
]
